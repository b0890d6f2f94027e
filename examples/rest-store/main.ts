// Runs the sample REST store alone, configured by the environment:
//   DATABASE_URL (required), API_KEY (required), PORT (default 4300), HOST, SEED_DEMO=1
import { createPool } from '../../lib/db.js';
import { createLogger } from '../../lib/logger.js';
import { requiredEnv, stopOnSignals } from '../../lib/process.js';
import { migrateRestStore } from './migrate.js';
import { seedProducts } from './seed.js';
import { createRestStoreServer } from './server.js';

const logger = createLogger('rest-store');
const pool = createPool(requiredEnv('DATABASE_URL'));
await migrateRestStore(pool, logger);
if (process.env.SEED_DEMO === '1') logger.info({ inserted: await seedProducts(pool) }, 'grocery catalog seeded');

const server = createRestStoreServer({ pool, apiKey: requiredEnv('API_KEY'), logger });
const url = await server.listen(Number(process.env.PORT ?? 4300), process.env.HOST ?? '127.0.0.1');
logger.info({ url }, 'REST store listening');

stopOnSignals(logger, async () => {
  await server.close();
  await pool.end();
});
