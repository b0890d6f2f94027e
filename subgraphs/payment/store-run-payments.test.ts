import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type Pool } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { PgLedger } from './infra/pg-ledger.js';
import { PgStaleBaskets } from './infra/pg-stale-baskets.js';
import { FaultyPaymentProvider } from './testing/faulty-payment-provider.js';
import { HttpStorePaymentClient } from './infra/http-store-payment-client.js';
import type { StorePaymentGateway } from './domain/store-payments.js';
import { createPaymentServer, migratePayment, type PaymentServer, type PaymentServerDeps } from './server.js';
import { FakeStorePaymentEndpoint } from './testing/fake-store-payment-endpoint.js';
import { FakeTicketCheckout } from './testing/fake-ticket-checkout.js';
import { expectLedgerBalanced } from './testing/ledger-assertions.js';
import { SHIP, VOID } from './testing/documents.js';
import { signedGraphqlCaller } from './testing/signed-graphql.js';

/**
 * Store-run payments (domain/store-payments.ts) against real PostgreSQL: store-s and store-t
 * run their own payment handling (fake signed payment endpoints over HTTP), store-u says it
 * does but nothing listens at its endpoint, store-x leaves it to the exchange.
 */
const IDENTITY_KEY = 'store-run-payments-test-identity-key';
const SECRET_S = 'store-s-secret-0123456789abcdef0123456789';
const SECRET_T = 'store-t-secret-0123456789abcdef0123456789';
const YEAR = new Date().getUTCFullYear() + 2;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: YEAR, cvc: '123' };
const DECLINED = { number: '4000000000000002', expMonth: 12, expYear: YEAR, cvc: '123' };
const SHIPPING = 400;

const TX = `id kind status collectedBy amount { amount currency } storeId parentId shipmentId lastError`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename
  ... on Order { id status total { amount } payment { status amount { amount } }
    parts { id paidBy status store { id } subtotal { amount } shipping { amount } owedToStore { amount currency } feeOwedByStore { amount currency } lines { id sku } } transactions { ${TX} } }
  ... on ErrorResult { code message }
  ... on PaymentDeclinedByStoreError { storeId declineCode }
  ... on StoreUnavailableError { storeId }
  ... on CardDeclinedError { declineCode } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status payment { status amount { amount } } parts { id paidBy status store { id } } transactions { ${TX} } } }`;
const RETURN = `mutation($input: LinesInput!) { receiveReturn(input: $input) { __typename ... on ReturnReceived { refunds { ${TX} } } ... on ErrorResult { code message } } }`;
const BALANCE = `query($storeId: ID) { storeBalance(storeId: $storeId) { owed { amount currency } feesDue { amount currency } } }`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let server: PaymentServer;
let url: string;
/** A second replica whose provider fails on demand (same database, stores and sandbox). */
let faultyServer: PaymentServer;
let faultyUrl: string;
let faulty: FaultyPaymentProvider;
/** A replica that waits only 300 ms for a store's answer. */
let hastyServer: PaymentServer;
let hastyUrl: string;
/** A replica whose process "dies" right after a store answered an authorize (before recording it). */
let dyingServer: PaymentServer;
let dyingUrl: string;
let tickets: FakeTicketCheckout;
let sandbox: SandboxPaymentProvider;
const storeS = new FakeStorePaymentEndpoint(SECRET_S);
const storeT = new FakeStorePaymentEndpoint(SECRET_T);

/** `send` answers the whole body; `gql` expects no errors and answers the data. */
const { gql: send, ok: gql } = signedGraphqlCaller(() => url, IDENTITY_KEY);

const guest = (): Identity => ({ kind: 'GUEST', sessionId: `sess_${randomUUID()}` });
const asStore = (storeId: string): Identity => ({ kind: 'STORE', storeId });
const drain = () => server.moneyMovement.runOnce();
const sorted = (txs: any[]) => txs.map((t) => `${t.kind}:${t.collectedBy}:${t.storeId ?? '-'}:${t.status}:${t.amount.amount}`).sort();

async function hold(shopper: Identity, items: [string, string, number][]) {
  for (const [storeId, sku, quantity] of items) await tickets.hold(shopper.sessionId!, storeId, sku, quantity);
}

async function checkout(shopper: Identity, card = VISA, key = randomUUID()) {
  return (await gql(shopper, CHECKOUT, { input: { idempotencyKey: key, payment: { card } } })).checkout;
}

async function placeOrder(items: [string, string, number][]) {
  const shopper = guest();
  await hold(shopper, items);
  const order = await checkout(shopper);
  expect(order.__typename).toBe('Order');
  const part = (storeId: string) => order.parts.find((x: any) => x.store.id === storeId);
  const line = (storeId: string, sku: string) => part(storeId).lines.find((l: any) => l.sku === sku).id as string;
  return { shopper, order, part, line };
}

async function ship(storeId: string, storeOrderId: string, lineIds?: string[]) {
  const shipped = (await gql(asStore(storeId), SHIP, { input: { storeOrderId, lineIds, carrier: 'UPS', trackingNumber: `1Z${randomUUID().slice(0, 8)}`, idempotencyKey: randomUUID() } })).shipItems;
  expect(shipped.__typename).toBe('Shipment');
  return shipped;
}

async function readOrder(shopper: Identity, id: string) {
  return (await gql(shopper, ORDER, { id })).order;
}

async function exchangeAuthorizationsOf(orderId: string) {
  const { rows } = await pool.query(`SELECT id FROM financial_transactions WHERE order_id = $1 AND kind = 'AUTHORIZATION' AND collector = 'EXCHANGE'`, [orderId]);
  return rows.length;
}

async function orderIdOf(shopper: Identity): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM orders WHERE session_id = $1 ORDER BY created_at DESC LIMIT 1`, [shopper.sessionId]);
  return rows[0].id;
}

