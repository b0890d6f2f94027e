import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageRequest } from './pagination.js';

const id = '2b0c8c7e-4f7d-4d3c-9a59-3f0e8f5f3a11';

describe('pagination', () => {
  it('round-trips cursors', () => {
    const createdAt = new Date('2026-01-02T03:04:05.678Z');
    expect(decodeCursor(encodeCursor(createdAt, id))).toEqual({ createdAt, id });
  });

  it('refuses foreign cursors and page sizes', () => {
    expect(decodeCursor('nonsense')).toBeUndefined();
    expect(decodeCursor(Buffer.from('["x","y"]').toString('base64url'))).toBeUndefined();
    expect(() => pageRequest(0, null)).toThrow(/first/);
    expect(() => pageRequest(101, null)).toThrow(/first/);
    expect(() => pageRequest(10, 'nonsense')).toThrow(/after/);
    expect(pageRequest(undefined, null)).toEqual({ first: 20 });
  });
});
