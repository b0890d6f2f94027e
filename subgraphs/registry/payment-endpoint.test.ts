import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../lib/identity.js';
import { createInternalRpcClient } from '../../lib/internal-rpc.js';
import { silentLogger } from '../../lib/logger.js';
import { RegistryStoreDirectory, type RegistryStoresListResponse } from '../../lib/registry-store-directory.js';
import { parseStoresEnv } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { startInventoryForTest, type InventoryUnderTest } from '../inventory/testing.js';
import { normalizePaymentEndpoint } from './domain/validation.js';
import { createRegistryServer, migrateRegistry } from './server.js';

// Store-run payments: a store's payment mode in the registry (paymentEndpoint), carried to
// the exchange's services with the active store list.
const identityKey = randomBytes(32).toString('base64url');
const internalSecret = randomBytes(32).toString('base64url');
const OPERATOR: Identity = { kind: 'OPERATOR' };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let registry: HttpService;
let url: string;
let store: InventoryUnderTest;
let listStores: (input: unknown) => Promise<RegistryStoresListResponse>;

const REGISTER = /* GraphQL */ `
  mutation($input: RegisterStoreInput!) {
    registerStore(input: $input) { __typename ... on RegisteredStore { id paymentEndpoint } ... on ErrorResult { code message } ... on InvalidInputError { field } }
  }
`;
const SET_ENDPOINT = /* GraphQL */ `
  mutation($storeId: ID!, $url: String) {
    setStorePaymentEndpoint(storeId: $storeId, url: $url) { __typename ... on RegisteredStore { id paymentEndpoint status } ... on ErrorResult { code message } ... on InvalidInputError { field } ... on StoreNotFoundError { storeId } }
  }
`;

async function gql(query: string, variables: Record<string, unknown> = {}, identity: Identity | null = OPERATOR) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(identity ? { [IDENTITY_HEADER]: signIdentity(identity, identityKey) } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

const input = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `Store ${id}`, url: store.url, secret: store.secret, apiKey: `sk_${id}_${randomBytes(16).toString('hex')}`, ...extra });

async function listed(id: string) {
  const answer = await listStores({});
  if (answer.notModified) throw new Error('unexpected notModified');
  return answer.stores.find((s) => s.id === id);
}

beforeAll(async () => {
  database = await createTestDatabase('registry_payments');
  pool = createPool(database.url);
  await migrateRegistry(pool);
  registry = createRegistryServer({ pool, identityKey, internalSecret, encryptionKey: randomBytes(32), logger: silentLogger(), sdlTimeoutMs: 2_000 });
  url = await registry.listen(0);
  const call = createInternalRpcClient({ baseUrl: url, secret: internalSecret });
  listStores = (i) => call<RegistryStoresListResponse>('stores/list', i);
  store = await startInventoryForTest('registry_payments_store', 'pay-shop');
});

afterAll(async () => {
  await registry?.close();
  await store?.stop();
  await pool?.end();
  await database?.drop();
});

