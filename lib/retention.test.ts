import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { silentLogger } from './logger.js';
import { DEFAULT_IDEMPOTENCY_RETENTION_MS, RetentionJob, type RetentionSweep } from './retention.js';

/** A sweep over records made at `madeAt`, deleting up to `limit` of those made before the cutoff. */
function fakeSweep(madeAt: Date[]) {
  const calls: { before: Date; now: Date; limit: number }[] = [];
  const sweep: RetentionSweep = async (batch) => {
    calls.push(batch);
    const due = madeAt.filter((d) => d < batch.before).slice(0, batch.limit);
    for (const d of due) madeAt.splice(madeAt.indexOf(d), 1);
    return due.length;
  };
  return { sweep, calls, madeAt };
}

describe('RetentionJob', () => {
  it('deletes what is older than the retention (default 30 days), each sweep in batches until one comes back short', async () => {
    const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
    const old = new Date('2026-01-15T00:00:00Z');
    const recent = new Date('2026-02-20T00:00:00Z');
    const a = fakeSweep([old, old, old, old, old, recent]);
    const b = fakeSweep([recent]);
    const job = new RetentionJob({ name: 'test retention', sweeps: { a: a.sweep, b: b.sweep }, clock, logger: silentLogger(), options: { batchSize: 2 } });
    expect(job.retentionMs).toBe(DEFAULT_IDEMPOTENCY_RETENTION_MS);
    expect(await job.runOnce()).toEqual({ a: 5, b: 0 });
    expect(a.madeAt).toEqual([recent]);
    expect(a.calls.map((c) => c.limit)).toEqual([2, 2, 2]);
    expect(a.calls[0]).toEqual({ before: new Date(clock.now().getTime() - DEFAULT_IDEMPOTENCY_RETENTION_MS), now: clock.now(), limit: 2 });
    clock.advance(30 * 24 * 60 * 60_000);
    expect(await job.runOnce()).toEqual({ a: 1, b: 1 });
  });

  it('refuses a retention, interval or batch size that is not positive', () => {
    const deps = { name: 'test retention', sweeps: {}, clock: new ManualClock(), logger: silentLogger() };
    for (const options of [{ retentionMs: 0 }, { intervalMs: -1 }, { batchSize: Number.NaN }]) expect(() => new RetentionJob({ ...deps, options })).toThrow(/positive/);
  });
});
