/**
 * Price rules and the shopper's best price. Pure and shared: the ticket subgraph shows
 * the cart with it and the payment subgraph charges with it, so the cart shows exactly
 * what checkout charges (for the same rules, context and moment).
 *
 * A store's item has one list price (its catalog). Price rules, kept by the payment
 * subgraph (it owns money), can lower it for some shoppers:
 * - CLASS_PRICE: the price for one class of users (`priceClass`, e.g. WHOLESALE), set by
 *   the operator on the account and carried by the session. No window, no offer code.
 * - SALE: a sale price, optionally only within a window [startsAt, endsAt) (half-open:
 *   on at startsAt, off at endsAt), optionally only for one price class, optionally only
 *   with an offer code attached to the session.
 *
 * The shopper gets the LOWEST of the list price and every rule they are entitled to at
 * that moment, in the list price's currency (rules in another currency never apply).
 * Rules only ever lower a price: a rule above the list price is never chosen, because the
 * list price is always a candidate. A rule that equals the list price is not reported as
 * the applied rule (nothing was discounted).
 */

export type PriceRuleKind = 'CLASS_PRICE' | 'SALE';

export interface PriceRule {
  id: string;
  storeId: string;
  sku: string;
  kind: PriceRuleKind;
  /** CLASS_PRICE: required. SALE: optional restriction to shoppers of this class. */
  priceClass?: string;
  /** Minor units (integer ≥ 0). */
  amount: number;
  currency: string;
  /** SALE: the window's start (inclusive); absent: since forever. */
  startsAt?: Date;
  /** SALE: the window's end (exclusive); absent: open-ended. */
  endsAt?: Date;
  /** SALE only: applies only while this code (upper-case) is attached to the session. */
  offerCode?: string;
}

/** Who is buying and when: what decides which rules a shopper is entitled to. */
export interface PricingContext {
  /** The account's price class, carried by the session (absent for guests and unclassed accounts). */
  priceClass?: string;
  /** Offer codes attached to the session (normalized upper-case). */
  offerCodes: readonly string[];
  /** The moment priced (the server's clock; never the client's). */
  at: Date;
}

export interface Price {
  amount: number;
  currency: string;
}

export interface BestPrice extends Price {
  /** The list (catalog) price's amount, in the same currency. */
  listAmount: number;
  /** The rule that lowered the price; absent when the list price stands. */
  rule?: PriceRule;
}

/** Offer codes: 3 to 32 of A-Z 0-9 _ -, starting with a letter or digit (as the session normalizes them). */
export const OFFER_CODE_SHAPE = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;
/** Price classes: an upper-case letter, then up to 31 of A-Z 0-9 _. */
export const PRICE_CLASS_SHAPE = /^[A-Z][A-Z0-9_]{0,31}$/;
export const CURRENCY_SHAPE = /^[A-Z]{3}$/;

/** The context of a caller identity (what the gateway signed), at `at`. */
export function pricingContextOf(identity: { priceClass?: string; offerCodes?: readonly string[] }, at: Date): PricingContext {
  const context: PricingContext = { offerCodes: identity.offerCodes ?? [], at };
  if (identity.priceClass) context.priceClass = identity.priceClass;
  return context;
}

/** Whether the shopper in `context` is entitled to `rule` (currency aside). */
export function isEntitled(rule: PriceRule, context: PricingContext): boolean {
  const at = context.at.getTime();
  if (rule.startsAt && at < rule.startsAt.getTime()) return false;
  if (rule.endsAt && at >= rule.endsAt.getTime()) return false;
  if (rule.kind === 'CLASS_PRICE' && !rule.priceClass) return false;
  if (rule.priceClass && rule.priceClass !== context.priceClass) return false;
  if (rule.offerCode) {
    const code = rule.offerCode.toUpperCase();
    if (!context.offerCodes.some((c) => c.toUpperCase() === code)) return false;
  }
  return true;
}

/**
 * The lowest price the shopper is entitled to: the list price, or an entitled rule of the
 * same currency that is lower. Rules with malformed amounts (negative, fractional) are
 * ignored. Ties between rules go to the smaller id, so the answer is stable.
 */
export function bestPrice(list: Price, rules: readonly PriceRule[], context: PricingContext): BestPrice {
  let best: BestPrice = { amount: list.amount, currency: list.currency, listAmount: list.amount };
  for (const rule of rules) {
    if (rule.currency !== list.currency) continue;
    if (!Number.isSafeInteger(rule.amount) || rule.amount < 0) continue;
    if (!isEntitled(rule, context)) continue;
    const lower = rule.amount < best.amount;
    const tie = rule.amount === best.amount && best.rule !== undefined && rule.id < best.rule.id;
    if (lower || tie) best = { amount: rule.amount, currency: list.currency, listAmount: list.amount, rule };
  }
  return best;
}

// --- the wire (payment's internal `pricing/rules` route: dates as ISO 8601) ---

/** A PriceRule as JSON carries it: the window's ends as ISO 8601 strings. */
export type WirePriceRule = Omit<PriceRule, 'startsAt' | 'endsAt'> & { startsAt?: string; endsAt?: string };

export function priceRuleToWire(rule: PriceRule): WirePriceRule {
  const wire: WirePriceRule = { id: rule.id, storeId: rule.storeId, sku: rule.sku, kind: rule.kind, amount: rule.amount, currency: rule.currency };
  if (rule.priceClass) wire.priceClass = rule.priceClass;
  if (rule.startsAt) wire.startsAt = rule.startsAt.toISOString();
  if (rule.endsAt) wire.endsAt = rule.endsAt.toISOString();
  if (rule.offerCode) wire.offerCode = rule.offerCode;
  return wire;
}

/** A rule off the wire, or null when it is not one (a rule that cannot be read never applies). */
export function priceRuleFromWire(value: unknown): PriceRule | null {
  if (typeof value !== 'object' || value === null) return null;
  const w = value as Record<string, unknown>;
  if (typeof w.id !== 'string' || typeof w.storeId !== 'string' || typeof w.sku !== 'string') return null;
  if (w.kind !== 'CLASS_PRICE' && w.kind !== 'SALE') return null;
  if (typeof w.amount !== 'number' || !Number.isSafeInteger(w.amount) || w.amount < 0) return null;
  if (typeof w.currency !== 'string' || !CURRENCY_SHAPE.test(w.currency)) return null;
  const rule: PriceRule = { id: w.id, storeId: w.storeId, sku: w.sku, kind: w.kind, amount: w.amount, currency: w.currency };
  for (const field of ['priceClass', 'offerCode'] as const) {
    const v = w[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return null;
    rule[field] = v;
  }
  for (const field of ['startsAt', 'endsAt'] as const) {
    const v = w[field];
    if (v === undefined || v === null) continue;
    const date = typeof v === 'string' ? new Date(v) : new Date(NaN);
    if (Number.isNaN(date.getTime())) return null;
    rule[field] = date;
  }
  return rule;
}
