import type { SubgraphContext } from '../../lib/subgraph.js';
import type { CartPricing } from './domain/pricing.js';
import type { TicketService } from './domain/ticket-service.js';

/** Per request: the ticket service and a pricing view with its own catalog DataLoader. */
export interface TicketContext extends SubgraphContext {
  tickets: TicketService;
  pricing: CartPricing;
}
