import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asStore, graphql, HOLD, orderSettled, Shopper } from '../support/graphql-client.js';
import { startTestExchange } from '../support/exchange.js';
import { expectLedgerBalanced } from '../../subgraphs/payment/testing/ledger-assertions.js';

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;

const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };
const TX = `id kind status amount { amount currency } storeId parentId shipmentId attempts settledAt`;
const CHECKOUT = /* GraphQL */ `
  mutation Checkout($input: CheckoutInput!) {
    checkout(input: $input) {
      __typename
      ... on Order { id status total { amount } itemsTotal { amount } shippingTotal { amount }
        parts { id store { id } subtotal { amount } shipping { amount } lines { id sku lineTotal { amount } } } }
      ... on ErrorResult { code message }
    }
  }
`;
const ERRORS = `... on ErrorResult { code message } ... on IllegalTransitionError { lineId from to } ... on OrderNotFoundError { id }`;
const SHIP = /* GraphQL */ `
  mutation Ship($input: ShipItemsInput!) {
    shipItems(input: $input) { __typename ... on Shipment { id storeOrderId carrier trackingNumber amount { amount } lines { lineId line { sku status } } } ${ERRORS} }
  }
`;
const RETURN = /* GraphQL */ `
  mutation Return($input: LinesInput!) {
    receiveReturn(input: $input) { __typename ... on ReturnReceived { storeOrder { id status } refund { ${TX} } refunds { id } } ${ERRORS} }
  }
`;
const ORDER = /* GraphQL */ `
  query Order($id: ID!) {
    order(id: $id) { id status payment { status } parts { status store { id } shipments { id } } transactions { ${TX} } }
  }
`;

async function firstSkus(storeId: string, n: number): Promise<{ sku: string; price: number }[]> {
  const res = await graphql(exchange.gatewayUrl, `query($id: ID!, $n: Int) { store(id: $id) { items(first: $n) { edges { node { sku price { amount } } } } } }`, { id: storeId, n });
  return res.data.store.items.edges.map((e: any) => ({ sku: e.node.sku, price: e.node.price.amount }));
}

const summary = (txs: any[]) => txs.map((t) => `${t.kind}:${t.status}:${t.amount.amount}`);

beforeAll(async () => {
  exchange = await startTestExchange();
});
afterAll(async () => {
  await exchange?.dispose();
});

