import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../lib/db.js';
import { expectLedgerBalanced } from '../../subgraphs/payment/testing/ledger-assertions.js';
import { asStore, graphql, HOLD, orderSettled, Shopper } from '../support/graphql-client.js';
import { startTestExchange, TEST_STORES } from '../support/exchange.js';

/**
 * Store-run payments through the gateway: store-b (the native inventory subgraph with its
 * payment handling on, registered with its `paymentEndpoint`) collects its parts of orders
 * itself; store-a leaves it to the exchange.
 */
type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;
let paymentPool: Pool;
let storeBPool: Pool;

const YEAR = new Date().getFullYear() + 2;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: YEAR, cvc: '123' };
const DECLINED = { number: '4000000000000002', expMonth: 12, expYear: YEAR, cvc: '123' };
const TX = `id kind status collectedBy amount { amount currency } storeId parentId`;
const CHECKOUT = /* GraphQL */ `
  mutation Checkout($input: CheckoutInput!) {
    checkout(input: $input) {
      __typename
      ... on Order { id status total { amount } payment { status amount { amount } }
        parts { id paidBy store { id } subtotal { amount } shipping { amount } } transactions { ${TX} } }
      ... on ErrorResult { code message }
      ... on PaymentDeclinedByStoreError { storeId declineCode }
    }
  }
`;
const ORDER = /* GraphQL */ `query($id: ID!) { order(id: $id) { id status parts { store { id } paidBy status } transactions { ${TX} } } }`;
const SHIP = /* GraphQL */ `mutation($input: ShipItemsInput!) { shipItems(input: $input) { __typename ... on Shipment { id amount { amount } } ... on ErrorResult { code message } } }`;
const BALANCE = /* GraphQL */ `{ storeBalance { owed { amount currency } feesDue { amount currency } } }`;

const summary = (txs: any[]) => txs.map((t) => `${t.kind}:${t.collectedBy}:${t.storeId ?? '-'}:${t.status}:${t.amount.amount}`).sort();

async function firstSku(storeId: string): Promise<{ sku: string; price: number }> {
  const res = await graphql(exchange.gatewayUrl, `query($id: ID!) { store(id: $id) { items(first: 1) { edges { node { sku price { amount } } } } } }`, { id: storeId });
  const node = res.data.store.items.edges[0].node;
  return { sku: node.sku, price: node.price.amount };
}

async function holdBoth(shopper: Shopper) {
  const a = await firstSku('store-a');
  const b = await firstSku('store-b');
  for (const [storeId, sku, quantity] of [['store-a', a.sku, 1], ['store-b', b.sku, 2]] as const) {
    const res = await shopper.send(HOLD, { input: { storeId, sku, quantity, idempotencyKey: randomUUID() } });
    expect(res.data.hold.__typename).toBe('Ticket');
  }
  return { a, b };
}

beforeAll(async () => {
  exchange = await startTestExchange({ stores: [TEST_STORES[0], { ...TEST_STORES[1], payments: true }] });
  paymentPool = exchange.paymentPool;
  storeBPool = exchange.stores.find((s) => s.id === 'store-b')!.pool;
});

afterAll(async () => {
  await exchange?.dispose();
});

