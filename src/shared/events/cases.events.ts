import { defineEvent } from '../jobs';

/** A return was authorized on a case (RMA lines the ERP must be told of); after its commit. */
export const RmaAuthorized = defineEvent<{ caseId: string; rmaNumber: string }>('rma.authorized');
