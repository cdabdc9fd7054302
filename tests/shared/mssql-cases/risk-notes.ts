import * as notes from '../../../src/risk/risk-notes.repository';
import { ID, NOW, type RepositoryCases } from './index';

/** SQL Server compile cases of the risk page's notes (risk domain). */
export const RISK_NOTE_CASES: RepositoryCases = {
  'risk/risk-notes.repository.ts': {
    insertRiskNote: (db) =>
      notes.insertRiskNote(db, {
        id: ID,
        order_id: ID,
        line_no: 1,
        body: 'Called the plant',
        author_id: ID,
        created_at: NOW,
      }),
    findRiskNotes: (db) => notes.findRiskNotes(db, [ID, ID]),
    findRiskLine: (db) => notes.findRiskLine(db, ID, 2),
  },
};
