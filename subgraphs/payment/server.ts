import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../lib/clock.js';
import { migrate, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { internalRoutes } from '../../lib/internal-rpc.js';
import type { InventoryClient } from '../../lib/inventory-client.js';
import type { Logger } from '../../lib/logger.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { Mailer } from '../../lib/mail/mailer.js';
import { withBackgroundJobs } from '../../lib/background-jobs.js';
import { createEmailDispatch, type EmailDispatchingService } from '../../lib/mail/service.js';
import type { TicketCheckoutClient } from '../ticket/client.js';
import type { PaymentContext } from './context.js';
import { CheckoutService } from './domain/checkout-service.js';
import { FulfilmentService } from './domain/fulfilment-service.js';
import { MoneyMovementJob, type MoneyMovementOptions } from './domain/money-movement-job.js';
import { ShippingRateService } from './domain/shipping-rate-service.js';
import { assertDefaultShipping, DEFAULT_SHIPPING, type DefaultShipping } from './domain/shipping.js';
import { LedgerService } from './domain/ledger-service.js';
import { createOrderLoaders, OrderQueries } from './domain/order-queries.js';
import { assertFeeBps, DEFAULT_FEE_BPS } from './domain/order-split.js';
import type { PaymentProvider } from './domain/payment-provider.js';
import { PriceRuleService } from './domain/price-rules.js';
import { PgCheckoutRequestRepository } from './infra/pg-checkout-request-repository.js';
import { PgFulfilmentRepository } from './infra/pg-fulfilment-repository.js';
import { PgMoneyMovementQueue } from './infra/pg-money-movement-queue.js';
import { PgShippingRateRepository } from './infra/pg-shipping-rate-repository.js';
import { PgLedger } from './infra/pg-ledger.js';
import { PgPayouts } from './infra/pg-payouts.js';
import { PgOrderRepository } from './infra/pg-order-repository.js';
import { PgPriceRuleRepository } from './infra/pg-price-rule-repository.js';
import { resolvers } from './resolvers.js';
import { RetentionJob, type RetentionJobOptions } from '../../lib/retention.js';
import { paymentIdempotencySweeps } from './infra/pg-idempotency-retention.js';
import { StaleBasketJob, type StaleBasketJobOptions } from './domain/stale-basket-job.js';
import { PgStaleBaskets } from './infra/pg-stale-baskets.js';
import { GiftCertificateService } from './domain/gift-certificate-service.js';
import { GiftCertificateExpiryJob, type GiftCertificateExpiryJobOptions } from './domain/gift-certificate-expiry-job.js';
import { assertGiftClaimLimits, DEFAULT_GIFT_CLAIM_LIMITS, type AccountContacts, type GiftClaimLimits } from './domain/gift-certificates.js';
import { PgGiftCertificateExpiry } from './infra/pg-gift-certificate-expiry.js';
import { UnpaidBalanceService } from './domain/unpaid-balance-service.js';
import { PgUnpaidBalanceRepository } from './infra/pg-unpaid-balance-repository.js';
// STORE-RUN PAYMENTS (domain/store-payments.ts)
import type { StoreDirectory } from '../../lib/store-directory.js';
import { StoreRunPayments, type StorePaymentGateway, type StoreRunCheckout } from './domain/store-payments.js';
import { HttpStorePaymentClient } from './infra/http-store-payment-client.js';
import { PgStorePayments } from './infra/pg-store-payments.js';

export interface PaymentServerDeps {
  pool: Pool;
  /** Only getItems (prices) and commit (stock) are used. */
  inventory: InventoryClient;
  tickets: TicketCheckoutClient;
  paymentProvider: PaymentProvider;
  /**
   * STORE-RUN PAYMENTS: the store directory; a store with a `paymentEndpoint` there runs its
   * own payment handling (the exchange calls it for that store's parts). Unset: the exchange
   * charges every part.
   */
  directory?: StoreDirectory;
  /** Replaces the HTTP client of the stores' payment endpoints (tests). */
  storePaymentGateway?: StorePaymentGateway;
  /** Per call to a store's payment endpoint (default 10 s). */
  storePaymentTimeoutMs?: number;
  identityKey: string;
  logger: Logger;
  clock?: Clock;
  /** Exchange fee in basis points of each store's subtotal; default 500 (5%). */
  feeBps?: number;
  /** How long a repeat of a running checkout waits for its result (default 5 s). */
  inProgressWaitMs?: number;
  /** Shipping for stores that set no rate (in the part's currency): default 500 flat, never free. */
  defaultShipping?: Partial<DefaultShipping>;
  /** How long a repeat of a running store request (ship, return, void) waits for its result (default 2 s). */
  fulfilmentInProgressWaitMs?: number;
  /** The money movement job (captures, voids, refunds); `autoStart: false` leaves it to `runOnce()` (tests). */
  moneyMovement?: MoneyMovementOptions & { autoStart?: boolean };
  /** Orders left IN_BASKET (a checkout that never got authorized) expire after this age (BASKET_MAX_AGE_DAYS). */
  staleBaskets?: StaleBasketJobOptions & { autoStart?: boolean };
  /** Sends the outbox's automatic emails (lib/mail); unset: they wait in the outbox, never dropped. */
  mailer?: Mailer;
  /** From header of those emails (default 'CartStart <no-reply@cartstart.local>'). */
  mailFrom?: string;
  /** Pause between email dispatch runs (default 1 s). */
  emailDispatchIntervalMs?: number;
  /**
   * INTERNAL_SECRET: serves the signed internal routes (`pricing/rules`: the ticket
   * subgraph reads price rules to show the cart). Unset: no internal routes.
   */
  internalSecret?: string;
  /**
   * GIFT CERTIFICATES: the session service's accounts (an operator issues a certificate to an
   * account: its email is told). Unset: issueGiftCertificate fails.
   */
  accountContacts?: AccountContacts;
  /** How long a bought gift certificate is good for (default 1 year). */
  giftCertificateValidityMs?: number;
  /** http(s) page where a recipient claims a gift certificate, linked from its email (unset: none). */
  giftCertificateClaimUrl?: string;
  /** Refused gift certificate claims allowed per account and per client IP within a window (default 5 per 15 min each). */
  giftClaimLimits?: GiftClaimLimits;
  /**
   * The gift certificate expiry job (expired certificates: EXPIRED, breakage journal; prunes the
   * claim limit's records); `autoStart: false` leaves it to `runOnce()` (tests).
   */
  /** Idempotency keys (and finished checkouts' keys) are deleted after IDEMPOTENCY_RETENTION_DAYS (default 30). */
  idempotencyRetention?: RetentionJobOptions & { autoStart?: boolean };
  giftExpiry?: Omit<GiftCertificateExpiryJobOptions, 'claimFailureRetentionMs'> & { autoStart?: boolean };
}

export async function migratePayment(pool: Pool, logger?: Logger): Promise<string[]> {
  return migrate(pool, fileURLToPath(new URL('./migrations', import.meta.url)), logger);
}

/** The payment subgraph; its money movement job, other background jobs and email dispatcher run while it listens. */
export type PaymentServer = HttpService & EmailDispatchingService & { readonly moneyMovement: MoneyMovementJob; readonly giftExpiry: GiftCertificateExpiryJob };

export function createPaymentServer(deps: PaymentServerDeps): PaymentServer {
  const clock = deps.clock ?? systemClock;
  const feeBps = assertFeeBps(deps.feeBps ?? DEFAULT_FEE_BPS);
  const orders = new PgOrderRepository(deps.pool, deps.logger);
  const shippingRates = new PgShippingRateRepository(deps.pool);
  // STORE-RUN PAYMENTS: the stores' payment endpoints, when there is a directory to find them in
  const storePaymentGateway = deps.storePaymentGateway ?? (deps.directory ? new HttpStorePaymentClient({ directory: deps.directory, timeoutMs: deps.storePaymentTimeoutMs }) : undefined);
  const moneyMovement = new MoneyMovementJob({
    queue: new PgMoneyMovementQueue(deps.pool, deps.logger.child({ component: 'money-movement' })),
    provider: deps.paymentProvider,
    storePayments: storePaymentGateway,
    clock,
    logger: deps.logger.child({ component: 'money-movement' }),
    options: deps.moneyMovement,
  });
  const fulfilment = new FulfilmentService({
    fulfilment: new PgFulfilmentRepository(deps.pool, { logger: deps.logger, idempotency: { waitMs: deps.fulfilmentInProgressWaitMs ?? 2_000, now: () => clock.now() } }),
    orders,
    clock,
    logger: deps.logger,
    feeBps,
    onMoneyToMove: () => moneyMovement.kick(),
  });
  const shippingRateService = new ShippingRateService({ rates: shippingRates, clock });
  const priceRuleRepository = new PgPriceRuleRepository(deps.pool);
  const priceRules = new PriceRuleService({ rules: priceRuleRepository, clock, logger: deps.logger });
  const storePayments: StoreRunCheckout | undefined = storePaymentGateway
    ? new StoreRunPayments({
        gateway: storePaymentGateway,
        repository: new PgStorePayments(deps.pool),
        clock,
        logger: deps.logger.child({ component: 'store-payments' }),
        onMoneyToMove: () => moneyMovement.kick(),
      })
    : undefined;
  const checkout = new CheckoutService({
    storePayments,
    requests: new PgCheckoutRequestRepository(deps.pool),
    orders,
    inventory: deps.inventory,
    tickets: deps.tickets,
    provider: deps.paymentProvider,
    shippingRates,
    // checkout prices with fresh rules from the database (never a cache)
    priceRules: priceRuleRepository,
    defaultShipping: assertDefaultShipping({
      flatAmount: deps.defaultShipping?.flatAmount ?? DEFAULT_SHIPPING.flatAmount,
      freeOverAmount: deps.defaultShipping?.freeOverAmount !== undefined ? deps.defaultShipping.freeOverAmount : DEFAULT_SHIPPING.freeOverAmount,
    }),
    clock,
    logger: deps.logger,
    feeBps,
    inProgressWaitMs: deps.inProgressWaitMs,
  });
  // GIFT CERTIFICATES (domain/gift-certificates.ts)
  const giftClaimLimits = assertGiftClaimLimits(deps.giftClaimLimits ?? DEFAULT_GIFT_CLAIM_LIMITS);
  const giftCertificates = new GiftCertificateService({
    pool: deps.pool,
    provider: deps.paymentProvider,
    accountContacts: deps.accountContacts,
    clock,
    logger: deps.logger.child({ component: 'gift-certificates' }),
    purchaseValidityMs: deps.giftCertificateValidityMs,
    claimUrl: deps.giftCertificateClaimUrl,
    inProgressWaitMs: deps.inProgressWaitMs,
    claimLimits: giftClaimLimits,
  });
  // the unpaid balance of an order (domain/unpaid-balance.ts): the shopper pays it with another card
  const unpaidBalances = new UnpaidBalanceService({
    balances: new PgUnpaidBalanceRepository(deps.pool, { idempotency: { waitMs: deps.inProgressWaitMs ?? 5_000, now: () => clock.now() } }),
    orders,
    provider: deps.paymentProvider,
    clock,
    logger: deps.logger.child({ component: 'unpaid-balance' }),
    feeBps,
    onMoneyToMove: () => moneyMovement.kick(),
  });
  const ledger = new LedgerService({ pool: deps.pool, ledger: new PgLedger(deps.pool), payouts: new PgPayouts(deps.pool), clock: deps.clock ?? systemClock, inProgressWaitMs: deps.inProgressWaitMs });
  const email = createEmailDispatch({ pool: deps.pool, logger: deps.logger, clock: deps.clock, mailer: deps.mailer, mailFrom: deps.mailFrom, intervalMs: deps.emailDispatchIntervalMs });
  const service = createSubgraphService<PaymentContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: deps.identityKey,
    logger: deps.logger,
    extendContext: (base) => ({
      ...base,
      checkout,
      fulfilment,
      shippingRates: shippingRateService,
      ledger,
      orders: new OrderQueries(orders, createOrderLoaders(orders), base.identity),
      priceRules,
      giftCertificates,
      unpaidBalances,
    }),
    routes: deps.internalSecret
      ? internalRoutes(deps.internalSecret, {
          // the ticket subgraph's read of price rules, to show the cart (lib/pricing.ts)
          'pricing/rules': (input) => priceRules.rulesForWire(input),
        })
      : undefined,
    health: async () => {
      await deps.pool.query('SELECT 1');
      return { database: 'ok', email: await email.health() };
    },
  });
  const staleBaskets = new StaleBasketJob({
    store: new PgStaleBaskets(deps.pool),
    clock,
    logger: deps.logger.child({ component: 'stale-baskets' }),
    options: deps.staleBaskets,
  });
  const giftExpiry = new GiftCertificateExpiryJob({
    store: new PgGiftCertificateExpiry(deps.pool),
    clock,
    logger: deps.logger.child({ component: 'gift-certificate-expiry' }),
    // refused claims are kept as long as the claim limit's longest window
    options: { ...deps.giftExpiry, claimFailureRetentionMs: Math.max(giftClaimLimits.perAccount.windowMs, giftClaimLimits.perIp.windowMs) },
  });
  const idempotencyRetention = new RetentionJob({
    name: 'idempotency retention',
    sweeps: paymentIdempotencySweeps(deps.pool),
    clock,
    logger: deps.logger.child({ component: 'idempotency-retention' }),
    options: deps.idempotencyRetention,
  });
  return withBackgroundJobs(
    service,
    [
      // the email outbox's dispatcher (enqueueEmail: lib/mail/outbox.ts), when a mailer is configured
      { job: email.dispatcher },
      { job: idempotencyRetention, autoStart: deps.idempotencyRetention?.autoStart },
      { job: moneyMovement, autoStart: deps.moneyMovement?.autoStart },
      { job: staleBaskets, autoStart: deps.staleBaskets?.autoStart },
      { job: giftExpiry, autoStart: deps.giftExpiry?.autoStart },
    ],
    { moneyMovement, giftExpiry, emailDispatcher: email.dispatcher },
  );
}
