import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCorsOrigins } from '../lib/cors.js';
import { createLogger } from '../lib/logger.js';
import { RegistryPartnerDirectory } from '../lib/registry-partner-directory.js';
import { createSessionResolver } from '../subgraphs/session/client.js';
import { createGateway } from './server.js';
import { openStoreDirectoryFromEnv, requiredEnv, stopOnSignals } from '../lib/process.js';

/**
 * Runs the gateway alone: `tsx gateway/main.ts [--supergraph FILE] [--port N]`.
 * With a supergraph file (or SUPERGRAPH_FILE) it serves that composition; without one it
 * composes from the live subgraphs at start-up (and every POLL_INTERVAL_MS if set).
 * With REGISTRY_URL it composes at run time instead: the committed base SDLs plus the
 * registry's partner subgraphs, recomposed (no restart) when they change.
 */
function flag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value);
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { supergraph: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  const logger = createLogger('gateway');
  const supergraphFile = values.supergraph ?? process.env.SUPERGRAPH_FILE;
  const internalSecret = requiredEnv('INTERNAL_SECRET');
  const sessionUrl = requiredEnv('SESSION_URL');
  const registryUrl = process.env.REGISTRY_URL || undefined;
  // REGISTRY_URL set: stores come from the registry (polled), else from STORES
  const stores = await openStoreDirectoryFromEnv(logger);
  const pollMs = positiveInt('REGISTRY_POLL_MS', process.env.REGISTRY_POLL_MS) || undefined;
  const partners = registryUrl
    ? new RegistryPartnerDirectory({ registryUrl, internalSecret, intervalMs: pollMs, logger: logger.child({ component: 'partner-directory' }) })
    : undefined;
  await partners?.start();
  const operatorKey = process.env.OPERATOR_KEY || undefined;
  if (!operatorKey) logger.warn('OPERATOR_KEY unset: the operator API (store registry) refuses every caller');
  else if (operatorKey.length < 24) throw new Error('OPERATOR_KEY must be at least 24 characters (use a random value)');

  const service = createGateway({
    supergraphSdl: supergraphFile ? readFileSync(supergraphFile, 'utf8') : undefined,
    subgraphUrls: {
      session: sessionUrl,
      ticket: requiredEnv('TICKET_URL'),
      payment: requiredEnv('PAYMENT_URL'),
      ...(registryUrl ? { registry: registryUrl } : {}),
    },
    directory: stores.directory,
    partners,
    operatorKey,
    resolveSession: createSessionResolver({ baseUrl: sessionUrl, secret: internalSecret }),
    identityKey: requiredEnv('IDENTITY_KEY'),
    logger,
    storeTimeoutMs: positiveInt('STORE_TIMEOUT_MS', process.env.STORE_TIMEOUT_MS),
    trustProxy: flag(process.env.TRUST_PROXY),
    pollIntervalMs: positiveInt('POLL_INTERVAL_MS', process.env.POLL_INTERVAL_MS),
    corsOrigins: parseCorsOrigins(process.env.CORS_ORIGINS),
  });

  const port = positiveInt('PORT', values.port ?? process.env.PORT) ?? 4000;
  const url = await service.listen(port, values.host ?? process.env.HOST ?? '127.0.0.1');
  logger.info({ url, supergraph: partners ? 'composed at run time (base SDLs + partner subgraphs)' : supergraphFile ?? 'composed from live subgraphs' }, 'gateway listening');

  stopOnSignals(logger, async () => {
    await service.close();
    await stores.close();
    await partners?.close();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
