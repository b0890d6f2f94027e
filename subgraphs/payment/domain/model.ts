/** Models the payment resolvers return (codegen mappers point here). Money is integer minor units. */

export interface Money {
  amount: number;
  currency: string;
}

export type OrderStatus =
  | 'IN_BASKET'
  | 'CONFIRMED'
  | 'AUTHORIZED'
  | 'PARTIALLY_FULFILLED'
  | 'FULFILLED'
  | 'RETURNED'
  | 'VOID'
  | 'EXPIRED';

export type OrderItemStatus = 'TO_BE_SHIPPED' | 'SHIPPED' | 'RECEIVED_BACK' | 'VOID';

/** The API's view of the order's own authorization (Order.payment), derived from its transaction rows. */
export type PaymentStatus = 'AUTHORIZED' | 'DECLINED' | 'CAPTURED' | 'VOIDED';

export type TransactionKind = 'AUTHORIZATION' | 'CAPTURE' | 'REFUND' | 'VOID';
export type TransactionStatus = 'PENDING' | 'SUCCEEDED' | 'DECLINED' | 'FAILED';

export interface OrderModel {
  id: string;
  sessionId: string;
  accountId: string | null;
  status: OrderStatus;
  /** items + shipping: what the order's authorization is for */
  total: Money;
  itemsTotal: Money;
  shippingTotal: Money;
  contactEmail: string | null;
  /** GIFT CERTIFICATES: paid from the shopper's gift certificates (debited at checkout) */
  giftCertificateAmount: Money;
  /** GIFT CERTIFICATES: what the exchange authorizes on the card (total − gift − store-run parts) */
  cardAmount: Money;
  createdAt: Date;
}

export interface StoreOrderModel {
  id: string;
  orderId: string;
  storeId: string;
  status: OrderStatus;
  /** the items' total */
  subtotal: Money;
  /** the exchange's fee (on items only) */
  fee: Money;
  shipping: Money;
  /** What the exchange owes the store for this part: items − fee + shipping; 0 for a part the store collected itself (paidBy STORE) */
  owedToStore: Money;
  /** STORE-RUN PAYMENTS: the fee (on items) the store owes the exchange for a part it collected itself; 0 for an exchange-run part */
  feeOwedByStore: Money;
  /** STORE-RUN PAYMENTS: who collects this part's money (decided at checkout) */
  paidBy: 'EXCHANGE' | 'STORE';
  createdAt: Date;
}

export interface OrderLineModel {
  id: string;
  storeOrderId: string;
  storeId: string;
  ticketId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  status: OrderItemStatus;
}

/** The order's own authorization (the one made at checkout), as Order.payment shows it. */
export interface PaymentModel {
  id: string;
  orderId: string;
  kind: 'AUTHORIZATION';
  /** AUTHORIZED, or DECLINED at checkout; CAPTURED / VOIDED once a capture / void of it succeeded */
  status: PaymentStatus;
  amount: Money;
  cardBrand: string;
  cardLast4: string;
  providerReference: string;
  /** The provider's reason for a decline (not exposed in the API). */
  declineCode: string | null;
  createdAt: Date;
}

/** A store's share of a capture or refund, as the ledger splits it (items: the part of gross that is items). */
export interface AllocationPart {
  storeId: string;
  /** items + shipping */
  gross: number;
  /** the exchange's fee (on items) */
  fee: number;
  items: number;
  /**
   * UNPAID BALANCE (unpaid-balance.ts): a share of a payment of the order's unpaid balance names the
   * shipment it pays for and the shipment card payment (DECLINED or FAILED) whose card part it settles.
   */
  shipmentId?: string;
  settles?: string;
}

/** One financial transaction row (FinancialTransaction in the API). */
export interface TransactionModel {
  id: string;
  orderId: string;
  kind: TransactionKind;
  status: TransactionStatus;
  amount: Money;
  /** capture → its authorization, refund → its capture, void → its authorization */
  parentId: string | null;
  storeOrderId: string | null;
  storeId: string | null;
  shipmentId: string | null;
  allocation: AllocationPart[] | null;
  /** GIFT CERTIFICATES: the part paid from / given back to gift certificates (`amount` is the card's part) */
  giftCertificateAmount: Money;
  providerReference: string | null;
  declineCode: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  settledAt: Date | null;
  /** STORE-RUN PAYMENTS: 'EXCHANGE' (its provider) or 'STORE:<storeId>' (the store's payment endpoint) */
  collector: string;
  /** UNPAID BALANCE: the authorization (on the shopper's new card) or capture of a payment of the order's unpaid balance */
  paysUnpaidBalance: boolean;
}

export interface ShipmentModel {
  id: string;
  storeOrderId: string;
  orderId: string;
  storeId: string;
  carrier: string;
  trackingNumber: string;
  lineIds: string[];
  itemsAmount: Money;
  shippingAmount: Money;
  /** items + shipping charged for this shipment */
  amount: Money;
  shippedAt: Date;
}

export interface ShippingRateModel {
  storeId: string;
  flat: Money;
  freeOver: Money | null;
  updatedAt: Date;
}

/** Who may read an order: the session that placed it, or the account it was placed under. */
export function ownsOrder(order: Pick<OrderModel, 'sessionId' | 'accountId'>, shopper: { sessionId: string; accountId?: string }): boolean {
  return order.sessionId === shopper.sessionId || (order.accountId !== null && shopper.accountId !== undefined && order.accountId === shopper.accountId);
}