describe("a store's payment mode", () => {
  it('registers a store that runs its own payments; the exchange gets its endpoint with the store list', async () => {
    const res = await gql(REGISTER, { input: input('pay-shop', { paymentEndpoint: ' https://pay.example.com/cartstart/ ' }) });
    expect(res.data.registerStore).toEqual({ __typename: 'RegisteredStore', id: 'pay-shop', paymentEndpoint: 'https://pay.example.com/cartstart' });
    expect(await listed('pay-shop')).toMatchObject({ id: 'pay-shop', paymentEndpoint: 'https://pay.example.com/cartstart' });
    const plain = await gql(REGISTER, { input: input('plain-shop') });
    expect(plain.data.registerStore).toEqual({ __typename: 'RegisteredStore', id: 'plain-shop', paymentEndpoint: null });
    expect(await listed('plain-shop')).toMatchObject({ paymentEndpoint: null });
    const bad = await gql(REGISTER, { input: input('bad-shop', { paymentEndpoint: 'ftp://pay.example.com' }) });
    expect(bad.data.registerStore).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'paymentEndpoint' });
  });

  it('an operator sets and clears the endpoint; each change moves the registry version, a repeat does not', async () => {
    const v0 = (await listStores({})).version;
    const set = await gql(SET_ENDPOINT, { storeId: 'plain-shop', url: 'http://127.0.0.1:9999/payments' });
    expect(set.data.setStorePaymentEndpoint).toEqual({ __typename: 'RegisteredStore', id: 'plain-shop', paymentEndpoint: 'http://127.0.0.1:9999/payments', status: 'ACTIVE' });
    const v1 = (await listStores({})).version;
    expect(v1).not.toBe(v0);
    await gql(SET_ENDPOINT, { storeId: 'plain-shop', url: 'http://127.0.0.1:9999/payments' });
    expect((await listStores({ ifNoneMatch: v1 })).notModified).toBe(true);
    expect(await listed('plain-shop')).toMatchObject({ paymentEndpoint: 'http://127.0.0.1:9999/payments' });

    const cleared = await gql(SET_ENDPOINT, { storeId: 'plain-shop', url: null });
    expect(cleared.data.setStorePaymentEndpoint).toMatchObject({ paymentEndpoint: null });
    expect(await listed('plain-shop')).toMatchObject({ paymentEndpoint: null });
    expect((await gql(SET_ENDPOINT, { storeId: 'plain-shop', url: '   ' })).data.setStorePaymentEndpoint).toMatchObject({ paymentEndpoint: null });

    expect((await gql(SET_ENDPOINT, { storeId: 'plain-shop', url: 'not a url' })).data.setStorePaymentEndpoint).toMatchObject({ __typename: 'InvalidInputError', field: 'url' });
    expect((await gql(SET_ENDPOINT, { storeId: 'nobody', url: 'https://x.example' })).data.setStorePaymentEndpoint).toMatchObject({ __typename: 'StoreNotFoundError', storeId: 'nobody' });
    expect((await gql(SET_ENDPOINT, { storeId: 'plain-shop', url: null }, { kind: 'STORE', storeId: 'plain-shop' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('the exchange directory carries the endpoint (and drops it when cleared)', async () => {
    const directory = new RegistryStoreDirectory({ registryUrl: url, internalSecret, intervalMs: 50, logger: silentLogger() });
    await directory.start();
    try {
      expect((await directory.get('pay-shop'))?.paymentEndpoint).toBe('https://pay.example.com/cartstart');
      expect((await directory.get('plain-shop'))?.paymentEndpoint).toBeUndefined();
      await gql(SET_ENDPOINT, { storeId: 'pay-shop', url: null });
      await directory.refresh();
      expect((await directory.get('pay-shop'))?.paymentEndpoint).toBeUndefined();
    } finally {
      await directory.close();
    }
  });

  it('STORES (static configuration) may name a payment endpoint', () => {
    const base = { id: 's', name: 'S', url: 'http://s/graphql', secret: 'x'.repeat(32), apiKey: 'k'.repeat(24) };
    expect(parseStoresEnv(JSON.stringify([{ ...base, paymentEndpoint: 'https://s.example/pay' }]))[0].paymentEndpoint).toBe('https://s.example/pay');
    expect(parseStoresEnv(JSON.stringify([base]))[0]).not.toHaveProperty('paymentEndpoint');
    expect(() => parseStoresEnv(JSON.stringify([{ ...base, paymentEndpoint: 'pay' }]))).toThrow(/paymentEndpoint/);
  });

  it('normalizes endpoints', () => {
    expect(normalizePaymentEndpoint(undefined)).toEqual({ ok: true, value: null });
    expect(normalizePaymentEndpoint('https://a.example/p//')).toEqual({ ok: true, value: 'https://a.example/p' });
    expect(normalizePaymentEndpoint('https://a.example/p?x=1')).toMatchObject({ ok: false });
    expect(normalizePaymentEndpoint('https://user:pw@a.example/p')).toMatchObject({ ok: false });
  });
});
