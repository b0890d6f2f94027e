// Runs the inventory-contract wrapper of one REST store, configured by the environment:
//   STORE_ID, STORE_SECRET (required); STORE_NAME, STORE_CURRENCY (default USD);
//   REST_MAPPING (JSON) or REST_MAPPING_FILE (default: sample-mapping.json);
//   REST_BASE_URL, REST_API_KEY, REST_TIMEOUT_MS override the mapping's values;
//   PORT (default 4200), HOST.
import { createLogger } from '../../lib/logger.js';
import { requiredEnv, stopOnSignals } from '../../lib/process.js';
import { isValidStoreId } from '../../lib/store-directory.js';
import { parseRestMapping } from './domain/mapping.js';
import { createRestInventoryServer, loadRestMapping } from './server.js';

const storeId = requiredEnv('STORE_ID');
if (!isValidStoreId(storeId)) throw new Error(`STORE_ID is not a valid store id: ${storeId}`);
const currency = (process.env.STORE_CURRENCY ?? 'USD').toUpperCase();
if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`STORE_CURRENCY must be an ISO-4217 code: ${currency}`);
const store = { id: storeId, name: process.env.STORE_NAME ?? storeId, currency };

const overrides = {
  baseUrl: process.env.REST_BASE_URL || undefined,
  apiKey: process.env.REST_API_KEY || undefined,
  timeoutMs: process.env.REST_TIMEOUT_MS ? Number(process.env.REST_TIMEOUT_MS) : undefined,
};
const mapping = process.env.REST_MAPPING ? parseRestMapping(JSON.parse(process.env.REST_MAPPING), overrides) : loadRestMapping(process.env.REST_MAPPING_FILE, overrides);

const logger = createLogger(`inventory-rest:${storeId}`);
const service = createRestInventoryServer({ store, secret: requiredEnv('STORE_SECRET'), mapping, logger });
const url = await service.listen(Number(process.env.PORT ?? 4200), process.env.HOST ?? '127.0.0.1');
logger.info({ url, store: store.id, upstream: mapping.baseUrl }, 'REST inventory wrapper listening');

stopOnSignals(logger, () => service.close());
