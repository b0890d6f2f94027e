import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { systemClock, type Clock } from '../../lib/clock.js';
import { migrate, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { internalRoutes } from '../../lib/internal-rpc.js';
import type { Logger } from '../../lib/logger.js';
import { REGISTRY_STORES_LIST, type RegistryStoresListRequest } from '../../lib/registry-store-directory.js';
import { REGISTRY_PARTNERS_LIST } from '../../lib/registry-partner-directory.js';
import { readBaseSubgraphs, type SubgraphSdl } from '../../lib/composition.js';
import { PartnerService } from './domain/partner-service.js';
import { PgPartnerRepository } from './infra/pg-partner-repository.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { RegistryContext } from './context.js';
import type { SecretCipher, StoreSdlFetcher } from './domain/ports.js';
import { RegistryService } from './domain/registry-service.js';
import { AesGcmSecretCipher } from './infra/aes-gcm-secret-cipher.js';
import { HttpSdlFetcher } from './infra/http-sdl-fetcher.js';
import { PgStoreRegistryRepository } from './infra/pg-store-registry-repository.js';
import { resolvers } from './resolvers.js';

/** The inventory contract every store must implement. */
export const INVENTORY_CONTRACT_FILE = new URL('../inventory/schema.graphql', import.meta.url);

export function readInventoryContract(): DocumentNode {
  return parse(readFileSync(INVENTORY_CONTRACT_FILE, 'utf8'));
}

export interface RegistryServerDeps {
  pool: Pool;
  /** Key the gateway signs identity headers with (operators arrive as identity kind OPERATOR). */
  identityKey: string;
  /** Key of the internal RPC that hands the active stores (with secrets) to the exchange's services. */
  internalSecret: string;
  /** 32 bytes: AES-256-GCM key for store secrets at rest (REGISTRY_ENCRYPTION_KEY). */
  encryptionKey: Buffer;
  logger: Logger;
  clock?: Clock;
  /** Default: `_service { sdl }` over HTTP with `sdlTimeoutMs` (default 5 s). */
  sdlFetcher?: StoreSdlFetcher;
  sdlTimeoutMs?: number;
  /** Default: subgraphs/inventory/schema.graphql. */
  contract?: DocumentNode;
  /** Default: AES-256-GCM with `encryptionKey`. */
  cipher?: SecretCipher;
  /** Partner subgraphs compose against these. Default: the committed base SDLs (schema/supergraph.config.json). */
  baseSubgraphs?: SubgraphSdl[];
}

/** Applies the registry database's migrations. */
export function migrateRegistry(pool: Pool, logger?: Logger): Promise<string[]> {
  return migrate(pool, fileURLToPath(new URL('./migrations', import.meta.url)), logger);
}

function parseListRequest(input: unknown): RegistryStoresListRequest {
  const { ifNoneMatch } = (input ?? {}) as Record<string, unknown>;
  return typeof ifNoneMatch === 'string' && ifNoneMatch ? { ifNoneMatch } : {};
}

export function createRegistryServer(deps: RegistryServerDeps): HttpService {
  const repository = new PgStoreRegistryRepository(deps.pool);
  const cipher = deps.cipher ?? new AesGcmSecretCipher(deps.encryptionKey);
  const sdl = deps.sdlFetcher ?? new HttpSdlFetcher(deps.sdlTimeoutMs);
  const partners = new PartnerService({
    repository: new PgPartnerRepository(deps.pool),
    cipher,
    sdl,
    baseSubgraphs: deps.baseSubgraphs ?? readBaseSubgraphs(),
    clock: deps.clock ?? systemClock,
    logger: deps.logger,
  });
  const registry = new RegistryService({
    repository,
    cipher,
    sdl,
    contract: deps.contract ?? readInventoryContract(),
    clock: deps.clock ?? systemClock,
    logger: deps.logger,
  });
  return createSubgraphService<RegistryContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: deps.identityKey,
    logger: deps.logger,
    extendContext: (base) => ({ ...base, registry, partners }),
    routes: internalRoutes(deps.internalSecret, {
      [REGISTRY_STORES_LIST]: (input) => registry.activeStores(parseListRequest(input)),
      [REGISTRY_PARTNERS_LIST]: (input) => partners.activePartners(parseListRequest(input)),
    }),
    health: async () => {
      await repository.ping();
      return { database: 'ok', version: await repository.version() };
    },
  });
}
