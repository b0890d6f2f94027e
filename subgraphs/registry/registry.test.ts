import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db.js';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../lib/identity.js';
import { createInternalRpcClient } from '../../lib/internal-rpc.js';
import { silentLogger } from '../../lib/logger.js';
import { RegistryStoreDirectory, type RegistryStoresListResponse } from '../../lib/registry-store-directory.js';
import { hashApiKey } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { startInventoryForTest, type InventoryUnderTest } from '../inventory/testing.js';
import { createRegistryServer, migrateRegistry } from './server.js';
import type { HttpService } from '../../lib/http-server.js';

// The registry subgraph against real PostgreSQL, with a real inventory instance to check
// contracts against and a fake subgraph serving a broken SDL.
const identityKey = randomBytes(32).toString('base64url');
const internalSecret = randomBytes(32).toString('base64url');
const OPERATOR: Identity = { kind: 'OPERATOR' };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let registry: HttpService;
let url: string;
let store: InventoryUnderTest;
let broken: http.Server;
let brokenUrl: string;

const REGISTER = /* GraphQL */ `
  mutation($input: RegisterStoreInput!) {
    registerStore(input: $input) {
      __typename
      ... on RegisteredStore { id name url status registeredAt }
      ... on ErrorResult { code message }
      ... on ContractMismatchError { differences }
      ... on InvalidInputError { field }
      ... on StoreAlreadyExistsError { storeId }
      ... on StoreUnreachableError { url }
    }
  }
`;
const STATUS = (op: 'suspendStore' | 'resumeStore' | 'removeStore') => /* GraphQL */ `
  mutation($id: ID!) { ${op}(id: $id) { __typename ${op === 'removeStore' ? '... on StoreRemoved { id }' : '... on RegisteredStore { id status }'} ... on ErrorResult { code message } } }
`;

async function gql(query: string, variables: Record<string, unknown> = {}, identity: Identity | null = OPERATOR) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(identity ? { [IDENTITY_HEADER]: signIdentity(identity, identityKey) } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

let listStores: (input: unknown) => Promise<RegistryStoresListResponse>;

function input(overrides: Record<string, string> = {}) {
  return { id: 'corner-shop', name: 'Corner Shop', url: store.url, secret: store.secret, apiKey: `sk_corner_${randomBytes(16).toString('hex')}`, ...overrides };
}

beforeAll(async () => {
  database = await createTestDatabase('registry');
  pool = createPool(database.url);
  await migrateRegistry(pool);
  registry = createRegistryServer({ pool, identityKey, internalSecret, encryptionKey: randomBytes(32), logger: silentLogger(), sdlTimeoutMs: 2_000 });
  url = await registry.listen(0);
  const call = createInternalRpcClient({ baseUrl: url, secret: internalSecret });
  listStores = (i) => call<RegistryStoresListResponse>('stores/list', i);
  store = await startInventoryForTest('registry_store', 'corner-shop');
  // a subgraph whose SDL lacks Item.price
  const sdl = readFileSync(new URL('../inventory/schema.graphql', import.meta.url), 'utf8').replace('  price: Money!\n', '');
  broken = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { _service: { sdl } } }));
  });
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await registry?.close();
  await new Promise((r) => broken?.close(r));
  await store?.stop();
  await pool?.end();
  await database?.drop();
});

