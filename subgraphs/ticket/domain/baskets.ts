import { createHmac } from 'node:crypto';
import { DomainError } from '../../../lib/errors.js';
import { requireStore, type Identity } from '../../../lib/identity.js';
import type { Money, TicketRecord } from './model.js';
import { isUuid } from './rules.js';

/**
 * Baskets over time (docs/ARCHITECTURE.md "Basket lifecycle"). A basket is a cart with
 * content: it opens with the cart's first live ticket and closes when the last one ends,
 * classified by how it ended. The bookkeeping happens in the database, in the statement
 * that bumps the cart version (migration 004's trigger); what follows from it in time
 * (idle abandonment, the stores' reports, expiry after BASKET_MAX_AGE_DAYS) is the
 * BasketJanitor's (basket-janitor.ts).
 */
export type BasketState = 'OPEN' | 'CHECKED_OUT' | 'ABANDONED' | 'EMPTIED' | 'EXPIRED';

/** One line of an abandoned basket at one store. */
export interface AbandonedLineModel {
  storeId: string;
  sku: string;
  quantity: number;
  /** The store's catalog price when the report was written; null when the store could not be asked. */
  unitPrice: Money | null;
}

/** A store's report of an abandoned basket (GraphQL `AbandonedCart`). */
export interface AbandonedCartModel {
  id: string;
  storeId: string;
  /** Anonymous and stable per (cart, store): never the session or account id. */
  cartRef: string;
  abandonedAt: Date;
  lines: AbandonedLineModel[];
}

/** An item of a basket and how many of it (summed over the basket's tickets of the item). */
export interface BasketLine {
  storeId: string;
  sku: string;
  quantity: number;
}

/** An abandoned basket whose stores' reports are owed. */
export interface DueReport {
  cartId: string;
  seq: number;
  abandonedAt: Date;
  lines: BasketLine[];
}

export interface ReportCursor {
  abandonedAt: Date;
  id: string;
}

export interface ReportPageRequest {
  first: number;
  after?: ReportCursor;
  /** Reports abandoned at or after this. */
  since?: Date;
}

/** Live carts closed for age: the tickets released (their store releases owed) and the new cart versions. */
export interface ExpiredCarts {
  carts: string[];
  released: TicketRecord[];
  versions: Map<string, number>;
  /** Carts left open because a checkout is in progress on them. */
  skipped: string[];
}

/** Baskets, abandoned-cart reports and saved-cart expiry in storage (infra/pg-basket-repository.ts). */
export interface BasketRepository {
  /**
   * OPEN baskets whose cart has been idle since `idleBefore`, with no ticket purchased and
   * none in checkout, become ABANDONED at `now` (their reports owed). Carts are claimed
   * with SKIP LOCKED (their cart lock). Returns how many.
   */
  abandonIdle(input: { now: Date; idleBefore: Date; limit: number }): Promise<number>;
  /** ABANDONED baskets whose reports are owed, oldest first, with their lines (no locks). */
  dueReports(limit: number): Promise<DueReport[]>;
  /** The secret behind the cart's anonymous references (created on first use). */
  cartRefKey(cartId: string): Promise<string>;
  /**
   * Writes the reports of one abandoned basket, one per store of its lines (read again
   * under the basket's row lock), and marks it reported, in one transaction. False when
   * another replica holds it or already reported it (nothing written).
   */
  writeReports(input: {
    cartId: string;
    seq: number;
    now: Date;
    cartRefOf: (storeId: string) => string;
    priceOf: (storeId: string, sku: string) => Money | null;
    newId: () => string;
  }): Promise<boolean>;
  /**
   * Carts holding content idle since `idleBefore`: their basket becomes EXPIRED, their
   * HELD tickets RELEASED (store release owed, as releaseHeldTickets does) and their
   * version bumps, in one transaction per batch under the carts' locks (SKIP LOCKED).
   */
  expireIdleCarts(input: { now: Date; idleBefore: Date; retryAt: Date; limit: number }): Promise<ExpiredCarts>;
  /** Saved carts saved (or last restored) before `before` leave saved_carts for expired_saved_carts. Returns how many. */
  expireSavedCarts(input: { now: Date; before: Date; limit: number }): Promise<number>;
  /** The saved cart was restored at `at` (it stays for another BASKET_MAX_AGE_DAYS). */
  savedCartRestored(accountId: string, savedCartId: string, at: Date): Promise<void>;
  /** The store's reports, newest first. */
  listReports(storeId: string, page: ReportPageRequest): Promise<{ items: AbandonedCartModel[]; hasNextPage: boolean }>;
}

/**
 * The anonymous reference of a cart at a store: HMAC-SHA256 of the store id under the
 * cart's own random key, as a UUID (version 8). The same cart gives a store the same
 * reference every time; it reveals nothing of the session or account, and two stores get
 * different references for the same cart.
 */
export function cartRef(refKey: string, storeId: string): string {
  const bytes = createHmac('sha256', refKey).update(storeId).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// --- the stores' query --------------------------------------------------------------

export const MAX_PAGE_SIZE = 100;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Opaque keyset cursor over (abandonedAt, id), newest first. */
export function encodeReportCursor(cursor: ReportCursor): string {
  return Buffer.from(JSON.stringify([cursor.abandonedAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodeReportCursor(raw: string): ReportCursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') return undefined;
    const abandonedAt = new Date(parsed[0]);
    if (Number.isNaN(abandonedAt.getTime()) || !isUuid(parsed[1])) return undefined;
    return { abandonedAt, id: parsed[1] };
  } catch {
    return undefined;
  }
}

/** `first` 1..100, a cursor this list issued and a timestamp, or INVALID_INPUT naming the argument. */
export function reportPageRequest(args: { first?: number | null; after?: string | null; since?: string | Date | null }): ReportPageRequest {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new DomainError('INVALID_INPUT', `first must be 1..${MAX_PAGE_SIZE}.`, { field: 'first' });
  }
  const request: ReportPageRequest = { first };
  if (args.after != null) {
    const after = decodeReportCursor(args.after);
    if (!after) throw new DomainError('INVALID_INPUT', 'after is not a cursor from this list.', { field: 'after' });
    request.after = after;
  }
  if (args.since != null) {
    const since = new Date(args.since);
    if (Number.isNaN(since.getTime())) throw new DomainError('INVALID_INPUT', 'since is not a timestamp.', { field: 'since' });
    request.since = since;
  }
  return request;
}

/** Abandoned-cart reports, as the stores read them: each store its own, never another's. */
export class AbandonedCartService {
  constructor(private readonly baskets: BasketRepository) {}

  /**
   * The calling store's reports, newest first (by abandonedAt). A report is written within
   * one janitor interval after its basket was abandoned, so a store polling with `since`
   * should overlap its windows by that much (reports are immutable; ids deduplicate).
   */
  async abandonedCarts(identity: Identity, args: { first?: number | null; after?: string | null; since?: string | Date | null }): Promise<Connection<AbandonedCartModel>> {
    const storeId = requireStore(identity);
    const page = await this.baskets.listReports(storeId, reportPageRequest(args));
    const edges = page.items.map((node) => ({ cursor: encodeReportCursor({ abandonedAt: node.abandonedAt, id: node.id }), node }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
