import { createPool } from '../../lib/db.js';
import { HttpInventoryClient } from '../../lib/inventory-client.js';
import { createLogger } from '../../lib/logger.js';
import { parseStoresEnv, StaticStoreDirectory } from '../../lib/store-directory.js';
import { createTicketServer, migrateTicket } from './server.js';

// The only place that reads the environment: run the ticket subgraph alone.
const logger = createLogger('ticket');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function seconds(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number of seconds`);
  return parsed * 1000;
}

const pool = createPool(required('DATABASE_URL'));
const directory = new StaticStoreDirectory(parseStoresEnv(process.env.STORES));
await migrateTicket(pool, logger);
const server = createTicketServer({
  pool,
  directory,
  inventory: new HttpInventoryClient({ directory }),
  identityKey: required('IDENTITY_KEY'),
  internalSecret: required('INTERNAL_SECRET'),
  logger,
  ticketTtlMs: seconds('TICKET_TTL_SECONDS'),
  leaseGraceMs: seconds('LEASE_GRACE_SECONDS'),
});
const url = await server.listen(Number(process.env.PORT ?? 4002), process.env.HOST ?? '127.0.0.1');
logger.info({ url }, 'ticket subgraph listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  try {
    await server.close();
    await pool.end();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