describe('registry subgraph', () => {
  it('registers a store that implements the contract, keeping the secret encrypted and the key hashed', async () => {
    const before = await listStores({});
    const registration = input();
    const res = await gql(REGISTER, { input: registration });
    expect(res.data.registerStore).toMatchObject({ __typename: 'RegisteredStore', id: 'corner-shop', name: 'Corner Shop', url: store.url, status: 'ACTIVE' });

    const { rows } = await pool.query('SELECT secret_ciphertext, api_key_hash FROM stores WHERE id = $1', ['corner-shop']);
    expect(rows[0].secret_ciphertext).not.toContain(store.secret);
    expect(rows[0].api_key_hash).toBe(hashApiKey(registration.apiKey));
    expect(JSON.stringify(rows[0])).not.toContain(registration.apiKey);

    // the exchange's view: the secret in clear, the key's hash, a new version
    const after = await listStores({ ifNoneMatch: before.version });
    expect(after.version).not.toBe(before.version);
    expect(after).toMatchObject({ notModified: false, stores: [{ id: 'corner-shop', name: 'Corner Shop', url: store.url, secret: store.secret, apiKeyHash: hashApiKey(registration.apiKey) }] });
    expect(await listStores({ ifNoneMatch: after.version })).toEqual({ version: after.version, notModified: true });

    // operators see the store, never its credentials
    const listed = await gql(`{ registeredStores { id name url status } }`);
    expect(listed.data.registeredStores).toEqual([{ id: 'corner-shop', name: 'Corner Shop', url: store.url, status: 'ACTIVE' }]);
    expect(JSON.stringify(listed)).not.toContain(store.secret);
  });

  it('refuses a store whose SDL breaks the contract, listing the differences and changing nothing', async () => {
    const before = await listStores({});
    const res = await gql(REGISTER, { input: input({ id: 'broken-shop', url: brokenUrl }) });
    expect(res.data.registerStore).toMatchObject({ __typename: 'ContractMismatchError', code: 'CONTRACT_MISMATCH', differences: ['Item.price: missing'] });
    expect(await listStores({ ifNoneMatch: before.version })).toEqual({ version: before.version, notModified: true });
    expect((await pool.query('SELECT 1 FROM stores WHERE id = $1', ['broken-shop'])).rowCount).toBe(0);
  });

  it('refuses an unreachable store, a taken id and bad input', async () => {
    const unreachable = await gql(REGISTER, { input: input({ id: 'gone-shop', url: 'http://127.0.0.1:1/graphql' }) });
    expect(unreachable.data.registerStore).toMatchObject({ __typename: 'StoreUnreachableError', code: 'STORE_UNREACHABLE', url: 'http://127.0.0.1:1/graphql' });

    const taken = await gql(REGISTER, { input: input() });
    expect(taken.data.registerStore).toMatchObject({ __typename: 'StoreAlreadyExistsError', code: 'STORE_ALREADY_EXISTS', storeId: 'corner-shop' });

    const bad = await gql(REGISTER, { input: input({ id: 'Bad Id' }) });
    expect(bad.data.registerStore).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'id' });
  });

  it('refuses a second store with the same API key', async () => {
    const apiKey = `sk_shared_${randomBytes(16).toString('hex')}`;
    expect((await gql(REGISTER, { input: input({ id: 'first-key', apiKey }) })).data.registerStore.__typename).toBe('RegisteredStore');
    const second = await gql(REGISTER, { input: input({ id: 'second-key', apiKey }) });
    expect(second.data.registerStore).toMatchObject({ __typename: 'InvalidInputError', field: 'apiKey' });
    expect((await gql(STATUS('removeStore'), { id: 'first-key' })).data.removeStore).toEqual({ __typename: 'StoreRemoved', id: 'first-key' });
  });

  it('suspends, resumes and removes; only active stores reach the exchange; a removed id is never reused', async () => {
    const active = async () => ((await listStores({})) as { stores: { id: string }[] }).stores.map((s) => s.id);
    expect(await active()).toContain('corner-shop');

    expect((await gql(STATUS('suspendStore'), { id: 'corner-shop' })).data.suspendStore).toEqual({ __typename: 'RegisteredStore', id: 'corner-shop', status: 'SUSPENDED' });
    const suspendedVersion = (await listStores({})).version;
    // idempotent: a repeat changes nothing, not even the version
    expect((await gql(STATUS('suspendStore'), { id: 'corner-shop' })).data.suspendStore.status).toBe('SUSPENDED');
    expect((await listStores({})).version).toBe(suspendedVersion);
    expect(await active()).not.toContain('corner-shop');
    expect((await gql(`{ registeredStores(status: SUSPENDED) { id } }`)).data.registeredStores).toEqual([{ id: 'corner-shop' }]);

    expect((await gql(STATUS('resumeStore'), { id: 'corner-shop' })).data.resumeStore.status).toBe('ACTIVE');
    expect(await active()).toContain('corner-shop');

    expect((await gql(STATUS('removeStore'), { id: 'corner-shop' })).data.removeStore).toEqual({ __typename: 'StoreRemoved', id: 'corner-shop' });
    expect(await active()).not.toContain('corner-shop');
    const { rows } = await pool.query('SELECT status, secret_ciphertext, api_key_hash FROM stores WHERE id = $1', ['corner-shop']);
    expect(rows[0]).toEqual({ status: 'REMOVED', secret_ciphertext: null, api_key_hash: null });
    expect((await gql(STATUS('resumeStore'), { id: 'corner-shop' })).data.resumeStore).toMatchObject({ __typename: 'StoreNotFoundError', code: 'STORE_NOT_FOUND' });
    expect((await gql(STATUS('removeStore'), { id: 'corner-shop' })).data.removeStore.code).toBe('STORE_NOT_FOUND');
    expect((await gql(REGISTER, { input: input() })).data.registerStore.__typename).toBe('StoreAlreadyExistsError');
    expect((await gql(`{ registeredStores { id } }`)).data.registeredStores.map((s: any) => s.id)).not.toContain('corner-shop');
  });

  it('refuses everyone but operators', async () => {
    for (const [identity, code] of [
      [null, 'NOT_AUTHENTICATED'],
      [{ kind: 'STORE', storeId: 'corner-shop' }, 'FORBIDDEN'],
      [{ kind: 'GUEST', sessionId: 's1' }, 'FORBIDDEN'],
    ] as const) {
      const res = await gql(REGISTER, { input: input({ id: 'sneaky-shop' }) }, identity as Identity | null);
      expect(res.errors?.[0].extensions.code).toBe(code);
      const listed = await gql(`{ registeredStores { id } }`, {}, identity as Identity | null);
      expect(listed.errors?.[0].extensions.code).toBe(code);
      const suspended = await gql(STATUS('suspendStore'), { id: 'first-key' }, identity as Identity | null);
      expect(suspended.errors?.[0].extensions.code).toBe(code);
    }
    expect((await pool.query('SELECT 1 FROM stores WHERE id = $1', ['sneaky-shop'])).rowCount).toBe(0);
  });

  it('serves the store list (with secrets) only to calls signed with the internal secret', async () => {
    const forged = createInternalRpcClient({ baseUrl: url, secret: 'not the internal secret' });
    await expect(forged('stores/list', {})).rejects.toMatchObject({ extensions: { code: 'INVALID_SIGNATURE' } });
  });
});

