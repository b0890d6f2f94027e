import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInventoryForTest, type InventoryUnderTest } from '../../subgraphs/inventory/testing.js';
import { startTestExchange } from '../support/exchange.js';
import { graphql, HOLD, Shopper } from '../support/graphql-client.js';

// Stores join, pause and leave a running exchange through the registry's operator API;
// both gateways (each with its own directory polling the registry) follow within
// seconds, with no restart.
type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;
let gateways: string[];
let newStore: InventoryUnderTest;
let broken: http.Server;
let brokenUrl: string;
const newStoreKey = `sk_late_${randomBytes(16).toString('hex')}`;

const REGISTER = /* GraphQL */ `
  mutation($input: RegisterStoreInput!) {
    registerStore(input: $input) {
      __typename
      ... on RegisteredStore { id status }
      ... on ErrorResult { code message }
      ... on ContractMismatchError { differences }
    }
  }
`;
const op = (headers: Record<string, string> = {}) => ({ 'x-operator-key': exchange.operatorKey!, ...headers });
const CHECKOUT = /* GraphQL */ `
  mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on Order { id } ... on ErrorResult { code message } } }
`;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };
const STORE_ORDERS = `{ storeOrders(first: 50) { edges { node { orderId store { id } lines { sku } } } } }`;

async function storeName(gatewayUrl: string, id: string): Promise<string | null> {
  const res = await graphql(gatewayUrl, `query($id: ID!) { store(id: $id) { name } }`, { id });
  return res.data?.store?.name ?? null;
}