beforeAll(async () => {
  db = await createTestDatabase('store_run_payments');
  pool = createPool(db.url, 20);
  await migratePayment(pool);
  const [endpointS, endpointT] = [await storeS.start(), await storeT.start()];
  const inventory = new InMemoryInventoryClient()
    .addStore('store-x', { currency: 'USD' })
    .addItem('store-x', { sku: 'lamp', name: 'Lamp', price: 1000, stockOnHand: 1000 })
    .addStore('store-s', { currency: 'USD' })
    .addItem('store-s', { sku: 'saw', name: 'Saw', price: 1500, stockOnHand: 1000 })
    .addItem('store-s', { sku: 'nails', name: 'Nails', price: 500, stockOnHand: 1000 })
    .addStore('store-t', { currency: 'USD' })
    .addItem('store-t', { sku: 'glue', name: 'Glue', price: 700, stockOnHand: 1000 })
    .addItem('store-t', { sku: 'pin', name: 'Pin', price: 10, stockOnHand: 1000 })
    .addItem('store-t', { sku: 'tack', name: 'Tack', price: 10, stockOnHand: 1000 })
    .addStore('store-u', { currency: 'USD' })
    .addItem('store-u', { sku: 'tape', name: 'Tape', price: 300, stockOnHand: 1000 });
  const directory = new StaticStoreDirectory([
    { id: 'store-x', name: 'X', url: 'http://127.0.0.1:1/graphql', secret: 'store-x-secret-0123456789abcdef01234567', apiKey: 'key-x' },
    { id: 'store-s', name: 'S', url: 'http://127.0.0.1:1/graphql', secret: SECRET_S, apiKey: 'key-s', paymentEndpoint: endpointS },
    { id: 'store-t', name: 'T', url: 'http://127.0.0.1:1/graphql', secret: SECRET_T, apiKey: 'key-t', paymentEndpoint: endpointT },
    // runs its own payments, but nothing listens there
    { id: 'store-u', name: 'U', url: 'http://127.0.0.1:1/graphql', secret: 'store-u-secret-0123456789abcdef01234567', apiKey: 'key-u', paymentEndpoint: 'http://127.0.0.1:1/pay' },
  ]);
  tickets = new FakeTicketCheckout(inventory);
  sandbox = new SandboxPaymentProvider();
  faulty = new FaultyPaymentProvider(sandbox);
  const start = (paymentProvider: SandboxPaymentProvider | FaultyPaymentProvider, overrides: Partial<PaymentServerDeps> = {}) =>
    createPaymentServer({
      pool,
      inventory,
      tickets,
      paymentProvider,
      directory,
      storePaymentTimeoutMs: 3_000,
      identityKey: IDENTITY_KEY,
      logger: silentLogger(),
      defaultShipping: { flatAmount: SHIPPING },
      moneyMovement: { autoStart: false },
      ...overrides,
    });
  server = start(sandbox);
  url = await server.listen(0);
  faultyServer = start(faulty);
  faultyUrl = await faultyServer.listen(0);
  hastyServer = start(sandbox, { storePaymentTimeoutMs: 300 });
  hastyUrl = await hastyServer.listen(0);
  const stores = new HttpStorePaymentClient({ directory, timeoutMs: 3_000 });
  const dying: StorePaymentGateway = {
    paymentEndpointOf: (storeId) => stores.paymentEndpointOf(storeId),
    authorize: async (storeId, request) => {
      await stores.authorize(storeId, request);
      throw new Error('the exchange process died before it recorded the store answer');
    },
    capture: (storeId, request) => stores.capture(storeId, request),
    void: (storeId, request) => stores.void(storeId, request),
    refund: (storeId, request) => stores.refund(storeId, request),
  };
  dyingServer = start(sandbox, { storePaymentGateway: dying });
  dyingUrl = await dyingServer.listen(0);
});

