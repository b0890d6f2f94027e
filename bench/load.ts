// Shared by the benchmarks: a closed-loop load runner and latency percentiles.

/** The p-th percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Count, p50, p99 and max of latencies in ms (any order). */
export function latencySummary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50ms: +percentile(sorted, 50).toFixed(1), p99ms: +percentile(sorted, 99).toFixed(1), maxMs: +(sorted[sorted.length - 1] ?? 0).toFixed(1) };
}

/**
 * Runs `count` requests with `concurrency` in flight (each worker sends its next as soon
 * as the last answered): latencies (ms), wall time (s) and how many answers failed.
 */
export async function closedLoop(count: number, concurrency: number, send: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const ok = await send(i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) failures++;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}
