/** Latency sampling for `npm run bench:atp`: sequential calls, warm-up discarded, nearest-rank percentiles. */

export interface Latency {
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** Nearest-rank percentile of sorted samples: the smallest value with at least p % of samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

const r3 = (n: number): number => Math.round(n * 1000) / 1000;

export function summarize(samplesMs: number[]): Latency {
  const s = [...samplesMs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50Ms: r3(percentile(s, 50)),
    p99Ms: r3(percentile(s, 99)),
    maxMs: r3(s[s.length - 1] ?? NaN),
    meanMs: r3(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

/** Runs fn `warmup` times untimed, then `n` times one after another, each timed on its own. */
export async function sample(n: number, warmup: number, fn: () => unknown): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return summarize(ms);
}

/** The same for a synchronous fn, without an await between calls (the pure engine). */
export function sampleSync(n: number, warmup: number, fn: () => unknown): Latency {
  for (let i = 0; i < warmup; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return summarize(ms);
}

export const fmt = (l: Latency | null | undefined): string =>
  l ? `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms (n=${l.n})` : 'n/a';
