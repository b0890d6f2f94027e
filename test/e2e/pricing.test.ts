import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, HOLD, Shopper } from '../support/graphql-client.js';
import { startTestExchange } from '../support/exchange.js';

// Prices per user class, sales over time windows (optionally with an offer code), offer
// codes on the session: through the gateway, the cart shows the shopper's best price and
// checkout charges exactly that (lib/pricing.ts, shared by the ticket and payment subgraphs).
type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;

const HOUR = 3_600_000;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };
const PASSWORD = 'correct horse battery staple';

const SET_RULE = `mutation($i: PriceRuleInput!) { setPriceRule(input: $i) { __typename ... on PriceRule { id sku kind priceClass offerCode price { amount currency } startsAt endsAt } ... on ErrorResult { code message } } }`;
const CART = `{ cart { totals { amount currency } tickets { sku quantity unitPrice { amount currency } listPrice { amount currency } lineTotal { amount currency } } } }`;
const APPLY_CODE = `mutation($c: String!) { applyOfferCode(code: $c) { __typename ... on Session { offerCodes } ... on ErrorResult { code } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename
  ... on Order { id itemsTotal { amount currency } parts { store { id } subtotal { amount } lines { sku quantity unitPrice { amount currency } lineTotal { amount } } } }
  ... on ErrorResult { code message } } }`;
const SET_CLASS = `mutation($a: ID!, $c: String) { setAccountPriceClass(accountId: $a, priceClass: $c) { __typename ... on Account { id priceClass } ... on ErrorResult { code message } } }`;
const REGISTER = `mutation($e: String!, $p: String!) { register(email: $e, password: $p) { __typename ... on SessionGranted { token session { account { id } } } ... on ErrorResult { code message } } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename ... on SessionGranted { token } ... on ErrorResult { code message } } }`;

beforeAll(async () => {
  exchange = await startTestExchange();
});
afterAll(async () => {
  await exchange?.dispose();
});

const storeHeaders = (storeId: string) => ({ 'x-store-key': exchange.stores.find((s) => s.id === storeId)!.apiKey });

async function items(storeId: string, n: number): Promise<{ sku: string; price: number }[]> {
  const res = await graphql(exchange.gatewayUrl, `query($id: ID!, $n: Int) { store(id: $id) { items(first: $n) { edges { node { sku price { amount } } } } } }`, { id: storeId, n });
  return res.data.store.items.edges.map((e: any) => ({ sku: e.node.sku, price: e.node.price.amount }));
}

async function setRule(storeId: string, input: Record<string, unknown>) {
  const res = await graphql(exchange.gatewayUrl, SET_RULE, { i: { currency: 'USD', ...input } }, storeHeaders(storeId));
  expect(res.errors).toBeUndefined();
  expect(res.data.setPriceRule.__typename).toBe('PriceRule');
  return res.data.setPriceRule;
}

async function hold(shopper: Shopper, storeId: string, sku: string, quantity: number) {
  const res = await shopper.send(HOLD, { input: { storeId, sku, quantity, idempotencyKey: randomUUID() } });
  expect(res.data.hold.__typename).toBe('Ticket');
  return res.data.hold;
}

async function cart(shopper: Shopper) {
  const res = await shopper.send(CART);
  expect(res.errors).toBeUndefined();
  return res.data.cart;
}

