import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { withTransaction, type Pool, type PoolClient } from '../../../lib/db.js';
import {
  AUTHORIZATION_VOIDED,
  type StoreAuthorizeRequest,
  type StoreAuthorizeResponse,
  type StoreMoneyRequest,
  type StoreMoneyResponse,
  type StorePaymentOperation,
  type StoreVoidRequest,
} from '../../../lib/store-payment-protocol.js';
import { sandboxCardOutcome } from './sandbox-card-rules.js';

type Operation = StorePaymentOperation;
type Status = 'approved' | 'declined' | 'succeeded' | 'failed';

interface PaymentRow {
  id: string;
  idempotency_key: string;
  request_hash: string;
  operation: Operation;
  reference: string;
  parent_id: string | null;
  amount: number;
  currency: string;
  status: Status;
  reason: string | null;
  /** a void by authorizationKey: the authorize call's key it named */
  authorization_key: string | null;
}

export type ProcessorOutcome<T> = { kind: 'answered'; response: T } | { kind: 'key_reused' };

const PREFIX: Record<Operation, string> = { authorize: 'sauth', capture: 'scap', void: 'svoid', refund: 'sref' };

/**
 * The native store's own payment handling (store-run payments, reference implementation): a
 * tiny sandbox card processor persisted in the store's database (table store_payments).
 *
 * - Idempotent per key: the same idempotency key returns the first answer and moves money at
 *   most once (operations on one key are serialized by an advisory lock); the same key with
 *   another input is refused (`key_reused`).
 * - authorize: the sandbox test cards decide (sandbox-card-rules.ts); only the brand and last
 *   four digits are kept, never the number.
 * - capture: any amount up to what the authorization still holds (authorized − captured −
 *   voided): this store accepts partial captures, several per authorization (a store's rules
 *   are its own; a real processor might re-authorize instead). void: releases `amount` of
 *   what it still holds. refund: up to what the capture has left (captured − refunded).
 *   Operations on one authorization (or capture) are serialized by its row lock.
 * - void by authorizationKey (the exchange lost the authorize answer): under the authorize
 *   key's own lock, in one transaction, it releases what the authorization with that key still
 *   holds, or — when there is none (or it was declined) — succeeds releasing nothing and
 *   remembers the key (`authorization_key`), so an authorize with that key arriving later is
 *   declined `authorization_voided` instead of approved. Either order of the two calls leaves
 *   nothing held.
 */
export class PgStorePaymentProcessor {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  authorize(request: StoreAuthorizeRequest): Promise<ProcessorOutcome<StoreAuthorizeResponse>> {
    const card = sandboxCardOutcome(request.card, this.clock.now());
    // the card's number never enters the hash or the database: its last four and brand identify the request well enough
    const hash = requestHash(['authorize', request.orderId, request.storeOrderId, request.amount, request.currency, card.last4, request.card.expMonth, request.card.expYear]);
    return this.once(request.idempotencyKey, 'authorize', hash, authorizeResponse, async (client, insert) => {
      // a void named this key before it arrived (the exchange gave up on it): refused, never approved
      const voided = await client.query(`SELECT 1 FROM store_payments WHERE authorization_key = $1 AND operation = 'void' AND status = 'succeeded' LIMIT 1`, [request.idempotencyKey]);
      const declineCode = (voided.rowCount ?? 0) > 0 ? AUTHORIZATION_VOIDED : card.approved ? null : card.declineCode;
      return insert({
        parentId: null,
        orderId: request.orderId,
        storeOrderId: request.storeOrderId,
        amount: request.amount,
        currency: request.currency,
        status: declineCode ? 'declined' : 'approved',
        reason: declineCode,
        cardBrand: card.brand,
        cardLast4: card.last4,
      });
    });
  }

  capture(request: StoreMoneyRequest): Promise<ProcessorOutcome<StoreMoneyResponse>> {
    return this.money('capture', request, 'authorize', (parent, done) => parent.amount - done.captured - done.voided);
  }

  void(request: StoreVoidRequest): Promise<ProcessorOutcome<StoreMoneyResponse>> {
    if (request.authorizationKey === undefined) return this.money('void', request, 'authorize', (parent, done) => parent.amount - done.captured - done.voided);
    return this.voidByKey(request.authorizationKey, request);
  }

  refund(request: StoreMoneyRequest): Promise<ProcessorOutcome<StoreMoneyResponse>> {
    return this.money('refund', request, 'capture', (parent, done) => parent.amount - done.refunded);
  }

  /** capture, void, refund: `left` is what the parent (authorization or capture) still allows. */
  private money(
    operation: Exclude<Operation, 'authorize'>,
    request: StoreMoneyRequest,
    parentOperation: 'authorize' | 'capture',
    left: (parent: PaymentRow, done: Done) => number,
  ): Promise<ProcessorOutcome<StoreMoneyResponse>> {
    const hash = requestHash([operation, request.reference, request.amount, request.currency]);
    return this.once(request.idempotencyKey, operation, hash, moneyResponse, async (client, insert) => {
      const { rows } = await client.query<PaymentRow>(`SELECT * FROM store_payments WHERE reference = $1 AND operation = $2 FOR UPDATE`, [request.reference, parentOperation]);
      const parent = rows[0];
      if (!parent || parent.status !== (parentOperation === 'authorize' ? 'approved' : 'succeeded')) {
        return insert({ parentId: parent?.id ?? null, amount: Math.max(0, request.amount), currency: request.currency, status: 'failed', reason: `unknown_${parentOperation === 'authorize' ? 'authorization' : 'capture'}` });
      }
      return moveAgainst(client, insert, parent, request, left);
    });
  }