describe('RegistryStoreDirectory', () => {
  it('polls the registry: picks up a store, looks it up by id and by hashed API key, drops it when suspended', async () => {
    const directory = new RegistryStoreDirectory({ registryUrl: url, internalSecret, intervalMs: 50, logger: silentLogger() });
    await directory.start();
    try {
      const registration = input({ id: 'polled-shop' });
      expect(await directory.get('polled-shop')).toBeUndefined();
      expect((await gql(REGISTER, { input: registration })).data.registerStore.__typename).toBe('RegisteredStore');
      await expect.poll(() => directory.get('polled-shop'), { timeout: 5_000 }).toMatchObject({ id: 'polled-shop', url: store.url, secret: store.secret });
      expect((await directory.byApiKey(registration.apiKey))?.id).toBe('polled-shop');
      expect(await directory.byApiKey('sk_not_a_key_of_anyone_at_all')).toBeUndefined();
      expect((await directory.get('polled-shop'))?.apiKey).toBeUndefined();

      await gql(STATUS('suspendStore'), { id: 'polled-shop' });
      await expect.poll(() => directory.get('polled-shop'), { timeout: 5_000 }).toBeUndefined();
      expect(await directory.byApiKey(registration.apiKey)).toBeUndefined();
    } finally {
      await directory.close();
    }
  });

  it('keeps the last good list while the registry is down, and takes the new one when it is back', async () => {
    let down = false;
    let response: RegistryStoresListResponse = { version: 'e:1', notModified: false, stores: [{ id: 's1', name: 'S1', url: 'http://s1.invalid/graphql', secret: 'x'.repeat(32), apiKeyHash: hashApiKey('key-1') }] };
    const requests: unknown[] = [];
    const directory = new RegistryStoreDirectory({
      registryUrl: 'http://registry.invalid',
      internalSecret: 'unused',
      intervalMs: 20,
      logger: silentLogger(),
      fetchList: async (request) => {
        requests.push(request);
        if (down) throw new Error('connection refused');
        return request.ifNoneMatch === response.version ? { version: response.version, notModified: true } : response;
      },
    });
    await directory.start();
    try {
      expect((await directory.byApiKey('key-1'))?.id).toBe('s1');
      down = true;
      expect(await directory.refresh()).toBe(false);
      expect((await directory.list()).map((s) => s.id)).toEqual(['s1']);
      expect(directory.stats().failingSince).toBeDefined();
      down = false;
      response = { version: 'e:2', notModified: false, stores: [] };
      expect(await directory.refresh()).toBe(true);
      expect(await directory.list()).toEqual([]);
      expect(await directory.get('s1')).toBeUndefined();
      // unchanged lists are not sent again: the directory sends the version it holds
      expect(requests.at(-1)).toEqual({ ifNoneMatch: 'e:1' });
      await directory.refresh();
      expect(requests.at(-1)).toEqual({ ifNoneMatch: 'e:2' });
    } finally {
      await directory.close();
    }
  });

  it('fails to start when the registry never answers', async () => {
    const directory = new RegistryStoreDirectory({ registryUrl: 'http://127.0.0.1:1', internalSecret, intervalMs: 20, logger: silentLogger(), timeoutMs: 200 });
    await expect(directory.start(300)).rejects.toThrow(/did not answer/);
    await directory.close();
  });
});