async function checkout(shopper: Shopper) {
  const res = await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } });
  expect(res.errors).toBeUndefined();
  expect(res.data.checkout.__typename).toBe('Order');
  return res.data.checkout;
}

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('pricing through the gateway', () => {
  it('a coded sale: the list price without the code; after applyOfferCode the cart shows the sale price and checkout charges it', async () => {
    const [item] = await items('store-a', 1);
    const salePrice = Math.floor(item.price / 2);
    const rule = await setRule('store-a', { sku: item.sku, kind: 'SALE', amount: salePrice, offerCode: 'e2e-spring', startsAt: new Date(Date.now() - HOUR).toISOString() });
    expect(rule).toMatchObject({ kind: 'SALE', offerCode: 'E2E-SPRING', price: usd(salePrice), endsAt: null });

    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const held = await hold(shopper, 'store-a', item.sku, 2);
    expect(held.unitPrice).toEqual(usd(item.price));
    expect(await cart(shopper)).toEqual({
      totals: [usd(item.price * 2)],
      tickets: [{ sku: item.sku, quantity: 2, unitPrice: usd(item.price), listPrice: usd(item.price), lineTotal: usd(item.price * 2) }],
    });

    expect((await shopper.send(APPLY_CODE, { c: ' E2E-spring ' })).data.applyOfferCode).toEqual({ __typename: 'Session', offerCodes: ['E2E-SPRING'] });
    expect(await cart(shopper)).toEqual({
      totals: [usd(salePrice * 2)],
      tickets: [{ sku: item.sku, quantity: 2, unitPrice: usd(salePrice), listPrice: usd(item.price), lineTotal: usd(salePrice * 2) }],
    });

    const order = await checkout(shopper);
    // the grand total may carry shipping: the lines and the items total are what pricing decides
    expect(order.itemsTotal).toEqual(usd(salePrice * 2));
    expect(order.parts).toHaveLength(1);
    expect(order.parts[0].subtotal).toEqual({ amount: salePrice * 2 });
    expect(order.parts[0].lines).toEqual([{ sku: item.sku, quantity: 2, unitPrice: usd(salePrice), lineTotal: { amount: salePrice * 2 } }]);

    // another shopper without the code still pays the list price
    const other = await new Shopper(exchange.gatewayUrl).startGuest();
    await hold(other, 'store-a', item.sku, 1);
    expect((await cart(other)).tickets[0].unitPrice).toEqual(usd(item.price));
    expect((await checkout(other)).parts[0].lines[0].unitPrice).toEqual(usd(item.price));
  });

  it('a class price set for WHOLESALE applies once the operator puts the account in the class: at once, and after a new login', async () => {
    const [item] = await items('store-b', 1);
    const classPrice = item.price - Math.max(1, Math.floor(item.price / 4));
    await setRule('store-b', { sku: item.sku, kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: classPrice });

    const email = `wholesale-${randomUUID()}@example.com`;
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const registered = (await shopper.send(REGISTER, { e: email, p: PASSWORD })).data.register;
    expect(registered.__typename).toBe('SessionGranted');
    shopper.token = registered.token;
    const accountId = registered.session.account.id;
    await hold(shopper, 'store-b', item.sku, 3);
    expect((await cart(shopper)).tickets[0]).toMatchObject({ unitPrice: usd(item.price), listPrice: usd(item.price) });

    // only the operator may put an account in a class
    const bySelf = await shopper.send(SET_CLASS, { a: accountId, c: 'WHOLESALE' });
    expect(bySelf.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const operator = { 'x-operator-key': exchange.operatorKey! };
    const set = await graphql(exchange.gatewayUrl, SET_CLASS, { a: accountId, c: 'wholesale' }, operator);
    expect(set.data.setAccountPriceClass).toEqual({ __typename: 'Account', id: accountId, priceClass: 'WHOLESALE' });

    // the live session carries it at once
    expect((await shopper.send(`{ me { priceClass } }`)).data.me).toEqual({ priceClass: 'WHOLESALE' });
    expect(await cart(shopper)).toEqual({
      totals: [usd(classPrice * 3)],
      tickets: [{ sku: item.sku, quantity: 3, unitPrice: usd(classPrice), listPrice: usd(item.price), lineTotal: usd(classPrice * 3) }],
    });

    // a new login (another browser) reads the class from the account; same cart (the account's)
    const again = new Shopper(exchange.gatewayUrl);
    const login = (await again.send(LOGIN, { e: email, p: PASSWORD })).data.login;
    expect(login.__typename).toBe('SessionGranted');
    again.token = login.token;
    expect((await cart(again)).tickets[0]).toMatchObject({ unitPrice: usd(classPrice), listPrice: usd(item.price) });

    const order = await checkout(again);
    expect(order.itemsTotal).toEqual(usd(classPrice * 3));
    expect(order.parts[0].lines).toEqual([{ sku: item.sku, quantity: 3, unitPrice: usd(classPrice), lineTotal: { amount: classPrice * 3 } }]);

    // cleared: back to list prices for the account's sessions
    await graphql(exchange.gatewayUrl, SET_CLASS, { a: accountId, c: null }, operator);
    await hold(again, 'store-b', item.sku, 1);
    expect((await cart(again)).tickets[0].unitPrice).toEqual(usd(item.price));
  });

  it('a sale window in the past does not apply, in the cart or at checkout', async () => {
    const [, item] = await items('store-a', 2);
    await setRule('store-a', { sku: item.sku, kind: 'SALE', amount: 1, startsAt: new Date(Date.now() - 3 * HOUR).toISOString(), endsAt: new Date(Date.now() - HOUR).toISOString() });
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await hold(shopper, 'store-a', item.sku, 1);
    expect((await cart(shopper)).tickets[0]).toMatchObject({ unitPrice: usd(item.price), listPrice: usd(item.price) });
    const order = await checkout(shopper);
    expect(order.itemsTotal).toEqual(usd(item.price));
    expect(order.parts[0].lines[0].unitPrice).toEqual(usd(item.price));
  });

  it('a store sees only its own rules', async () => {
    const [item] = await items('store-a', 1);
    const list = `{ priceRules { id sku } }`;
    const ofA = (await graphql(exchange.gatewayUrl, list, undefined, storeHeaders('store-a'))).data.priceRules;
    const ofB = (await graphql(exchange.gatewayUrl, list, undefined, storeHeaders('store-b'))).data.priceRules;
    expect(ofA.map((r: any) => r.sku)).toContain(item.sku);
    expect(ofB.some((r: any) => ofA.some((a: any) => a.id === r.id))).toBe(false);
  });
});