describe('fulfilment through the gateway', () => {
  it('a two-store order shipped partly then fully, each shipment captured; a return refunded', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const [a1, a2] = await firstSkus('store-a', 2);
    const [b1] = await firstSkus('store-b', 1);
    for (const [storeId, item, quantity] of [['store-a', a1, 2], ['store-a', a2, 1], ['store-b', b1, 3]] as const) {
      const res = await shopper.send(HOLD, { input: { storeId, sku: item.sku, quantity, idempotencyKey: randomUUID() } });
      expect(res.data.hold.__typename).toBe('Ticket');
    }
    const storeA = asStore(exchange, 'store-a');
    const storeB = asStore(exchange, 'store-b');
    // store-b ships for 7.00; store-a has no rate: the default 5.00
    expect((await storeB(`mutation { setShippingRate(input: { flatAmount: 700, currency: "USD" }) { __typename ... on ShippingRate { flat { amount } } } }`)).setShippingRate).toEqual({
      __typename: 'ShippingRate',
      flat: { amount: 700 },
    });

    const order = (await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA }, contactEmail: 'shopper@example.com' } })).data.checkout;
    expect(order.__typename).toBe('Order');
    const itemsA = a1.price * 2 + a2.price;
    const itemsB = b1.price * 3;
    expect(order).toMatchObject({ itemsTotal: { amount: itemsA + itemsB }, shippingTotal: { amount: 1200 }, total: { amount: itemsA + itemsB + 1200 } });
    const partA = order.parts.find((x: any) => x.store.id === 'store-a');
    const partB = order.parts.find((x: any) => x.store.id === 'store-b');
    const lineOf = (part: any, sku: string) => part.lines.find((l: any) => l.sku === sku).id;

    // a store reaches only its own part
    const intruder = (await storeA(SHIP, { input: { storeOrderId: partB.id, carrier: 'UPS', trackingNumber: 'X', idempotencyKey: randomUUID() } })).shipItems;
    expect(intruder).toMatchObject({ __typename: 'OrderNotFoundError', code: 'ORDER_NOT_FOUND' });

    // store-a ships part of its lines: a new authorization for them (+ its shipping), then its capture
    const first = (await storeA(SHIP, { input: { storeOrderId: partA.id, lineIds: [lineOf(partA, a1.sku)], carrier: 'UPS', trackingNumber: '1Z0001', idempotencyKey: randomUUID() } })).shipItems;
    expect(first).toMatchObject({ __typename: 'Shipment', amount: { amount: a1.price * 2 + 500 }, lines: [{ line: { sku: a1.sku, status: 'SHIPPED' } }] });
    let read = await orderSettled(shopper, ORDER, order.id);
    expect(read.status).toBe('PARTIALLY_FULFILLED');
    expect(summary(read.transactions)).toEqual([`AUTHORIZATION:SUCCEEDED:${order.total.amount}`, `AUTHORIZATION:SUCCEEDED:${a1.price * 2 + 500}`, `CAPTURE:SUCCEEDED:${a1.price * 2 + 500}`]);
    expect(read.transactions[2]).toMatchObject({ parentId: read.transactions[1].id, shipmentId: first.id, storeId: 'store-a' });

    // the rest ships: the remaining store-a line, all of store-b; the order's own authorization is voided
    const second = (await storeA(SHIP, { input: { storeOrderId: partA.id, carrier: 'UPS', trackingNumber: '1Z0002', idempotencyKey: randomUUID() } })).shipItems;
    expect(second.amount.amount).toBe(a2.price);
    const third = (await storeB(SHIP, { input: { storeOrderId: partB.id, carrier: 'DHL', trackingNumber: 'JD0003', idempotencyKey: randomUUID() } })).shipItems;
    expect(third.amount.amount).toBe(itemsB + 700);
    read = await orderSettled(shopper, ORDER, order.id);
    expect(read).toMatchObject({ status: 'FULFILLED', payment: { status: 'VOIDED' } });
    expect(summary(read.transactions).sort()).toEqual(
      [
        `AUTHORIZATION:SUCCEEDED:${order.total.amount}`,
        `AUTHORIZATION:SUCCEEDED:${a1.price * 2 + 500}`,
        `CAPTURE:SUCCEEDED:${a1.price * 2 + 500}`,
        `AUTHORIZATION:SUCCEEDED:${a2.price}`,
        `CAPTURE:SUCCEEDED:${a2.price}`,
        `AUTHORIZATION:SUCCEEDED:${itemsB + 700}`,
        `CAPTURE:SUCCEEDED:${itemsB + 700}`,
        `VOID:SUCCEEDED:${order.total.amount}`,
      ].sort(),
    );
    // the captures add up to what shipped: every item and each part's shipping once
    const captured = read.transactions.filter((t: any) => t.kind === 'CAPTURE').reduce((s: number, t: any) => s + t.amount.amount, 0);
    expect(captured).toBe(order.total.amount);
    expect(read.parts.map((x: any) => [x.store.id, x.status, x.shipments.length])).toEqual([['store-a', 'FULFILLED', 2], ['store-b', 'FULFILLED', 1]]);

    // store-b's view: its part, its shipment, its own money only
    const seen = (await storeB(`query($id: ID!) { storeOrder(id: $id) { status shipments { carrier } transactions { kind status amount { amount } } } }`, { id: partB.id })).storeOrder;
    expect(seen).toEqual({
      status: 'FULFILLED',
      shipments: [{ carrier: 'DHL' }],
      transactions: [
        { kind: 'AUTHORIZATION', status: 'SUCCEEDED', amount: { amount: itemsB + 700 } },
        { kind: 'CAPTURE', status: 'SUCCEEDED', amount: { amount: itemsB + 700 } },
      ],
    });

    // the hammers come back: their total is refunded against store-b's capture (not its shipping)
    const returned = (await storeB(RETURN, { input: { storeOrderId: partB.id, lineIds: [lineOf(partB, b1.sku)], idempotencyKey: randomUUID() } })).receiveReturn;
    const captureB = read.transactions.find((t: any) => t.kind === 'CAPTURE' && t.storeId === 'store-b');
    expect(returned).toMatchObject({ __typename: 'ReturnReceived', storeOrder: { status: 'RETURNED' }, refund: { kind: 'REFUND', amount: { amount: itemsB }, parentId: captureB.id } });
    read = await orderSettled(shopper, ORDER, order.id);
    expect(read.transactions.find((t: any) => t.id === returned.refund.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(read.status).toBe('FULFILLED');
    expect(read.parts.find((x: any) => x.store.id === 'store-b').status).toBe('RETURNED');

    // each transaction reached the provider once
    const provider = exchange.paymentProvider;
    for (const t of read.transactions.slice(1)) expect(provider.callsByKey.get(t.id), t.kind).toBe(1);
    expect(provider.operations.filter((o) => read.transactions.some((t: any) => t.id === o.idempotencyKey)).map((o) => o.kind).sort()).toEqual(['capture', 'capture', 'capture', 'refund', 'void']);

    // nothing to return twice
    const again = (await storeB(RETURN, { input: { storeOrderId: partB.id, lineIds: [lineOf(partB, b1.sku)], idempotencyKey: randomUUID() } })).receiveReturn;
    expect(again).toMatchObject({ __typename: 'IllegalTransitionError', from: 'RECEIVED_BACK', to: 'RECEIVED_BACK' });
  });
});

