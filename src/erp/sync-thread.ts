import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Deps } from '../deps';
import type { JobHandle } from '../shared/jobs';
import { currentTime, systemClock } from '../shared/clock';
import { dialectOf } from '../shared/db/knex';
import { redactError } from '../shared/logger';
import { runSync } from './sync.service';

/** A run for the thread: the claimed run and how far business time stands from the system time. */
export interface SyncThreadRequest {
  runId: string;
  clockShiftMs: number;
}

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

/** A run the thread is working on: where its events go and whom to tell when it ends. */
interface ThreadRun {
  deps: Deps;
  runId: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

interface SyncThread {
  worker: Worker;
  current: ThreadRun | null;
  /** Runs go to the thread one at a time, in order. */
  tail: Promise<void>;
}

/**
 * One thread per configuration, kept for the process's life (unref'd, so it never holds the
 * process open): starting a thread under tsx compiles the sync's whole module graph again, which
 * cost seconds per run against a merge of tenths on a nightly drop (the plant simulator syncs
 * every simulated night).
 */
const threads = new Map<string, SyncThread>();

function threadFor(deps: Deps): SyncThread {
  const key = JSON.stringify(deps.config);
  const known = threads.get(key);
  if (known) return known;
  const thread: SyncThread = {
    worker: startThread({ config: deps.config }),
    current: null,
    tail: Promise.resolve(),
  };
  thread.worker.unref();
  const fail = (err: Error) => {
    threads.delete(key);
    const run = thread.current;
    thread.current = null;
    run?.reject(err);
  };
  thread.worker.on('message', (message: SyncThreadMessage) => {
    const run = thread.current;
    if (!run) return;
    if (message.kind === 'publish') {
      // The main thread's queue holds the subscriptions; the event is known by its name.
      run.deps.jobs
        .publish({ event: message.event }, message.payload)
        .catch((err: unknown) =>
          run.deps.logger.error(
            { runId: run.runId, event: message.event, err: redactError(err) },
            'event from the sync thread not published',
          ),
        );
    } else if (message.kind === 'enqueue') {
      // Both drivers look the definition up by name: a handle naming it is enough.
      run.deps.jobs
        .enqueue({ name: message.name } as JobHandle<unknown>, message.payload)
        .catch((err: unknown) =>
          run.deps.logger.error(
            { runId: run.runId, job: message.name, err: redactError(err) },
            'job from the sync thread not enqueued',
          ),
        );
    } else {
      thread.current = null;
      if (message.kind === 'done') run.resolve();
      else run.reject(new Error(message.message));
    }
  });
  thread.worker.on('error', fail);
  thread.worker.on('exit', (code) => fail(new Error(`sync thread exited with code ${code}`)));
  threads.set(key, thread);
  return thread;
}

/**
 * Runs a claimed sync. On SQLite every statement of the merge runs on the calling thread
 * (better-sqlite3 is synchronous): a 300,000-row snapshot held the server's event loop for over
 * a second, and no page or API call was answered meanwhile. So there it runs in a worker thread
 * with its own connection; PostgreSQL and SQL Server wait on the network and need none. The
 * thread takes business time as this thread's clock stands when the run starts (a shift from the
 * system time), so a moved clock (the plant simulator's, a test's) holds there too.
 */
export async function runSyncOffThread(deps: Deps, runId: string): Promise<void> {
  if (dialectOf(deps.db) !== 'sqlite' || !threadCanLoadEntry()) {
    await runSync(deps, runId);
    return;
  }
  const thread = threadFor(deps);
  const run = thread.tail.then(
    () =>
      new Promise<void>((resolve, reject) => {
        // Held open while it works, let go when idle.
        thread.worker.ref();
        const settle = () => thread.worker.unref();
        thread.current = {
          deps,
          runId,
          resolve: () => {
            settle();
            resolve();
          },
          reject: (err) => {
            settle();
            reject(err);
          },
        };
        const clockShiftMs = currentTime().getTime() - systemClock.now().getTime();
        thread.worker.postMessage({ runId, clockShiftMs } satisfies SyncThreadRequest);
      }),
  );
  thread.tail = run.catch(() => undefined);
  await run;
}
