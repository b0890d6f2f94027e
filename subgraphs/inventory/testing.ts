import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../../test/support/databases.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { silentLogger } from '../../lib/logger.js';
import { signRequestHeaders } from '../../lib/signing.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { migrateInventory } from './migrate.js';
import { createInventoryServer } from './server.js';

/** Test harness: one store's inventory subgraph on its own database and a free port. */
export interface InventoryUnderTest {
  store: { id: string; name: string; currency: string };
  url: string;
  pool: Pool;
  /** SQL text of every query the server ran on the pool outside transactions (catalog reads). */
  queries: string[];
  secret: string;
  identityKey: string;
  service: HttpService;
  /** A directory naming this store (for HttpInventoryClient). */
  directory: StaticStoreDirectory;
  /** POSTs a GraphQL request; `sign` signs the exact body with the store secret (or `secret`). */
  graphql(query: string, variables?: Record<string, unknown>, options?: { sign?: boolean | string; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  addItem(item: { sku: string; name?: string; price?: number; stock: number }): Promise<void>;
  stop(): Promise<void>;
}

export async function startInventoryForTest(label: string, storeId = 'test-store'): Promise<InventoryUnderTest> {
  const database = await createTestDatabase(label);
  const pool = createPool(database.url, 20);
  await migrateInventory(pool);
  const queries: string[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    const first = args[0] as string | { text: string };
    queries.push(typeof first === 'string' ? first : first.text);
    return query(...args);
  }) as typeof pool.query;
  const secret = randomBytes(24).toString('base64url');
  // stores verify identities with their own secret
  const identityKey = secret;
  const store = { id: storeId, name: 'Test Store', currency: 'USD' };
  const service = createInventoryServer({ pool, store, secret, logger: silentLogger() });
  const url = await service.listen(0);
  return {
    store,
    url,
    pool,
    queries,
    secret,
    identityKey,
    service,
    directory: new StaticStoreDirectory([{ id: storeId, name: store.name, url, secret, apiKey: 'unused' }]),
    async graphql(query, variables = {}, options = {}) {
      const body = JSON.stringify({ query, variables });
      const signing = options.sign ? signRequestHeaders(typeof options.sign === 'string' ? options.sign : secret, body) : {};
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signing, ...options.headers }, body });
      return { status: response.status, body: await response.json() };
    },
    async addItem(item) {
      await pool.query('INSERT INTO items (sku, name, description, price_amount, currency, stock_on_hand) VALUES ($1, $2, $3, $4, $5, $6)', [
        item.sku,
        item.name ?? `Item ${item.sku}`,
        'A test item.',
        item.price ?? 1_000,
        store.currency,
        item.stock,
      ]);
    },
    async stop() {
      await service.close();
      await pool.end();
      await database.drop();
    },
  };
}
