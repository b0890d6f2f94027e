import type { SubgraphContext } from '../../lib/subgraph.js';
import type { AbandonedCartService } from './domain/baskets.js';
import type { TicketEventStreams } from './domain/event-streams.js';
import type { CartPricing } from './domain/pricing.js';
import type { SavedCartService } from './domain/saved-cart-service.js';
import type { TicketService } from './domain/ticket-service.js';

/** Per request (and per subscription event): the services and the caller's pricing view with its own catalog and price-rule DataLoaders. */
export interface TicketContext extends SubgraphContext {
  tickets: TicketService;
  savedCarts: SavedCartService;
  events: TicketEventStreams;
  pricing: CartPricing;
  /** Abandoned-cart reports, as stores read them. */
  abandonedCarts: AbandonedCartService;
}
