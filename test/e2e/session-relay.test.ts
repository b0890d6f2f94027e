import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStoreLoginAssertion } from '../../subgraphs/session/domain/store-login.js';
import { graphql, HOLD, ITEM_AVAILABLE, type GraphQLResponse } from '../support/graphql-client.js';
import { startTestExchange } from '../support/exchange.js';
import { graphqlWsClient, subscribe, untilEventStreams } from '../support/ws-clients.js';

// One shopper across stores, end to end through the gateway: session relay (store A's
// frontend → store B's server), store login resolution, the guest → account cart merge,
// logout/revocation of relayed handles, saved carts and offer codes. Each store's
// frontend runs on its own origin (CORS), each store's server authenticates with its
// own x-store-key.

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;

const ORIGIN_A = 'http://shop-a.test';
const ORIGIN_B = 'http://shop-b.test';
const ORIGIN_OTHER = 'http://shop-evil.test';
const PASSWORD = 'correct horse battery staple';

let exchange: Exchange;
/** Each test takes fresh SKUs so availability counts are exact per test. */
const skuPool = new Map<string, string[]>();

beforeAll(async () => {
  exchange = await startTestExchange({ corsOrigins: [ORIGIN_A, ORIGIN_B] });
  for (const storeId of ['store-a', 'store-b']) {
    const res = await graphql(exchange.gatewayUrl, `query($id: ID!) { store(id: $id) { items(first: 24) { edges { node { sku } } } } }`, { id: storeId });
    skuPool.set(storeId, res.data.store.items.edges.map((e: any) => e.node.sku));
  }
});
afterAll(async () => {
  await exchange?.dispose();
});

function freshSku(storeId: string): string {
  const sku = skuPool.get(storeId)?.shift();
  if (!sku) throw new Error(`no fresh SKU left for ${storeId}`);
  return sku;
}

// --- actors ------------------------------------------------------------------------------

/**
 * A store's frontend in the shopper's browser: every request carries the store's Origin
 * (and the session token in Authorization); every answer must allow that origin.
 */
class Frontend {
  constructor(
    readonly gatewayUrl: string,
    readonly origin: string,
    public token?: string,
  ) {}

  async send<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.headers.get('access-control-allow-origin'), `CORS for ${this.origin}`).toBe(this.origin);
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  }

  async startGuest(): Promise<{ sessionId: string }> {
    const res = await this.send(`mutation { startGuestSession { token session { id kind } } }`);
    expect(res.data.startGuestSession.session.kind).toBe('GUEST');
    this.token = res.data.startGuestSession.token;
    return { sessionId: res.data.startGuestSession.session.id };
  }

  async hold(storeId: string, sku: string, quantity: number): Promise<string> {
    const res = await this.send(HOLD, { input: { storeId, sku, quantity, idempotencyKey: randomUUID() } });
    expect(res.data?.hold?.__typename, JSON.stringify(res)).toBe('Ticket');
    return res.data.hold.id;
  }

  async cart(): Promise<{ id: string; version: number; tickets: { id: string; storeId: string; sku: string; quantity: number; status: string }[] }> {
    const res = await this.send(CART);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.cart;
  }

  async sessionId(): Promise<string> {
    const res = await this.send(`{ session { id } }`);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.session.id;
  }

  /** The error code the gateway answers this token with (undefined: the token works). */
  async refusal(): Promise<string | undefined> {
    const res = await this.send(`{ session { id } }`);
    return res.errors?.[0]?.extensions?.code;
  }

  async createRelay(targetStoreId: string): Promise<{ relayCode: string; targetStoreId: string; expiresAt: string }> {
    const res = await this.send(CREATE_RELAY, { target: targetStoreId });
    expect(res.data?.createSessionRelay?.__typename, JSON.stringify(res)).toBe('SessionRelay');
    return res.data.createSessionRelay;
  }
}

const CART = `{ cart { id version tickets { id storeId sku quantity status } } }`;
const CREATE_RELAY = `mutation($target: ID!) { createSessionRelay(targetStoreId: $target) {
  __typename ... on SessionRelay { relayCode targetStoreId expiresAt } ... on ErrorResult { code message } } }`;
const REDEEM = `mutation($code: String!, $ip: String) { redeemSessionRelay(code: $code, clientIp: $ip) {
  __typename
  ... on SessionGranted { token session { id kind offerCodes } }
  ... on ErrorResult { code message }
  ... on RelayCodeExpiredError { expiredAt } } }`;
const STORE_LOGIN = `mutation($a: StoreLoginAssertionInput!, $t: String) { resolveStoreLogin(assertion: $a, sessionToken: $t) {
  __typename
  ... on SessionGranted { token session { id kind account { id email } } }
  ... on ErrorResult { code message }
  ... on AssertionExpiredError { maxSkewSeconds } } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on SessionGranted { token session { id kind account { id email } } } ... on ErrorResult { code message } } }`;
const REGISTER = `mutation($e: String!, $p: String!) { register(email: $e, password: $p) {
  __typename ... on SessionGranted { token session { id kind account { id email } } } ... on ErrorResult { code message } } }`;

function storeOf(ex: Exchange, storeId: string) {
  const store = ex.stores.find((s) => s.id === storeId);
  if (!store) throw new Error(`no store ${storeId}`);
  return store;
}

/** A store's server calling the gateway: only its x-store-key, no Authorization, no Origin. */
function storeServer<T = any>(ex: Exchange, storeId: string, query: string, variables?: Record<string, unknown>) {
  return graphql<T>(ex.gatewayUrl, query, variables, { 'x-store-key': storeOf(ex, storeId).apiKey });
}

