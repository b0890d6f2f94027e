import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../lib/clock.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { MoneyMovementJob } from './domain/money-movement-job.js';
import type { PaymentProvider } from './domain/payment-provider.js';
import { PgLedger } from './infra/pg-ledger.js';
import { PgMoneyMovementQueue } from './infra/pg-money-movement-queue.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { createPaymentServer, migratePayment, type PaymentServer } from './server.js';
import { FakeTicketCheckout } from './testing/fake-ticket-checkout.js';
import { expectLedgerBalanced } from './testing/ledger-assertions.js';
import { FaultyPaymentProvider } from './testing/faulty-payment-provider.js';
import { twoStoreCatalog } from './testing/catalog.js';
import { signedGraphqlCaller } from './testing/signed-graphql.js';

const IDENTITY_KEY = 'fulfilment-test-identity-key';
const YEAR = new Date().getUTCFullYear() + 2;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: YEAR, cvc: '123' };
/** approves at checkout, declines the new (merchant-initiated) authorizations of partial shipments */
const DECLINES_LATER = { number: '4000 0000 0000 0341', expMonth: 12, expYear: YEAR, cvc: '123' };

const ERRORS = `... on ErrorResult { code message } ... on IllegalTransitionError { lineId from to } ... on InvalidInputError { field } ... on OrderNotFoundError { id }`;
const TX = `id kind status amount { amount currency } storeId parentId shipmentId attempts lastError createdAt settledAt`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename
  ... on Order { id status contactEmail total { amount currency } itemsTotal { amount } shippingTotal { amount }
    parts { id status store { id } subtotal { amount } shipping { amount } owedToStore { amount } lines { id sku status lineTotal { amount } } } }
  ... on ErrorResult { code message } ... on InvalidInputError { field } } }`;
const SHIP = `mutation($input: ShipItemsInput!) { shipItems(input: $input) { __typename
  ... on Shipment { id storeOrderId carrier trackingNumber shippedAt amount { amount currency } lines { lineId quantity line { id sku status } } }
  ${ERRORS} } }`;
const RETURN = `mutation($input: LinesInput!) { receiveReturn(input: $input) { __typename
  ... on ReturnReceived { storeOrder { id status lines { id status } } refund { ${TX} } refunds { ${TX} } }
  ${ERRORS} } }`;
const VOID = `mutation($input: LinesInput!) { voidItems(input: $input) { __typename
  ... on ItemsVoided { storeOrder { id status lines { id status } } }
  ${ERRORS} } }`;
const SET_RATE = `mutation($input: SetShippingRateInput!) { setShippingRate(input: $input) { __typename
  ... on ShippingRate { storeId flat { amount currency } freeOver { amount currency } updatedAt } ... on ErrorResult { code message } ... on InvalidInputError { field } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status total { amount } payment { id status amount { amount } }
  parts { id status store { id } shipping { amount } lines { id sku status }
    shipments { id amount { amount } lines { lineId } } transactions { ${TX} } }
  transactions { ${TX} } } }`;
const STORE_ORDER = `query($id: ID!) { storeOrder(id: $id) { id status shipping { amount } shipments { id carrier amount { amount } lines { lineId line { sku } } } transactions { ${TX} } } }`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
const servers: PaymentServer[] = [];

interface Payment {
  url: string;
  server: PaymentServer;
  tickets: FakeTicketCheckout;
  sandbox: SandboxPaymentProvider;
}

async function startPayment(options: { provider?: PaymentProvider; sandbox?: SandboxPaymentProvider; fulfilmentInProgressWaitMs?: number } = {}): Promise<Payment> {
  const inventory = twoStoreCatalog()
    .addStore('store-c', { currency: 'USD' })
    .addItem('store-c', { sku: 'lamp', name: 'Lamp', price: 3000, stockOnHand: 1000 });
  const tickets = new FakeTicketCheckout(inventory);
  const sandbox = options.sandbox ?? new SandboxPaymentProvider();
  const server = createPaymentServer({
    pool,
    inventory,
    tickets,
    paymentProvider: options.provider ?? sandbox,
    identityKey: IDENTITY_KEY,
    logger: silentLogger(),
    defaultShipping: { flatAmount: 500 },
    fulfilmentInProgressWaitMs: options.fulfilmentInProgressWaitMs,
    // tests run the job themselves (runOnce), so each step is observable
    moneyMovement: { autoStart: false },
  });
  servers.push(server);
  return { url: await server.listen(0), server, tickets, sandbox };
}

let p: Payment;

const { gql, ok } = signedGraphqlCaller(() => p.url, IDENTITY_KEY);

const guest = (): Identity => ({ kind: 'GUEST', sessionId: `sess_${randomUUID()}` });
const store = (storeId: string): Identity => ({ kind: 'STORE', storeId });

/** Holds `items` ([storeId, sku, quantity]) and checks out; returns the order with its parts by store id. */
async function placeOrder(items: [string, string, number][], options: { card?: typeof VISA; contactEmail?: string; payment?: Payment } = {}) {
  const payment = options.payment ?? p;
  const shopper = guest();
  for (const [storeId, sku, quantity] of items) await payment.tickets.hold(shopper.sessionId!, storeId, sku, quantity);
  const data = await ok(shopper, CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: options.card ?? VISA }, contactEmail: options.contactEmail } }, payment.url);
  const order = data.checkout;
  expect(order.__typename).toBe('Order');
  const part = (storeId: string) => order.parts.find((x: any) => x.store.id === storeId);
  const line = (storeId: string, sku: string) => part(storeId).lines.find((l: any) => l.sku === sku).id as string;
  return { shopper, order, part, line };
}

async function ship(storeId: string, storeOrderId: string, lineIds?: string[], extra: Record<string, unknown> = {}) {
  return (await ok(store(storeId), SHIP, { input: { storeOrderId, lineIds, carrier: 'UPS', trackingNumber: `1Z${randomUUID().slice(0, 8)}`, idempotencyKey: randomUUID(), ...extra } })).shipItems;
}

async function receive(storeId: string, storeOrderId: string, lineIds: string[]) {
  return (await ok(store(storeId), RETURN, { input: { storeOrderId, lineIds, idempotencyKey: randomUUID() } })).receiveReturn;
}

async function voidLines(storeId: string, storeOrderId: string, lineIds: string[]) {
  return (await ok(store(storeId), VOID, { input: { storeOrderId, lineIds, idempotencyKey: randomUUID() } })).voidItems;
}

async function readOrder(shopper: Identity, id: string) {
  return (await ok(shopper, ORDER, { id })).order;
}

const drain = () => p.server.moneyMovement.runOnce();
const summary = (txs: any[]) => txs.map((t) => `${t.kind}:${t.status}:${t.amount.amount}`);

/** The parts of the database a refused request must leave alone. */
async function fingerprint(orderId: string) {
  const [lines, shipments, txs, order, parts] = await Promise.all([
    pool.query(`SELECT l.id, l.status FROM order_lines l JOIN store_orders so ON so.id = l.store_order_id WHERE so.order_id = $1 ORDER BY l.id`, [orderId]),
    pool.query(`SELECT count(*)::int AS n FROM shipments sh JOIN store_orders so ON so.id = sh.store_order_id WHERE so.order_id = $1`, [orderId]),
    pool.query(`SELECT id, status FROM financial_transactions WHERE order_id = $1 ORDER BY id`, [orderId]),
    pool.query(`SELECT status FROM orders WHERE id = $1`, [orderId]),
    pool.query(`SELECT id, status FROM store_orders WHERE order_id = $1 ORDER BY id`, [orderId]),
  ]);
  return JSON.stringify([lines.rows, shipments.rows, txs.rows, order.rows, parts.rows]);
}

beforeAll(async () => {
  db = await createTestDatabase('fulfilment');
  pool = createPool(db.url, 20);
  await migratePayment(pool);
  p = await startPayment();
  // store-b charges 7.00 per part (free from 1000.00); store-a has no rate: the 5.00 default
  const rate = (await ok(store('store-b'), SET_RATE, { input: { flatAmount: 700, freeOverAmount: 100_000, currency: 'USD' } })).setShippingRate;
  expect(rate).toMatchObject({ __typename: 'ShippingRate', storeId: 'store-b', flat: { amount: 700, currency: 'USD' }, freeOver: { amount: 100_000 } });
});

afterEach(async () => {
  // every scenario leaves its money settled, so the next one's job runs see only their own rows
  const pending = await pool.query(`SELECT kind, last_error FROM financial_transactions WHERE status = 'PENDING'`);
  expect(pending.rows).toEqual([]);
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await pool?.end();
  await db?.drop();
});

describe('shipping priced per store', () => {
  it('a store sets its rate; checkout adds each part\'s shipping; the fee is on items only', async () => {
    expect((await ok(store('store-b'), `{ shippingRate { storeId flat { amount } freeOver { amount } } }`)).shippingRate).toEqual({ storeId: 'store-b', flat: { amount: 700 }, freeOver: { amount: 100_000 } });
    expect((await ok(store('store-a'), `{ shippingRate { storeId } }`)).shippingRate).toBeNull();
    expect((await ok(store('store-a'), SET_RATE, { input: { flatAmount: -1, currency: 'USD' } })).setShippingRate).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'flatAmount' });
    expect((await ok(store('store-a'), SET_RATE, { input: { flatAmount: 100, currency: 'usd' } })).setShippingRate).toMatchObject({ field: 'currency' });
    expect((await gql(guest(), SET_RATE, { input: { flatAmount: 100, currency: 'USD' } })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');

    const { order, part } = await placeOrder([['store-a', 'book-1', 2], ['store-a', 'book-2', 1], ['store-b', 'hammer', 3]]);
    expect(order).toMatchObject({ itemsTotal: { amount: 11_998 }, shippingTotal: { amount: 1_200 }, total: { amount: 13_198, currency: 'USD' } });
    // owed: items − fee (5% of items) + shipping
    expect(part('store-a')).toMatchObject({ subtotal: { amount: 4498 }, shipping: { amount: 500 }, owedToStore: { amount: 4498 - 225 + 500 } });
    expect(part('store-b')).toMatchObject({ subtotal: { amount: 7500 }, shipping: { amount: 700 }, owedToStore: { amount: 7500 - 375 + 700 } });
    const payables = await pool.query(`SELECT sp.store_id, sp.amount FROM store_payables sp JOIN store_orders so ON so.id = sp.store_order_id WHERE so.order_id = $1 ORDER BY 1`, [order.id]);
    expect(payables.rows).toEqual([{ store_id: 'store-a', amount: 4773 }, { store_id: 'store-b', amount: 7825 }]);
    await voidLines('store-a', part('store-a').id, part('store-a').lines.map((l: any) => l.id));
    await voidLines('store-b', part('store-b').id, part('store-b').lines.map((l: any) => l.id));
    await drain();
  });

  it('ships free from the store\'s threshold; a rate in another currency falls back to the default', async () => {
    await ok(store('store-c'), SET_RATE, { input: { flatAmount: 900, freeOverAmount: 3000, currency: 'USD' } });
    const free = await placeOrder([['store-c', 'lamp', 1]]);
    expect(free.order).toMatchObject({ shippingTotal: { amount: 0 }, total: { amount: 3000 } });
    await ok(store('store-c'), SET_RATE, { input: { flatAmount: 900, freeOverAmount: null, currency: 'EUR' } });
    const fallback = await placeOrder([['store-c', 'lamp', 1]]);
    expect(fallback.order).toMatchObject({ shippingTotal: { amount: 500 }, total: { amount: 3500 } });
    for (const o of [free, fallback]) await voidLines('store-c', o.part('store-c').id, [o.line('store-c', 'lamp')]);
    await drain();
  });
});

describe('shipping and capturing', () => {
  it('a two-store order shipped partly, then fully: a new authorization + capture per shipment, the order authorization voided', async () => {
    const { shopper, order, part, line } = await placeOrder([['store-a', 'book-1', 2], ['store-a', 'book-2', 1], ['store-b', 'hammer', 3]], { contactEmail: 'ann@example.com' });
    const partA = part('store-a').id;
    const partB = part('store-b').id;
    expect(order).toMatchObject({ status: 'AUTHORIZED', contactEmail: 'ann@example.com', total: { amount: 13_198 } });

    // store-a ships book-1: its lines plus its shipping (first shipment of the part)
    const first = await ship('store-a', partA, [line('store-a', 'book-1')]);
    expect(first).toMatchObject({ __typename: 'Shipment', storeOrderId: partA, carrier: 'UPS', amount: { amount: 3998 + 500, currency: 'USD' } });
    expect(first.lines).toEqual([{ lineId: line('store-a', 'book-1'), quantity: 2, line: { id: line('store-a', 'book-1'), sku: 'book-1', status: 'SHIPPED' } }]);
    let read = await readOrder(shopper, order.id);
    expect(read.status).toBe('PARTIALLY_FULFILLED');
    expect(read.parts.map((x: any) => x.status)).toEqual(['PARTIALLY_FULFILLED', 'AUTHORIZED']);
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:13198', 'AUTHORIZATION:PENDING:4498']);
    expect(read.transactions[1]).toMatchObject({ storeId: 'store-a', shipmentId: first.id, parentId: null, attempts: 0, settledAt: null });

    expect(await drain()).toMatchObject({ claimed: 2, succeeded: 2 });
    read = await readOrder(shopper, order.id);
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:13198', 'AUTHORIZATION:SUCCEEDED:4498', 'CAPTURE:SUCCEEDED:4498']);
    expect(read.transactions[2]).toMatchObject({ parentId: read.transactions[1].id, shipmentId: first.id, storeId: 'store-a', attempts: 1 });
    const ledger = new PgLedger(pool);
    // fee 5% of 3998 = 199.9 → 200, on items only; the store keeps its shipping
    expect((await ledger.journal('CAPTURE', read.transactions[2].id))?.lines).toEqual(
      expect.arrayContaining([
        { account: 'asset:provider-clearing', amount: 4498, currency: 'USD' },
        { account: 'liability:store-payable:store-a', amount: -4298, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: -200, currency: 'USD' },
      ]),
    );

    // the rest of store-a: no shipping this time
    const second = await ship('store-a', partA);
    expect(second).toMatchObject({ amount: { amount: 500 }, lines: [{ lineId: line('store-a', 'book-2') }] });
    // store-b ships everything: nothing is left to ship in the order, so its authorization is voided
    const third = await ship('store-b', partB);
    expect(third).toMatchObject({ amount: { amount: 7500 + 700 } });
    read = await readOrder(shopper, order.id);
    expect(read.status).toBe('FULFILLED');
    expect(summary(read.transactions.slice(3))).toEqual(['AUTHORIZATION:PENDING:500', 'AUTHORIZATION:PENDING:8200', 'VOID:PENDING:13198']);
    expect(read.payment.status).toBe('AUTHORIZED');

    expect(await drain()).toMatchObject({ succeeded: 5, declined: 0, retried: 0, failed: 0 });
    read = await readOrder(shopper, order.id);
    expect(read.transactions.every((t: any) => t.status === 'SUCCEEDED')).toBe(true);
    expect(summary(read.transactions).filter((s) => s.startsWith('CAPTURE')).sort()).toEqual(['CAPTURE:SUCCEEDED:4498', 'CAPTURE:SUCCEEDED:500', 'CAPTURE:SUCCEEDED:8200']);
    const voided = read.transactions.find((t: any) => t.kind === 'VOID');
    expect(voided).toMatchObject({ parentId: order.id, storeId: null });
    expect(read.payment).toMatchObject({ id: order.id, status: 'VOIDED' });
    expect(read.parts.map((x: any) => [x.status, x.shipments.length])).toEqual([['FULFILLED', 2], ['FULFILLED', 1]]);

    // each row reached the provider once, with its own id as the idempotency key
    for (const t of read.transactions.slice(1)) expect(p.sandbox.callsByKey.get(t.id), t.kind).toBe(1);
    expect(p.sandbox.authorizations.filter((a) => a.merchantInitiated && read.transactions.some((t: any) => t.id === a.idempotencyKey))).toHaveLength(3);

    // the stores are owed items − fee + shipping, all captured; the ledger balances
    const { balances } = await expectLedgerBalanced(pool);
    expect(balances.length).toBeGreaterThan(0);
    const journals = await pool.query(`SELECT count(*)::int AS n FROM ledger_journals WHERE kind = 'CAPTURE' AND reference = ANY($1::text[])`, [read.transactions.map((t: any) => t.id)]);
    expect(journals.rows[0].n).toBe(3);
    const payables = await pool.query(`SELECT sp.status FROM store_payables sp JOIN store_orders so ON so.id = sp.store_order_id WHERE so.order_id = $1`, [order.id]);
    expect(payables.rows.map((r) => r.status)).toEqual(['PAYABLE', 'PAYABLE']);

    // a store sees its own part's shipments and money, never another store's part
    const seenByB = (await ok(store('store-b'), STORE_ORDER, { id: partB })).storeOrder;
    expect(seenByB).toMatchObject({ status: 'FULFILLED', shipping: { amount: 700 }, shipments: [{ carrier: 'UPS', amount: { amount: 8200 }, lines: [{ line: { sku: 'hammer' } }] }] });
    expect(summary(seenByB.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:8200', 'CAPTURE:SUCCEEDED:8200']);
    expect((await ok(store('store-b'), STORE_ORDER, { id: partA })).storeOrder).toBeNull();

    // emails: thank you (once), and one per shipment
    const emails = await pool.query(`SELECT template, recipient, dedupe_key, data FROM email_outbox WHERE data->>'orderId' = $1 ORDER BY created_at, dedupe_key`, [order.id]);
    expect(emails.rows.map((e) => e.template).sort()).toEqual(['order-placed', 'order-shipped', 'order-shipped', 'order-shipped']);
    expect(emails.rows.every((e) => e.recipient === 'ann@example.com')).toBe(true);
    const placed = emails.rows.find((e) => e.template === 'order-placed');
    expect(placed.dedupe_key).toBe(`order-placed:${order.id}`);
    expect(placed.data).toMatchObject({ orderId: order.id, total: 13_198, currency: 'USD', lines: [{ name: 'Book One', quantity: 2, lineTotal: 3998 }, { name: 'Book Two', quantity: 1, lineTotal: 500 }, { name: 'Hammer', quantity: 3, lineTotal: 7500 }] });
    const shippedEmail = emails.rows.find((e) => e.dedupe_key === `order-shipped:${first.id}`);
    expect(shippedEmail.data).toEqual({ orderId: order.id, storeId: 'store-a', carrier: 'UPS', trackingNumber: first.trackingNumber, lines: [{ name: 'Book One', quantity: 2 }] });
  });

  it('an order shipped at once in full captures its own authorization whole', async () => {
    const { shopper, order, part } = await placeOrder([['store-a', 'book-1', 1], ['store-a', 'book-2', 2]]);
    expect(order.total.amount).toBe(1999 + 1000 + 500);
    const shipment = await ship('store-a', part('store-a').id);
    expect(shipment.amount.amount).toBe(3499);
    let read = await readOrder(shopper, order.id);
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:3499', 'CAPTURE:PENDING:3499']);
    expect(read.transactions[1]).toMatchObject({ parentId: order.id, shipmentId: shipment.id, storeId: 'store-a' });
    expect(await drain()).toMatchObject({ claimed: 1, succeeded: 1 });
    read = await readOrder(shopper, order.id);
    expect(read).toMatchObject({ status: 'FULFILLED', payment: { status: 'CAPTURED' } });
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:3499', 'CAPTURE:SUCCEEDED:3499']);
    expect(p.sandbox.operations.find((o) => o.idempotencyKey === read.transactions[1].id)).toMatchObject({ kind: 'capture', amount: 3499 });
    expect((await new PgLedger(pool).journal('CAPTURE', read.transactions[1].id))?.lines).toEqual(
      expect.arrayContaining([{ account: 'liability:store-payable:store-a', amount: -(3499 - 150), currency: 'USD' }]),
    );
    await expectLedgerBalanced(pool);
  });

  it('a declined re-authorization is recorded; nothing is captured and a return refunds nothing', async () => {
    const { shopper, order, part, line } = await placeOrder([['store-a', 'book-1', 1], ['store-b', 'hammer', 1]], { card: DECLINES_LATER });
    expect(order.status).toBe('AUTHORIZED');
    await ship('store-a', part('store-a').id, [line('store-a', 'book-1')]);
    expect(await drain()).toMatchObject({ declined: 1, succeeded: 0 });
    const read = await readOrder(shopper, order.id);
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:5699', 'AUTHORIZATION:DECLINED:2499']);
    const returned = await receive('store-a', part('store-a').id, [line('store-a', 'book-1')]);
    expect(returned).toMatchObject({ __typename: 'ReturnReceived', refund: null, refunds: [] });
    await voidLines('store-b', part('store-b').id, [line('store-b', 'hammer')]);
    await drain();
  });
});

describe('returns and refunds', () => {
  it('a return refunds the lines\' totals against their capture; the fee goes back with them', async () => {
    const { shopper, order, part, line } = await placeOrder([['store-a', 'book-1', 1], ['store-a', 'book-2', 2]]);
    await ship('store-a', part('store-a').id);
    await drain();
    const capture = (await readOrder(shopper, order.id)).transactions[1];

    const returned = await receive('store-a', part('store-a').id, [line('store-a', 'book-2')]);
    expect(returned).toMatchObject({ __typename: 'ReturnReceived', storeOrder: { status: 'FULFILLED' }, refunds: [{ kind: 'REFUND', status: 'PENDING', amount: { amount: 1000 } }] });
    expect(returned.refund).toMatchObject({ kind: 'REFUND', status: 'PENDING', amount: { amount: 1000 }, parentId: capture.id, storeId: 'store-a' });
    expect(returned.storeOrder.lines.map((l: any) => l.status)).toEqual(['SHIPPED', 'RECEIVED_BACK']);
    expect(await drain()).toMatchObject({ succeeded: 1 });
    const refundJournal = await new PgLedger(pool).journal('REFUND', returned.refund.id);
    expect(refundJournal?.lines).toEqual(
      expect.arrayContaining([
        { account: 'asset:provider-clearing', amount: -1000, currency: 'USD' },
        { account: 'liability:store-payable:store-a', amount: 950, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: 50, currency: 'USD' },
      ]),
    );

    // the rest comes back: RETURNED; shipping is never refunded; the whole fee went back
    const rest = await receive('store-a', part('store-a').id, [line('store-a', 'book-1')]);
    expect(rest.refund.amount.amount).toBe(1999);
    await drain();
    const read = await readOrder(shopper, order.id);
    expect(read.status).toBe('RETURNED');
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:3499', 'CAPTURE:SUCCEEDED:3499', 'REFUND:SUCCEEDED:1000', 'REFUND:SUCCEEDED:1999']);
    const fees = await pool.query(
      `SELECT sum(e.amount)::int AS net FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
       WHERE e.account = 'revenue:exchange-fees' AND j.reference = ANY($1::text[])`,
      [read.transactions.slice(1).map((t: any) => t.id)],
    );
    expect(fees.rows[0].net).toBe(0);
    await expectLedgerBalanced(pool);
  });

  it('lines from two shipments are refunded against each capture; a return before the capture waits for it', async () => {
    const { shopper, order, part, line } = await placeOrder([['store-a', 'book-1', 1], ['store-a', 'book-2', 1], ['store-b', 'hammer', 1]]);
    const a = part('store-a').id;
    const s1 = await ship('store-a', a, [line('store-a', 'book-1')]);
    await drain();
    const s2 = await ship('store-a', a, [line('store-a', 'book-2')]);
    // book-2's authorization has not even run: its refund waits for the capture
    const returned = await receive('store-a', a, [line('store-a', 'book-1'), line('store-a', 'book-2')]);
    expect(returned.refunds).toHaveLength(2);
    const [r1, r2] = returned.refunds;
    expect(r1).toMatchObject({ shipmentId: s1.id, amount: { amount: 1999 }, status: 'PENDING' });
    expect(r1.parentId).not.toBeNull();
    expect(r2).toMatchObject({ shipmentId: s2.id, amount: { amount: 500 }, parentId: null });
    await drain();
    const read = await readOrder(shopper, order.id);
    const capture2 = read.transactions.find((t: any) => t.kind === 'CAPTURE' && t.shipmentId === s2.id);
    const refund2 = read.transactions.find((t: any) => t.id === r2.id);
    expect(refund2).toMatchObject({ status: 'SUCCEEDED', parentId: capture2.id });
    expect(read.transactions.find((t: any) => t.id === r1.id)).toMatchObject({ status: 'SUCCEEDED' });
    await voidLines('store-b', part('store-b').id, [line('store-b', 'hammer')]);
    await drain();
    expect((await readOrder(shopper, order.id)).status).toBe('RETURNED');
    await expectLedgerBalanced(pool);
  });
});

describe('state rules', () => {
  it('illegal transitions are refused naming the line and states, and nothing changes', async () => {
    const { order, part, line } = await placeOrder([['store-a', 'book-1', 1], ['store-a', 'book-2', 1], ['store-b', 'hammer', 1]]);
    const a = part('store-a').id;
    const [book1, book2, hammer] = [line('store-a', 'book-1'), line('store-a', 'book-2'), line('store-b', 'hammer')];

    let before = await fingerprint(order.id);
    expect(await receive('store-a', a, [book1])).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', lineId: book1, from: 'TO_BE_SHIPPED', to: 'RECEIVED_BACK' });
    expect(await fingerprint(order.id)).toBe(before);

    await ship('store-a', a, [book1]);
    before = await fingerprint(order.id);
    // one legal line and one illegal: all or nothing
    expect(await ship('store-a', a, [book2, book1])).toMatchObject({ __typename: 'IllegalTransitionError', lineId: book1, from: 'SHIPPED', to: 'SHIPPED' });
    expect(await voidLines('store-a', a, [book1])).toMatchObject({ __typename: 'IllegalTransitionError', lineId: book1, from: 'SHIPPED', to: 'VOID' });
    expect(await fingerprint(order.id)).toBe(before);

    expect(await voidLines('store-a', a, [book2])).toMatchObject({ __typename: 'ItemsVoided', storeOrder: { status: 'FULFILLED' } });
    before = await fingerprint(order.id);
    expect(await ship('store-a', a, [book2])).toMatchObject({ __typename: 'IllegalTransitionError', lineId: book2, from: 'VOID', to: 'SHIPPED' });
    expect(await ship('store-a', a)).toMatchObject({ __typename: 'InvalidInputError', field: 'lineIds' });
    await receive('store-a', a, [book1]);
    expect(await receive('store-a', a, [book1])).toMatchObject({ __typename: 'IllegalTransitionError', from: 'RECEIVED_BACK', to: 'RECEIVED_BACK' });

    // a store only reaches its own parts; lines of another part are not this part's
    before = await fingerprint(order.id);
    expect(await ship('store-b', a, [book2])).toMatchObject({ __typename: 'OrderNotFoundError', code: 'ORDER_NOT_FOUND', id: a });
    expect(await ship('store-a', a, [hammer])).toMatchObject({ __typename: 'InvalidInputError', field: 'lineIds' });
    expect(await ship('store-a', 'not-a-uuid')).toMatchObject({ __typename: 'OrderNotFoundError' });
    expect(await ship('store-a', randomUUID())).toMatchObject({ __typename: 'OrderNotFoundError' });
    expect(await ship('store-a', a, [book2], { carrier: ' ' })).toMatchObject({ __typename: 'InvalidInputError', field: 'carrier' });
    expect((await gql(guest(), SHIP, { input: { storeOrderId: a, carrier: 'UPS', trackingNumber: '1', idempotencyKey: 'k' } })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect(await fingerprint(order.id)).toBe(before);

    await voidLines('store-b', part('store-b').id, [hammer]);
    await drain();
  });

  it('voiding every line voids the order and its authorization; the store keeps its stock', async () => {
    const { shopper, order, part, line } = await placeOrder([['store-a', 'book-1', 1], ['store-a', 'book-2', 1]]);
    const partial = await voidLines('store-a', part('store-a').id, [line('store-a', 'book-1')]);
    expect(partial.storeOrder.status).toBe('AUTHORIZED');
    expect(summary((await readOrder(shopper, order.id)).transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:2999']);
    const all = await voidLines('store-a', part('store-a').id, [line('store-a', 'book-2')]);
    expect(all.storeOrder).toMatchObject({ status: 'VOID', lines: [{ status: 'VOID' }, { status: 'VOID' }] });
    await drain();
    const read = await readOrder(shopper, order.id);
    expect(read).toMatchObject({ status: 'VOID', payment: { status: 'VOIDED' } });
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:2999', 'VOID:SUCCEEDED:2999']);
    const payable = await pool.query(`SELECT sp.status FROM store_payables sp JOIN store_orders so ON so.id = sp.store_order_id WHERE so.order_id = $1`, [order.id]);
    expect(payable.rows).toEqual([{ status: 'CANCELLED' }]);
  });
});

describe('idempotency of store requests', () => {
  it('a repeat replays the first shipment; other input under the key is refused', async () => {
    const { order, part, line } = await placeOrder([['store-a', 'book-1', 1], ['store-a', 'book-2', 1]]);
    const input = { storeOrderId: part('store-a').id, lineIds: [line('store-a', 'book-1')], carrier: 'DHL', trackingNumber: 'JD0001', idempotencyKey: randomUUID() };
    const first = (await ok(store('store-a'), SHIP, { input })).shipItems;
    expect(first.__typename).toBe('Shipment');
    const before = await fingerprint(order.id);
    const again = (await ok(store('store-a'), SHIP, { input })).shipItems;
    expect(again).toEqual(first);
    expect(await fingerprint(order.id)).toBe(before);
    expect((await ok(store('store-a'), SHIP, { input: { ...input, trackingNumber: 'JD0002' } })).shipItems).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    // a refusal is replayed as well: the same request gets the same answer
    const illegal = { ...input, idempotencyKey: randomUUID() };
    const refused = (await ok(store('store-a'), SHIP, { input: illegal })).shipItems;
    expect(refused.__typename).toBe('IllegalTransitionError');
    expect((await ok(store('store-a'), SHIP, { input: illegal })).shipItems).toEqual(refused);
    // keys are per store: another store's use of the key is its own
    expect((await ok(store('store-b'), SHIP, { input })).shipItems.__typename).toBe('OrderNotFoundError');
    await ship('store-a', part('store-a').id);
    await drain();
  });

  it('20 concurrent repeats ship once; without waiting, the losers are told it is in progress', async () => {
    const { order, part } = await placeOrder([['store-a', 'book-1', 1], ['store-b', 'hammer', 1]]);
    const input = { storeOrderId: part('store-a').id, carrier: 'UPS', trackingNumber: '1Z999', idempotencyKey: randomUUID() };
    const results = await Promise.all(Array.from({ length: 20 }, () => ok(store('store-a'), SHIP, { input }).then((d) => d.shipItems)));
    expect(new Set(results.map((r) => r.__typename))).toEqual(new Set(['Shipment']));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);

    const impatient = await startPayment({ fulfilmentInProgressWaitMs: 0 });
    const inputB = { storeOrderId: part('store-b').id, carrier: 'UPS', trackingNumber: '1Z998', idempotencyKey: randomUUID() };
    const raced = await Promise.all(Array.from({ length: 20 }, () => ok(store('store-b'), SHIP, { input: inputB }, impatient.url).then((d) => d.shipItems)));
    const kinds = raced.map((r) => r.__typename);
    expect(kinds.every((k) => k === 'Shipment' || k === 'RequestInProgressError')).toBe(true);
    expect(kinds).toContain('Shipment');
    expect(raced.find((r) => r.__typename === 'RequestInProgressError') ?? { code: 'REQUEST_IN_PROGRESS' }).toMatchObject({ code: 'REQUEST_IN_PROGRESS' });
    expect(new Set(raced.filter((r) => r.__typename === 'Shipment').map((r) => r.id)).size).toBe(1);

    const shipments = await pool.query(`SELECT so.store_id, count(*)::int AS n FROM shipments sh JOIN store_orders so ON so.id = sh.store_order_id WHERE so.order_id = $1 GROUP BY 1 ORDER BY 1`, [order.id]);
    expect(shipments.rows).toEqual([{ store_id: 'store-a', n: 1 }, { store_id: 'store-b', n: 1 }]);
    const txs = await pool.query(`SELECT kind, count(*)::int AS n FROM financial_transactions WHERE order_id = $1 GROUP BY 1 ORDER BY 1`, [order.id]);
    expect(txs.rows).toEqual([{ kind: 'AUTHORIZATION', n: 3 }, { kind: 'VOID', n: 1 }]);
    await drain();
  });
});

describe('the money movement job', () => {
  function captureLogs() {
    const records: { level: number; msg: string; [k: string]: unknown }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => records.push(JSON.parse(line)) });
    return { logger, records };
  }

  it('retries a provider failure with backoff and the same idempotency key; money moves once', async () => {
    const { shopper, order, part } = await placeOrder([['store-a', 'book-1', 1]]);
    await ship('store-a', part('store-a').id);
    // the provider captures, but the answer is lost twice
    const faulty = new FaultyPaymentProvider(p.sandbox).failNext('capture', 2, 'after');
    const { logger, records } = captureLogs();
    // the job's own clock: backoff is checked against it, so the test decides when a retry is due
    const clock = new ManualClock(new Date(Date.now() + 1_000));
    const job = new MoneyMovementJob({ queue: new PgMoneyMovementQueue(pool), provider: faulty, clock, logger, options: { backoffBaseMs: 10_000, maxAttempts: 5 } });

    expect(await job.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    let capture = (await readOrder(shopper, order.id)).transactions[1];
    expect(capture).toMatchObject({ kind: 'CAPTURE', status: 'PENDING', attempts: 1, lastError: expect.stringMatching(/lost/) });
    // not due again before its backoff (10 s, then 20 s)
    clock.advance(9_000);
    expect(await job.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1_000);
    expect(await job.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    clock.advance(19_000);
    expect(await job.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1_000);
    expect(await job.runOnce()).toMatchObject({ claimed: 1, succeeded: 1 });
    capture = (await readOrder(shopper, order.id)).transactions[1];
    expect(capture).toMatchObject({ status: 'SUCCEEDED', attempts: 3, lastError: null });
    expect(p.sandbox.callsByKey.get(capture.id)).toBe(3);
    expect(p.sandbox.operations.filter((o) => o.idempotencyKey === capture.id)).toHaveLength(1);
    expect(records.filter((r) => r.level === 40 && /retry/.test(r.msg))).toHaveLength(2);
    await expectLedgerBalanced(pool);
  });

  it('after its last attempt a row is FAILED, logged at error, and what waits on it fails too', async () => {
    const { shopper, order, part, line } = await placeOrder([['store-a', 'book-1', 1], ['store-b', 'hammer', 1]]);
    await ship('store-a', part('store-a').id, [line('store-a', 'book-1')]);
    // the authorization of the shipment never gets through; its return waits for a capture that never comes
    await receive('store-a', part('store-a').id, [line('store-a', 'book-1')]);
    const faulty = new FaultyPaymentProvider(p.sandbox).failNext('authorize', Infinity, 'before');
    const { logger, records } = captureLogs();
    const clock = new ManualClock(new Date(Date.now() + 1_000));
    const job = new MoneyMovementJob({ queue: new PgMoneyMovementQueue(pool), provider: faulty, clock, logger, options: { backoffBaseMs: 1_000, maxAttempts: 2 } });
    expect(await job.runOnce()).toMatchObject({ retried: 1 });
    clock.advance(1_000);
    expect(await job.runOnce()).toMatchObject({ failed: 1 });
    const read = await readOrder(shopper, order.id);
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:5699', 'AUTHORIZATION:FAILED:2499', 'REFUND:FAILED:1999']);
    expect(read.transactions[1]).toMatchObject({ attempts: 2, lastError: expect.stringMatching(/provider unavailable/) });
    expect(read.transactions[2].lastError).toMatch(/failed/);
    expect(records.filter((r) => r.level === 50 && /FAILED/.test(r.msg))).toHaveLength(1);
    await voidLines('store-b', part('store-b').id, [line('store-b', 'hammer')]);
    await drain();
  });

  it('two job instances running together execute each row once', async () => {
    const orders = [];
    for (let i = 0; i < 6; i++) {
      const placed = await placeOrder([['store-a', 'book-1', 1], ['store-a', 'book-2', 1], ['store-b', 'hammer', 1]]);
      await ship('store-a', placed.part('store-a').id, [placed.line('store-a', 'book-1')]);
      await ship('store-b', placed.part('store-b').id);
      orders.push(placed);
    }
    const slow = new FaultyPaymentProvider(p.sandbox).delay(25);
    const jobs = [0, 1].map(() => new MoneyMovementJob({ queue: new PgMoneyMovementQueue(pool), provider: slow, clock: systemClock, logger: silentLogger(), options: { batchSize: 2 } }));
    const reports = await Promise.all([jobs[0].runOnce(), jobs[1].runOnce(), jobs[0].runOnce(), jobs[1].runOnce()]);
    const claimed = reports.reduce((s, r) => s + r.claimed, 0);
    // 12 shipment authorizations and their 12 captures, each claimed once
    expect(claimed).toBe(24);
    expect(reports.filter((r) => r.claimed > 0).length).toBeGreaterThanOrEqual(2);
    for (const placed of orders) {
      const read = await readOrder(placed.shopper, placed.order.id);
      const moved = read.transactions.slice(1);
      expect(summary(moved).sort()).toEqual(['AUTHORIZATION:SUCCEEDED:2499', 'AUTHORIZATION:SUCCEEDED:3200', 'CAPTURE:SUCCEEDED:2499', 'CAPTURE:SUCCEEDED:3200']);
      for (const t of moved) expect(p.sandbox.callsByKey.get(t.id)).toBe(1);
      await voidLines('store-a', placed.part('store-a').id, [placed.line('store-a', 'book-2')]);
    }
    await drain();
    await expectLedgerBalanced(pool);
  });
});
