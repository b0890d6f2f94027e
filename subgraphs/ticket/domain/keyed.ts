import { idempotencyKeyProblem, requestHash, type IdempotencyRefusal } from '../../../lib/idempotency.js';
import type { CartTx, TicketRepository } from './ports.js';
import { failures } from './results.js';

/**
 * Keyed mutations of a cart (releaseTicket, changeTicketQuantity, saveCart): each runs at
 * most once per (cart, mutation, key) over lib/idempotency.ts (TicketRepository
 * `inCartsOnce`, scope `cart:<cartId>:<mutation>`). The work runs under the cart's lock
 * and returns what is kept under the key (ids and typed failures, JSON) and replayed to a
 * repeat; the caller turns it into the answer by reading the objects as they are now.
 *
 * An answer given because of the moment, when nothing happened (a stale cart version, a
 * store that did not answer), is `unkept`: its transaction rolls back and the key stays
 * free, so the retry runs (hold does the same with its key).
 */

const UNKEPT = Symbol('unkept');

export interface Unkept<U> {
  readonly [UNKEPT]: true;
  readonly answer: U;
}

/** An answer not kept under the key (see the module comment). */
export function unkept<U>(answer: U): Unkept<U> {
  return { [UNKEPT]: true, answer };
}

function isUnkept(value: unknown): value is Unkept<unknown> {
  return typeof value === 'object' && value !== null && UNKEPT in value;
}

/** Carries an unkept answer out of the keyed transaction (throwing rolls it back and frees the key). */
class UnkeptAnswer extends Error {
  constructor(readonly answer: unknown) {
    super('answer not kept under its idempotency key');
  }
}

export interface KeyedRequest {
  cartId: string;
  mutation: 'releaseTicket' | 'changeTicketQuantity' | 'saveCart';
  key: string;
  /** The canonical input, key and cart version left out (a retry from a newer page is the same request). */
  input: unknown;
}

export type KeyedOutcome<S, U> =
  /** `fresh`: the work ran now (its after-commit effects are owed); otherwise replayed. */
  | { kind: 'stored'; stored: S; fresh: boolean }
  | { kind: 'unkept'; answer: U }
  | { kind: 'refused'; error: IdempotencyRefusal };

/** INVALID_INPUT (field `idempotencyKey`) for a blank or too long key. */
export function checkIdempotencyKey(key: string) {
  const problem = idempotencyKeyProblem(key);
  return problem ? failures.invalidInput('idempotencyKey', problem) : undefined;
}

/** Runs `work` under the cart's lock once per key; see the module comment. */
export async function runKeyed<S, U>(
  repository: TicketRepository,
  request: KeyedRequest,
  work: (tx: CartTx) => Promise<S | Unkept<U>>,
): Promise<KeyedOutcome<S, U>> {
  const { cartId, mutation, key, input } = request;
  try {
    const outcome = await repository.inCartsOnce(
      { scope: `cart:${cartId}:${mutation}`, key, requestHash: requestHash([`${mutation}/v1`, input]) },
      [cartId],
      async (tx) => {
        const result = await work(tx);
        if (isUnkept(result)) throw new UnkeptAnswer(result.answer);
        return result;
      },
    );
    if (outcome.kind === 'refused') return outcome;
    return { kind: 'stored', stored: outcome.response, fresh: outcome.kind === 'ran' };
  } catch (error) {
    if (error instanceof UnkeptAnswer) return { kind: 'unkept', answer: error.answer as U };
    throw error;
  }
}
