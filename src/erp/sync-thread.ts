import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Deps } from '../deps';
import type { JobHandle } from '../shared/jobs';
import { dialectOf } from '../shared/db/knex';
import { redactError } from '../shared/logger';
import { runSync } from './sync.service';

/** What the thread sends back: a job to enqueue on the real queue, or its end. */
export type SyncThreadMessage =
  | { kind: 'enqueue'; name: string; payload: unknown }
  | { kind: 'publish'; event: string; payload: unknown }
  | { kind: 'done' }
  | { kind: 'failed'; message: string };

const ENTRY = path.join(__dirname, `sync-thread.entry${path.extname(__filename)}`);

const COMPILED = path.extname(__filename) === '.js';

/** Compiled JavaScript loads as is; under tsx (npm start) the thread registers tsx itself, jest's transform reaches no thread. */
function threadCanLoadEntry(): boolean {
  return COMPILED || process.execArgv.some((a) => a.includes('tsx'));
}

function startThread(workerData: unknown): Worker {
  if (COMPILED) return new Worker(ENTRY, { workerData });
  // A thread does not inherit the --import hooks that load TypeScript, so it requires tsx first.
  const tsx = require.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(ENTRY)});`, {
    eval: true,
    workerData,
  });
}

/**
 * Runs a claimed sync. On SQLite every statement of the merge runs on the calling thread
 * (better-sqlite3 is synchronous): a 300,000-row snapshot held the server's event loop for over
 * a second, and no page or API call was answered meanwhile. So there it runs in a worker thread
 * with its own connection; PostgreSQL and SQL Server wait on the network and need none.
 */
export async function runSyncOffThread(deps: Deps, runId: string): Promise<void> {
  if (dialectOf(deps.db) !== 'sqlite' || !threadCanLoadEntry()) {
    await runSync(deps, runId);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const worker = startThread({ config: deps.config, runId });
    let settled = false;
    worker.on('message', (message: SyncThreadMessage) => {
      if (message.kind === 'publish') {
        // The main thread's queue holds the subscriptions; the event is known by its name.
        deps.jobs
          .publish({ event: message.event }, message.payload)
          .catch((err: unknown) =>
            deps.logger.error(
              { runId, event: message.event, err: redactError(err) },
              'event from the sync thread not published',
            ),
          );
      } else if (message.kind === 'enqueue') {
        // Both drivers look the definition up by name: a handle naming it is enough.
        deps.jobs
          .enqueue({ name: message.name } as JobHandle<unknown>, message.payload)
          .catch((err: unknown) =>
            deps.logger.error(
              { runId, job: message.name, err: redactError(err) },
              'job from the sync thread not enqueued',
            ),
          );
      } else {
        settled = true;
        if (message.kind === 'done') resolve();
        else reject(new Error(message.message));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`sync thread exited with code ${code}`));
    });
  });
}
