import { breachEvent } from '../../../src/cases/case-sla';
import * as causes from '../../../src/cases/causes.repository';
import * as figures from '../../../src/cases/figures.repository';
import * as sweep from '../../../src/cases/sla-sweep.repository';
import * as knowledge from '../../../src/cases/knowledge.repository';
import { ID, NOW, type RepositoryCases } from './index';

const article = (): knowledge.ArticleRow => ({
  id: ID,
  title: 'Gasket leaks',
  problem: 'Leaks at the flange',
  solution: 'Reinforced gasket',
  source_case_id: ID,
  created_by: ID,
  created_at: NOW,
  updated_at: NOW,
});
const period = () => ({ from: NOW, to: NOW, family: 'PUMP', accountId: ID });

/** SQL Server compile cases of the knowledge base (the LIKE fallback of the search), root causes and the service figures. */
export const KNOWLEDGE_CASES: RepositoryCases = {
  'cases/knowledge.repository.ts': {
    indexDoc: (db) =>
      knowledge.indexDoc(db, { kind: 'article', doc_id: ID, title: 't', body: 'b', updated_at: NOW }),
    searchDocs: (db) =>
      knowledge.searchDocs(db, ['gasket', 'leak'], ['article', 'case'], 10, { kind: 'case', docId: ID }),
    insertArticle: (db) => knowledge.insertArticle(db, article()),
    updateArticle: (db) =>
      knowledge.updateArticle(db, ID, { title: 't', problem: 'p', solution: 's', updated_at: NOW }),
    findArticle: (db) => knowledge.findArticle(db, ID),
    findArticles: (db) => knowledge.findArticles(db, [ID]),
    listArticles: (db) => knowledge.listArticles(db, 20),
    listCauseCodes: (db) => knowledge.listCauseCodes(db),
    findCauseCode: (db) => knowledge.findCauseCode(db, 'SUPPLIER'),
    insertCauseCode: (db) =>
      knowledge.insertCauseCode(db, {
        code: 'SUPPLIER',
        label: 'Supplier',
        active: true,
        created_at: NOW,
        updated_at: NOW,
      }),
    updateCauseCode: (db) =>
      knowledge.updateCauseCode(db, 'SUPPLIER', { label: 'S', active: false, updated_at: NOW }),
    findCaseBriefs: (db) => knowledge.findCaseBriefs(db, [ID]),
    lastStaffReply: (db) => knowledge.lastStaffReply(db, ID),
  },
  'cases/causes.repository.ts': {
    setCaseCause: (db) => causes.setCaseCause(db, ID, 'SUPPLIER', NOW),
    setCaseResolution: (db) => causes.setCaseResolution(db, ID, 'Fixed'),
    findCaseKnowledge: (db) => causes.findCaseKnowledge(db, ID),
    countComplaintsByCause: (db) => causes.countComplaintsByCause(db, period()),
    countComplaintsByFamily: (db) => causes.countComplaintsByFamily(db, period()),
    countShippedLinesByFamily: (db) => causes.countShippedLinesByFamily(db, '2026-01-01', '2026-12-31'),
  },
  'cases/figures.repository.ts': {
    findCaseFacts: (db) => figures.findCaseFacts(db, NOW, NOW),
    findUserNames: (db) => figures.findUserNames(db, [ID]),
  },
  'cases/sla-sweep.repository.ts': {
    lockCases: (db) => sweep.lockCases(db, [ID]),
    lastSeqs: (db) => sweep.lastSeqs(db, [ID]),
    updateSweptCases: (db) =>
      sweep.updateSweptCases(db, [
        {
          id: ID,
          fr_breached_at: NOW,
          res_breached_at: null,
          fr_due: NOW,
          res_due: NOW,
          sla_next_due: NOW,
          fr_paused_ms: 0,
          fr_paused_since: null,
          fr_stopped_at: null,
          res_paused_ms: 0,
          res_paused_since: null,
          res_stopped_at: null,
        },
      ]),
    insertEvents: (db) => sweep.insertEvents(db, [{ ...breachEvent(ID, 'res', NOW), seq: 2 }]),
  },
};
