// Payouts and ledger reports through GraphQL: the payment subgraph's resolvers with only
// the ledger wired (the money comes from journals posted the way the capture job posts them).
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock.js';
import { createPool, migrate, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import { createTestDatabase } from '../../test/support/databases.js';
import type { PaymentContext } from './context.js';
import { captureJournal, refundJournal } from './domain/ledger.js';
import { LedgerService } from './domain/ledger-service.js';
import { PgLedger, postJournal } from './infra/pg-ledger.js';
import { PgPayouts } from './infra/pg-payouts.js';
import { resolvers } from './resolvers.js';
import { expectLedgerBalanced } from './testing/ledger-assertions.js';
import { signedGraphqlCaller } from './testing/signed-graphql.js';

const IDENTITY_KEY = 'ledger-test-identity-key';
const OPERATOR: Identity = { kind: 'OPERATOR' };
const store = (storeId: string): Identity => ({ kind: 'STORE', storeId });
const NOW = new Date('2026-11-22T12:00:00Z');

const PAYOUT = /* GraphQL */ `
  mutation Payout($storeId: ID!, $key: String!, $currency: String) {
    payoutStore(storeId: $storeId, idempotencyKey: $key, currency: $currency) {
      __typename
      ... on Payout { id storeId amount { amount currency } createdAt }
      ... on ErrorResult { code message }
      ... on NothingToPayOutError { storeId }
      ... on InvalidInputError { field }
    }
  }
`;
const BALANCE = /* GraphQL */ `
  query Balance($storeId: ID) {
    storeBalance(storeId: $storeId) { storeId owed { amount currency } paidOut { amount currency } feesDue { amount currency } }
  }
`;
const PAYOUTS = /* GraphQL */ `
  query Payouts($storeId: ID) { storePayouts(storeId: $storeId) { id storeId amount { amount currency } createdAt } }
`;
const LEDGER = /* GraphQL */ `
  query Ledger { ledgerBalances { account balance { amount currency } } ledgerTrialBalance { amount currency } }
`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let server: HttpService;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase('ledger_gql');
  pool = createPool(db.url);
  await migrate(pool, fileURLToPath(new URL('./migrations', import.meta.url)));
  const ledger = new LedgerService({ pool, ledger: new PgLedger(pool), payouts: new PgPayouts(pool), clock: systemClock, inProgressWaitMs: 3_000 });
  server = createSubgraphService<PaymentContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: IDENTITY_KEY,
    logger: silentLogger(),
    // only the ledger is used here
    extendContext: (base) => ({ ...base, ledger, checkout: undefined as never, orders: undefined as never, fulfilment: undefined as never, shippingRates: undefined as never, priceRules: undefined as never, giftCertificates: undefined as never, unpaidBalances: undefined as never }),
  });
  url = await server.listen(0);
});

afterAll(async () => {
  await server?.close();
  await pool?.end();
  await db?.drop();
});

const { gql, ok } = signedGraphqlCaller(() => url, IDENTITY_KEY);

async function payout(storeId: string, key: string, currency?: string) {
  return (await ok(OPERATOR, PAYOUT, { storeId, key, currency })).payoutStore;
}

async function balance(who: Identity, storeId?: string) {
  return (await ok(who, BALANCE, { storeId })).storeBalance;
}

/** A capture for an order across stores, posted as the capture job posts it (5% fee). */
async function capture(currency: string, parts: { storeId: string; gross: number }[]) {
  const withFee = parts.map((p) => ({ ...p, fee: Math.round(p.gross * 0.05) }));
  const total = parts.reduce((s, p) => s + p.gross, 0);
  await postJournal(pool, captureJournal({ reference: `cap-${randomUUID()}`, currency, cardAmount: total, parts: withFee }), NOW);
}

const ids = () => {
  const tag = randomUUID().slice(0, 8);
  return { a: `store-a-${tag}`, b: `store-b-${tag}` };
};

