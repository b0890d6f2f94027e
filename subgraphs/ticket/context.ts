import type { SubgraphContext } from '../../lib/subgraph.js';
import type { TicketEventStreams } from './domain/event-streams.js';
import type { CartPricing } from './domain/pricing.js';
import type { TicketService } from './domain/ticket-service.js';

/** Per request (and per subscription event): the services and a pricing view with its own catalog DataLoader. */
export interface TicketContext extends SubgraphContext {
  tickets: TicketService;
  events: TicketEventStreams;
  pricing: CartPricing;
}
