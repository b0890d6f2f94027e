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

export type PaymentKind = 'AUTHORIZATION' | 'CAPTURE' | 'REFUND';
export type PaymentStatus = 'AUTHORIZED' | 'DECLINED' | 'CAPTURED' | 'VOIDED';

export interface OrderModel {
  id: string;
  sessionId: string;
  accountId: string | null;
  status: OrderStatus;
  total: Money;
  createdAt: Date;
}

export interface StoreOrderModel {
  id: string;
  orderId: string;
  storeId: string;
  status: OrderStatus;
  subtotal: Money;
  fee: Money;
  owedToStore: Money;
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

export interface PaymentModel {
  id: string;
  orderId: string;
  kind: PaymentKind;
  status: PaymentStatus;
  amount: Money;
  cardBrand: string;
  cardLast4: string;
  providerReference: string;
  /** The provider's reason for a decline (not exposed in the API). */
  declineCode: string | null;
  createdAt: Date;
}

/** Who may read an order: the session that placed it, or the account it was placed under. */
export function ownsOrder(order: Pick<OrderModel, 'sessionId' | 'accountId'>, shopper: { sessionId: string; accountId?: string }): boolean {
  return order.sessionId === shopper.sessionId || (order.accountId !== null && shopper.accountId !== undefined && order.accountId === shopper.accountId);
}
