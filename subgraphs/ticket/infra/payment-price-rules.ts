import { systemClock, type Clock } from '../../../lib/clock.js';
import { StoreCircuitBreaker } from '../../../lib/circuit-breaker.js';
import type { PriceRule } from '../../../lib/pricing.js';
import { createPriceRulesClient, type PriceRulesClient } from '../../payment/pricing-client.js';
import type { PriceRules } from '../domain/ports.js';

export interface PaymentPriceRulesOptions {
  /** The payment service's URL (PAYMENT_URL; its /graphql URL works too), or a function giving it once known. */
  baseUrl: string | (() => string);
  /** INTERNAL_SECRET, shared with the payment service. */
  secret: string;
  timeoutMs?: number;
}

export interface PriceRulesCacheOptions {
  /** How long rules read from payment are reused (default 2 s; 0: no cache). Display only. */
  ttlMs?: number;
  /** Entries (store, sku) kept at most; past it the cache starts over (default 10,000). */
  maxEntries?: number;
  clock?: Clock;
  /** Failures in a row before payment is not asked for a while (default 3), and for how long (default 5 s). */
  failureThreshold?: number;
  cooldownMs?: number;
}

const CIRCUIT = 'payment';

/**
 * The PriceRules port over payment's internal `pricing/rules` route, with a short
 * in-process cache: reads dominate (every cart view prices every line), and rules change
 * rarely. The cache holds the rules themselves, not prices, so sale windows still open and
 * close on time. A rule changed at payment shows in carts within the TTL; checkout never
 * uses this cache (it reads its own database). While payment keeps failing, it is not
 * asked again for a few seconds (the cart shows list prices at once instead of waiting).
 */
export class PaymentServicePriceRules implements PriceRules {
  private readonly client: PriceRulesClient;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: Clock;
  private readonly breaker: StoreCircuitBreaker;
  /** JSON [storeId, sku] → the sku's rules and when they go stale (epoch ms). */
  private readonly cache = new Map<string, { rules: PriceRule[]; staleAt: number }>();

  constructor(source: PaymentPriceRulesOptions | PriceRulesClient, options: PriceRulesCacheOptions = {}) {
    this.client = 'rulesFor' in source ? source : createPriceRulesClient(source);
    this.ttlMs = options.ttlMs ?? 2_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.breaker = new StoreCircuitBreaker({ failureThreshold: options.failureThreshold ?? 3, cooldownMs: options.cooldownMs ?? 5_000, now: () => this.clock.now().getTime() });
  }

  async rulesFor(storeId: string, skus: readonly string[]): Promise<PriceRule[]> {
    const now = this.clock.now().getTime();
    const found: PriceRule[] = [];
    const missing: string[] = [];
    for (const sku of new Set(skus)) {
      const hit = this.ttlMs > 0 ? this.cache.get(JSON.stringify([storeId, sku])) : undefined;
      if (hit && hit.staleAt > now) found.push(...hit.rules);
      else missing.push(sku);
    }
    if (missing.length === 0) return found;
    if (!this.breaker.tryAcquire(CIRCUIT)) throw new Error('price rules: payment is failing; not asked again until its cool-down passes');
    let fetched: PriceRule[];
    try {
      fetched = await this.client.rulesFor(storeId, missing);
      this.breaker.recordSuccess(CIRCUIT);
    } catch (error) {
      this.breaker.recordFailure(CIRCUIT);
      throw error;
    }
    if (this.ttlMs > 0) {
      if (this.cache.size + missing.length > this.maxEntries) this.cache.clear();
      const staleAt = this.clock.now().getTime() + this.ttlMs;
      const bySku = new Map<string, PriceRule[]>(missing.map((sku) => [sku, []]));
      for (const rule of fetched) bySku.get(rule.sku)?.push(rule);
      for (const [sku, rules] of bySku) this.cache.set(JSON.stringify([storeId, sku]), { rules, staleAt });
    }
    return [...found, ...fetched.filter((rule) => missing.includes(rule.sku))];
  }
}