describe('an unpaid balance through the gateway', () => {
  const PAY = /* GraphQL */ `
    mutation Pay($input: PayUnpaidBalanceInput!) {
      payUnpaidBalance(input: $input) {
        __typename
        ... on Order { id unpaidAmount { amount } transactions { kind status amount { amount } paysUnpaidBalance settledBy } }
        ... on CardDeclinedError { declineCode }
        ... on ErrorResult { code message }
      }
    }
  `;
  const UNPAID = `query($id: ID!) { order(id: $id) { status unpaidAmount { amount currency } transactions { ${TX} paysUnpaidBalance settledBy } } }`;

  it('a partial shipment whose new authorization is declined leaves its amount unpaid; the shopper pays it with another card, once', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const [x, y] = await firstSkus('store-a', 4).then((items) => items.slice(2));
    for (const item of [x, y]) expect((await shopper.send(HOLD, { input: { storeId: 'store-a', sku: item.sku, quantity: 1, idempotencyKey: randomUUID() } })).data.hold.__typename).toBe('Ticket');
    // approves at checkout, declines every merchant-initiated (partial-shipment) authorization
    const order = (await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: { ...VISA, number: '4000000000000341' } } } })).data.checkout;
    expect(order.__typename).toBe('Order');
    const part = order.parts[0];
    const lineX = part.lines.find((l: any) => l.sku === x.sku).id;
    const storeA = asStore(exchange, 'store-a');
    const shipped = (await storeA(SHIP, { input: { storeOrderId: part.id, lineIds: [lineX], carrier: 'UPS', trackingNumber: '1Z0009', idempotencyKey: randomUUID() } })).shipItems;
    expect(shipped.__typename).toBe('Shipment');
    let read = await orderSettled(shopper, UNPAID, order.id);
    const owed = x.price + 500;
    expect(read.unpaidAmount).toEqual({ amount: owed, currency: 'USD' });

    // someone else cannot pay (nor see) it; a declining card changes nothing
    const stranger = await new Shopper(exchange.gatewayUrl).startGuest();
    const key = randomUUID();
    expect((await stranger.send(PAY, { input: { orderId: order.id, card: VISA, idempotencyKey: randomUUID() } })).data.payUnpaidBalance).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const declined = (await shopper.send(PAY, { input: { orderId: order.id, card: { ...VISA, number: '4000000000000002' }, idempotencyKey: randomUUID() } })).data.payUnpaidBalance;
    expect(declined).toMatchObject({ __typename: 'CardDeclinedError', code: 'CARD_DECLINED' });
    expect((await orderSettled(shopper, UNPAID, order.id)).unpaidAmount.amount).toBe(owed);

    const paid = (await shopper.send(PAY, { input: { orderId: order.id, card: VISA, idempotencyKey: key } })).data.payUnpaidBalance;
    expect(paid).toMatchObject({ __typename: 'Order', id: order.id, unpaidAmount: { amount: 0 } });
    read = await orderSettled(shopper, UNPAID, order.id);
    const balance = read.transactions.filter((t: any) => t.paysUnpaidBalance);
    // the declined attempt stays on record as its own row
    expect(summary(balance).sort()).toEqual([`AUTHORIZATION:DECLINED:${owed}`, `AUTHORIZATION:SUCCEEDED:${owed}`, `CAPTURE:SUCCEEDED:${owed}`]);
    const settledShipment = read.transactions.find((t: any) => t.shipmentId === shipped.id && t.kind === 'AUTHORIZATION');
    expect(settledShipment).toMatchObject({ status: 'DECLINED', settledBy: balance.find((t: any) => t.kind === 'AUTHORIZATION' && t.status === 'SUCCEEDED').id });

    // the same key replays without a second charge; a new key finds nothing left to pay
    const calls = exchange.paymentProvider.operations.length;
    expect((await shopper.send(PAY, { input: { orderId: order.id, card: VISA, idempotencyKey: key } })).data.payUnpaidBalance).toMatchObject({ __typename: 'Order', unpaidAmount: { amount: 0 } });
    expect((await shopper.send(PAY, { input: { orderId: order.id, card: VISA, idempotencyKey: randomUUID() } })).data.payUnpaidBalance).toMatchObject({ code: 'NOTHING_UNPAID' });
    expect(exchange.paymentProvider.operations.length).toBe(calls);
    await expectLedgerBalanced(exchange.paymentPool);
  });
});
