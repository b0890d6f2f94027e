// Runs the payment subgraph, configured by the environment.
import { createPool } from '../../lib/db.js';
import { HttpInventoryClient } from '../../lib/inventory-client.js';
import { createLogger } from '../../lib/logger.js';
import { smtpMailerFromEnv } from '../../lib/mail/service.js';
import { createTicketCheckoutClient } from '../ticket/client.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { SessionAccountContacts } from './infra/session-account-contacts.js';
import { createPaymentServer, migratePayment } from './server.js';
import { openStoreDirectoryFromEnv, requiredEnv, stopOnSignals } from '../../lib/process.js';

const logger = createLogger('payment');
const pool = createPool(requiredEnv('DATABASE_URL'));
await migratePayment(pool, logger);

const feeBps = process.env.FEE_BPS === undefined ? undefined : Number(process.env.FEE_BPS);
const optionalInt = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
};
const optionalDaysAsMs = (name: string): number | undefined => {
  const days = optionalInt(name);
  return days === undefined ? undefined : days * 86_400_000;
};
// shipping for stores that set no rate: DEFAULT_SHIPPING_AMOUNT (minor units, default 500), free from DEFAULT_SHIPPING_FREE_OVER (unset: never)
// the only provider there is today; a real processor implements the same PaymentProvider port
logger.warn('payment provider: sandbox (no real money moves)');

// REGISTRY_URL set: stores come from the registry (polled), else from STORES
const stores = await openStoreDirectoryFromEnv(logger);
// SMTP_URL unset: emails wait in the outbox (never dropped); MAIL_FROM default 'CartStart <no-reply@cartstart.local>'
const mailer = smtpMailerFromEnv(logger);

const service = createPaymentServer({
  pool,
  inventory: new HttpInventoryClient({ directory: stores.directory }),
  tickets: createTicketCheckoutClient({ baseUrl: requiredEnv('TICKET_URL'), secret: requiredEnv('INTERNAL_SECRET') }),
  // gift certificates issued to an account are announced to its email (the session service's `accounts/contact`);
  // GIFT_CERTIFICATE_VALIDITY_DAYS: how long a bought certificate is good for (default 365); GIFT_CERTIFICATE_CLAIM_URL: linked from its email
  accountContacts: new SessionAccountContacts({ baseUrl: requiredEnv('SESSION_URL'), secret: requiredEnv('INTERNAL_SECRET') }),
  giftCertificateValidityMs: optionalDaysAsMs('GIFT_CERTIFICATE_VALIDITY_DAYS'),
  giftCertificateClaimUrl: process.env.GIFT_CERTIFICATE_CLAIM_URL || undefined,
  paymentProvider: new SandboxPaymentProvider(),
  // stores with a paymentEndpoint (registry or STORES) run their own payment handling: STORE_PAYMENT_TIMEOUT_MS per call (default 10000)
  directory: stores.directory,
  storePaymentTimeoutMs: optionalInt('STORE_PAYMENT_TIMEOUT_MS'),
  identityKey: requiredEnv('IDENTITY_KEY'),
  // signs the internal `pricing/rules` route (the ticket subgraph reads price rules for the cart)
  internalSecret: requiredEnv('INTERNAL_SECRET'),
  logger,
  feeBps,
  defaultShipping: { flatAmount: optionalInt('DEFAULT_SHIPPING_AMOUNT'), freeOverAmount: optionalInt('DEFAULT_SHIPPING_FREE_OVER') ?? null },
  // captures, voids and refunds: MONEY_JOB_INTERVAL_MS (default 1000), MONEY_JOB_BACKOFF_MS (first retry, doubling; default 2000), MONEY_JOB_MAX_ATTEMPTS (default 8)
  // orders left IN_BASKET expire after BASKET_MAX_AGE_DAYS (default 30), like the ticket subgraph's baskets
  staleBaskets: { maxAgeMs: optionalDaysAsMs('BASKET_MAX_AGE_DAYS') },
  idempotencyRetention: { retentionMs: optionalDaysAsMs('IDEMPOTENCY_RETENTION_DAYS') },
  // gift certificates past their expiry are marked EXPIRED and their balance booked as breakage: GIFT_EXPIRY_JOB_INTERVAL_MS (default 600000)
  giftExpiry: { intervalMs: optionalInt('GIFT_EXPIRY_JOB_INTERVAL_MS') },
  moneyMovement: { intervalMs: optionalInt('MONEY_JOB_INTERVAL_MS'), backoffBaseMs: optionalInt('MONEY_JOB_BACKOFF_MS'), maxAttempts: optionalInt('MONEY_JOB_MAX_ATTEMPTS') },
  mailer,
  mailFrom: process.env.MAIL_FROM || undefined,
});
const url = await service.listen(Number(process.env.PORT ?? 4003), process.env.HOST ?? '127.0.0.1');
logger.info({ url }, 'payment subgraph listening');

stopOnSignals(logger, async () => {
  await service.close();
  mailer?.close();
  await stores.close();
  await pool.end();
});
