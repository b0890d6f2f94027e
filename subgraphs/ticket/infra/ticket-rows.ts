import type { TicketRecord, TicketState } from '../domain/model.js';

/** A tickets row as PostgreSQL returns it (`SELECT *`), and its domain record. */
export interface TicketRow {
  id: string;
  cart_id: string;
  account_id: string | null;
  store_id: string;
  sku: string;
  quantity: number;
  status: TicketState;
  expires_at: Date;
  checkout_order_id: string | null;
  failure_code: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toRecord(row: TicketRow): TicketRecord {
  return {
    id: row.id,
    cartId: row.cart_id,
    accountId: row.account_id,
    storeId: row.store_id,
    sku: row.sku,
    quantity: row.quantity,
    status: row.status,
    expiresAt: row.expires_at,
    checkoutOrderId: row.checkout_order_id,
    failureCode: row.failure_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
