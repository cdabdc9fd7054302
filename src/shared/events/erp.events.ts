import { defineEvent } from '../jobs';

/**
 * What the ERP domain announces, after the commit of the data it names; who listens is declared
 * in the listeners' own *.jobs.ts.
 */

/** A sync run loaded, changed or closed ERP rows (an unchanged run announces nothing). */
export const ErpSynced = defineEvent<{ runId: string }>('erp.synced');

/** A sync run's shipments dataset recorded new or changed shipments, and the lines' shipped quantities. */
export const ShipmentRecorded = defineEvent<{ runId: string }>('shipment.recorded');
