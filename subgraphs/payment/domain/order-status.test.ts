import { describe, expect, it } from 'vitest';
import { statusFromItems } from './order-status.js';

describe('order status from items', () => {
  it('follows the items', () => {
    expect(statusFromItems(['TO_BE_SHIPPED', 'TO_BE_SHIPPED'], 'AUTHORIZED')).toBe('AUTHORIZED');
    expect(statusFromItems(['TO_BE_SHIPPED', 'VOID'], 'AUTHORIZED')).toBe('AUTHORIZED');
    expect(statusFromItems(['VOID', 'VOID'], 'AUTHORIZED')).toBe('VOID');
    expect(statusFromItems([], 'AUTHORIZED')).toBe('VOID');
    expect(statusFromItems(['SHIPPED', 'TO_BE_SHIPPED'], 'AUTHORIZED')).toBe('PARTIALLY_FULFILLED');
    expect(statusFromItems(['SHIPPED', 'RECEIVED_BACK', 'VOID'], 'AUTHORIZED')).toBe('FULFILLED');
    expect(statusFromItems(['RECEIVED_BACK', 'VOID'], 'AUTHORIZED')).toBe('RETURNED');
  });

  it('an item shipped and received back still counts as shipped while others wait', () => {
    expect(statusFromItems(['RECEIVED_BACK', 'TO_BE_SHIPPED'], 'AUTHORIZED')).toBe('PARTIALLY_FULFILLED');
    expect(statusFromItems(['RECEIVED_BACK', 'RECEIVED_BACK', 'VOID'], 'AUTHORIZED')).toBe('RETURNED');
    expect(statusFromItems(['SHIPPED', 'SHIPPED'], 'AUTHORIZED')).toBe('FULFILLED');
  });
});