beforeAll(async () => {
  exchange = await startTestExchange({ extraTicketReplicas: 1, registryPollMs: 200 });
  gateways = [exchange.gatewayUrl, ...exchange.extraGatewayUrls];
  newStore = await startInventoryForTest('late_store', 'late-store');
  await newStore.addItem({ sku: 'LATE-1', name: 'Late Lamp', price: 4_200, stock: 10 });
  const sdl = readFileSync(new URL('../../subgraphs/inventory/schema.graphql', import.meta.url), 'utf8').replace('  price: Money!\n', '');
  broken = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { _service: { sdl } } }));
  });
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/graphql`;
}, 120_000);

afterAll(async () => {
  await exchange?.dispose();
  await newStore?.stop();
  await new Promise((r) => broken?.close(r));
});

describe('the store registry in a running exchange', () => {
  it('starts with the demo stores registered through the operator API', async () => {
    expect(gateways).toHaveLength(2);
    const res = await graphql(exchange.gatewayUrl, `{ registeredStores { id status } }`, undefined, op());
    expect(res.data.registeredStores).toEqual([
      { id: 'store-a', status: 'ACTIVE' },
      { id: 'store-b', status: 'ACTIVE' },
    ]);
  });

  it('refuses the operator API without the operator key, with a wrong one, and to stores and shoppers', async () => {
    const input = { id: 'intruder', name: 'Intruder', url: newStore.url, secret: 's'.repeat(32), apiKey: 'k'.repeat(32) };
    const anonymous = await graphql(exchange.gatewayUrl, REGISTER, { input });
    expect(anonymous.errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    const wrong = await graphql(exchange.gatewayUrl, REGISTER, { input }, { 'x-operator-key': 'not-the-operator-key-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.errors?.[0].extensions?.code).toBe('INVALID_OPERATOR_CREDENTIALS');
    const asStore = await graphql(exchange.gatewayUrl, REGISTER, { input }, { 'x-store-key': exchange.stores[0].apiKey });
    expect(asStore.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    expect((await shopper.send(`{ registeredStores { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(exchange.gatewayUrl, `mutation { suspendStore(id: "store-a") { __typename } }`, undefined, { 'x-store-key': exchange.stores[0].apiKey })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await storeName(exchange.gatewayUrl, 'intruder')).toBeNull();
    expect(await storeName(exchange.gatewayUrl, 'store-a')).toBe('Store A Books');
  });

  it('refuses a store whose SDL breaks the contract, with the differences, and changes nothing', async () => {
    const before = await graphql(exchange.gatewayUrl, `{ registeredStores { id } }`, undefined, op());
    const res = await graphql(exchange.gatewayUrl, REGISTER, { input: { id: 'broken-store', name: 'Broken', url: brokenUrl, secret: 's'.repeat(32), apiKey: `sk_broken_${randomBytes(12).toString('hex')}` } }, op());
    expect(res.data.registerStore).toMatchObject({ __typename: 'ContractMismatchError', code: 'CONTRACT_MISMATCH', differences: ['Item.price: missing'] });
    expect((await graphql(exchange.gatewayUrl, `{ registeredStores { id } }`, undefined, op())).data).toEqual(before.data);
    await new Promise((r) => setTimeout(r, 500));
    for (const url of gateways) expect(await storeName(url, 'broken-store')).toBeNull();
  });

  it('routes a store registered at run time on both gateways, without a restart', async () => {
    for (const url of gateways) expect(await storeName(url, 'late-store')).toBeNull();
    const res = await graphql(exchange.extraGatewayUrls[0], REGISTER, { input: { id: 'late-store', name: 'Late Store', url: newStore.url, secret: newStore.secret, apiKey: newStoreKey } }, op());
    expect(res.data.registerStore).toEqual({ __typename: 'RegisteredStore', id: 'late-store', status: 'ACTIVE' });
    for (const url of gateways) {
      await expect.poll(() => storeName(url, 'late-store'), { timeout: 10_000, interval: 100 }).toBe('Test Store');
      const item = await graphql(url, `{ item(storeId: "late-store", sku: "LATE-1") { name price { amount } available } }`);
      expect(item.data.item).toEqual({ name: 'Late Lamp', price: { amount: 4_200 }, available: 10 });
    }
    // and the exchange's other services know it too: a hold there works
    const shopper = await new Shopper(exchange.extraGatewayUrls[0]).startGuest();
    await expect
      .poll(async () => (await shopper.send(HOLD, { input: { storeId: 'late-store', sku: 'LATE-1', quantity: 1, idempotencyKey: randomUUID() } })).data?.hold.__typename, { timeout: 10_000 })
      .toBe('Ticket');
  });

  it("gives the new store's API key its own orders and no one else's", async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await expect
      .poll(async () => (await shopper.send(HOLD, { input: { storeId: 'late-store', sku: 'LATE-1', quantity: 2, idempotencyKey: randomUUID() } })).data?.hold.__typename, { timeout: 10_000 })
      .toBe('Ticket');
    const order = (await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } })).data.checkout;
    expect(order.__typename).toBe('Order');

    const own = await graphql(exchange.gatewayUrl, STORE_ORDERS, undefined, { 'x-store-key': newStoreKey });
    expect(own.errors).toBeUndefined();
    const ownOrders = own.data.storeOrders.edges.map((e: any) => e.node);
    expect(ownOrders.map((o: any) => o.orderId)).toContain(order.id);
    expect(ownOrders.every((o: any) => o.store.id === 'late-store')).toBe(true);

    const other = await graphql(exchange.gatewayUrl, STORE_ORDERS, undefined, { 'x-store-key': exchange.stores[0].apiKey });
    expect(other.data.storeOrders.edges.map((e: any) => e.node.orderId)).not.toContain(order.id);
    // a store key is not an operator key
    expect((await graphql(exchange.gatewayUrl, `{ registeredStores { id } }`, undefined, { 'x-store-key': newStoreKey })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('takes a suspended store out of routing on both gateways while the others answer, and resumes it', async () => {
    const suspend = await graphql(exchange.gatewayUrl, `mutation { suspendStore(id: "late-store") { __typename ... on RegisteredStore { status } } }`, undefined, op());
    expect(suspend.data.suspendStore).toEqual({ __typename: 'RegisteredStore', status: 'SUSPENDED' });
    for (const url of gateways) {
      await expect.poll(() => storeName(url, 'late-store'), { timeout: 10_000, interval: 100 }).toBeNull();
      const both = await graphql(url, `{ late: item(storeId: "late-store", sku: "LATE-1") { name } other: store(id: "store-a") { name } }`);
      expect(both.data).toEqual({ late: null, other: { name: 'Store A Books' } });
    }
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await expect
      .poll(async () => (await shopper.send(HOLD, { input: { storeId: 'late-store', sku: 'LATE-1', quantity: 1, idempotencyKey: randomUUID() } })).data?.hold.code, { timeout: 10_000 })
      .toBe('STORE_NOT_FOUND');
    // its key no longer authenticates
    await expect.poll(async () => (await graphql(exchange.gatewayUrl, STORE_ORDERS, undefined, { 'x-store-key': newStoreKey })).errors?.[0].extensions?.code, { timeout: 10_000 }).toBe('INVALID_STORE_CREDENTIALS');

    await graphql(exchange.gatewayUrl, `mutation { resumeStore(id: "late-store") { __typename } }`, undefined, op());
    for (const url of gateways) await expect.poll(() => storeName(url, 'late-store'), { timeout: 10_000, interval: 100 }).toBe('Test Store');
  });

  it('removes a store for good', async () => {
    const removed = await graphql(exchange.gatewayUrl, `mutation { removeStore(id: "late-store") { __typename ... on StoreRemoved { id } } }`, undefined, op());
    expect(removed.data.removeStore).toEqual({ __typename: 'StoreRemoved', id: 'late-store' });
    for (const url of gateways) await expect.poll(() => storeName(url, 'late-store'), { timeout: 10_000, interval: 100 }).toBeNull();
    const again = await graphql(exchange.gatewayUrl, REGISTER, { input: { id: 'late-store', name: 'Late Store', url: newStore.url, secret: newStore.secret, apiKey: newStoreKey } }, op());
    expect(again.data.registerStore.__typename).toBe('StoreAlreadyExistsError');
  });
});
