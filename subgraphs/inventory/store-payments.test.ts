import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { silentLogger } from '../../lib/logger.js';
import { signRequestHeaders } from '../../lib/signing.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { HttpStorePaymentClient } from '../payment/infra/http-store-payment-client.js';
import { migrateInventory } from './migrate.js';
import { paymentEndpointOf } from './payments/routes.js';
import { createInventoryServer } from './server.js';

/**
 * The native store's own payment handling (store-run payments, reference implementation):
 * the store payment protocol served at {origin}/payments over the sandbox processor in the
 * store's database, called the way the exchange calls it (HttpStorePaymentClient).
 */
const STORE = 'pay-store';
const YEAR = new Date().getUTCFullYear() + 2;
const VISA = { number: '4242424242424242', expMonth: 12, expYear: YEAR, cvc: '123' };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let service: HttpService;
let plain: HttpService;
let endpoint: string;
let client: HttpStorePaymentClient;
const secret = randomBytes(32).toString('base64url');

beforeAll(async () => {
  db = await createTestDatabase('inventory_payments');
  pool = createPool(db.url, 20);
  await migrateInventory(pool);
  service = createInventoryServer({ pool, store: { id: STORE, name: 'Pay Store', currency: 'USD' }, secret, logger: silentLogger(), payments: true });
  endpoint = paymentEndpointOf(await service.listen(0));
  plain = createInventoryServer({ pool, store: { id: STORE, name: 'Pay Store', currency: 'USD' }, secret, logger: silentLogger() });
  await plain.listen(0);
  client = new HttpStorePaymentClient({
    directory: new StaticStoreDirectory([{ id: STORE, name: 'Pay Store', url: service.url, secret, apiKey: 'unused', paymentEndpoint: endpoint }]),
    timeoutMs: 5_000,
  });
});

afterAll(async () => {
  await service?.close();
  await plain?.close();
  await pool?.end();
  await db?.drop();
});

const authorizeRequest = (over: Record<string, unknown> = {}) => ({
  orderId: randomUUID(),
  storeOrderId: randomUUID(),
  amount: 2400,
  currency: 'USD',
  card: VISA,
  idempotencyKey: randomUUID(),
  ...over,
});

/** What an authorization still holds: its amount less what was captured or voided. */
async function held(reference: string): Promise<number> {
  const { rows } = await pool.query<{ left: number }>(
    `SELECT (a.amount - COALESCE((SELECT sum(c.amount) FROM store_payments c WHERE c.parent_id = a.id AND c.operation IN ('capture', 'void') AND c.status = 'succeeded'), 0))::int AS left
     FROM store_payments a WHERE a.reference = $1 AND a.operation = 'authorize' AND a.status = 'approved'`,
    [reference],
  );
  return rows[0].left;
}

