import type { RmaOutRow } from '../../connectors';
import type { Deps } from '../deps';
import { configuredOutbound, type OutboundConnectorFactory } from './orders-out';

export { RMA_OUT_COLUMNS, RMA_OUT_FILES } from '../../connectors';
export type { RmaOutRow } from '../../connectors';

/** Writes re-checked against a fresh read before giving up; the job's retries take it from there. */
const MAX_PASSES = 3;

/**
 * Return authorizations for the ERP (rma_out) through the connector's outbound port. The cases
 * domain decides which lines and builds the rows (`read`, the complete current picture); each
 * target gets that picture. After a write the picture is read again and written again if it
 * changed meanwhile, so the last write of two racing exports is never a stale one.
 */
export async function exportRmaOut(
  deps: Deps,
  read: () => Promise<RmaOutRow[]>,
  openConnector: OutboundConnectorFactory = configuredOutbound(deps),
): Promise<number> {
  const connector = await openConnector();
  let written = 0;
  try {
    for (const target of connector.outbound.rmas) {
      for (let pass = 0; ; pass++) {
        const rows = await read();
        written = await target.write(each(rows), { scope: 'picture' });
        if (JSON.stringify(await read()) === JSON.stringify(rows)) break;
        if (pass + 1 >= MAX_PASSES)
          throw new Error(
            `${target.label}: the returns kept changing while they were exported; the job will retry`,
          );
      }
    }
  } finally {
    await connector.close().catch(() => undefined);
  }
  deps.logger.info({ rows: written }, 'return authorizations exported for the ERP');
  return written;
}

async function* each<T>(rows: T[]): AsyncGenerator<T> {
  yield* rows;
}
