import { randomUUID } from 'node:crypto';
import { cartIdOf } from '../../../lib/cart-id.js';
import { systemClock, type Clock } from '../../../lib/clock.js';
import type { InventoryClient } from '../../../lib/inventory-client.js';
import type { BeginCheckoutResult, TicketCheckout } from '../domain/ports.js';

export type FakeTicketStatus = 'HELD' | 'CHECKING_OUT' | 'PURCHASED' | 'EXPIRED';

export interface FakeTicket {
  id: string;
  /** The cart holding it (lib/cart-id.ts): a guest's session id, or `account:<accountId>`. */
  cartId: string;
  storeId: string;
  sku: string;
  quantity: number;
  expiresAt: Date;
  status: FakeTicketStatus;
  orderId: string | null;
}

/**
 * The ticket service's checkout RPC in memory, following ARCHITECTURE.md "Ticket ↔
 * payment": begin is idempotent on orderId and moves nothing when it refuses; abort
 * puts tickets back (or expires them). Holds reserve real stock at the given stores.
 */
export class FakeTicketCheckout implements TicketCheckout {
  readonly tickets: FakeTicket[] = [];
  private readonly versions = new Map<string, number>();
  readonly calls: { method: 'begin' | 'complete' | 'abort'; orderId: string }[] = [];

  constructor(
    private readonly inventory: InventoryClient,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Holds in cart `cartId` (cartIdOf(shopper): an account's tickets live in its one cart). */
  async hold(cartId: string, storeId: string, sku: string, quantity: number, ttlMs = 15 * 60_000): Promise<FakeTicket> {
    const ticket: FakeTicket = { id: randomUUID(), cartId, storeId, sku, quantity, expiresAt: new Date(this.clock.now().getTime() + ttlMs), status: 'HELD', orderId: null };
    const reserved = await this.inventory.reserve(storeId, { ticketId: ticket.id, sku, quantity, leaseUntil: new Date(ticket.expiresAt.getTime() + 120_000) });
    if (!reserved.ok) throw new Error(`fake hold failed: ${reserved.code}`);
    this.tickets.push(ticket);
    this.versions.set(cartId, this.cartVersion(cartId) + 1);
    return ticket;
  }

  cartVersion(cartId: string): number {
    return this.versions.get(cartId) ?? 0;
  }

  statuses(cartId: string): FakeTicketStatus[] {
    return this.tickets.filter((t) => t.cartId === cartId).map((t) => t.status);
  }

  async begin(input: { sessionId: string; accountId?: string | null; orderId: string; cartVersion?: number | null }): Promise<BeginCheckoutResult> {
    this.calls.push({ method: 'begin', orderId: input.orderId });
    const cartId = cartIdOf(input);
    const already = this.tickets.filter((t) => t.orderId === input.orderId && t.status === 'CHECKING_OUT');
    if (already.length > 0) return { ok: true, cartVersion: this.cartVersion(cartId), tickets: already.map(view) };
    const current = this.cartVersion(cartId);
    if (input.cartVersion != null && input.cartVersion !== current) {
      return { ok: false, code: 'CART_VERSION_MISMATCH', message: 'cart changed', currentVersion: current };
    }
    const held = this.tickets.filter((t) => t.cartId === cartId && t.status === 'HELD');
    if (held.length === 0) return { ok: false, code: 'EMPTY_CART', message: 'no held tickets' };
    const expired = held.find((t) => t.expiresAt.getTime() <= this.clock.now().getTime());
    if (expired) return { ok: false, code: 'TICKET_EXPIRED', message: 'a ticket expired', ticket: { id: expired.id, storeId: expired.storeId, sku: expired.sku, expiresAt: expired.expiresAt.toISOString() } };
    for (const t of held) {
      t.status = 'CHECKING_OUT';
      t.orderId = input.orderId;
    }
    return { ok: true, cartVersion: current, tickets: held.map(view) };
  }

  async complete(orderId: string): Promise<{ ok: true }> {
    this.calls.push({ method: 'complete', orderId });
    for (const t of this.tickets) if (t.orderId === orderId && t.status === 'CHECKING_OUT') t.status = 'PURCHASED';
    return { ok: true };
  }

  async abort(orderId: string): Promise<{ ok: true }> {
    this.calls.push({ method: 'abort', orderId });
    for (const t of this.tickets) {
      if (t.orderId !== orderId || t.status !== 'CHECKING_OUT') continue;
      t.orderId = null;
      t.status = t.expiresAt.getTime() <= this.clock.now().getTime() ? 'EXPIRED' : 'HELD';
    }
    return { ok: true };
  }
}

function view(t: FakeTicket) {
  return { id: t.id, storeId: t.storeId, sku: t.sku, quantity: t.quantity, expiresAt: t.expiresAt.toISOString() };
}