async function post(path: string, body: unknown, signWith: string | null = secret, timestamp = Date.now()) {
  const raw = JSON.stringify(body);
  const response = await fetch(`${endpoint}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signWith ? signRequestHeaders(signWith, raw, timestamp) : {}) },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('the store payment endpoint', () => {
  it('refuses calls not signed with the store secret (or signed too long ago) before reading them', async () => {
    expect(await post('authorize', authorizeRequest(), null)).toMatchObject({ status: 401, body: { error: { code: 'INVALID_SIGNATURE' } } });
    expect(await post('authorize', authorizeRequest(), 'another-secret-0123456789abcdef0123456')).toMatchObject({ status: 401 });
    expect(await post('capture', { reference: 'x', amount: 1, currency: 'USD', idempotencyKey: 'k' }, secret, Date.now() - 10 * 60_000)).toMatchObject({ status: 401 });
    expect((await pool.query('SELECT count(*)::int AS n FROM store_payments')).rows[0].n).toBe(0);
  });

  it('is served only by stores that run their own payments', async () => {
    const response = await fetch(`${paymentEndpointOf(plain.url)}/authorize`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(404);
  });

  it('authorizes with the sandbox test cards; keeps only brand and last four', async () => {
    const approved = await client.authorize(STORE, authorizeRequest());
    expect(approved).toEqual({ status: 'approved', reference: expect.stringMatching(/^sauth_[0-9a-f]{24}$/) });
    expect(await client.authorize(STORE, authorizeRequest({ card: { ...VISA, number: '4000000000000002' } }))).toEqual({ status: 'declined', declineCode: 'card_declined' });
    expect(await client.authorize(STORE, authorizeRequest({ card: { ...VISA, number: '4000000000009995' } }))).toEqual({ status: 'declined', declineCode: 'insufficient_funds' });
    expect(await client.authorize(STORE, authorizeRequest({ card: { ...VISA, number: '4242424242424241' } }))).toEqual({ status: 'declined', declineCode: 'incorrect_number' });
    expect(await client.authorize(STORE, authorizeRequest({ card: { ...VISA, expYear: 2001 } }))).toEqual({ status: 'declined', declineCode: 'expired_card' });
    const { rows } = await pool.query(`SELECT row_to_json(p)::text AS row, card_brand, card_last4 FROM store_payments p WHERE reference = $1`, [(approved as { reference: string }).reference]);
    expect(rows[0]).toMatchObject({ card_brand: 'VISA', card_last4: '4242' });
    const all = await pool.query(`SELECT row_to_json(p)::text AS row FROM store_payments p`);
    expect(all.rows.some((r) => r.row.includes('4242424242424242'))).toBe(false);
  });

  it('answers a repeated key with its first answer, once, even concurrently; another input under the key is refused', async () => {
    const request = authorizeRequest();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => client.authorize(STORE, request)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect((await pool.query(`SELECT count(*)::int AS n FROM store_payments WHERE idempotency_key = $1`, [request.idempotencyKey])).rows[0].n).toBe(1);
    expect(await post('authorize', { ...request, amount: 1 })).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
    await expect(client.authorize(STORE, { ...request, amount: 1 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('captures partially up to the authorization, voids what is left, refunds up to a capture', async () => {
    const auth = (await client.authorize(STORE, authorizeRequest({ amount: 2400 }))) as { reference: string };
    const money = (reference: string, amount: number) => ({ reference, amount, currency: 'USD', idempotencyKey: randomUUID() });

    const first = await client.capture(STORE, money(auth.reference, 1900));
    expect(first).toEqual({ status: 'succeeded', reference: expect.stringMatching(/^scap_/) });
    expect(await client.capture(STORE, money(auth.reference, 600))).toEqual({ status: 'failed', reference: expect.any(String), error: 'amount_exceeds_what_is_left' });
    expect(await client.void(STORE, money(auth.reference, 500))).toEqual({ status: 'succeeded', reference: expect.stringMatching(/^svoid_/) });
    expect(await client.void(STORE, money(auth.reference, 1))).toMatchObject({ status: 'failed', error: 'amount_exceeds_what_is_left' });
    expect(await client.capture(STORE, money(auth.reference, 1))).toMatchObject({ status: 'failed', error: 'amount_exceeds_what_is_left' });

    const capture = (first as { reference: string }).reference;
    expect(await client.refund(STORE, money(capture, 500))).toEqual({ status: 'succeeded', reference: expect.stringMatching(/^sref_/) });
    expect(await client.refund(STORE, money(capture, 1401))).toMatchObject({ status: 'failed', error: 'amount_exceeds_what_is_left' });
    expect(await client.refund(STORE, money(capture, 1400))).toMatchObject({ status: 'succeeded' });

    expect(await client.capture(STORE, money('sauth_unknown', 1))).toMatchObject({ status: 'failed', error: 'unknown_authorization' });
    expect(await client.refund(STORE, money(auth.reference, 1))).toMatchObject({ status: 'failed', error: 'unknown_capture' });
    expect(await client.capture(STORE, { ...money(auth.reference, 1), currency: 'EUR' })).toMatchObject({ status: 'failed', error: 'currency_mismatch' });
  });

  it('a declined authorization cannot be captured', async () => {
    const declined = await post('authorize', authorizeRequest({ card: { ...VISA, number: '4000000000000002' } }));
    expect(declined.body).toEqual({ status: 'declined', declineCode: 'card_declined' });
    const { rows } = await pool.query(`SELECT reference FROM store_payments WHERE operation = 'authorize' AND status = 'declined' LIMIT 1`);
    expect(await client.capture(STORE, { reference: rows[0].reference, amount: 1, currency: 'USD', idempotencyKey: randomUUID() })).toMatchObject({ status: 'failed', error: 'unknown_authorization' });
  });

  it('voids an authorization by the key of its authorize call (the exchange lost the answer), idempotently', async () => {
    const request = authorizeRequest({ amount: 2400 });
    const approved = (await client.authorize(STORE, request)) as { reference: string };
    const voidByKey = { authorizationKey: request.idempotencyKey, amount: 2400, currency: 'USD', idempotencyKey: randomUUID() };
    const released = await client.void(STORE, voidByKey);
    expect(released).toEqual({ status: 'succeeded', reference: expect.stringMatching(/^svoid_/) });
    // a repeat answers the same, moving nothing again
    expect(await client.void(STORE, voidByKey)).toEqual(released);
    expect(await held(approved.reference)).toBe(0);
    const { rows } = await pool.query(`SELECT v.amount::int, v.authorization_key, a.reference FROM store_payments v JOIN store_payments a ON a.id = v.parent_id WHERE v.idempotency_key = $1`, [voidByKey.idempotencyKey]);
    expect(rows).toEqual([{ amount: 2400, authorization_key: request.idempotencyKey, reference: approved.reference }]);
    // nothing is left to capture, and the repeated authorize still answers its first answer
    expect(await client.capture(STORE, { reference: approved.reference, amount: 1, currency: 'USD', idempotencyKey: randomUUID() })).toMatchObject({ status: 'failed', error: 'amount_exceeds_what_is_left' });
    expect(await client.authorize(STORE, request)).toEqual(approved);
    // the same key with another input (by reference now) is refused
    expect(await post('void', { reference: approved.reference, amount: 2400, currency: 'USD', idempotencyKey: voidByKey.idempotencyKey })).toMatchObject({ status: 409 });
  });

  it('a void by key that arrives first succeeds with nothing to release and refuses the late authorize with that key', async () => {
    const request = authorizeRequest({ amount: 1900 });
    const voidByKey = { authorizationKey: request.idempotencyKey, amount: 1900, currency: 'USD', idempotencyKey: randomUUID() };
    const first = await client.void(STORE, voidByKey);
    expect(first).toEqual({ status: 'succeeded', reference: expect.stringMatching(/^svoid_/) });
    const { rows } = await pool.query(`SELECT amount::int, parent_id, authorization_key, status FROM store_payments WHERE idempotency_key = $1`, [voidByKey.idempotencyKey]);
    expect(rows).toEqual([{ amount: 0, parent_id: null, authorization_key: request.idempotencyKey, status: 'succeeded' }]);

    // the authorize arrives late: declined, never approved, and so on every repeat
    expect(await client.authorize(STORE, request)).toEqual({ status: 'declined', declineCode: 'authorization_voided' });
    expect(await client.authorize(STORE, request)).toEqual({ status: 'declined', declineCode: 'authorization_voided' });
    expect(await client.void(STORE, voidByKey)).toEqual(first);
    const approvals = await pool.query(`SELECT count(*)::int AS n FROM store_payments WHERE idempotency_key = $1 AND status = 'approved'`, [request.idempotencyKey]);
    expect(approvals.rows[0].n).toBe(0);
    // another void naming the key (a later retry under a new key) finds nothing held either
    expect(await client.void(STORE, { ...voidByKey, idempotencyKey: randomUUID() })).toMatchObject({ status: 'succeeded' });
  });

  it('a void by key racing its authorize: whichever runs first, nothing stays held', async () => {
    for (let i = 0; i < 10; i++) {
      const request = authorizeRequest({ amount: 700 });
      const [authorized, voided] = await Promise.all([
        client.authorize(STORE, request),
        client.void(STORE, { authorizationKey: request.idempotencyKey, amount: 700, currency: 'USD', idempotencyKey: randomUUID() }),
      ]);
      expect(voided.status).toBe('succeeded');
      if (authorized.status === 'approved') expect(await held(authorized.reference)).toBe(0);
      else expect(authorized).toEqual({ status: 'declined', declineCode: 'authorization_voided' });
    }
  });

  it('a void by key of a declined authorization, or of a key that named no authorization, releases nothing', async () => {
    const declined = authorizeRequest({ card: { ...VISA, number: '4000000000000002' } });
    expect(await client.authorize(STORE, declined)).toMatchObject({ status: 'declined', declineCode: 'card_declined' });
    expect(await client.void(STORE, { authorizationKey: declined.idempotencyKey, amount: 2400, currency: 'USD', idempotencyKey: randomUUID() })).toMatchObject({ status: 'succeeded' });
    // the key of a capture is not an authorization's
    const auth = (await client.authorize(STORE, authorizeRequest())) as { reference: string };
    const captureKey = randomUUID();
    await client.capture(STORE, { reference: auth.reference, amount: 100, currency: 'USD', idempotencyKey: captureKey });
    expect(await client.void(STORE, { authorizationKey: captureKey, amount: 100, currency: 'USD', idempotencyKey: randomUUID() })).toMatchObject({ status: 'failed', error: 'unknown_authorization' });
  });

  it('refuses malformed calls', async () => {
    expect(await post('authorize', { ...authorizeRequest(), card: undefined })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(await post('capture', { reference: 'x', amount: -1, currency: 'USD', idempotencyKey: 'k' })).toMatchObject({ status: 400 });
    // a void names its authorization one way; only a void names it by key
    expect(await post('void', { reference: 'x', authorizationKey: 'y', amount: 1, currency: 'USD', idempotencyKey: 'k' })).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/not both/) } } });
    expect(await post('void', { amount: 1, currency: 'USD', idempotencyKey: 'k' })).toMatchObject({ status: 400 });
    expect(await post('capture', { authorizationKey: 'y', amount: 1, currency: 'USD', idempotencyKey: 'k' })).toMatchObject({ status: 400 });
    expect((await pool.query(`SELECT count(*)::int AS n FROM store_payments WHERE idempotency_key = 'k'`)).rows[0].n).toBe(0);
  });

  it('the exchange client: a store without a payment endpoint, or one nobody answers at, is unavailable', async () => {
    const none = new HttpStorePaymentClient({ directory: new StaticStoreDirectory([{ id: STORE, name: 'x', url: service.url, secret, apiKey: 'k' }]) });
    expect(await none.paymentEndpointOf(STORE)).toBeNull();
    await expect(none.authorize(STORE, authorizeRequest())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const closed = new HttpStorePaymentClient({ directory: new StaticStoreDirectory([{ id: STORE, name: 'x', url: service.url, secret, apiKey: 'k', paymentEndpoint: 'http://127.0.0.1:1/payments' }]), circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    await expect(closed.authorize(STORE, authorizeRequest())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(closed.authorize(STORE, authorizeRequest())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    // the circuit is open: failing fast, without calling
    await expect(closed.capture(STORE, { reference: 'r', amount: 1, currency: 'USD', idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', extensions: { circuit: 'open' } });
    await expect(client.authorize('no-such-store', authorizeRequest())).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
  });
});
