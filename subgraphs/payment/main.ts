// Runs the payment subgraph, configured by the environment.
import { createPool } from '../../lib/db.js';
import { HttpInventoryClient } from '../../lib/inventory-client.js';
import { createLogger } from '../../lib/logger.js';
import { createTicketCheckoutClient } from '../ticket/client.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { createPaymentServer, migratePayment } from './server.js';
import { openStoreDirectoryFromEnv, requiredEnv, stopOnSignals } from '../../lib/process.js';

const logger = createLogger('payment');
const pool = createPool(requiredEnv('DATABASE_URL'));
await migratePayment(pool, logger);

const feeBps = process.env.FEE_BPS === undefined ? undefined : Number(process.env.FEE_BPS);
// the only provider there is today; a real processor implements the same PaymentProvider port
logger.warn('payment provider: sandbox (no real money moves)');

// REGISTRY_URL set: stores come from the registry (polled), else from STORES
const stores = await openStoreDirectoryFromEnv(logger);

const service = createPaymentServer({
  pool,
  inventory: new HttpInventoryClient({ directory: stores.directory }),
  tickets: createTicketCheckoutClient({ baseUrl: requiredEnv('TICKET_URL'), secret: requiredEnv('INTERNAL_SECRET') }),
  paymentProvider: new SandboxPaymentProvider(),
  identityKey: requiredEnv('IDENTITY_KEY'),
  logger,
  feeBps,
});
const url = await service.listen(Number(process.env.PORT ?? 4003), process.env.HOST ?? '127.0.0.1');
logger.info({ url }, 'payment subgraph listening');

stopOnSignals(logger, async () => {
  await service.close();
  await stores.close();
  await pool.end();
});
