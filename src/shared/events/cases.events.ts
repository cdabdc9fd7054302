import { defineEvent } from '../jobs';

/** A return was authorized on a case (RMA lines the ERP must be told of); after its commit. */
export const RmaAuthorized = defineEvent<{ caseId: string; rmaNumber: string }>('rma.authorized');

/**
 * Staff posted a public message on a case (`at` names it among the case's messages); after its
 * commit. The mail channel answers a customer who wrote in by e-mail.
 */
export const CaseReplied = defineEvent<{ caseId: string; at: string }>('case.replied');

/** A case's SLA clock entered its warning (less than 25 % of its target left); once per clock, after its commit. */
export const SlaWarned = defineEvent<{ caseId: string; clock: 'first_response' | 'resolution' }>(
  'case.sla-warned',
);