afterEach(async () => {
  // every call reached the stores signed with their own secret
  expect([...storeS.calls, ...storeT.calls].filter((c) => !c.signed)).toEqual([]);
  await drain();
  // nothing ever answers at store-u: a void sent there is retried until it gives up (its test checks it)
  const pending = await pool.query(
    `SELECT kind, collector, last_error FROM financial_transactions WHERE status = 'PENDING' AND next_attempt_at <> 'infinity' AND collector <> 'STORE:store-u'`,
  );
  expect(pending.rows).toEqual([]);
  await expectLedgerBalanced(pool);
});

afterAll(async () => {
  await server?.close();
  await faultyServer?.close();
  await hastyServer?.close();
  await dyingServer?.close();
  await storeS.stop();
  await storeT.stop();
  await pool?.end();
  await db?.drop();
});

describe('checkout with a store that runs its own payment handling', () => {
  it('authorizes the store-run part at its store (signed, with the card) and only the rest at the exchange', async () => {
    const before = sandbox.authorizationCount();
    const { order, part, shopper } = await placeOrder([['store-x', 'lamp', 1], ['store-s', 'saw', 1], ['store-s', 'nails', 1]]);
    const x = part('store-x');
    const s = part('store-s');
    expect([x.paidBy, s.paidBy]).toEqual(['EXCHANGE', 'STORE']);
    expect(order).toMatchObject({ status: 'AUTHORIZED', total: { amount: 1000 + SHIPPING + 2000 + SHIPPING }, payment: { status: 'AUTHORIZED', amount: { amount: 1000 + SHIPPING } } });
    expect(sorted(order.transactions)).toEqual(sorted([
      { kind: 'AUTHORIZATION', collectedBy: 'EXCHANGE', storeId: null, status: 'SUCCEEDED', amount: { amount: 1400 } },
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 2400 } },
    ]));

    // the exchange charged only its part; the store was asked for its own, once
    expect(sandbox.authorizationCount()).toBe(before + 1);
    expect(sandbox.authorizations.at(-1)).toMatchObject({ amount: 1400, currency: 'USD' });
    const asked = storeS.authorizations.filter((a) => a.orderId === order.id);
    expect(asked).toEqual([
      expect.objectContaining({ storeOrderId: s.id, amount: 2400, currency: 'USD', card: { number: '4242424242424242', expMonth: 12, expYear: YEAR, cvc: '123' }, status: 'approved' }),
    ]);
    const storeRow = order.transactions.find((t: any) => t.collectedBy === 'STORE');
    expect(asked[0].idempotencyKey).toBe(storeRow.id);

    // tickets purchased, the store part owes no payable; no card number anywhere in the exchange's database
    expect(tickets.statuses(shopper.sessionId!)).toEqual(['PURCHASED', 'PURCHASED', 'PURCHASED']);
    const payables = await pool.query(`SELECT so.store_id FROM store_payables sp JOIN store_orders so ON so.id = sp.store_order_id WHERE so.order_id = $1`, [order.id]);
    expect(payables.rows).toEqual([{ store_id: 'store-x' }]);
    const dump = await pool.query(`SELECT row_to_json(t)::text AS row FROM financial_transactions t WHERE order_id = $1`, [order.id]);
    expect(dump.rows.some((r) => r.row.includes('4242424242424242'))).toBe(false);
  });

  it('shipping captures at the store, a return refunds there; the ledger books only the fee the store owes', async () => {
    const { order, part, line, shopper } = await placeOrder([['store-x', 'lamp', 1], ['store-s', 'saw', 1], ['store-s', 'nails', 1]]);
    const feesBefore = (await gql(asStore('store-s'), BALANCE)).storeBalance;
    const storeAuth = order.transactions.find((t: any) => t.collectedBy === 'STORE');

    // the whole store-run part ships at once: its store authorization is captured whole, at the store
    await ship('store-s', part('store-s').id);
    expect(await drain()).toMatchObject({ succeeded: 1 });
    let read = await readOrder(shopper, order.id);
    const capture = read.transactions.find((t: any) => t.kind === 'CAPTURE');
    expect(capture).toMatchObject({ collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 2400 }, parentId: storeAuth.id });
    expect(storeS.operations.filter((o) => o.idempotencyKey === capture.id)).toEqual([
      { operation: 'capture', reference: storeS.authorizations.find((a) => a.orderId === order.id)!.reference, amount: 2400, currency: 'USD', idempotencyKey: capture.id },
    ]);
    const journals = await new PgLedger(pool).journalsFor(capture.id);
    expect(journals.map((j) => [j.kind, j.lines])).toEqual([
      ['STORE_COLLECTED', [{ account: 'asset:fee-receivable:store-s', amount: 100, currency: 'USD' }, { account: 'revenue:exchange-fees', amount: -100, currency: 'USD' }]],
    ]);
    const balance = (await gql(asStore('store-s'), BALANCE)).storeBalance;
    expect(balance.owed).toEqual(feesBefore.owed);
    expect(balance.feesDue).toEqual([{ amount: (feesBefore.feesDue[0]?.amount ?? 0) + 100, currency: 'USD' }]);

    // the exchange-run part ships whole: the exchange's own authorization is captured whole
    await ship('store-x', part('store-x').id);
    await drain();
    read = await readOrder(shopper, order.id);
    expect(read).toMatchObject({ status: 'FULFILLED', payment: { status: 'CAPTURED' } });
    expect(sandbox.operations.at(-1)).toMatchObject({ kind: 'capture', amount: 1400 });

    // a store-run line comes back: refunded at the store (against its capture), the fee share given back
    const returned = (await gql(asStore('store-s'), RETURN, { input: { storeOrderId: part('store-s').id, lineIds: [line('store-s', 'nails')], idempotencyKey: randomUUID() } })).receiveReturn;
    expect(returned.refunds).toEqual([expect.objectContaining({ kind: 'REFUND', collectedBy: 'STORE', status: 'PENDING', amount: { amount: 500, currency: 'USD' }, parentId: capture.id })]);
    await drain();
    const refundId = returned.refunds[0].id;
    expect(storeS.operations.find((o) => o.idempotencyKey === refundId)).toMatchObject({ operation: 'refund', amount: 500, reference: expect.stringMatching(/^fcapture_/) });
    expect((await new PgLedger(pool).journalsFor(refundId)).map((j) => j.kind)).toEqual(['STORE_REFUNDED']);
    expect((await gql(asStore('store-s'), BALANCE)).storeBalance.feesDue).toEqual([{ amount: (feesBefore.feesDue[0]?.amount ?? 0) + 75, currency: 'USD' }]);
  });

  it('a partial shipment captures the shipped amount at the store; voiding the rest releases it there', async () => {
    const { order, part, line } = await placeOrder([['store-s', 'saw', 1], ['store-s', 'nails', 1]]);
    const s = part('store-s');
    await ship('store-s', s.id, [line('store-s', 'saw')]);
    await drain();
    expect((await gql(asStore('store-s'), VOID, { input: { storeOrderId: s.id, lineIds: [line('store-s', 'nails')], idempotencyKey: randomUUID() } })).voidItems.__typename).toBe('ItemsVoided');
    await drain();
    const reference = storeS.authorizations.find((a) => a.orderId === order.id)!.reference;
    const ops = storeS.operations.filter((o) => o.reference === reference);
    expect(ops.map((o) => [o.operation, o.amount])).toEqual([
      ['capture', 1500 + SHIPPING],
      ['void', 500],
    ]);
    // the order's only money was the store's: the exchange charged no card
    expect(order.payment).toBeNull();
  });

  it("an order whose every part its stores collect never reaches the exchange's provider: no tokenize, no authorization, no void", async () => {
    const calls = sandbox.callCount();
    const { order, part, shopper } = await placeOrder([['store-s', 'saw', 1], ['store-t', 'glue', 1]]);
    expect(order).toMatchObject({ status: 'AUTHORIZED', payment: null });
    // the order's own authorization is recorded without a card (as for an order gift certificates pay), amount 0
    expect(sorted(order.transactions)).toEqual(sorted([
      { kind: 'AUTHORIZATION', collectedBy: 'EXCHANGE', storeId: null, status: 'SUCCEEDED', amount: { amount: 0 } },
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1500 + SHIPPING } },
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-t', status: 'SUCCEEDED', amount: { amount: 700 + SHIPPING } },
    ]));
    const { rows } = await pool.query(`SELECT card_token, provider_reference FROM financial_transactions WHERE id = $1`, [order.id]);
    expect(rows).toEqual([{ card_token: null, provider_reference: 'gift-certificates' }]);

    // the stores see their parts and ship them; the exchange's card-less authorization is voided without the provider
    await ship('store-s', part('store-s').id);
    await ship('store-t', part('store-t').id);
    await drain();
    const read = await readOrder(shopper, order.id);
    expect(read).toMatchObject({ status: 'FULFILLED', payment: null });
    expect(read.transactions.filter((t: any) => t.collectedBy === 'EXCHANGE').map((t: any) => `${t.kind}:${t.status}:${t.amount.amount}`)).toEqual(['AUTHORIZATION:SUCCEEDED:0', 'VOID:SUCCEEDED:0']);
    expect(sandbox.callCount()).toBe(calls);
    expect(sandbox.callsByKey.get(order.id)).toBeUndefined();
    await expectLedgerBalanced(pool);
  });
});

