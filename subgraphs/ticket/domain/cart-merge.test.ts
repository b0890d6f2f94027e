import { describe, expect, it } from 'vitest';
import { planCartMerge, type MergeTicket } from './cart-merge.js';

const now = new Date('2026-01-01T00:10:00Z');
let n = 0;
const ticket = (id: string, sku: string, quantity: number, patch: Partial<MergeTicket> = {}): MergeTicket => ({
  id,
  storeId: 'store-a',
  sku,
  quantity,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n++)),
  expiresAt: new Date('2026-01-01T00:15:00Z'),
  ...patch,
});

describe('guest → account cart merge rule', () => {
  it('moves every guest ticket of an item the account cart does not hold', () => {
    const guest = [ticket('g1', 'A', 1), ticket('g2', 'B', 2), ticket('g3', 'A', 1, { storeId: 'store-b' })];
    expect(planCartMerge(guest, [ticket('a1', 'C', 5)], now)).toEqual({ move: ['g1', 'g2', 'g3'], drop: [] });
    expect(planCartMerge(guest, [], now)).toEqual({ move: ['g1', 'g2', 'g3'], drop: [] });
  });

  it('where both hold an item, keeps the larger ticket and drops the other', () => {
    expect(planCartMerge([ticket('g', 'A', 3)], [ticket('a', 'A', 2)], now)).toEqual({ move: ['g'], drop: ['a'] });
    expect(planCartMerge([ticket('g', 'A', 1)], [ticket('a', 'A', 2)], now)).toEqual({ move: [], drop: ['g'] });
  });

  it('a tie goes to the account', () => {
    expect(planCartMerge([ticket('g', 'A', 2)], [ticket('a', 'A', 2)], now)).toEqual({ move: [], drop: ['g'] });
  });

  it('mixes both cases per item', () => {
    const guest = [ticket('g-a', 'A', 5), ticket('g-b', 'B', 1), ticket('g-c', 'C', 1)];
    const account = [ticket('a-a', 'A', 1), ticket('a-b', 'B', 4), ticket('a-d', 'D', 1)];
    expect(planCartMerge(guest, account, now)).toEqual({ move: ['g-a', 'g-c'], drop: ['a-a', 'g-b'] });
  });

  it('keeps ONE ticket of an item both hold, even when either held it twice', () => {
    const plan = planCartMerge([ticket('g1', 'A', 2), ticket('g2', 'A', 4)], [ticket('a1', 'A', 3), ticket('a2', 'A', 1)], now);
    expect(plan.move).toEqual(['g2']);
    expect(plan.drop.sort()).toEqual(['a1', 'a2', 'g1']);
  });

  it('expired guest tickets never win: they move as they are (the sweeper expires them)', () => {
    const expired = { expiresAt: new Date('2026-01-01T00:09:00Z') };
    expect(planCartMerge([ticket('g', 'A', 9, expired)], [ticket('a', 'A', 1)], now)).toEqual({ move: ['g'], drop: [] });
    // an expired account ticket does not count as holding the item
    expect(planCartMerge([ticket('g', 'A', 1)], [ticket('a', 'A', 9, expired)], now)).toEqual({ move: ['g'], drop: [] });
  });

  it('is empty for an empty guest cart', () => {
    expect(planCartMerge([], [ticket('a', 'A', 1)], now)).toEqual({ move: [], drop: [] });
  });
});
