// The store registry subgraph on its own: `tsx subgraphs/registry/main.ts`, configured by env.
import { createPool } from '../../lib/db.js';
import { createLogger } from '../../lib/logger.js';
import { envSecondsAsMs, requiredEnv, stopOnSignals } from '../../lib/process.js';
import { parseEncryptionKey } from './infra/aes-gcm-secret-cipher.js';
import { createRegistryServer, migrateRegistry } from './server.js';

const logger = createLogger('registry');
const pool = createPool(requiredEnv('DATABASE_URL'));
await migrateRegistry(pool, logger);

const service = createRegistryServer({
  pool,
  identityKey: requiredEnv('IDENTITY_KEY'),
  internalSecret: requiredEnv('INTERNAL_SECRET'),
  encryptionKey: parseEncryptionKey(process.env.REGISTRY_ENCRYPTION_KEY),
  sdlTimeoutMs: envSecondsAsMs('CONTRACT_CHECK_TIMEOUT_SECONDS'),
  logger,
});
const url = await service.listen(Number(process.env.PORT ?? 4004), process.env.HOST ?? '127.0.0.1');
logger.info({ url }, 'registry subgraph listening');

stopOnSignals(logger, async () => {
  await service.close();
  await pool.end();
});
