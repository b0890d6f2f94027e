/**
 * Which live cart a shopper's requests act on. A guest's cart is its session's (the cart
 * id is the session id); an account has ONE cart across all of its sessions,
 * `account:<accountId>` (a guest cart merges into it when the guest logs in). The ticket
 * subgraph keys tickets, cart versions and hold keys by this id, the payment subgraph
 * names the cart it checks out with it, and `cartEvents(cartId:)` takes it.
 */
export const ACCOUNT_CART_PREFIX = 'account:';

export function cartIdOf(shopper: { sessionId: string; accountId?: string | null }): string {
  return shopper.accountId ? `${ACCOUNT_CART_PREFIX}${shopper.accountId}` : shopper.sessionId;
}

/** Whether `cartId` is an account's cart (else it is a guest session's). */
export function isAccountCartId(cartId: string): boolean {
  return cartId.startsWith(ACCOUNT_CART_PREFIX);
}
