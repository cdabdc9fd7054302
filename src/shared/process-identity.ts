import os from 'node:os';

/** Names this process in a claim (a lock, a mail being sent), so others can ask whether it lives. */
export interface ProcessIdentity {
  pid: number;
  host: string;
}

export const THIS_PROCESS: ProcessIdentity = { pid: process.pid, host: os.hostname() };

/** Signal 0 checks that the pid exists without touching it; EPERM means it exists under another user. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A claimer on this host whose pid is gone is dead; on another host only time can tell. */
export function claimerIsDead(pid: number | null, host: string | null): boolean {
  return host === THIS_PROCESS.host && pid !== null && !processIsAlive(pid);
}