describe('payoutStore', () => {
  it('pays one store its whole balance; the other keeps its own; a second payout has nothing to pay', async () => {
    const { a, b } = ids();
    await capture('USD', [{ storeId: a, gross: 4000 }, { storeId: b, gross: 6000 }]);
    await capture('USD', [{ storeId: a, gross: 1999 }]);
    expect(await balance(store(a))).toEqual({ storeId: a, owed: [{ amount: 3800 + 1899, currency: 'USD' }], paidOut: [], feesDue: [] });

    const paid = await payout(a, `k-${randomUUID()}`);
    expect(paid).toMatchObject({ __typename: 'Payout', storeId: a, amount: { amount: 5699, currency: 'USD' } });
    expect(new Date(paid.createdAt).toString()).not.toBe('Invalid Date');

    expect(await balance(store(a))).toEqual({ storeId: a, owed: [{ amount: 0, currency: 'USD' }], paidOut: [{ amount: 5699, currency: 'USD' }], feesDue: [] });
    expect(await balance(store(b))).toEqual({ storeId: b, owed: [{ amount: 5700, currency: 'USD' }], paidOut: [], feesDue: [] });
    expect(await balance(OPERATOR, b)).toEqual(await balance(store(b)));

    const again = await payout(a, `k-${randomUUID()}`);
    expect(again).toEqual({ __typename: 'NothingToPayOutError', code: 'NOTHING_TO_PAY_OUT', message: expect.any(String), storeId: a });

    const payouts = await gql(store(a), PAYOUTS);
    expect(payouts.data.storePayouts).toEqual([{ id: paid.id, storeId: a, amount: { amount: 5699, currency: 'USD' }, createdAt: paid.createdAt }]);
    await expectLedgerBalanced(pool);
  });

  it('replays a repeat with the same key (one payout, one journal) and refuses the key for another store', async () => {
    const { a, b } = ids();
    await capture('USD', [{ storeId: a, gross: 1000 }, { storeId: b, gross: 1000 }]);
    const key = `k-${randomUUID()}`;
    const first = await payout(a, key);
    expect(first.__typename).toBe('Payout');
    // more money arrives: the repeat still answers the first payout, and pays nothing new
    await capture('USD', [{ storeId: a, gross: 500 }]);
    expect(await payout(a, key)).toEqual(first);
    expect((await pool.query(`SELECT count(*)::int AS n FROM ledger_journals WHERE kind = 'PAYOUT' AND reference = $1`, [first.id])).rows[0].n).toBe(1);
    expect((await pool.query(`SELECT count(*)::int AS n FROM payouts WHERE store_id = $1`, [a])).rows[0].n).toBe(1);
    expect(await payout(b, key)).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await payout(a, key, 'USD')).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });
  });

  it('pays once when the same request arrives many times at once', async () => {
    const { a } = ids();
    await capture('USD', [{ storeId: a, gross: 2000 }]);
    const key = `k-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 6 }, () => payout(a, key)));
    const payouts = results.filter((r) => r.__typename === 'Payout');
    expect(payouts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(payouts.map((p) => p.id)).size).toBe(1);
    for (const r of results) expect(['Payout', 'RequestInProgressError']).toContain(r.__typename);
    expect((await pool.query(`SELECT count(*)::int AS n FROM ledger_journals j JOIN payouts p ON p.id::text = j.reference WHERE p.store_id = $1`, [a])).rows[0].n).toBe(1);
    expect((await balance(store(a))).paidOut).toEqual([{ amount: 1900, currency: 'USD' }]);
    await expectLedgerBalanced(pool);
  });

  it('never pays the same money twice to concurrent payouts with different keys', async () => {
    const { a } = ids();
    await capture('USD', [{ storeId: a, gross: 3000 }]);
    const results = await Promise.all(Array.from({ length: 5 }, () => payout(a, `k-${randomUUID()}`)));
    expect(results.filter((r) => r.__typename === 'Payout')).toHaveLength(1);
    expect(results.filter((r) => r.__typename === 'NothingToPayOutError')).toHaveLength(4);
    expect((await balance(store(a))).paidOut).toEqual([{ amount: 2850, currency: 'USD' }]);
    await expectLedgerBalanced(pool);
  });

  it('pays per currency: the one currency owed, or the named one when several', async () => {
    const { a } = ids();
    await capture('USD', [{ storeId: a, gross: 1000 }]);
    await capture('EUR', [{ storeId: a, gross: 300 }]);
    expect(await payout(a, `k-${randomUUID()}`)).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'currency' });
    expect(await payout(a, `k-${randomUUID()}`, 'EUR')).toMatchObject({ __typename: 'Payout', amount: { amount: 285, currency: 'EUR' } });
    expect(await payout(a, `k-${randomUUID()}`, 'EUR')).toMatchObject({ __typename: 'NothingToPayOutError' });
    expect(await payout(a, `k-${randomUUID()}`)).toMatchObject({ __typename: 'Payout', amount: { amount: 950, currency: 'USD' } });
    expect(await balance(store(a))).toEqual({
      storeId: a,
      owed: [{ amount: 0, currency: 'EUR' }, { amount: 0, currency: 'USD' }],
      paidOut: [{ amount: 285, currency: 'EUR' }, { amount: 950, currency: 'USD' }],
      feesDue: [],
    });
  });

  it('has nothing to pay when a refund after a payout left the store owing', async () => {
    const { a } = ids();
    await capture('USD', [{ storeId: a, gross: 1000 }]);
    expect((await payout(a, `k-${randomUUID()}`)).__typename).toBe('Payout');
    await postJournal(pool, refundJournal({ reference: `ref-${randomUUID()}`, currency: 'USD', toCard: 400, parts: [{ storeId: a, gross: 400, fee: 20 }] }), NOW);
    expect((await balance(store(a))).owed).toEqual([{ amount: -380, currency: 'USD' }]);
    expect(await payout(a, `k-${randomUUID()}`)).toMatchObject({ __typename: 'NothingToPayOutError' });
    await capture('USD', [{ storeId: a, gross: 1000 }]);
    expect(await payout(a, `k-${randomUUID()}`)).toMatchObject({ __typename: 'Payout', amount: { amount: 950 - 380 } });
    await expectLedgerBalanced(pool);
  });

  it('refuses bad input as typed results', async () => {
    expect(await payout(' ', 'k')).toMatchObject({ __typename: 'InvalidInputError', field: 'storeId' });
    expect(await payout('store-a', ' ')).toMatchObject({ __typename: 'InvalidInputError', field: 'idempotencyKey' });
    expect(await payout('store-a', 'k', 'usd')).toMatchObject({ __typename: 'InvalidInputError', field: 'currency' });
  });
});

describe('who may see and move money', () => {
  it('only an operator pays out', async () => {
    const { a } = ids();
    const asStore = await gql(store(a), PAYOUT, { storeId: a, key: 'k' });
    expect(asStore.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(null, PAYOUT, { storeId: a, key: 'k' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
  });

  it('a store sees only its own balance and payouts', async () => {
    const { a, b } = ids();
    expect((await gql(store(b), BALANCE, { storeId: a })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(store(b), PAYOUTS, { storeId: a })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql({ kind: 'GUEST', sessionId: 's1' }, BALANCE)).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect((await gql(OPERATOR, BALANCE)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await balance(store(b), b)).toEqual({ storeId: b, owed: [], paidOut: [], feesDue: [] });
  });

  it('ledger reports are for operators; the trial balance is zero', async () => {
    expect((await gql(store('store-a'), LEDGER)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const res = await gql(OPERATOR, LEDGER);
    expect(res.errors).toBeUndefined();
    expect(res.data.ledgerTrialBalance.length).toBeGreaterThan(0);
    for (const m of res.data.ledgerTrialBalance) expect(m.amount).toBe(0);
    const accounts = res.data.ledgerBalances.map((b: { account: string }) => b.account);
    expect(accounts).toContain('asset:provider-clearing');
    expect(accounts).toContain('revenue:exchange-fees');
    expect(accounts.some((a: string) => a.startsWith('liability:store-payable:store-a-'))).toBe(true);
    const sums: Record<string, number> = {};
    for (const b of res.data.ledgerBalances) sums[b.balance.currency] = (sums[b.balance.currency] ?? 0) + b.balance.amount;
    expect(Object.values(sums).every((s) => s === 0)).toBe(true);
  });
});