describe('what a store-run part owes, and is owed', () => {
  const PART = `query($id: ID!) { storeOrder(id: $id) { id paidBy owedToStore { amount currency } feeOwedByStore { amount currency } } }`;
  const feeReceivable = async (storeId: string) =>
    (await new PgLedger(pool).balances()).find((b) => b.account === `asset:fee-receivable:${storeId}` && b.currency === 'USD')?.balance ?? 0;

  it('owedToStore is 0 for a STORE part and feeOwedByStore its fee; its shipments book exactly that fee, whatever the rounding', async () => {
    const { order, part, line } = await placeOrder([['store-x', 'lamp', 1], ['store-t', 'pin', 1], ['store-t', 'tack', 1]]);
    // store-x: the exchange collects, keeps its fee back, owes the store the rest; store-t: collects itself, owes the fee (5% of 20 = 1)
    expect(order.parts.map((p: any) => [p.store.id, p.paidBy, p.owedToStore, p.feeOwedByStore])).toEqual([
      ['store-t', 'STORE', { amount: 0, currency: 'USD' }, { amount: 1, currency: 'USD' }],
      ['store-x', 'EXCHANGE', { amount: 1000 - 50 + SHIPPING, currency: 'USD' }, { amount: 0, currency: 'USD' }],
    ]);
    expect((await gql(asStore('store-t'), PART, { id: part('store-t').id })).storeOrder).toEqual({
      id: part('store-t').id,
      paidBy: 'STORE',
      owedToStore: { amount: 0, currency: 'USD' },
      feeOwedByStore: { amount: 1, currency: 'USD' },
    });

    // store-t ships its part in two parcels (each 5% of 10 = 0.5 on its own): the captures add up to the part's fee
    const before = { balance: (await gql(asStore('store-t'), BALANCE)).storeBalance, receivable: await feeReceivable('store-t') };
    await ship('store-t', part('store-t').id, [line('store-t', 'pin')]);
    await ship('store-t', part('store-t').id, [line('store-t', 'tack')]);
    expect(await drain()).toMatchObject({ succeeded: 2, declined: 0, failed: 0 });
    const after = { balance: (await gql(asStore('store-t'), BALANCE)).storeBalance, receivable: await feeReceivable('store-t') };
    expect(after.receivable - before.receivable).toBe(1);
    expect((after.balance.feesDue[0]?.amount ?? 0) - (before.balance.feesDue[0]?.amount ?? 0)).toBe(1);
    expect(after.balance.owed).toEqual(before.balance.owed);
    // the exchange owes store-t nothing for the part: no payable
    const payables = await pool.query(`SELECT so.store_id FROM store_payables sp JOIN store_orders so ON so.id = sp.store_order_id WHERE so.order_id = $1`, [order.id]);
    expect(payables.rows).toEqual([{ store_id: 'store-x' }]);

    await ship('store-x', part('store-x').id);
    await drain();
    await expectLedgerBalanced(pool);
  });
});

