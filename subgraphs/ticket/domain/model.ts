/**
 * What a ticket is to the rest of the subgraph. A ticket IS the hold on store stock.
 * PENDING only exists between inserting the ticket and the store's answer to reserve;
 * it is never shown (the public TicketStatus has no such member).
 */
export type TicketState = 'PENDING' | 'HELD' | 'CHECKING_OUT' | 'RELEASED' | 'EXPIRED' | 'PURCHASED';
export type PublicTicketStatus = Exclude<TicketState, 'PENDING'>;

/** A ticket row as stored. */
export interface TicketRecord {
  id: string;
  /** The cart holding it: a guest's session id, or `account:<accountId>` (lib/cart-id.ts). */
  cartId: string;
  accountId: string | null;
  storeId: string;
  sku: string;
  quantity: number;
  status: TicketState;
  expiresAt: Date;
  checkoutOrderId: string | null;
  /** Set when the hold never came to be (store refused, store unavailable, abandoned): such tickets are invisible. */
  failureCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A ticket as the API shows it (GraphQL `Ticket`, codegen mapper). */
export interface TicketModel {
  id: string;
  cartId: string;
  accountId: string | null;
  storeId: string;
  sku: string;
  quantity: number;
  status: PublicTicketStatus;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** The order that is checking it out or bought it. */
  checkoutOrderId: string | null;
}

/** The order a ticket was purchased in (only once PURCHASED: a checkout in progress may still abort). */
export function purchaseOrderId(ticket: TicketModel): string | null {
  return ticket.status === 'PURCHASED' ? ticket.checkoutOrderId : null;
}

/** A live cart (GraphQL `Cart`, codegen mapper); prices are resolved per request. */
export interface CartModel {
  /** The cart id (lib/cart-id.ts cartIdOf): a guest's session id, or `account:<accountId>`. */
  id: string;
  version: number;
  /** HELD and CHECKING_OUT tickets, oldest first. */
  tickets: TicketModel[];
  itemCount: number;
}

export interface Money {
  amount: number;
  currency: string;
}

/** Tickets that count against the store and the cart's hold limit. */
export const LIVE_STATES: readonly TicketState[] = ['PENDING', 'HELD', 'CHECKING_OUT'];
/** Tickets that make up the cart. */
export const CART_STATES: readonly TicketState[] = ['HELD', 'CHECKING_OUT'];

export function isVisible(record: TicketRecord): boolean {
  return record.status !== 'PENDING' && record.failureCode === null;
}

/** The API view of a stored ticket, or undefined when the ticket is not visible. */
export function toTicketModel(record: TicketRecord): TicketModel | undefined {
  if (!isVisible(record)) return undefined;
  return {
    id: record.id,
    cartId: record.cartId,
    accountId: record.accountId,
    storeId: record.storeId,
    sku: record.sku,
    quantity: record.quantity,
    status: record.status as PublicTicketStatus,
    expiresAt: record.expiresAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    checkoutOrderId: record.checkoutOrderId,
  };
}

export function toCartModel(cartId: string, version: number, records: TicketRecord[]): CartModel {
  const tickets = records
    .filter((r) => CART_STATES.includes(r.status))
    .map(toTicketModel)
    .filter((t): t is TicketModel => t !== undefined)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return { id: cartId, version, tickets, itemCount: tickets.reduce((n, t) => n + t.quantity, 0) };
}

/** One line of a saved cart: an item and how many (a saved line holds nothing). */
export interface SavedCartLineModel {
  position: number;
  storeId: string;
  sku: string;
  quantity: number;
}

/** A cart kept under an account (GraphQL `SavedCart`, codegen mapper). */
export interface SavedCartModel {
  id: string;
  accountId: string;
  name: string;
  savedAt: Date;
  /** The session's offer codes when it was saved; restoring attaches them again. */
  offerCodes: string[];
  /** In cart order. */
  lines: SavedCartLineModel[];
}
