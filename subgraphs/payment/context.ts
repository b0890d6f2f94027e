import type { SubgraphContext } from '../../lib/subgraph.js';
import type { CheckoutService } from './domain/checkout-service.js';
import type { FulfilmentService } from './domain/fulfilment-service.js';
import type { ShippingRateService } from './domain/shipping-rate-service.js';
import type { LedgerService } from './domain/ledger-service.js';
import type { OrderQueries } from './domain/order-queries.js';
import type { PriceRuleService } from './domain/price-rules.js';
import type { GiftCertificateService } from './domain/gift-certificate-service.js';
import type { UnpaidBalanceService } from './domain/unpaid-balance-service.js';

export interface PaymentContext extends SubgraphContext {
  checkout: CheckoutService;
  /** Stores ship, receive returns, void lines. */
  fulfilment: FulfilmentService;
  shippingRates: ShippingRateService;
  /** Built per request: reads scoped to the caller, with their DataLoaders. */
  orders: OrderQueries;
  /** The double-entry ledger: payouts, store balances, ledger reports. */
  ledger: LedgerService;
  /** Stores' price rules (lib/pricing.ts). */
  priceRules: PriceRuleService;
  /** Gift certificates: issue, buy, claim, balance. */
  giftCertificates: GiftCertificateService;
  /** Shoppers pay what is unpaid on their orders (payUnpaidBalance). */
  unpaidBalances: UnpaidBalanceService;
}