describe('a store that refuses or cannot be reached: nothing is charged anywhere', () => {
  it('a store declines: PAYMENT_DECLINED_BY_STORE; the other store is voided, the exchange never charges, the tickets stay held', async () => {
    storeT.declineCards.add('4242424242424242');
    try {
      const shopper = guest();
      await hold(shopper, [['store-x', 'lamp', 1], ['store-s', 'saw', 1], ['store-t', 'glue', 1]]);
      const exchangeBefore = sandbox.authorizationCount();
      const key = randomUUID();
      const refused = await checkout(shopper, VISA, key);
      expect(refused).toMatchObject({ __typename: 'PaymentDeclinedByStoreError', code: 'PAYMENT_DECLINED_BY_STORE', storeId: 'store-t', declineCode: 'card_declined' });
      const orderId = await orderIdOf(shopper);
      expect(sandbox.authorizationCount()).toBe(exchangeBefore);
      expect(await exchangeAuthorizationsOf(orderId)).toBe(0);
      expect(tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD', 'HELD']);

      await drain();
      const read = await readOrder(shopper, orderId);
      expect(read.status).toBe('VOID');
      expect(sorted(read.transactions)).toEqual(sorted([
        { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1900 } },
        { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-t', status: 'DECLINED', amount: { amount: 1100 } },
        { kind: 'VOID', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1900 } },
      ]));
      const approvedAtS = storeS.authorizations.find((a) => a.orderId === orderId)!;
      expect(storeS.operations.filter((o) => o.reference === approvedAtS.reference).map((o) => o.operation)).toEqual(['void']);

      // a repeat with the key replays the refusal and calls no one again
      const calls = storeS.calls.length + storeT.calls.length;
      expect(await checkout(shopper, VISA, key)).toMatchObject({ __typename: 'PaymentDeclinedByStoreError', storeId: 'store-t' });
      expect(storeS.calls.length + storeT.calls.length).toBe(calls);
    } finally {
      storeT.declineCards.delete('4242424242424242');
    }
  });

  it('the exchange declines the card after the store approved: the store authorization is voided', async () => {
    storeS.declineCards.clear();
    try {
      const shopper = guest();
      await hold(shopper, [['store-x', 'lamp', 1], ['store-s', 'saw', 1]]);
      expect(await checkout(shopper, DECLINED)).toMatchObject({ __typename: 'CardDeclinedError', code: 'CARD_DECLINED' });
      const orderId = await orderIdOf(shopper);
      await drain();
      expect(sorted((await readOrder(shopper, orderId)).transactions)).toEqual(sorted([
        { kind: 'AUTHORIZATION', collectedBy: 'EXCHANGE', storeId: null, status: 'DECLINED', amount: { amount: 1400 } },
        { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1900 } },
        { kind: 'VOID', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1900 } },
      ]));
      expect(tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD']);
    } finally {
      storeS.declineCards.add('4000000000000002');
    }
  });

  it('a store that cannot be reached: STORE_UNAVAILABLE, nothing charged, tickets held; the same key succeeds once it is back', async () => {
    const shopper = guest();
    await hold(shopper, [['store-x', 'lamp', 1], ['store-s', 'saw', 1]]);
    const key = randomUUID();
    const exchangeBefore = sandbox.authorizationCount();
    storeS.down();
    try {
      expect(await checkout(shopper, VISA, key)).toMatchObject({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE', storeId: 'store-s' });
    } finally {
      storeS.up();
    }
    const failedOrder = await orderIdOf(shopper);
    expect(sandbox.authorizationCount()).toBe(exchangeBefore);
    expect(await exchangeAuthorizationsOf(failedOrder)).toBe(0);
    expect(tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD']);
    const { rows } = await pool.query(`SELECT id, kind, status, parent_id, last_error FROM financial_transactions WHERE order_id = $1 ORDER BY kind`, [failedOrder]);
    expect(rows).toEqual([
      { id: expect.any(String), kind: 'AUTHORIZATION', status: 'FAILED', parent_id: null, last_error: expect.stringMatching(/HTTP 503/) },
      // the outcome is unknown to the exchange: the authorization is voided by its key, whatever the store did
      { id: expect.any(String), kind: 'VOID', status: 'PENDING', parent_id: rows[0].id, last_error: null },
    ]);
    await drain();
    // the store never acted on it: nothing to release, and the key is refused from now on
    expect(storeS.authorizationByKey(rows[0].id)).toBeUndefined();
    expect(storeS.operations.filter((o) => o.idempotencyKey === rows[1].id)).toEqual([{ operation: 'void', authorizationKey: rows[0].id, amount: 1900, currency: 'USD', idempotencyKey: rows[1].id }]);

    const order = await checkout(shopper, VISA, key);
    expect(order).toMatchObject({ __typename: 'Order', status: 'AUTHORIZED' });
    expect(order.id).not.toBe(failedOrder);
    expect(sandbox.authorizationCount()).toBe(exchangeBefore + 1);
  });

  it('nothing listening at the store endpoint: STORE_UNAVAILABLE; what another store approved is voided', async () => {
    const shopper = guest();
    await hold(shopper, [['store-s', 'nails', 2], ['store-u', 'tape', 1]]);
    expect(await checkout(shopper)).toMatchObject({ __typename: 'StoreUnavailableError', storeId: 'store-u' });
    const orderId = await orderIdOf(shopper);
    await drain();
    const transactions = (await readOrder(shopper, orderId)).transactions;
    expect(sorted(transactions)).toEqual(sorted([
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1400 } },
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-u', status: 'FAILED', amount: { amount: 700 } },
      { kind: 'VOID', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1400 } },
      // store-u may have approved before the connection failed: voided by key, retried while it stays unreachable
      { kind: 'VOID', collectedBy: 'STORE', storeId: 'store-u', status: 'PENDING', amount: { amount: 700 } },
    ]));
    expect(transactions.find((t: any) => t.kind === 'VOID' && t.storeId === 'store-u').lastError).toMatch(/store-u.*unreachable/);
    expect(await exchangeAuthorizationsOf(orderId)).toBe(0);
    expect(tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD']);
  });

  it('concurrent repeats of one checkout key authorize once at the store and once at the exchange', async () => {
    const shopper = guest();
    await hold(shopper, [['store-x', 'lamp', 1], ['store-s', 'saw', 1]]);
    const key = randomUUID();
    const exchangeBefore = sandbox.authorizationCount();
    storeS.delayMs = 300;
    let results: any[];
    try {
      results = await Promise.all([1, 2, 3, 4].map(() => checkout(shopper, VISA, key)));
    } finally {
      storeS.delayMs = 0;
    }
    const ids = new Set(results.map((r) => r.id));
    expect(results.every((r) => r.__typename === 'Order')).toBe(true);
    expect(ids.size).toBe(1);
    const [orderId] = [...ids];
    expect(storeS.calls.filter((c) => c.operation === 'authorize' && c.body.orderId === orderId)).toHaveLength(1);
    expect(storeS.authorizations.filter((a) => a.orderId === orderId)).toHaveLength(1);
    expect(sandbox.authorizationCount()).toBe(exchangeBefore + 1);
    expect(sandbox.callsByKey.get(orderId)).toBe(1);
  });

  it('the exchange provider fails after the store approved: a retry with the same key resumes without asking the store again', async () => {
    const shopper = guest();
    await hold(shopper, [['store-x', 'lamp', 1], ['store-s', 'saw', 1]]);
    const key = randomUUID();
    const input = { input: { idempotencyKey: key, payment: { card: VISA } } };
    faulty.failNext('authorize', 1, 'before');
    const interrupted = await send(shopper, CHECKOUT, input, faultyUrl);
    expect(interrupted.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const orderId = await orderIdOf(shopper);
    expect(storeS.calls.filter((c) => c.operation === 'authorize' && c.body.orderId === orderId)).toHaveLength(1);

    const order = (await gql(shopper, CHECKOUT, input, faultyUrl)).checkout;
    expect(order).toMatchObject({ __typename: 'Order', id: orderId, status: 'AUTHORIZED' });
    // the store's approval was recorded: it is not asked twice
    expect(storeS.calls.filter((c) => c.operation === 'authorize' && c.body.orderId === orderId)).toHaveLength(1);
    expect(sorted(order.transactions)).toEqual(sorted([
      { kind: 'AUTHORIZATION', collectedBy: 'EXCHANGE', storeId: null, status: 'SUCCEEDED', amount: { amount: 1400 } },
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1900 } },
    ]));
  });

  it('an interrupted checkout never retried expires with its basket: the store authorization is voided at the store', async () => {
    const shopper = guest();
    await hold(shopper, [['store-x', 'lamp', 1], ['store-s', 'nails', 1]]);
    faulty.failNext('authorize', 1, 'before');
    expect((await send(shopper, CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } }, faultyUrl)).errors).toBeDefined();
    const orderId = await orderIdOf(shopper);

    // the basket max age passed (as if `before` were now − max age); the attempt's lock lapsed at once (unlocked)
    await new Promise((r) => setTimeout(r, 5));
    expect(await new PgStaleBaskets(pool).expireStale({ before: new Date(Date.now() + 60_000), now: new Date(), limit: 100 })).toContain(orderId);
    await drain();
    expect(sorted((await readOrder(shopper, orderId)).transactions)).toEqual(sorted([
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 900 } },
      { kind: 'VOID', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 900 } },
    ]));
    const reference = storeS.authorizations.find((a) => a.orderId === orderId)!.reference;
    // it SUCCEEDED: voided by its reference
    expect(storeS.operations.filter((o) => o.reference === reference).map((o) => [o.operation, o.authorizationKey])).toEqual([['void', undefined]]);
    expect(storeS.authorizations.find((a) => a.orderId === orderId)).toMatchObject({ status: 'approved', voided: true });
  });
});

