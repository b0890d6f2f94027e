import type { SubgraphContext } from '../../lib/subgraph.js';
import type { PartnerService } from './domain/partner-service.js';
import type { RegistryService } from './domain/registry-service.js';

export interface RegistryContext extends SubgraphContext {
  registry: RegistryService;
  partners: PartnerService;
}
