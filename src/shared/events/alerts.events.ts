import { defineEvent } from '../jobs';

/** A delivery alert was claimed (once per line, kind and date) and put in its recipients' inboxes; the e-mail follows. */
export const DeliveryAlerted = defineEvent<{ alertId: string }>('delivery.alerted');
