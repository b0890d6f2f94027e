import type { SubgraphContext } from '../../lib/subgraph.js';
import type { CheckoutService } from './domain/checkout-service.js';
import type { OrderQueries } from './domain/order-queries.js';

export interface PaymentContext extends SubgraphContext {
  checkout: CheckoutService;
  /** Built per request: reads scoped to the caller, with their DataLoaders. */
  orders: OrderQueries;
}
