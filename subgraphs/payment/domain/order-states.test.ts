import { describe, expect, it } from 'vitest';
import type { OrderItemStatus, OrderStatus } from './model.js';
import { canTransition, checkTransitions, ITEM_STATUSES, ORDER_TRANSITIONS } from './order-states.js';
import { statusFromItems } from './order-status.js';

const ALLOWED = new Set(['TO_BE_SHIPPED→SHIPPED', 'TO_BE_SHIPPED→VOID', 'SHIPPED→RECEIVED_BACK']);

describe('item transitions', () => {
  for (const from of ITEM_STATUSES) {
    for (const to of ITEM_STATUSES) {
      const allowed = ALLOWED.has(`${from}→${to}`);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
        const refusal = checkTransitions([{ id: 'line-1', status: from }], to);
        if (allowed) expect(refusal).toBeNull();
        else expect(refusal).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', lineId: 'line-1', from, to });
      });
    }
  }

  it('names the first line that may not move, whatever the others', () => {
    const refusal = checkTransitions(
      [
        { id: 'a', status: 'TO_BE_SHIPPED' },
        { id: 'b', status: 'VOID' },
        { id: 'c', status: 'SHIPPED' },
      ],
      'SHIPPED',
    );
    expect(refusal).toMatchObject({ lineId: 'b', from: 'VOID', to: 'SHIPPED' });
    expect(refusal?.message).toMatch(/nothing was changed/);
    expect(checkTransitions([], 'SHIPPED')).toBeNull();
  });
});

describe('order statuses follow the item transitions', () => {
  // every vector of up to 3 item statuses, every legal single-item move: the derived order
  // status either stays or makes a move the order table lists
  function* vectors(n: number): Generator<OrderItemStatus[]> {
    if (n === 0) return yield [];
    for (const rest of vectors(n - 1)) for (const s of ITEM_STATUSES) yield [...rest, s];
  }

  it('never makes a move outside ORDER_TRANSITIONS', () => {
    let moves = 0;
    for (let n = 1; n <= 3; n++) {
      for (const items of vectors(n)) {
        const before = statusFromItems(items, 'AUTHORIZED');
        items.forEach((from, i) => {
          for (const to of ITEM_STATUSES) {
            if (!canTransition(from, to)) continue;
            const after = statusFromItems(items.map((s, j) => (j === i ? to : s)), 'AUTHORIZED');
            if (after === before) continue;
            moves++;
            expect(ORDER_TRANSITIONS[before as OrderStatus], `${items.join(',')}: item ${i} ${from}→${to}`).toContain(after);
          }
        });
      }
    }
    expect(moves).toBeGreaterThan(20);
  });
});
