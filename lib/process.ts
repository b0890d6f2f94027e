import type { Logger } from './logger.js';
import { openStoreDirectory } from './registry-store-directory.js';

/** The value of a required environment variable, or a startup error naming it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** An optional positive number of seconds from the environment, in milliseconds. */
export function envSecondsAsMs(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got ${JSON.stringify(raw)}`);
  return value * 1000;
}

/**
 * On SIGINT/SIGTERM: run `stop` once (close servers, then pools and clients) and exit.
 * A stop that hangs is cut off after `deadlineMs`, so a replica never lingers.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<unknown>, deadlineMs = 10_000): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    try {
      await stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * The store directory a gateway, ticket or payment replica runs with: REGISTRY_URL set →
 * the registry's list, polled every REGISTRY_POLL_MS (needs INTERNAL_SECRET); else STORES.
 */
export function openStoreDirectoryFromEnv(logger: Logger) {
  const rawPoll = process.env.REGISTRY_POLL_MS;
  const pollMs = rawPoll ? Number(rawPoll) : undefined;
  if (pollMs !== undefined && !(Number.isInteger(pollMs) && pollMs > 0)) throw new Error(`REGISTRY_POLL_MS must be a positive integer, got ${JSON.stringify(rawPoll)}`);
  return openStoreDirectory({
    registryUrl: process.env.REGISTRY_URL || undefined,
    internalSecret: requiredEnv('INTERNAL_SECRET'),
    storesJson: process.env.STORES,
    pollMs,
    logger,
  });
}
