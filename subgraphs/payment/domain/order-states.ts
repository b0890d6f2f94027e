import type { OrderItemStatus, OrderStatus } from './model.js';

/**
 * The state machine of order items (order_lines), the one place that says which moves
 * are allowed. Orders and store parts have no transitions of their own: their status
 * follows from their items (order-status.ts `statusFromItems`).
 *
 *   TO_BE_SHIPPED → SHIPPED        the store shipped it (shipItems)
 *   TO_BE_SHIPPED → VOID           the store cannot ship it (voidItems), or it refused the sale at checkout
 *   SHIPPED       → RECEIVED_BACK  the store received it back (receiveReturn)
 *
 * Nothing else: VOID and RECEIVED_BACK are final, and nothing goes back to TO_BE_SHIPPED.
 */
export const ITEM_TRANSITIONS: Readonly<Record<OrderItemStatus, readonly OrderItemStatus[]>> = Object.freeze({
  TO_BE_SHIPPED: ['SHIPPED', 'VOID'],
  SHIPPED: ['RECEIVED_BACK'],
  RECEIVED_BACK: [],
  VOID: [],
});

export const ITEM_STATUSES: readonly OrderItemStatus[] = ['TO_BE_SHIPPED', 'SHIPPED', 'RECEIVED_BACK', 'VOID'];

export function canTransition(from: OrderItemStatus, to: OrderItemStatus): boolean {
  return ITEM_TRANSITIONS[from].includes(to);
}

export interface IllegalTransitionError {
  __typename: 'IllegalTransitionError';
  code: 'ILLEGAL_TRANSITION';
  message: string;
  lineId: string;
  from: OrderItemStatus;
  to: OrderItemStatus;
}

const VERB: Record<OrderItemStatus, string> = {
  TO_BE_SHIPPED: 'put back to be shipped',
  SHIPPED: 'shipped',
  RECEIVED_BACK: 'received back',
  VOID: 'voided',
};

/**
 * Checks that every line may move to `to`; the first that may not is refused (the
 * caller then changes nothing: a request is all-or-nothing).
 */
export function checkTransitions(lines: readonly { id: string; status: OrderItemStatus }[], to: OrderItemStatus): IllegalTransitionError | null {
  for (const line of lines) {
    if (!canTransition(line.status, to)) {
      return {
        __typename: 'IllegalTransitionError',
        code: 'ILLEGAL_TRANSITION',
        message: `Line ${line.id} is ${line.status} and cannot be ${VERB[to]}; nothing was changed.`,
        lineId: line.id,
        from: line.status,
        to,
      };
    }
  }
  return null;
}

/**
 * The order (and store part) statuses after checkout, and how they may follow each
 * other as items move. Not enforced separately — the item table above makes any other
 * change impossible (order-states.test.ts proves it by enumeration); it documents what a
 * reader of an order can expect to see next.
 */
export const ORDER_TRANSITIONS: Readonly<Partial<Record<OrderStatus, readonly OrderStatus[]>>> = Object.freeze({
  AUTHORIZED: ['PARTIALLY_FULFILLED', 'FULFILLED', 'VOID'],
  PARTIALLY_FULFILLED: ['FULFILLED', 'RETURNED'],
  FULFILLED: ['RETURNED'],
  RETURNED: [],
  VOID: [],
});
