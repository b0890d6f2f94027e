import { createPool } from '../../lib/db.js';
import { InMemoryEventBus, RedisEventBus, type EventBus } from '../../lib/event-bus.js';
import { HttpInventoryClient } from '../../lib/inventory-client.js';
import { createLogger } from '../../lib/logger.js';
import { createTicketServer, migrateTicket } from './server.js';
import { envSecondsAsMs, openStoreDirectoryFromEnv, requiredEnv, stopOnSignals } from '../../lib/process.js';

// The only place that reads the environment: run the ticket subgraph alone.
const logger = createLogger('ticket');

const pool = createPool(requiredEnv('DATABASE_URL'));
// REGISTRY_URL set: stores come from the registry (polled), else from STORES
const stores = await openStoreDirectoryFromEnv(logger);
const directory = stores.directory;
await migrateTicket(pool, logger);
let events: EventBus;
if (process.env.REDIS_URL) {
  events = await RedisEventBus.connect(process.env.REDIS_URL, { prefix: `${process.env.REDIS_PREFIX ?? 'cartstart:'}events:`, logger });
} else {
  logger.warn('REDIS_URL is not set: ticket events stay in this process (subscribers on other replicas hear nothing)');
  events = new InMemoryEventBus(logger);
}
const server = createTicketServer({
  pool,
  directory,
  inventory: new HttpInventoryClient({ directory }),
  identityKey: requiredEnv('IDENTITY_KEY'),
  internalSecret: requiredEnv('INTERNAL_SECRET'),
  logger,
  ticketTtlMs: envSecondsAsMs('TICKET_TTL_SECONDS'),
  leaseGraceMs: envSecondsAsMs('LEASE_GRACE_SECONDS'),
  expiringLeadMs: envSecondsAsMs('EXPIRING_LEAD_SECONDS'),
  events,
});
const url = await server.listen(Number(process.env.PORT ?? 4002), process.env.HOST ?? '127.0.0.1');
logger.info({ url }, 'ticket subgraph listening');

stopOnSignals(logger, async () => {
  await server.close();
  await events.close();
  await stores.close();
  await pool.end();
});
