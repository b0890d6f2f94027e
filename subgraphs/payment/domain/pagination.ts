import { DomainError } from '../../../lib/errors.js';
import type { PageRequest } from './ports.js';

export const MAX_PAGE_SIZE = 100;

/** Opaque keyset cursor over (createdAt, id), newest first. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') return undefined;
    const createdAt = new Date(parsed[0]);
    if (Number.isNaN(createdAt.getTime()) || !isUuid(parsed[1])) return undefined;
    return { createdAt, id: parsed[1] };
  } catch {
    return undefined;
  }
}

/** `first` 1..100 and a cursor this service issued, or INVALID_INPUT naming the argument. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new DomainError('INVALID_INPUT', `first must be 1..${MAX_PAGE_SIZE}.`, { field: 'first' });
  }
  if (after == null) return { first: size };
  const cursor = decodeCursor(after);
  if (!cursor) throw new DomainError('INVALID_INPUT', 'after is not a cursor from this list.', { field: 'after' });
  return { first: size, after: cursor };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
