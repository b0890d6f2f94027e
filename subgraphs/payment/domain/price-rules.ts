import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { requireStore, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { CURRENCY_SHAPE, OFFER_CODE_SHAPE, PRICE_CLASS_SHAPE, priceRuleToWire, type PriceRule, type PriceRuleKind, type WirePriceRule } from '../../../lib/pricing.js';
import { isValidStoreId } from '../../../lib/store-directory.js';

/**
 * Stores' price rules (lib/pricing.ts says what they mean). The payment subgraph owns
 * them because it owns money: checkout prices every line with them, read fresh from its
 * own database; the ticket subgraph reads them over the internal `pricing/rules` route to
 * show the cart (it may cache them for a moment: display only).
 *
 * A store sees and changes only its own rules. A rule is identified by its definition
 * (sku, kind, class, currency, offer code, window): setting the same definition again
 * changes its amount and keeps its id, so retries never duplicate rules and setting a
 * class's price again replaces it. Distinct sales (other windows, other codes) coexist;
 * remove one by id.
 */

/** A rule as stored. */
export interface StoredPriceRule extends PriceRule {
  createdAt: Date;
  updatedAt: Date;
}

export type NewPriceRule = Omit<PriceRule, 'id'>;

/** Price rules in storage (PostgreSQL: infra/pg-price-rule-repository.ts). */
export interface PriceRuleRepository {
  /** Inserts the rule, or when one with the same definition exists changes its amount; the rule as stored. */
  upsert(rule: NewPriceRule & { id: string }, now: Date): Promise<StoredPriceRule>;
  /** Deletes the store's rule; the rule as it was, or undefined when the store has none with this id. */
  remove(storeId: string, id: string): Promise<StoredPriceRule | undefined>;
  /** The store's rules (of one sku when given), by sku then creation. */
  list(storeId: string, sku?: string): Promise<StoredPriceRule[]>;
  /** The store's rules for these skus (every rule: pricing decides which apply). */
  rulesFor(storeId: string, skus: readonly string[]): Promise<PriceRule[]>;
}

/** The port checkout prices with (fresh reads: never a cache). */
export type PriceRuleSource = Pick<PriceRuleRepository, 'rulesFor'>;

/** GraphQL `PriceRule`. */
export interface PriceRuleView {
  id: string;
  storeId: string;
  sku: string;
  kind: PriceRuleKind;
  priceClass: string | null;
  price: { amount: number; currency: string };
  startsAt: Date | null;
  endsAt: Date | null;
  offerCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PriceRuleInput {
  sku: string;
  kind: PriceRuleKind;
  priceClass?: string | null;
  amount: number;
  currency: string;
  startsAt?: Date | string | null;
  endsAt?: Date | string | null;
  offerCode?: string | null;
}

type InvalidInput = { __typename: 'InvalidInputError'; code: 'INVALID_INPUT'; message: string; field: string };
export type SetPriceRuleOutcome = (PriceRuleView & { __typename: 'PriceRule' }) | InvalidInput;
export type RemovePriceRuleOutcome =
  | (PriceRuleView & { __typename: 'PriceRule' })
  | { __typename: 'PriceRuleNotFoundError'; code: 'PRICE_RULE_NOT_FOUND'; message: string; id: string };

const SKU_SHAPE = /^[A-Za-z0-9._-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Rules one store keeps for one item: plenty for sales and classes, and a bound on what every cart read loads. */
export const MAX_RULES_PER_ITEM = 50;
/** Skus one internal `pricing/rules` call may ask for (a cart holds at most a few dozen lines). */
export const MAX_SKUS_PER_CALL = 500;

const invalid = (field: string, message: string): InvalidInput => ({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', message, field });

function toDate(value: Date | string | null | undefined): Date | null | 'invalid' {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? 'invalid' : date;
}

/**
 * The rule an input describes (normalized: class and offer code trimmed and upper-cased),
 * or the first problem with it.
 */
export function checkPriceRuleInput(storeId: string, input: PriceRuleInput): NewPriceRule | InvalidInput {
  const sku = input.sku.trim();
  if (!SKU_SHAPE.test(sku)) return invalid('sku', 'sku must be 1-64 characters of A-Z a-z 0-9 . _ -');
  if (input.kind !== 'CLASS_PRICE' && input.kind !== 'SALE') return invalid('kind', 'kind must be CLASS_PRICE or SALE.');
  if (!Number.isSafeInteger(input.amount) || input.amount < 0) return invalid('amount', 'amount must be a whole number of minor units, 0 or more.');
  if (!CURRENCY_SHAPE.test(input.currency)) return invalid('currency', 'currency must be an ISO 4217 code such as USD (three upper-case letters).');
  const rawClass = input.priceClass?.trim().toUpperCase() || undefined;
  if (rawClass !== undefined && !PRICE_CLASS_SHAPE.test(rawClass)) {
    return invalid('priceClass', 'A price class is 1 to 32 of A-Z, 0-9 and "_", starting with a letter.');
  }
  const rawCode = input.offerCode?.trim().toUpperCase() || undefined;
  if (rawCode !== undefined && !OFFER_CODE_SHAPE.test(rawCode)) {
    return invalid('offerCode', 'An offer code is 3 to 32 letters, digits, "-" or "_", starting with a letter or digit.');
  }
  const startsAt = toDate(input.startsAt);
  if (startsAt === 'invalid') return invalid('startsAt', 'startsAt must be an ISO 8601 date-time.');
  const endsAt = toDate(input.endsAt);
  if (endsAt === 'invalid') return invalid('endsAt', 'endsAt must be an ISO 8601 date-time.');

  if (input.kind === 'CLASS_PRICE') {
    if (rawClass === undefined) return invalid('priceClass', 'A CLASS_PRICE rule names the price class it is for.');
    if (rawCode !== undefined) return invalid('offerCode', 'Offer codes unlock SALE rules only (a coded price for a class is a SALE with priceClass).');
    if (startsAt) return invalid('startsAt', 'A CLASS_PRICE rule has no window (a time-bounded price for a class is a SALE with priceClass).');
    if (endsAt) return invalid('endsAt', 'A CLASS_PRICE rule has no window (a time-bounded price for a class is a SALE with priceClass).');
  }
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) return invalid('endsAt', 'endsAt must be after startsAt.');

  const rule: NewPriceRule = { storeId, sku, kind: input.kind, amount: input.amount, currency: input.currency };
  if (rawClass !== undefined) rule.priceClass = rawClass;
  if (rawCode !== undefined) rule.offerCode = rawCode;
  if (startsAt) rule.startsAt = startsAt;
  if (endsAt) rule.endsAt = endsAt;
  return rule;
}

export function toPriceRuleView(rule: StoredPriceRule): PriceRuleView {
  return {
    id: rule.id,
    storeId: rule.storeId,
    sku: rule.sku,
    kind: rule.kind,
    priceClass: rule.priceClass ?? null,
    price: { amount: rule.amount, currency: rule.currency },
    startsAt: rule.startsAt ?? null,
    endsAt: rule.endsAt ?? null,
    offerCode: rule.offerCode ?? null,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

/** The internal route's input (the ticket subgraph); anything malformed asks for nothing. */
export function parseRulesRequest(input: unknown): { storeId: string; skus: string[] } {
  const { storeId, skus } = (input ?? {}) as Record<string, unknown>;
  return {
    storeId: typeof storeId === 'string' && isValidStoreId(storeId) ? storeId : '',
    skus: Array.isArray(skus) ? [...new Set(skus.filter((s): s is string => typeof s === 'string' && SKU_SHAPE.test(s)))].slice(0, MAX_SKUS_PER_CALL) : [],
  };
}

export interface PriceRuleServiceDeps {
  rules: PriceRuleRepository;
  clock: Clock;
  logger: Logger;
  newId?: () => string;
}

export class PriceRuleService {
  constructor(private readonly deps: PriceRuleServiceDeps) {}

  /** Store: adds a rule, or changes the amount of the rule with the same definition. */
  async set(identity: Identity, input: PriceRuleInput): Promise<SetPriceRuleOutcome> {
    const storeId = requireStore(identity);
    const checked = checkPriceRuleInput(storeId, input);
    if ('__typename' in checked) return checked;
    const existing = await this.deps.rules.list(storeId, checked.sku);
    if (existing.length >= MAX_RULES_PER_ITEM && !existing.some((r) => sameDefinition(r, checked))) {
      return invalid('sku', `A store keeps at most ${MAX_RULES_PER_ITEM} price rules per item; remove one first.`);
    }
    const stored = await this.deps.rules.upsert({ ...checked, id: (this.deps.newId ?? randomUUID)() }, this.deps.clock.now());
    this.deps.logger.info({ storeId, ruleId: stored.id, sku: stored.sku, kind: stored.kind, amount: stored.amount, currency: stored.currency }, 'price rule set');
    return { __typename: 'PriceRule', ...toPriceRuleView(stored) };
  }

  /** Store: removes one of its rules. */
  async remove(identity: Identity, id: string): Promise<RemovePriceRuleOutcome> {
    const storeId = requireStore(identity);
    // another store's rule answers exactly like one that does not exist
    const removed = UUID.test(id) ? await this.deps.rules.remove(storeId, id) : undefined;
    if (!removed) return { __typename: 'PriceRuleNotFoundError', code: 'PRICE_RULE_NOT_FOUND', message: 'Your store has no price rule with this id.', id };
    this.deps.logger.info({ storeId, ruleId: id, sku: removed.sku }, 'price rule removed');
    return { __typename: 'PriceRule', ...toPriceRuleView(removed) };
  }

  /** Store: its own rules (of one sku when given). */
  async list(identity: Identity, sku?: string | null): Promise<PriceRuleView[]> {
    const storeId = requireStore(identity);
    const trimmed = sku?.trim();
    if (trimmed !== undefined && !SKU_SHAPE.test(trimmed)) return [];
    return (await this.deps.rules.list(storeId, trimmed)).map(toPriceRuleView);
  }

  /** Internal (`pricing/rules`): every rule of the store for these skus, dates as ISO 8601. */
  async rulesForWire(input: unknown): Promise<{ rules: WirePriceRule[] }> {
    const { storeId, skus } = parseRulesRequest(input);
    if (!storeId || skus.length === 0) return { rules: [] };
    return { rules: (await this.deps.rules.rulesFor(storeId, skus)).map(priceRuleToWire) };
  }
}

function sameDefinition(a: NewPriceRule, b: NewPriceRule): boolean {
  return (
    a.sku === b.sku &&
    a.kind === b.kind &&
    a.currency === b.currency &&
    (a.priceClass ?? '') === (b.priceClass ?? '') &&
    (a.offerCode ?? '') === (b.offerCode ?? '') &&
    (a.startsAt?.getTime() ?? null) === (b.startsAt?.getTime() ?? null) &&
    (a.endsAt?.getTime() ?? null) === (b.endsAt?.getTime() ?? null)
  );
}