describe('a two-store order where one store runs its own payment handling', () => {
  it('authorizes store-b at store-b and only store-a at the exchange; shipping captures at store-b; the ledger books the fee', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const { a, b } = await holdBoth(shopper);
    const charges = exchange.paymentProvider.authorizationCount();

    const order = (await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } })).data.checkout;
    expect(order.__typename).toBe('Order');
    expect(order.status).toBe('AUTHORIZED');
    const partA = order.parts.find((p: any) => p.store.id === 'store-a');
    const partB = order.parts.find((p: any) => p.store.id === 'store-b');
    expect([partA.paidBy, partB.paidBy]).toEqual(['EXCHANGE', 'STORE']);
    const totalA = a.price + partA.shipping.amount;
    const totalB = b.price * 2 + partB.shipping.amount;
    expect(order.total.amount).toBe(totalA + totalB);
    expect(order.payment).toEqual({ status: 'AUTHORIZED', amount: { amount: totalA } });
    expect(summary(order.transactions)).toEqual(summary([
      { kind: 'AUTHORIZATION', collectedBy: 'EXCHANGE', storeId: null, status: 'SUCCEEDED', amount: { amount: totalA } },
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-b', status: 'SUCCEEDED', amount: { amount: totalB } },
    ]));
    // the exchange's provider saw only store-a's part; store-b's own processor saw its part, once
    expect(exchange.paymentProvider.authorizationCount()).toBe(charges + 1);
    expect(exchange.paymentProvider.authorizations.at(-1)).toMatchObject({ idempotencyKey: order.id, amount: totalA });
    const atStore = await storeBPool.query(`SELECT operation, status, amount, card_brand, card_last4, store_order_id FROM store_payments WHERE order_id = $1`, [order.id]);
    expect(atStore.rows).toEqual([{ operation: 'authorize', status: 'approved', amount: totalB, card_brand: 'VISA', card_last4: '4242', store_order_id: partB.id }]);
    await expectLedgerBalanced(paymentPool);

    // store-b ships its whole part: its authorization is captured whole, at store-b
    const storeB = asStore(exchange, 'store-b');
    const feesBefore = (await storeB(BALANCE)).storeBalance.feesDue;
    const shipped = (await storeB(SHIP, { input: { storeOrderId: partB.id, carrier: 'DHL', trackingNumber: 'JD0001', idempotencyKey: randomUUID() } })).shipItems;
    expect(shipped).toMatchObject({ __typename: 'Shipment', amount: { amount: totalB } });
    let read = await orderSettled(shopper, ORDER, order.id);
    const storeAuth = order.transactions.find((t: any) => t.collectedBy === 'STORE');
    expect(read.transactions.find((t: any) => t.kind === 'CAPTURE')).toMatchObject({ collectedBy: 'STORE', storeId: 'store-b', status: 'SUCCEEDED', amount: { amount: totalB }, parentId: storeAuth.id });
    const captured = await storeBPool.query(`SELECT c.status, c.amount FROM store_payments c JOIN store_payments a ON a.id = c.parent_id WHERE a.order_id = $1 AND c.operation = 'capture'`, [order.id]);
    expect(captured.rows).toEqual([{ status: 'succeeded', amount: totalB }]);
    // store-b collected the money itself: the exchange owes it nothing, it owes the fee (5% of its items)
    const balance = (await storeB(BALANCE)).storeBalance;
    expect(balance.owed).toEqual([]);
    expect(balance.feesDue).toEqual([{ amount: (feesBefore[0]?.amount ?? 0) + Math.round((b.price * 2 * 500) / 10_000), currency: 'USD' }]);
    await expectLedgerBalanced(paymentPool);

    // store-a ships: the exchange captures its own authorization whole
    await asStore(exchange, 'store-a')(SHIP, { input: { storeOrderId: partA.id, carrier: 'UPS', trackingNumber: '1Z0001', idempotencyKey: randomUUID() } });
    read = await orderSettled(shopper, ORDER, order.id);
    expect(read.status).toBe('FULFILLED');
    expect(summary(read.transactions)).toEqual(summary([
      { kind: 'AUTHORIZATION', collectedBy: 'EXCHANGE', storeId: null, status: 'SUCCEEDED', amount: { amount: totalA } },
      { kind: 'CAPTURE', collectedBy: 'EXCHANGE', storeId: 'store-a', status: 'SUCCEEDED', amount: { amount: totalA } },
      { kind: 'AUTHORIZATION', collectedBy: 'STORE', storeId: 'store-b', status: 'SUCCEEDED', amount: { amount: totalB } },
      { kind: 'CAPTURE', collectedBy: 'STORE', storeId: 'store-b', status: 'SUCCEEDED', amount: { amount: totalB } },
    ]));
    await expectLedgerBalanced(paymentPool);
  });

  it('store-b declines: PAYMENT_DECLINED_BY_STORE, no exchange authorization, the tickets still held', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await holdBoth(shopper);
    const charges = exchange.paymentProvider.authorizationCount();

    const refused = (await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: DECLINED } } })).data.checkout;
    expect(refused).toMatchObject({ __typename: 'PaymentDeclinedByStoreError', code: 'PAYMENT_DECLINED_BY_STORE', storeId: 'store-b', declineCode: 'card_declined' });

    // nothing charged at the exchange: no call to its provider, no exchange authorization row
    expect(exchange.paymentProvider.authorizationCount()).toBe(charges);
    const orders = (await shopper.send(`{ orders(first: 5) { edges { node { id status transactions { ${TX} } } } } }`)).data.orders.edges.map((e: any) => e.node);
    expect(orders).toHaveLength(1);
    expect(orders[0].status).toBe('VOID');
    expect(summary(orders[0].transactions)).toEqual([`AUTHORIZATION:STORE:store-b:DECLINED:${orders[0].transactions[0].amount.amount}`]);
    const rows = await paymentPool.query(`SELECT count(*)::int AS n FROM financial_transactions WHERE order_id = $1 AND collector = 'EXCHANGE'`, [orders[0].id]);
    expect(rows.rows[0].n).toBe(0);

    // the tickets are back in the cart, still held; store-b kept only the declined attempt (no card number)
    const cart = (await shopper.send(`{ cart { tickets { status } } }`)).data.cart;
    expect(cart.tickets.map((t: any) => t.status)).toEqual(['HELD', 'HELD']);
    const atStore = await storeBPool.query(`SELECT row_to_json(p)::text AS row, status, reason FROM store_payments p WHERE order_id = $1`, [orders[0].id]);
    expect(atStore.rows.map((r) => [r.status, r.reason])).toEqual([['declined', 'card_declined']]);
    expect(atStore.rows[0].row).not.toContain('4000000000000002');
    await expectLedgerBalanced(paymentPool);

    // the same cart goes through with a good card
    const order = (await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } })).data.checkout;
    expect(order).toMatchObject({ __typename: 'Order', status: 'AUTHORIZED' });
  });
});
