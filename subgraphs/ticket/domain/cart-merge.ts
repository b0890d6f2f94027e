/**
 * The guest → account cart merge rule (pure). When a guest logs in, its session's cart
 * joins the account's one cart. Nothing is ever reserved anew, so the merge cannot fail
 * for stock and the stores' counts stay exact: tickets are only re-keyed or released.
 *
 * Per item (storeId, sku) among the guest's HELD tickets:
 * - the account cart holds no live HELD ticket of it: every guest ticket of it moves over;
 * - it does: ONE ticket is kept, the one with the larger quantity (tie: the account's,
 *   then the older), and every other HELD ticket of the item in either cart is released.
 * Guest tickets already past expiry never win: they move as they are (the sweeper expires
 * them in the account cart). Account tickets in checkout are not part of the rule (they
 * cannot be released, so they do not count as holding the item).
 */
export interface MergeTicket {
  id: string;
  storeId: string;
  sku: string;
  quantity: number;
  createdAt: Date;
  expiresAt: Date;
}

export interface CartMergePlan {
  /** Guest tickets re-keyed to the account cart. */
  move: string[];
  /** Tickets released (guest or account ones), each losing to the kept ticket of its item. */
  drop: string[];
}

const itemKey = (t: Pick<MergeTicket, 'storeId' | 'sku'>) => JSON.stringify([t.storeId, t.sku]);

/** `guest` and `account`: the HELD tickets of the guest and the account carts. */
export function planCartMerge(guest: readonly MergeTicket[], account: readonly MergeTicket[], now: Date): CartMergePlan {
  const alive = (t: MergeTicket) => t.expiresAt.getTime() > now.getTime();
  const plan: CartMergePlan = { move: [], drop: [] };
  const guestByItem = new Map<string, MergeTicket[]>();
  for (const t of guest) guestByItem.set(itemKey(t), [...(guestByItem.get(itemKey(t)) ?? []), t]);

  for (const [key, guestTickets] of guestByItem) {
    const accountTickets = account.filter((t) => alive(t) && itemKey(t) === key);
    if (accountTickets.length === 0) {
      plan.move.push(...guestTickets.map((t) => t.id));
      continue;
    }
    const candidates = [
      ...accountTickets.map((t) => ({ t, fromAccount: true })),
      ...guestTickets.filter(alive).map((t) => ({ t, fromAccount: false })),
    ].sort(
      (a, b) =>
        b.t.quantity - a.t.quantity ||
        Number(b.fromAccount) - Number(a.fromAccount) ||
        a.t.createdAt.getTime() - b.t.createdAt.getTime() ||
        a.t.id.localeCompare(b.t.id),
    );
    const [kept, ...others] = candidates;
    if (!kept.fromAccount) plan.move.push(kept.t.id);
    plan.drop.push(...others.map((c) => c.t.id));
    // expired guest tickets are not candidates: they move and expire there
    plan.move.push(...guestTickets.filter((t) => !alive(t)).map((t) => t.id));
  }
  return plan;
}