  /**
   * A void naming the authorization by the key of its authorize call. The authorize key's
   * lock (the one `authorize` itself takes) is held while the authorization is looked up and
   * the void recorded, so a late authorize with that key sees the void and is declined.
   */
  private voidByKey(authorizationKey: string, request: Omit<StoreMoneyRequest, 'reference'>): Promise<ProcessorOutcome<StoreMoneyResponse>> {
    const hash = requestHash(['void', { authorizationKey }, request.amount, request.currency]);
    return this.once(request.idempotencyKey, 'void', hash, moneyResponse, async (client, insert) => {
      await lockKey(client, authorizationKey);
      const { rows } = await client.query<PaymentRow>(`SELECT * FROM store_payments WHERE idempotency_key = $1 FOR UPDATE`, [authorizationKey]);
      const authorization = rows[0];
      const release = (p: Omit<NewPayment, 'authorizationKey'>) => insert({ ...p, authorizationKey });
      if (authorization && authorization.operation !== 'authorize') {
        return release({ parentId: null, amount: Math.max(0, request.amount), currency: request.currency, status: 'failed', reason: 'unknown_authorization' });
      }
      // none (yet), or declined: nothing is held under the key; recording this void remembers it as voided
      if (!authorization || authorization.status !== 'approved') return release({ parentId: authorization?.id ?? null, amount: 0, currency: request.currency, status: 'succeeded', reason: null });
      return moveAgainst(client, release, authorization, request, (parent, done) => parent.amount - done.captured - done.voided);
    });
  }

  /** Runs `perform` once per idempotency key (serialized on the key); a repeat replays the stored answer. */
  private once<T>(
    key: string,
    operation: Operation,
    hash: string,
    answer: (row: PaymentRow) => T,
    perform: (client: PoolClient, insert: Insert) => Promise<PaymentRow>,
  ): Promise<ProcessorOutcome<T>> {
    return withTransaction(this.pool, async (client) => {
      await lockKey(client, key);
      const { rows } = await client.query<PaymentRow>(`SELECT * FROM store_payments WHERE idempotency_key = $1`, [key]);
      if (rows[0]) return rows[0].operation === operation && rows[0].request_hash === hash ? { kind: 'answered', response: answer(rows[0]) } : { kind: 'key_reused' };
      const row = await perform(client, async (p) => {
        const inserted = await client.query<PaymentRow>(
          `INSERT INTO store_payments (id, idempotency_key, request_hash, operation, reference, parent_id, order_id, store_order_id, amount, currency, status, reason, card_brand, card_last4, created_at, authorization_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING *`,
          [
            randomUUID(),
            key,
            hash,
            operation,
            `${PREFIX[operation]}_${randomBytes(12).toString('hex')}`,
            p.parentId,
            p.orderId ?? null,
            p.storeOrderId ?? null,
            p.amount,
            p.currency,
            p.status,
            p.reason,
            p.cardBrand ?? null,
            p.cardLast4 ?? null,
            this.clock.now(),
            p.authorizationKey ?? null,
          ],
        );
        return inserted.rows[0];
      });
      return { kind: 'answered', response: answer(row) };
    });
  }
}

interface NewPayment {
  parentId: string | null;
  orderId?: string;
  storeOrderId?: string;
  amount: number;
  currency: string;
  status: Status;
  reason: string | null;
  cardBrand?: string | null;
  cardLast4?: string | null;
  /** a void by authorizationKey */
  authorizationKey?: string;
}

type Insert = (row: NewPayment) => Promise<PaymentRow>;
type Done = { captured: number; voided: number; refunded: number };

/** Serializes every call made under one idempotency key (held to the end of the transaction). */
async function lockKey(client: PoolClient, key: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 727275))`, [key]);
}

/** A capture, void or refund of `request.amount` against `parent` (locked), up to what `left` allows. */
async function moveAgainst(
  client: PoolClient,
  insert: Insert,
  parent: PaymentRow,
  request: { amount: number; currency: string },
  left: (parent: PaymentRow, done: Done) => number,
): Promise<PaymentRow> {
  const fail = (reason: string) => insert({ parentId: parent.id, amount: Math.max(0, request.amount), currency: request.currency, status: 'failed', reason });
  if (parent.currency !== request.currency) return fail('currency_mismatch');
  if (!Number.isSafeInteger(request.amount) || request.amount <= 0) return fail('invalid_amount');
  const sums = await client.query<{ operation: Operation; total: number }>(
    `SELECT operation, COALESCE(sum(amount), 0) AS total FROM store_payments WHERE parent_id = $1 AND status = 'succeeded' GROUP BY operation`,
    [parent.id],
  );
  const total = (op: Operation) => Number(sums.rows.find((r) => r.operation === op)?.total ?? 0);
  if (request.amount > left(parent, { captured: total('capture'), voided: total('void'), refunded: total('refund') })) return fail('amount_exceeds_what_is_left');
  return insert({ parentId: parent.id, amount: request.amount, currency: request.currency, status: 'succeeded', reason: null });
}

function authorizeResponse(row: PaymentRow): StoreAuthorizeResponse {
  return row.status === 'approved' ? { status: 'approved', reference: row.reference } : { status: 'declined', declineCode: row.reason ?? 'declined' };
}

function moneyResponse(row: PaymentRow): StoreMoneyResponse {
  return row.status === 'succeeded' ? { status: 'succeeded', reference: row.reference } : { status: 'failed', reference: row.reference, error: row.reason ?? 'failed' };
}

function requestHash(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
