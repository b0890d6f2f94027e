import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import type { NonceStore, RelayCodeRecord, RelayCodeStore } from '../domain/ports.js';

/*
 * The RelayCodeStore and NonceStore contracts (domain/ports.ts), run by
 * relay-and-nonce-stores.test.ts against every implementation. Retention is real time in
 * Redis and clock time in memory, so `elapse` moves both.
 */

const NOW = new Date('2026-01-01T00:00:00Z');
/** Short enough to wait out in a test, long enough to outlast the calls before the wait. */
const SHORT_RETAIN_MS = 800;

function harness<T>(make: (clock: ManualClock) => T) {
  const clock = new ManualClock(NOW);
  const store = make(clock);
  const elapse = async (ms: number) => {
    clock.advance(ms);
    await sleep(ms);
  };
  return { store, elapse };
}

function relayCode(overrides: Partial<RelayCodeRecord> = {}): RelayCodeRecord {
  return {
    codeHash: createHash('sha256').update(randomBytes(32)).digest('base64url'),
    sessionId: randomUUID(),
    targetStoreId: 'store-b',
    issuedIp: '203.0.113.7',
    issuedAt: NOW,
    sessionGeneration: 0,
    expiresAt: new Date(NOW.getTime() + 30_000),
    ...overrides,
  };
}

const tokenHash = () => createHash('sha256').update(randomBytes(32)).digest('base64url');

export function describeRelayCodeStoreContract(name: string, makeStore: (clock: ManualClock) => RelayCodeStore): void {
  describe(`${name} (RelayCodeStore contract)`, () => {
    it('the first claim gets the record; an unknown code is null', async () => {
      const { store } = harness(makeStore);
      const withIp = relayCode();
      const withoutIp = relayCode({ issuedIp: undefined });
      await store.save(withIp, 60_000);
      await store.save(withoutIp, 60_000);
      expect(await store.claim(withIp.codeHash)).toEqual({ first: true, record: withIp });
      expect(await store.claim(withoutIp.codeHash)).toEqual({ first: true, record: withoutIp });
      expect(await store.claim(relayCode().codeHash)).toBeNull();
    });

    it('a replay after the grant reads the granted handle; the granter saw no replay', async () => {
      const { store } = harness(makeStore);
      const code = relayCode();
      await store.save(code, 60_000);
      expect((await store.claim(code.codeHash))?.first).toBe(true);
      const granted = tokenHash();
      expect(await store.markGranted(code.codeHash, granted)).toEqual({ replayed: false });
      expect(await store.claim(code.codeHash)).toEqual({ first: false, record: code, grantedTokenHash: granted });
      expect(await store.claim(code.codeHash)).toEqual({ first: false, record: code, grantedTokenHash: granted });
    });

    it('a replay before the grant is marked; the granter then learns of it', async () => {
      const { store } = harness(makeStore);
      const code = relayCode();
      await store.save(code, 60_000);
      expect((await store.claim(code.codeHash))?.first).toBe(true);
      // nothing granted yet: the replay gets the record and no handle
      expect(await store.claim(code.codeHash)).toEqual({ first: false, record: code });
      expect(await store.markGranted(code.codeHash, tokenHash())).toEqual({ replayed: true });
    });

    it('markGranted on a code no longer on record reports a replay (nothing proves otherwise)', async () => {
      const { store } = harness(makeStore);
      expect(await store.markGranted(relayCode().codeHash, tokenHash())).toEqual({ replayed: true });
    });

    it('20 parallel claims of one code: exactly one is first', async () => {
      const { store } = harness(makeStore);
      const code = relayCode();
      await store.save(code, 60_000);
      const results = await Promise.all(Array.from({ length: 20 }, () => store.claim(code.codeHash)));
      expect(results.filter((r) => r?.first === true)).toHaveLength(1);
      expect(results.filter((r) => r?.first === false)).toHaveLength(19);
      expect(await store.markGranted(code.codeHash, tokenHash())).toEqual({ replayed: true });
    });

    it('claims racing the grant: each replay either reads the grant or is seen by the granter', async () => {
      const { store } = harness(makeStore);
      for (let round = 0; round < 8; round++) {
        const code = relayCode();
        await store.save(code, 60_000);
        expect((await store.claim(code.codeHash))?.first).toBe(true);
        const granted = tokenHash();
        // the grant is issued before, between and after the replays (round decides where)
        const replays: Promise<Awaited<ReturnType<RelayCodeStore['claim']>>>[] = [];
        let mark: Promise<{ replayed: boolean }> | undefined;
        for (let i = 0; i < 4; i++) {
          if (i === round % 4) mark = store.markGranted(code.codeHash, granted);
          else replays.push(store.claim(code.codeHash));
        }
        const [results, marked] = await Promise.all([Promise.all(replays), mark!]);
        let blind = 0;
        for (const r of results) {
          if (!r || r.first) throw new Error('a replay must be a later claim of a known code');
          if (r.grantedTokenHash === undefined) blind++;
          else expect(r.grantedTokenHash).toBe(granted);
        }
        // a replay that missed the grant must have been seen by the granter
        if (blind > 0) expect(marked.replayed).toBe(true);
        // and a granter that saw no replay means every replay read the grant
        if (!marked.replayed) expect(blind).toBe(0);
      }
    });

    it('forgets a code once its retention has run out', async () => {
      const { store, elapse } = harness(makeStore);
      const code = relayCode();
      await store.save(code, SHORT_RETAIN_MS);
      const kept = relayCode();
      await store.save(kept, 60_000);
      await elapse(SHORT_RETAIN_MS + 300);
      expect(await store.claim(code.codeHash)).toBeNull();
      expect(await store.claim(kept.codeHash)).toEqual({ first: true, record: kept });
    });
  });
}

export function describeNonceStoreContract(name: string, makeStore: (clock: ManualClock) => NonceStore): void {
  describe(`${name} (NonceStore contract)`, () => {
    it('remembers a nonce per scope: true the first time, false on reuse', async () => {
      const { store } = harness(makeStore);
      const nonce = randomUUID();
      expect(await store.remember('store-a', nonce, 60_000)).toBe(true);
      expect(await store.remember('store-a', nonce, 60_000)).toBe(false);
      expect(await store.remember('store-b', nonce, 60_000)).toBe(true);
      expect(await store.remember('store-a', randomUUID(), 60_000)).toBe(true);
    });

    it('keeps scope and nonce apart (no separator ambiguity)', async () => {
      const { store } = harness(makeStore);
      const tail = randomUUID();
      expect(await store.remember('store:a', `x:${tail}`, 60_000)).toBe(true);
      expect(await store.remember('store', `a:x:${tail}`, 60_000)).toBe(true);
      expect(await store.remember('store:a:x', tail, 60_000)).toBe(true);
    });

    it('parallel uses of one nonce: exactly one is first', async () => {
      const { store } = harness(makeStore);
      const nonce = randomUUID();
      const results = await Promise.all(Array.from({ length: 20 }, () => store.remember('store-a', nonce, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('forgets a nonce after its ttl', async () => {
      const { store, elapse } = harness(makeStore);
      const nonce = randomUUID();
      expect(await store.remember('store-a', nonce, SHORT_RETAIN_MS)).toBe(true);
      await elapse(SHORT_RETAIN_MS + 300);
      expect(await store.remember('store-a', nonce, SHORT_RETAIN_MS)).toBe(true);
    });
  });
}