async function redeem(ex: Exchange, storeId: string, code: string, clientIp?: string) {
  const res = await storeServer(ex, storeId, REDEEM, { code, ip: clientIp ?? null });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.redeemSessionRelay;
}

async function available(storeId: string, sku: string): Promise<number> {
  const res = await graphql(exchange.gatewayUrl, ITEM_AVAILABLE, { storeId, sku });
  return res.data.item.available;
}

async function setStock(storeId: string, sku: string, stock: number) {
  await storeOf(exchange, storeId).pool.query('UPDATE items SET stock_on_hand = $2 WHERE sku = $1', [sku, stock]);
}

const uniqueEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@example.com`;

async function registerAccount(frontend: Frontend, email = uniqueEmail('shopper')): Promise<{ accountId: string; sessionId: string; email: string }> {
  const res = await frontend.send(REGISTER, { e: email, p: PASSWORD });
  expect(res.data?.register?.__typename, JSON.stringify(res)).toBe('SessionGranted');
  frontend.token = res.data.register.token;
  return { accountId: res.data.register.session.account.id, sessionId: res.data.register.session.id, email };
}

/** Store A's frontend → code for B → store B's server redeems it → B's frontend with B's handle. */
async function relayTo(ex: Exchange, from: Frontend, targetStoreId: string, targetOrigin: string, clientIp = '203.0.113.7') {
  const relay = await from.createRelay(targetStoreId);
  const granted = await redeem(ex, targetStoreId, relay.relayCode, clientIp);
  expect(granted.__typename, JSON.stringify(granted)).toBe('SessionGranted');
  return { relay, granted, frontend: new Frontend(ex.gatewayUrl, targetOrigin, granted.token) };
}

/** A store's server signing a login assertion exactly as the README documents it. */
function assertion(storeId: string, secret: string, user: { storeUserId: string; email: string }, overrides: { timestamp?: string; nonce?: string } = {}) {
  const fields = {
    storeId,
    storeUserId: user.storeUserId,
    email: user.email,
    timestamp: overrides.timestamp ?? String(Math.floor(Date.now() / 1000)),
    nonce: overrides.nonce ?? randomBytes(18).toString('base64url'),
  };
  const payload = ['cartstart-store-login-v1', fields.storeId, fields.storeUserId, fields.email, fields.timestamp, fields.nonce].join('\n');
  const signature = createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
  // the documented recipe and the exchange's own signer agree
  expect(signature).toBe(signStoreLoginAssertion(secret, fields));
  return { ...fields, signature };
}

// --- CORS ----------------------------------------------------------------------------------

describe('store frontends on their own origins (CORS)', () => {
  it('answers the preflight and the request of each allowed origin, and nothing for another origin', async () => {
    const guest = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    await guest.startGuest();
    for (const origin of [ORIGIN_A, ORIGIN_B]) {
      const preflight = await fetch(exchange.gatewayUrl, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
      // sessions travel in Authorization, never in cookies: no credentials mode
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
      expect(preflight.headers.get('vary')).toMatch(/origin/i);

      const request = await fetch(exchange.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, authorization: `Bearer ${guest.token}` },
        body: JSON.stringify({ query: '{ session { id kind } }' }),
      });
      expect(request.status).toBe(200);
      expect(request.headers.get('access-control-allow-origin')).toBe(origin);
      expect(request.headers.get('access-control-allow-credentials')).toBeNull();
      expect(((await request.json()) as any).data.session.kind).toBe('GUEST');
    }

    const refusedPreflight = await fetch(exchange.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN_OTHER, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(refusedPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(refusedPreflight.headers.get('access-control-allow-headers')).toBeNull();
    const refusedRequest = await fetch(exchange.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN_OTHER },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    // the server may answer, but without the header the browser never hands it to the page
    expect(refusedRequest.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// --- relay -------------------------------------------------------------------------------

describe('session relay between stores', () => {
  it('1. relay A → B keeps the cart: same session, same cart, holds from either side meet', async () => {
    const atA = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { sessionId } = await atA.startGuest();
    const ticketA = await atA.hold('store-a', freshSku('store-a'), 1);
    const ticketB = await atA.hold('store-b', freshSku('store-b'), 2);
    const cartAtA = await atA.cart();
    expect(cartAtA.tickets.map((t) => t.id)).toEqual([ticketA, ticketB]);

    const relay = await atA.createRelay('store-b');
    expect(relay.targetStoreId).toBe('store-b');
    expect(relay.relayCode).not.toBe(atA.token);
    const ttl = new Date(relay.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    // store B's server redeems the code (its key only, the browser's IP)
    const granted = await redeem(exchange, 'store-b', relay.relayCode, '203.0.113.7');
    expect(granted.__typename).toBe('SessionGranted');
    expect(granted.session.id).toBe(sessionId);
    expect(granted.session.kind).toBe('GUEST');
    expect(granted.token).not.toBe(atA.token);

    const atB = new Frontend(exchange.gatewayUrl, ORIGIN_B, granted.token);
    expect(await atB.sessionId()).toBe(sessionId);
    const cartAtB = await atB.cart();
    expect({ id: cartAtB.id, version: cartAtB.version, tickets: cartAtB.tickets.map((t) => ({ id: t.id })) }).toEqual({
      id: cartAtA.id,
      version: cartAtA.version,
      tickets: cartAtA.tickets.map((t) => ({ id: t.id })),
    });
    expect(cartAtB.id).toBe(sessionId);

    // a hold made at B shows in the cart A sees
    const ticketFromB = await atB.hold('store-b', freshSku('store-b'), 1);
    const after = await atA.cart();
    expect(after.tickets.map((t) => t.id)).toEqual([ticketA, ticketB, ticketFromB]);
    expect(after.version).toBeGreaterThan(cartAtA.version);
    expect(await atA.sessionId()).toBe(sessionId);

    // and onward: B's frontend relays the shopper back to A, whose server redeems it
    const { granted: back, frontend: backAtA } = await relayTo(exchange, atB, 'store-a', ORIGIN_A);
    expect(back.session.id).toBe(sessionId);
    expect((await backAtA.cart()).tickets.map((t) => t.id)).toEqual([ticketA, ticketB, ticketFromB]);
    expect(await atB.refusal()).toBeUndefined();
  });

  it('2. a second redemption answers RELAY_CODE_USED and revokes the first handle; the original token keeps working', async () => {
    const atA = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { sessionId } = await atA.startGuest();
    await atA.hold('store-a', freshSku('store-a'), 1);
    const relay = await atA.createRelay('store-b');
    const first = await redeem(exchange, 'store-b', relay.relayCode, '203.0.113.7');
    expect(first.__typename).toBe('SessionGranted');
    const atB = new Frontend(exchange.gatewayUrl, ORIGIN_B, first.token);
    expect(await atB.sessionId()).toBe(sessionId);

    const second = await redeem(exchange, 'store-b', relay.relayCode, '203.0.113.7');
    expect(second).toMatchObject({ __typename: 'RelayCodeUsedError', code: 'RELAY_CODE_USED' });
    // the code leaked: the handle it produced is dead at once
    expect(await atB.refusal()).toBe('SESSION_INVALID');
    const stale = await atB.send(`{ cart { id } }`);
    expect(stale.errors?.[0].extensions?.code).toBe('SESSION_INVALID');
    // a third try is no better
    expect((await redeem(exchange, 'store-b', relay.relayCode, '203.0.113.7')).code).toBe('RELAY_CODE_USED');
    // the shopper's own token at A is untouched
    expect(await atA.refusal()).toBeUndefined();
    expect(await atA.sessionId()).toBe(sessionId);
    expect((await atA.cart()).tickets).toHaveLength(1);

    // two redemptions racing: whatever each answers, no handle from the code survives
    const raced = await atA.createRelay('store-b');
    const answers = await Promise.all([
      redeem(exchange, 'store-b', raced.relayCode, '203.0.113.7'),
      redeem(exchange, 'store-b', raced.relayCode, '203.0.113.7'),
    ]);
    expect(answers.filter((a) => a.__typename === 'SessionGranted').length).toBeLessThanOrEqual(1);
    expect(answers.map((a) => a.code)).toContain('RELAY_CODE_USED');
    for (const a of answers.filter((a) => a.__typename === 'SessionGranted')) {
      expect(await new Frontend(exchange.gatewayUrl, ORIGIN_B, a.token).refusal()).toBe('SESSION_INVALID');
    }
    expect(await atA.refusal()).toBeUndefined();
  });

  it('3. a code redeemed by another store answers RELAY_CODE_WRONG_STORE and is dead for the right store too', async () => {
    const atA = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    await atA.startGuest();
    const relay = await atA.createRelay('store-b');
    const wrong = await redeem(exchange, 'store-a', relay.relayCode, '203.0.113.7');
    expect(wrong).toMatchObject({ __typename: 'RelayCodeWrongStoreError', code: 'RELAY_CODE_WRONG_STORE' });
    expect(wrong.token).toBeUndefined();
    const late = await redeem(exchange, 'store-b', relay.relayCode, '203.0.113.7');
    expect(late.__typename).not.toBe('SessionGranted');
    expect(late.code).toBe('RELAY_CODE_USED');
    expect(await atA.refusal()).toBeUndefined();
  });

  it('5. an unknown code answers RELAY_CODE_INVALID; a shopper (not a store) or nobody cannot redeem', async () => {
    const unknown = await redeem(exchange, 'store-b', randomBytes(32).toString('base64url'), '203.0.113.7');
    expect(unknown).toMatchObject({ __typename: 'RelayCodeInvalidError', code: 'RELAY_CODE_INVALID' });
    const malformed = await redeem(exchange, 'store-b', 'not a code', '203.0.113.7');
    expect(malformed.code).toBe('INVALID_INPUT');

    const atA = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    await atA.startGuest();
    const relay = await atA.createRelay('store-b');
    // the shopper's browser tries to redeem its own code: refused, and the code is not burnt
    const byShopper = await atA.send(REDEEM, { code: relay.relayCode, ip: '203.0.113.7' });
    expect(byShopper.data?.redeemSessionRelay ?? null).toBeNull();
    expect(['FORBIDDEN', 'NOT_AUTHENTICATED']).toContain(byShopper.errors?.[0].extensions?.code);
    const byNobody = await graphql(exchange.gatewayUrl, REDEEM, { code: relay.relayCode, ip: '203.0.113.7' });
    expect(byNobody.data?.redeemSessionRelay ?? null).toBeNull();
    expect(['FORBIDDEN', 'NOT_AUTHENTICATED']).toContain(byNobody.errors?.[0].extensions?.code);
    const byStore = await redeem(exchange, 'store-b', relay.relayCode, '203.0.113.7');
    expect(byStore.__typename).toBe('SessionGranted');

    // creating a relay needs a shopper session and a real store
    const anonymous = await graphql(exchange.gatewayUrl, CREATE_RELAY, { target: 'store-b' });
    expect(anonymous.data.createSessionRelay.code).toBe('NOT_AUTHENTICATED');
    const noStore = await atA.send(CREATE_RELAY, { target: 'no-such-store' });
    expect(noStore.data.createSessionRelay.code).toBe('STORE_NOT_FOUND');
  });
});

// --- relay codes with a short lifetime, bound to the shopper's IP (a second exchange) ---------

describe('relay codes: lifetime and IP binding', () => {
  const TTL_MS = 1_500;
  let strict: Exchange;
  beforeAll(async () => {
    strict = await startTestExchange({ relayCodeTtlMs: TTL_MS, relayBindClientIp: true, storeDirectory: 'static', corsOrigins: [ORIGIN_A, ORIGIN_B] });
  });
  afterAll(async () => {
    await strict?.dispose();
  });

  it('4. a code redeemed after its lifetime answers RELAY_CODE_EXPIRED (with expiredAt) and grants nothing', async () => {
    const atA = new Frontend(strict.gatewayUrl, ORIGIN_A);
    await atA.startGuest();
    const relay = await atA.createRelay('store-b');
    const ttl = new Date(relay.expiresAt).getTime() - Date.now();
    expect(ttl).toBeLessThanOrEqual(TTL_MS);
    await new Promise((r) => setTimeout(r, TTL_MS + 400));
    const late = await redeem(strict, 'store-b', relay.relayCode, '127.0.0.1');
    expect(late).toMatchObject({ __typename: 'RelayCodeExpiredError', code: 'RELAY_CODE_EXPIRED' });
    expect(new Date(late.expiredAt).toISOString()).toBe(new Date(relay.expiresAt).toISOString());
    expect((await redeem(strict, 'store-b', relay.relayCode, '127.0.0.1')).__typename).not.toBe('SessionGranted');
    expect(await atA.refusal()).toBeUndefined();
  });

  it('6. with IP binding a redemption for another IP answers RELAY_IP_MISMATCH (code dead); the issuing IP is granted', async () => {
    const atA = new Frontend(strict.gatewayUrl, ORIGIN_A);
    const { sessionId } = await atA.startGuest();

    const mismatch = await atA.createRelay('store-b');
    const other = await redeem(strict, 'store-b', mismatch.relayCode, '198.51.100.23');
    expect(other).toMatchObject({ __typename: 'RelayIpMismatchError', code: 'RELAY_IP_MISMATCH' });
    // the code is dead, even for the right IP now
    expect((await redeem(strict, 'store-b', mismatch.relayCode, '127.0.0.1')).__typename).not.toBe('SessionGranted');

    // no IP at all cannot match when binding is on
    const noIp = await atA.createRelay('store-b');
    expect((await redeem(strict, 'store-b', noIp.relayCode)).code).toBe('RELAY_IP_MISMATCH');

    // the gateway sees this test's browser as 127.0.0.1: the store passes the same IP
    const match = await atA.createRelay('store-b');
    const granted = await redeem(strict, 'store-b', match.relayCode, '127.0.0.1');
    expect(granted.__typename, JSON.stringify(granted)).toBe('SessionGranted');
    expect(granted.session.id).toBe(sessionId);
    expect(await new Frontend(strict.gatewayUrl, ORIGIN_B, granted.token).sessionId()).toBe(sessionId);

    // an IPv4-mapped IPv6 spelling of the same address is the same IP
    const mapped = await atA.createRelay('store-b');
    const grantedMapped = await redeem(strict, 'store-b', mapped.relayCode, '::ffff:127.0.0.1');
    expect(grantedMapped.__typename, JSON.stringify(grantedMapped)).toBe('SessionGranted');
  });
});

// --- login and the cart merge -----------------------------------------------------------------

describe('guest → account cart merge', () => {
  it('7. overlapping items merge without double holds or leaks; every session of the account sees the one cart', async () => {
    const x = freshSku('store-a');
    const y = freshSku('store-b');
    const initialX = await available('store-a', x);
    const initialY = await available('store-b', y);

    const account = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { accountId, email } = await registerAccount(account);
    const accountTicketX = await account.hold('store-a', x, 1);
    expect((await account.cart()).id).toBe(`account:${accountId}`);

    const guest = new Frontend(exchange.gatewayUrl, ORIGIN_B);
    const { sessionId: guestSessionId } = await guest.startGuest();
    const guestTicketX = await guest.hold('store-a', x, 3);
    const guestTicketY = await guest.hold('store-b', y, 2);
    expect(await available('store-a', x)).toBe(initialX - 4);
    expect(await available('store-b', y)).toBe(initialY - 2);

    const guestToken = guest.token!;
    const login = await guest.send(LOGIN, { e: email, p: PASSWORD });
    expect(login.data.login.__typename).toBe('SessionGranted');
    expect(login.data.login.session).toMatchObject({ id: guestSessionId, kind: 'ACCOUNT', account: { id: accountId, email } });
    guest.token = login.data.login.token;
    expect(guest.token).not.toBe(guestToken);
    const stale = await graphql(exchange.gatewayUrl, `{ session { id } }`, undefined, { authorization: `Bearer ${guestToken}` });
    expect(stale.errors?.[0].extensions?.code).toBe('SESSION_INVALID');

    // several first reads at once: the merge happens once
    const firstReads = await Promise.all([guest.cart(), guest.cart(), guest.cart()]);
    const merged = firstReads[0];
    for (const read of firstReads) expect(read.tickets.map((t) => t.id).sort()).toEqual(merged.tickets.map((t) => t.id).sort());
    expect(merged.id).toBe(`account:${accountId}`);
    const lines = merged.tickets.map((t) => ({ id: t.id, storeId: t.storeId, sku: t.sku, quantity: t.quantity, status: t.status }));
    expect(lines).toHaveLength(2);
    expect(lines).toEqual(
      expect.arrayContaining([
        { id: guestTicketX, storeId: 'store-a', sku: x, quantity: 3, status: 'HELD' },
        { id: guestTicketY, storeId: 'store-b', sku: y, quantity: 2, status: 'HELD' },
      ]),
    );
    expect(merged.tickets.filter((t) => t.sku === x)).toHaveLength(1);
    // exact: the larger hold kept, the smaller released, nothing reserved anew
    expect(await available('store-a', x)).toBe(initialX - 3);
    expect(await available('store-b', y)).toBe(initialY - 2);

    const released = await account.send(`query($id: ID!) { ticket(id: $id) { id status } }`, { id: accountTicketX });
    expect(released.data.ticket).toEqual({ id: accountTicketX, status: 'RELEASED' });

    // the account's other session sees the same cart
    const other = await account.cart();
    expect(other.id).toBe(merged.id);
    expect(other.version).toBe(merged.version);
    expect(other.tickets.map((t) => t.id)).toEqual(merged.tickets.map((t) => t.id));

    // reading again merges nothing more
    expect((await guest.cart()).version).toBe(merged.version);
    expect(await available('store-a', x)).toBe(initialX - 3);
    expect(await available('store-b', y)).toBe(initialY - 2);
  });

  it('7b. a follower of the account cart receives HELD for merged tickets and RELEASED for the losing hold', async () => {
    const x = freshSku('store-a');
    const y = freshSku('store-b');
    const account = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { accountId, email } = await registerAccount(account);
    const accountTicketX = await account.hold('store-a', x, 1);

    await untilEventStreams(exchange.ticketUrls, (n) => n === 0);
    const client = graphqlWsClient(exchange.gatewayUrl, { authorization: `Bearer ${account.token}` });
    const events = subscribe(client, `subscription($id: ID) { cartEvents(cartId: $id) { type sequence ticket { id quantity status } } }`, { id: `account:${accountId}` });
    try {
      // live at the ticket server: the merge's events published from now on reach it
      await untilEventStreams(exchange.ticketUrls, (n) => n >= 1);
      const guest = new Frontend(exchange.gatewayUrl, ORIGIN_B);
      await guest.startGuest();
      const guestTicketX = await guest.hold('store-a', x, 2);
      const guestTicketY = await guest.hold('store-b', y, 1);
      const login = await guest.send(LOGIN, { e: email, p: PASSWORD });
      guest.token = login.data.login.token;
      await guest.cart();

      const seen = (type: string, id: string) => (r: any[]) => r.some((e) => e.data?.cartEvents?.type === type && e.data.cartEvents.ticket.id === id);
      await events.until((r) => seen('HELD', guestTicketX)(r) && seen('HELD', guestTicketY)(r) && seen('RELEASED', accountTicketX)(r), 10_000, 'merge events');
      expect(events.results.every((r) => !r.errors)).toBe(true);
      const sequences = events.events().map((e: any) => e.cartEvents.sequence);
      expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    } finally {
      events.dispose();
      await client.dispose();
    }
  });
});

// --- store login resolution -------------------------------------------------------------------

describe('store login resolution', () => {
  it('8. a signed assertion yields an account session; guests are upgraded in place; bad, old and replayed assertions are refused', async () => {
    const storeA = storeOf(exchange, 'store-a');
    const storeB = storeOf(exchange, 'store-b');
    const user = { storeUserId: `user-${randomBytes(4).toString('hex')}`, email: uniqueEmail('store-user') };

    const first = await storeServer(exchange, 'store-a', STORE_LOGIN, { a: assertion('store-a', storeA.secret, user) });
    expect(first.errors).toBeUndefined();
    const granted = first.data.resolveStoreLogin;
    expect(granted.__typename).toBe('SessionGranted');
    expect(granted.session.kind).toBe('ACCOUNT');
    expect(granted.session.account.email).toBe(user.email);
    const accountId = granted.session.account.id;
    const firstSession = new Frontend(exchange.gatewayUrl, ORIGIN_A, granted.token);
    expect((await firstSession.send(`{ me { id email } }`)).data.me).toEqual({ id: accountId, email: user.email });

    // the same store user again: the same account (a new session)
    const again = (await storeServer(exchange, 'store-a', STORE_LOGIN, { a: assertion('store-a', storeA.secret, user) })).data.resolveStoreLogin;
    expect(again.__typename).toBe('SessionGranted');
    expect(again.session.account.id).toBe(accountId);
    expect(again.session.id).not.toBe(granted.session.id);

    // with the shopper's current (guest) handle at the store: upgraded in place, the cart kept
    const guest = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { sessionId: guestSessionId } = await guest.startGuest();
    const sku = freshSku('store-a');
    const guestTicket = await guest.hold('store-a', sku, 2);
    const availableHeld = await available('store-a', sku);
    const upgraded = (await storeServer(exchange, 'store-a', STORE_LOGIN, { a: assertion('store-a', storeA.secret, user), t: guest.token })).data.resolveStoreLogin;
    expect(upgraded.__typename).toBe('SessionGranted');
    expect(upgraded.session).toMatchObject({ id: guestSessionId, kind: 'ACCOUNT', account: { id: accountId, email: user.email } });
    expect(await guest.refusal()).toBe('SESSION_INVALID');
    guest.token = upgraded.token;
    const cart = await guest.cart();
    expect(cart.id).toBe(`account:${accountId}`);
    expect(cart.tickets.map((t) => t.id)).toContain(guestTicket);
    expect(await available('store-a', sku)).toBe(availableHeld);
    expect((await firstSession.cart()).tickets.map((t) => t.id)).toContain(guestTicket);

    // refusals change nothing: a guest presented with a refused assertion stays a guest
    const bystander = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { sessionId: bystanderSessionId } = await bystander.startGuest();
    const expectRefused = async (a: Record<string, unknown>, code: string, storeId = 'store-a') => {
      const res = await storeServer(exchange, storeId, STORE_LOGIN, { a, t: bystander.token });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.resolveStoreLogin.code, JSON.stringify(res.data)).toBe(code);
      expect(res.data.resolveStoreLogin.token).toBeUndefined();
      return res.data.resolveStoreLogin;
    };

    const valid = assertion('store-a', storeA.secret, user);
    const lastHex = valid.signature.slice(-1);
    await expectRefused({ ...valid, signature: valid.signature.slice(0, -1) + (lastHex === '0' ? '1' : '0') }, 'ASSERTION_SIGNATURE_INVALID');
    await expectRefused({ ...valid, email: uniqueEmail('someone-else') }, 'ASSERTION_SIGNATURE_INVALID');
    // signed with another store's secret, or vouching for another store's user
    await expectRefused(assertion('store-a', storeB.secret, user), 'ASSERTION_SIGNATURE_INVALID');
    await expectRefused(assertion('store-b', storeB.secret, user), 'ASSERTION_SIGNATURE_INVALID', 'store-a');
    // the tampered tries did not burn the nonce: the genuine assertion still works once
    const genuine = (await storeServer(exchange, 'store-a', STORE_LOGIN, { a: valid })).data.resolveStoreLogin;
    expect(genuine.__typename).toBe('SessionGranted');
    expect(genuine.session.account.id).toBe(accountId);
    await expectRefused(valid, 'ASSERTION_REPLAYED');

    const old = await expectRefused(assertion('store-a', storeA.secret, user, { timestamp: String(Math.floor(Date.now() / 1000) - 3_600) }), 'ASSERTION_EXPIRED');
    expect(old.maxSkewSeconds).toBe(300);
    await expectRefused(assertion('store-a', storeA.secret, user, { timestamp: String(Math.floor(Date.now() / 1000) + 3_600) }), 'ASSERTION_EXPIRED');

    expect((await bystander.send(`{ session { id kind } }`)).data.session).toEqual({ id: bystanderSessionId, kind: 'GUEST' });

    // a shopper's browser cannot vouch for anyone
    const byShopper = await bystander.send(STORE_LOGIN, { a: assertion('store-a', storeA.secret, user) });
    expect(byShopper.data?.resolveStoreLogin ?? null).toBeNull();
    expect(['FORBIDDEN', 'NOT_AUTHENTICATED']).toContain(byShopper.errors?.[0].extensions?.code);
  });
});

describe('store login resolution after a relay', () => {
  it('8b. store B logs in the shopper it received by relay: the session is upgraded in place and every older handle ends', async () => {
    const storeB = storeOf(exchange, 'store-b');
    const atA = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { sessionId } = await atA.startGuest();
    const ticket = await atA.hold('store-a', freshSku('store-a'), 1);
    const { frontend: atB } = await relayTo(exchange, atA, 'store-b', ORIGIN_B);

    const user = { storeUserId: `b-user-${randomBytes(4).toString('hex')}`, email: uniqueEmail('b-user') };
    const res = await storeServer(exchange, 'store-b', STORE_LOGIN, { a: assertion('store-b', storeB.secret, user), t: atB.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const granted = res.data.resolveStoreLogin;
    expect(granted.__typename, JSON.stringify(granted)).toBe('SessionGranted');
    expect(granted.session).toMatchObject({ id: sessionId, kind: 'ACCOUNT', account: { email: user.email } });
    // no session fixation: the relayed handle and A's token both end; the new token works
    expect(await atB.refusal()).toBe('SESSION_INVALID');
    expect(await atA.refusal()).toBe('SESSION_INVALID');
    const loggedIn = new Frontend(exchange.gatewayUrl, ORIGIN_B, granted.token);
    expect(await loggedIn.sessionId()).toBe(sessionId);
    const cart = await loggedIn.cart();
    expect(cart.id).toBe(`account:${granted.session.account.id}`);
    expect(cart.tickets.map((t) => t.id)).toEqual([ticket]);
  });

  it("8c. a store user whose email has a CartStart account is linked to it; another account's session is not taken over", async () => {
    const storeA = storeOf(exchange, 'store-a');
    const owner = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { accountId, email } = await registerAccount(owner);
    const linked = (await storeServer(exchange, 'store-a', STORE_LOGIN, {
      a: assertion('store-a', storeA.secret, { storeUserId: `linked-${randomBytes(4).toString('hex')}`, email }),
    })).data.resolveStoreLogin;
    expect(linked.__typename).toBe('SessionGranted');
    expect(linked.session.account).toEqual({ id: accountId, email });

    // the store presents someone else's account session: its cart must not pass to this user
    const other = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { sessionId: otherSessionId, accountId: otherAccountId, email: otherEmail } = await registerAccount(other);
    const otherTicket = await other.hold('store-a', freshSku('store-a'), 1);
    const user = { storeUserId: `intruder-${randomBytes(4).toString('hex')}`, email: uniqueEmail('intruder') };
    const res = (await storeServer(exchange, 'store-a', STORE_LOGIN, { a: assertion('store-a', storeA.secret, user), t: other.token })).data.resolveStoreLogin;
    expect(res.__typename).toBe('SessionGranted');
    expect(res.session.id).not.toBe(otherSessionId);
    expect(res.session.account.id).not.toBe(otherAccountId);
    const intruder = new Frontend(exchange.gatewayUrl, ORIGIN_A, res.token);
    expect((await intruder.cart()).tickets).toEqual([]);
    // the presented session belonged to another account: it is ended (session-service contract),
    // and that account keeps its cart, as its next login shows
    expect(await other.refusal()).toBe('SESSION_INVALID');
    const again = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const login = await again.send(LOGIN, { e: otherEmail, p: PASSWORD });
    expect(login.data.login.__typename).toBe('SessionGranted');
    expect(login.data.login.session.account.id).toBe(otherAccountId);
    again.token = login.data.login.token;
    expect((await again.cart()).tickets.map((t) => t.id)).toEqual([otherTicket]);
  });
});

// --- ending sessions ----------------------------------------------------------------------------

describe('ending relayed sessions', () => {
  it('9. logout, login and revokeSession end relayed handles; mySessions lists the handles', async () => {
    // logout at A ends B's handle at once
    const atA = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    await atA.startGuest();
    const { frontend: atB } = await relayTo(exchange, atA, 'store-b', ORIGIN_B);
    expect(await atB.refusal()).toBeUndefined();
    const out = await atA.send(`mutation { logout { __typename ... on LoggedOut { sessionId } } }`);
    expect(out.data.logout.__typename).toBe('LoggedOut');
    expect(await atB.refusal()).toBe('SESSION_INVALID');
    expect(await atA.refusal()).toBe('SESSION_INVALID');

    // logging out at B (its handle) ends the session at A too
    const atA2 = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    await atA2.startGuest();
    const { frontend: atB2 } = await relayTo(exchange, atA2, 'store-b', ORIGIN_B);
    expect((await atB2.send(`mutation { logout { __typename } }`)).data.logout.__typename).toBe('LoggedOut');
    expect(await atA2.refusal()).toBe('SESSION_INVALID');
    expect(await atB2.refusal()).toBe('SESSION_INVALID');

    // a login (here: register from the guest) rotates: the relayed handle ends, and a code
    // issued before the login does not reach the logged-in session
    const guest = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { sessionId: guestSessionId } = await guest.startGuest();
    const { frontend: guestAtB } = await relayTo(exchange, guest, 'store-b', ORIGIN_B);
    const pending = await guest.createRelay('store-b');
    const { sessionId: upgradedId } = await registerAccount(guest);
    expect(upgradedId).toBe(guestSessionId);
    expect(await guestAtB.refusal()).toBe('SESSION_INVALID');
    expect(await guest.refusal()).toBeUndefined();
    const preLogin = await redeem(exchange, 'store-b', pending.relayCode, '203.0.113.7');
    expect(preLogin.__typename).not.toBe('SessionGranted');

    // revokeSession from another session of the same account ends a relayed session
    const laptop = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { sessionId: laptopSessionId, email } = await registerAccount(laptop);
    const phone = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const login = await phone.send(LOGIN, { e: email, p: PASSWORD });
    expect(login.data.login.__typename).toBe('SessionGranted');
    phone.token = login.data.login.token;
    const phoneSessionId = login.data.login.session.id;
    const { frontend: phoneAtB } = await relayTo(exchange, phone, 'store-b', ORIGIN_B);
    expect(await phoneAtB.sessionId()).toBe(phoneSessionId);

    const listed = await laptop.send(`{ mySessions { id current clientIp handles { id storeId createdAt } } }`);
    expect(listed.errors).toBeUndefined();
    const sessions = listed.data.mySessions as { id: string; current: boolean; clientIp: string | null; handles: { storeId: string | null }[] }[];
    expect(sessions.map((s) => s.id).sort()).toEqual([laptopSessionId, phoneSessionId].sort());
    expect(sessions[0].id).toBe(phoneSessionId); // newest first
    const laptopEntry = sessions.find((s) => s.id === laptopSessionId)!;
    const phoneEntry = sessions.find((s) => s.id === phoneSessionId)!;
    expect(laptopEntry.current).toBe(true);
    expect(phoneEntry.current).toBe(false);
    expect(laptopEntry.handles.map((h) => h.storeId)).toEqual([null]);
    expect(phoneEntry.handles.map((h) => h.storeId).sort()).toEqual(['store-b', null].sort());
    expect(phoneEntry.clientIp).toBe('127.0.0.1');

    // a relayed handle sees the same list as its session's own token
    const fromB = await phoneAtB.send(`{ mySessions { id current } }`);
    expect(fromB.data.mySessions.find((s: any) => s.id === phoneSessionId).current).toBe(true);

    const revoke = await laptop.send(`mutation($id: ID!) { revokeSession(sessionId: $id) { __typename ... on SessionRevoked { sessionId } ... on ErrorResult { code } } }`, { id: phoneSessionId });
    expect(revoke.data.revokeSession).toEqual({ __typename: 'SessionRevoked', sessionId: phoneSessionId });
    expect(await phoneAtB.refusal()).toBe('SESSION_INVALID');
    expect(await phone.refusal()).toBe('SESSION_INVALID');
    expect(await laptop.refusal()).toBeUndefined();
    expect((await laptop.send(`{ mySessions { id } }`)).data.mySessions).toEqual([{ id: laptopSessionId }]);

    // another account's session cannot be revoked (and is not revealed)
    const stranger = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    await registerAccount(stranger);
    const notMine = await stranger.send(`mutation($id: ID!) { revokeSession(sessionId: $id) { __typename ... on ErrorResult { code } } }`, { id: laptopSessionId });
    expect(notMine.data.revokeSession.code).toBe('SESSION_NOT_FOUND');
    expect(await laptop.refusal()).toBeUndefined();
  });
});

// --- saved carts and offer codes --------------------------------------------------------------

describe('saved carts and offer codes', () => {
  const SAVE = `mutation($n: String!, $k: String!) { saveCart(name: $n, releaseHolds: true, idempotencyKey: $k) {
    __typename ... on SavedCart { id name lines { storeId sku quantity } offerCodes } ... on ErrorResult { code message } } }`;
  const RESTORE = `mutation($id: ID!, $k: String!) { restoreSavedCart(savedCartId: $id, idempotencyKey: $k) {
    __typename
    ... on CartRestored {
      complete offerCodes
      cart { id tickets { id storeId sku quantity status } }
      lines { storeId sku requested held ticket { id quantity status } problem { __typename code message ... on OutOfStockError { requested available } } }
    }
    ... on ErrorResult { code message } } }`;

  it('10. save (releasing holds) with an offer code, restore short on stock, replay, and the codes follow a relay', async () => {
    const x = freshSku('store-a');
    const y = freshSku('store-b');
    await setStock('store-b', y, 5);
    const initialX = await available('store-a', x);
    expect(await available('store-b', y)).toBe(5);

    const me = new Frontend(exchange.gatewayUrl, ORIGIN_A);
    const { accountId } = await registerAccount(me);
    await me.hold('store-a', x, 2);
    await me.hold('store-b', y, 3);
    const applied = await me.send(`mutation { applyOfferCode(code: " spring-10 ") { __typename ... on Session { offerCodes } ... on ErrorResult { code } } }`);
    expect(applied.data.applyOfferCode).toEqual({ __typename: 'Session', offerCodes: ['SPRING-10'] });
    expect(await available('store-a', x)).toBe(initialX - 2);
    expect(await available('store-b', y)).toBe(2);

    const saved = (await me.send(SAVE, { n: 'for later', k: randomUUID() })).data.saveCart;
    expect(saved.__typename, JSON.stringify(saved)).toBe('SavedCart');
    expect(saved.lines).toEqual([
      { storeId: 'store-a', sku: x, quantity: 2 },
      { storeId: 'store-b', sku: y, quantity: 3 },
    ]);
    expect(saved.offerCodes).toEqual(['SPRING-10']);
    // the holds are released: stock goes back at once, the live cart is empty
    expect(await available('store-a', x)).toBe(initialX);
    expect(await available('store-b', y)).toBe(5);
    expect((await me.cart()).tickets).toEqual([]);
    const listed = await me.send(`{ savedCarts { id name offerCodes } }`);
    expect(listed.data.savedCarts).toContainEqual({ id: saved.id, name: 'for later', offerCodes: ['SPRING-10'] });

    // the code is taken off the session; the restore brings it back
    const removed = await me.send(`mutation { removeOfferCode(code: "SPRING-10") { __typename ... on Session { offerCodes } } }`);
    expect(removed.data.removeOfferCode.offerCodes).toEqual([]);

    // another shopper takes most of y before the restore
    const rival = new Frontend(exchange.gatewayUrl, ORIGIN_B);
    await rival.startGuest();
    await rival.hold('store-b', y, 4);
    expect(await available('store-b', y)).toBe(1);

    const key = randomUUID();
    const restored = (await me.send(RESTORE, { id: saved.id, k: key })).data.restoreSavedCart;
    expect(restored.__typename, JSON.stringify(restored)).toBe('CartRestored');
    expect(restored.complete).toBe(false);
    expect(restored.offerCodes).toEqual(['SPRING-10']);
    expect(restored.cart.id).toBe(`account:${accountId}`);
    const [lineX, lineY] = restored.lines;
    expect(lineX).toMatchObject({ storeId: 'store-a', sku: x, requested: 2, held: 2, problem: null, ticket: { quantity: 2, status: 'HELD' } });
    expect(lineY).toMatchObject({ storeId: 'store-b', sku: y, requested: 3, held: 1, ticket: { quantity: 1, status: 'HELD' } });
    expect(lineY.held).toBeLessThan(lineY.requested);
    expect(lineY.problem).toMatchObject({ __typename: 'OutOfStockError', code: 'OUT_OF_STOCK' });
    expect(await available('store-a', x)).toBe(initialX - 2);
    expect(await available('store-b', y)).toBe(0);
    expect(restored.cart.tickets.map((t: any) => t.id).sort()).toEqual([lineX.ticket.id, lineY.ticket.id].sort());
    expect((await me.send(`{ session { offerCodes } }`)).data.session.offerCodes).toEqual(['SPRING-10']);

    // the same key again replays the report and holds nothing more (even with stock back)
    await setStock('store-b', y, 10);
    const availableYBefore = await available('store-b', y);
    const replay = (await me.send(RESTORE, { id: saved.id, k: key })).data.restoreSavedCart;
    expect(replay.__typename).toBe('CartRestored');
    expect(replay.complete).toBe(false);
    expect(replay.lines.map((l: any) => [l.sku, l.requested, l.held, l.ticket?.id ?? null, l.problem?.code ?? null])).toEqual(
      restored.lines.map((l: any) => [l.sku, l.requested, l.held, l.ticket?.id ?? null, l.problem?.code ?? null]),
    );
    expect(await available('store-a', x)).toBe(initialX - 2);
    expect(await available('store-b', y)).toBe(availableYBefore);
    expect((await me.cart()).tickets).toHaveLength(2);

    // offer codes follow a relay: B's handle sees them, and the same cart
    const { frontend: atB } = await relayTo(exchange, me, 'store-b', ORIGIN_B);
    const atBView = await atB.send(`{ session { offerCodes } cart { id tickets { id } } }`);
    expect(atBView.data.session.offerCodes).toEqual(['SPRING-10']);
    expect(atBView.data.cart.id).toBe(`account:${accountId}`);
    expect(atBView.data.cart.tickets.map((t: any) => t.id).sort()).toEqual([lineX.ticket.id, lineY.ticket.id].sort());
    // and a code applied at B is seen at A
    await atB.send(`mutation { applyOfferCode(code: "bolt5") { __typename } }`);
    expect((await me.send(`{ session { offerCodes } }`)).data.session.offerCodes).toEqual(['SPRING-10', 'BOLT5']);
  });
});
