import { createPool } from '../../lib/db.js';
import { InMemoryEventBus, RedisEventBus, type EventBus } from '../../lib/event-bus.js';
import { HttpInventoryClient } from '../../lib/inventory-client.js';
import { createLogger } from '../../lib/logger.js';
import { PaymentServicePriceRules } from './infra/payment-price-rules.js';
import { SessionServiceOfferCodes } from './infra/session-offer-codes-client.js';
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
/** An optional positive number from the environment, in `unitMs` units, as milliseconds. */
function envDuration(name: string, unitMs: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value * unitMs;
}

const server = createTicketServer({
  pool,
  directory,
  inventory: new HttpInventoryClient({ directory }),
  identityKey: requiredEnv('IDENTITY_KEY'),
  internalSecret: requiredEnv('INTERNAL_SECRET'),
  // a restored saved cart attaches its offer codes to the session
  sessionOfferCodes: new SessionServiceOfferCodes({ baseUrl: requiredEnv('SESSION_URL'), secret: requiredEnv('INTERNAL_SECRET') }),
  // the stores' price rules (the cart shows each shopper's best price); cached 2 s, display only
  priceRules: new PaymentServicePriceRules({ baseUrl: requiredEnv('PAYMENT_URL'), secret: requiredEnv('INTERNAL_SECRET') }),
  logger,
  ticketTtlMs: envSecondsAsMs('TICKET_TTL_SECONDS'),
  leaseGraceMs: envSecondsAsMs('LEASE_GRACE_SECONDS'),
  expiringLeadMs: envSecondsAsMs('EXPIRING_LEAD_SECONDS'),
  events,
  // baskets over time: ABANDONED_AFTER_MINUTES (default 60), BASKET_MAX_AGE_DAYS (default 30), BASKET_JANITOR_INTERVAL_SECONDS (default 30)
  basketJanitor: {
    abandonedAfterMs: envDuration('ABANDONED_AFTER_MINUTES', 60_000),
    maxAgeMs: envDuration('BASKET_MAX_AGE_DAYS', 24 * 60 * 60_000),
    intervalMs: envDuration('BASKET_JANITOR_INTERVAL_SECONDS', 1_000),
  },
  // idempotency keys older than IDEMPOTENCY_RETENTION_DAYS (default 30) are deleted: a retry after that runs as new
  idempotencyRetention: { retentionMs: envDuration('IDEMPOTENCY_RETENTION_DAYS', 24 * 60 * 60_000) },
});
const url = await server.listen(Number(process.env.PORT ?? 4002), process.env.HOST ?? '127.0.0.1');
logger.info({ url }, 'ticket subgraph listening');

stopOnSignals(logger, async () => {
  await server.close();
  await events.close();
  await stores.close();
  await pool.end();
});
