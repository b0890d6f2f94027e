import { readFileSync } from 'node:fs';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import type { HttpService } from '../../lib/http-server.js';
import type { Logger } from '../../lib/logger.js';
import { parseRestMapping, type RestMapping } from './domain/mapping.js';
import { RestInventoryService, type RestStorePort } from './domain/rest-inventory-service.js';
import { HttpRestStoreClient } from './infra/http-rest-store-client.js';
// The contract's own schema and resolvers: the wrapper differs only in the backend.
import { createInventoryContractService } from '../inventory/server.js';

/** The mapping of the sample REST store (examples/rest-store); baseUrl and apiKey are set per deployment. */
export const SAMPLE_MAPPING_FILE = new URL('./sample-mapping.json', import.meta.url);

export interface RestInventoryServerDeps {
  /** The one store this wrapper serves. */
  store: { id: string; name: string; currency: string };
  /** Shared with the exchange only: protocol calls and identities are verified with it. */
  secret: string;
  /** The REST store's endpoint mapping (see parseRestMapping). */
  mapping: RestMapping;
  logger: Logger;
  clock?: Clock;
  /** Another way to the REST store (tests); default: HTTP with the mapping's base URL and key. */
  port?: RestStorePort;
}

/** Reads a mapping file and applies overrides (e.g. base URL and API key from the environment). */
export function loadRestMapping(file: string | URL = SAMPLE_MAPPING_FILE, overrides: Parameters<typeof parseRestMapping>[1] = {}): RestMapping {
  return parseRestMapping(JSON.parse(readFileSync(file, 'utf8')), overrides);
}

/** The inventory subgraph of a store that only has a REST API. */
export function createRestInventoryServer(deps: RestInventoryServerDeps): HttpService {
  const port =
    deps.port ??
    new HttpRestStoreClient({
      storeId: deps.store.id,
      baseUrl: deps.mapping.baseUrl,
      apiKey: deps.mapping.apiKey,
      apiKeyHeader: deps.mapping.apiKeyHeader,
      timeoutMs: deps.mapping.timeoutMs,
    });
  const inventory = new RestInventoryService({ mapping: deps.mapping, store: { ...deps.store }, port, clock: deps.clock ?? systemClock });
  return createInventoryContractService({
    backend: inventory,
    storeId: deps.store.id,
    secret: deps.secret,
    logger: deps.logger,
    health: async () => {
      // the wrapper is only as healthy as the store behind it
      await inventory.listItems({ first: 1 });
      return { upstream: 'ok' };
    },
  });
}