describe("a store authorization whose answer the exchange never got", () => {
  const storeRows = async (orderId: string) =>
    (await pool.query<{ id: string; kind: string; status: string; parent_id: string | null; last_error: string | null }>(
      `SELECT id, kind, status, parent_id, last_error FROM financial_transactions WHERE order_id = $1 AND collector = 'STORE:store-s' ORDER BY kind`,
      [orderId],
    )).rows;

  it('the store approved, the answer was lost: STORE_UNAVAILABLE; the shopper never retries; the authorization is voided at the store by its key', async () => {
    const shopper = guest();
    await hold(shopper, [['store-x', 'lamp', 1], ['store-s', 'saw', 1]]);
    const exchangeBefore = sandbox.authorizationCount();
    storeS.loseAnswers('authorize');
    expect(await checkout(shopper)).toMatchObject({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE', storeId: 'store-s' });
    const orderId = await orderIdOf(shopper);
    expect(sandbox.authorizationCount()).toBe(exchangeBefore);
    expect(tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD']);

    // the store holds 1900 on the card; the exchange knows only the key it sent
    const [authorization, voiding] = await storeRows(orderId);
    expect(authorization).toMatchObject({ kind: 'AUTHORIZATION', status: 'FAILED', last_error: expect.stringMatching(/unreachable/) });
    expect(storeS.authorizationByKey(authorization.id)).toMatchObject({ orderId, status: 'approved', amount: 1900 });
    expect(voiding).toMatchObject({ kind: 'VOID', status: 'PENDING', parent_id: authorization.id });

    expect(await drain()).toMatchObject({ succeeded: 1, failed: 0 });
    expect(storeS.operations.filter((o) => o.idempotencyKey === voiding.id)).toEqual([{ operation: 'void', authorizationKey: authorization.id, amount: 1900, currency: 'USD', idempotencyKey: voiding.id }]);
    expect(storeS.authorizationByKey(authorization.id)).toMatchObject({ status: 'approved', voided: true });
    const read = await readOrder(shopper, orderId);
    expect(read.status).toBe('VOID');
    expect(sorted(read.transactions)).toEqual(sorted([
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-s', status: 'FAILED', amount: { amount: 1900 } },
      { kind: 'VOID', collectedBy: 'STORE', storeId: 'store-s', status: 'SUCCEEDED', amount: { amount: 1900 } },
    ]));
    // a void books nothing (the store's money never passed the exchange)
    expect(await new PgLedger(pool).journalsFor(voiding.id)).toEqual([]);
  });

  it('an authorize that reaches the store after the exchange gave up on it is declined there: the void by key came first', async () => {
    const shopper = guest();
    await hold(shopper, [['store-s', 'nails', 1]]);
    storeS.authorizeDelayMs = 1_500;
    let authorization: Awaited<ReturnType<typeof storeRows>>[number];
    try {
      // this replica waits 300 ms for the store's answer
      expect((await gql(shopper, CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } }, hastyUrl)).checkout).toMatchObject({
        __typename: 'StoreUnavailableError',
        storeId: 'store-s',
      });
      const orderId = await orderIdOf(shopper);
      [authorization] = await storeRows(orderId);
      expect(authorization).toMatchObject({ status: 'FAILED', last_error: expect.stringMatching(/no answer within 300 ms/) });
      // the void by key reaches the store while its authorize is still on the way
      expect(await drain()).toMatchObject({ succeeded: 1 });
      expect(storeS.authorizationByKey(authorization.id)).toBeUndefined();
      await vi.waitFor(() => expect(storeS.authorizationByKey(authorization.id)).toBeDefined(), { timeout: 5_000 });
    } finally {
      storeS.authorizeDelayMs = 0;
    }
    expect(storeS.authorizationByKey(authorization.id)).toMatchObject({ status: 'declined', declineCode: 'authorization_voided' });
  });

  it('the exchange died while the store answered; the shopper never retried: the basket expires and the authorization is voided by its key', async () => {
    const shopper = guest();
    await hold(shopper, [['store-x', 'lamp', 1], ['store-s', 'saw', 1]]);
    expect((await send(shopper, CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } }, dyingUrl)).errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const orderId = await orderIdOf(shopper);
    const [pending] = await storeRows(orderId);
    // the store approved; the exchange's row still waits for an answer nobody will record
    expect(pending).toMatchObject({ kind: 'AUTHORIZATION', status: 'PENDING' });
    expect(storeS.authorizationByKey(pending.id)).toMatchObject({ status: 'approved' });
    // the money movement job never takes a store authorization (checkout's alone: it needs the card)
    await drain();
    expect((await storeRows(orderId)).map((r) => r.status)).toEqual(['PENDING']);

    // the basket max age passed (as if `before` were now − max age); the attempt's lock lapsed at once (unlocked)
    await new Promise((r) => setTimeout(r, 5));
    expect(await new PgStaleBaskets(pool).expireStale({ before: new Date(Date.now() + 60_000), now: new Date(), limit: 100 })).toContain(orderId);
    const [authorization, voiding] = await storeRows(orderId);
    expect(authorization).toMatchObject({ id: pending.id, status: 'FAILED', last_error: 'the basket expired before the store answered' });
    expect(voiding).toMatchObject({ kind: 'VOID', status: 'PENDING', parent_id: pending.id });

    expect(await drain()).toMatchObject({ succeeded: 1 });
    expect(storeS.operations.filter((o) => o.idempotencyKey === voiding.id)).toEqual([{ operation: 'void', authorizationKey: pending.id, amount: 1900, currency: 'USD', idempotencyKey: voiding.id }]);
    expect(storeS.authorizationByKey(pending.id)).toMatchObject({ status: 'approved', voided: true });
    expect((await readOrder(shopper, orderId)).status).toBe('EXPIRED');
    // expiring again moves nothing more
    await new PgStaleBaskets(pool).expireStale({ before: new Date(Date.now() + 60_000), now: new Date(), limit: 100 });
    expect((await storeRows(orderId)).length).toBe(2);
  });
});
