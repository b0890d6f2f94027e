// Runs one store's inventory subgraph, configured by the environment.
import { createPool } from '../../lib/db.js';
import { createLogger } from '../../lib/logger.js';
import { isValidStoreId } from '../../lib/store-directory.js';
import { migrateInventory } from './migrate.js';
import { seedDemoCatalog } from './seed.js';
import { createInventoryServer } from './server.js';
import { requiredEnv, stopOnSignals } from '../../lib/process.js';

const storeId = requiredEnv('STORE_ID');
if (!isValidStoreId(storeId)) throw new Error(`STORE_ID is not a valid store id: ${storeId}`);
const currency = (process.env.STORE_CURRENCY ?? 'USD').toUpperCase();
if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`STORE_CURRENCY must be an ISO-4217 code: ${currency}`);
const store = { id: storeId, name: process.env.STORE_NAME ?? storeId, currency };

const logger = createLogger(`inventory:${storeId}`);
const pool = createPool(requiredEnv('DATABASE_URL'));
await migrateInventory(pool, logger);
if (process.env.SEED_DEMO === '1') {
  const variant = process.env.STORE_CATALOG === 'books' || process.env.STORE_CATALOG === 'hardware' ? process.env.STORE_CATALOG : undefined;
  const inserted = await seedDemoCatalog(pool, { storeId, currency, variant });
  logger.info({ inserted }, 'demo catalog seeded');
}

const service = createInventoryServer({
  pool,
  store,
  secret: requiredEnv('STORE_SECRET'),
  logger,
  // STORE_PAYMENTS=1: the store runs its own payment handling at {origin}/payments (register it as the store's paymentEndpoint)
  payments: process.env.STORE_PAYMENTS === '1',
});
const url = await service.listen(Number(process.env.PORT ?? 4100), process.env.HOST ?? '127.0.0.1');
logger.info({ url, store: store.id }, 'inventory subgraph listening');

stopOnSignals(logger, async () => {
  await service.close();
  await pool.end();
});
