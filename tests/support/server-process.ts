import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface ChildProcessHandle {
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code, or the signal's name when a signal ended it. */
  exited: Promise<number | string>;
  /** Resolves once the output contains the text. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Runs one of our entry points (src/server.ts, src/worker.ts, a test child) as a real process. */
export function startProcess(script: string, env: Record<string, string>): ChildProcessHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, DEMO_DATA: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (b: Buffer) => {
    text += b.toString();
    for (const l of listeners) l();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  return {
    child,
    output: () => text,
    exited,
    waitFor: (wanted, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const seen = () => (typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text));
        if (seen()) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(`${script} did not print ${String(wanted)} in time; it printed:\n${text.slice(-3000)}`),
          );
        }, timeoutMs);
        const check = () => {
          if (!seen()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void exited.then(() => {
          if (seen()) return;
          clearTimeout(timer);
          listeners.delete(check);
          reject(new Error(`${script} exited before printing ${String(wanted)}:\n${text.slice(-3000)}`));
        });
      }),
  };
}

/** The web server on its own port; resolves once it listens. */
export async function startServer(
  env: Record<string, string>,
): Promise<ChildProcessHandle & { port: number; url: string }> {
  const port = await freePort();
  const server = startProcess('src/server.ts', { ...env, PORT: String(port) });
  await server.waitFor('FactoryDesk is running');
  return { ...server, port, url: `http://127.0.0.1:${port}` };
}
