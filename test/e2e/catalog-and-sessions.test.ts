import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, signIdentity } from '../../lib/identity.js';
import { graphql, Shopper } from '../support/graphql-client.js';
import { startTestExchange } from '../support/exchange.js';

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;

beforeAll(async () => {
  exchange = await startTestExchange();
});
afterAll(async () => {
  await exchange?.dispose();
});

describe('catalog through the gateway', () => {
  it('lists the stores with names from each store', async () => {
    const res = await graphql(exchange.gatewayUrl, `{ stores { id name currency } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.stores).toEqual([
      { id: 'store-a', name: 'Store A Books', currency: 'USD' },
      { id: 'store-b', name: 'Store B Hardware', currency: 'USD' },
    ]);
  });

  it('pages through a store catalog with cursors and fetches one item', async () => {
    const page = `query Page($id: ID!, $after: String) { store(id: $id) { id items(first: 10, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { storeId sku name description price { amount currency } stockOnHand available } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 10; i++) {
      const res: any = await graphql(exchange.gatewayUrl, page, { id: 'store-b', after });
      expect(res.errors).toBeUndefined();
      const items = res.data.store.items;
      total = items.totalCount;
      for (const edge of items.edges) {
        expect(edge.node.storeId).toBe('store-b');
        expect(edge.node.available).toBe(edge.node.stockOnHand);
        expect(edge.node.price.amount).toBeGreaterThan(0);
        seen.push(edge.node.sku);
      }
      if (!items.pageInfo.hasNextPage) break;
      after = items.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThanOrEqual(20);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);

    const one = await graphql(exchange.gatewayUrl, `query($sku: String!) { item(storeId: "store-b", sku: $sku) { sku name } }`, { sku: seen[3] });
    expect(one.data.item.sku).toBe(seen[3]);
  });

  it('routes by store: the same query against each store answers from that store only', async () => {
    const res = await graphql(exchange.gatewayUrl, `{ a: store(id: "store-a") { name items(first: 1) { edges { node { storeId } } } }
      b: store(id: "store-b") { name items(first: 1) { edges { node { storeId } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.a.name).toBe('Store A Books');
    expect(res.data.a.items.edges[0].node.storeId).toBe('store-a');
    expect(res.data.b.items.edges[0].node.storeId).toBe('store-b');
  });

  it('answers unknown stores and items with null, malformed cursors and wrong types with clear codes', async () => {
    const unknown = await graphql(exchange.gatewayUrl, `{ store(id: "no-such-store") { id name } item(storeId: "store-a", sku: "0000000000000") { sku } }`);
    expect(unknown.data?.item ?? null).toBeNull();
    expect(unknown.data?.store ?? null).toBeNull();

    const badCursor = await graphql(exchange.gatewayUrl, `{ store(id: "store-a") { items(first: 5, after: "%%%") { totalCount } } }`);
    expect(badCursor.errors?.[0].extensions?.code).toBe('INVALID_INPUT');

    const wrongType = await graphql(exchange.gatewayUrl, `query($n: Int) { store(id: "store-a") { items(first: $n) { totalCount } } }`, { n: 'ten' });
    expect(wrongType.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const invalid = await graphql(exchange.gatewayUrl, `{ store(id: "store-a") { nonsense } }`);
    expect(invalid.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('sessions through the gateway', () => {
  it('gives a guest session and reports it', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const res = await shopper.send(`{ session { id kind expiresAt account { id } } }`);
    expect(res.data.session.kind).toBe('GUEST');
    expect(res.data.session.account).toBeNull();
    expect(new Date(res.data.session.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('registers, logs out, logs in again with a rotated token', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const guestToken = shopper.token!;
    const email = `shopper-${Date.now()}@example.com`;
    const reg = await shopper.send(
      `mutation($e: String!, $p: String!) { register(email: $e, password: $p) { __typename ... on SessionGranted { token session { id kind account { email } } } ... on ErrorResult { code message } } }`,
      { e: email, p: 'correct horse battery staple' },
    );
    expect(reg.data.register.__typename).toBe('SessionGranted');
    expect(reg.data.register.session.account.email).toBe(email);
    expect(reg.data.register.token).not.toBe(guestToken);

    // The old guest token no longer works (no session fixation).
    const stale = await graphql(exchange.gatewayUrl, `{ session { id } }`, undefined, { authorization: `Bearer ${guestToken}` });
    expect(stale.errors?.[0].extensions?.code).toBe('SESSION_INVALID');

    shopper.token = reg.data.register.token;
    const me = await shopper.send(`{ me { email } }`);
    expect(me.data.me.email).toBe(email);

    const out = await shopper.send(`mutation { logout { __typename ... on LoggedOut { sessionId } } }`);
    expect(out.data.logout.__typename).toBe('LoggedOut');
    const afterLogout = await shopper.send(`{ session { id } }`);
    expect(afterLogout.errors?.[0].extensions?.code).toBe('SESSION_INVALID');

    const wrong = await graphql(exchange.gatewayUrl, `mutation { login(email: "${email}", password: "wrong password!!") { __typename ... on ErrorResult { code } } }`);
    expect(wrong.data.login).toEqual({ __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS' });

    const login = await graphql(exchange.gatewayUrl, `mutation { login(email: "${email}", password: "correct horse battery staple") { __typename ... on SessionGranted { token session { kind } } } }`);
    expect(login.data.login.session.kind).toBe('ACCOUNT');
  });

  it('refuses duplicate emails and weak passwords with typed results', async () => {
    const email = `dup-${Date.now()}@example.com`;
    const q = `mutation($e: String!, $p: String!) { register(email: $e, password: $p) { __typename ... on ErrorResult { code } } }`;
    await graphql(exchange.gatewayUrl, q, { e: email, p: 'a perfectly fine passphrase' });
    expect((await graphql(exchange.gatewayUrl, q, { e: email, p: 'another fine passphrase' })).data.register.code).toBe('EMAIL_TAKEN');
    expect((await graphql(exchange.gatewayUrl, q, { e: `x${email}`, p: 'short' })).data.register.code).toBe('WEAK_PASSWORD');
    expect((await graphql(exchange.gatewayUrl, q, { e: 'not-an-email', p: 'a perfectly fine passphrase' })).data.register.code).toBe('INVALID_INPUT');
  });

  it('refuses an unknown token with SESSION_INVALID', async () => {
    const res = await graphql(exchange.gatewayUrl, `{ session { id } }`, undefined, { authorization: 'Bearer not-a-real-token' });
    expect(res.errors?.[0].extensions?.code).toBe('SESSION_INVALID');
  });

  it('never forwards a client-sent identity header, and subgraphs refuse forged ones', async () => {
    const forged = signIdentity({ kind: 'ACCOUNT', sessionId: 'x', accountId: 'y' }, 'not-the-gateway-key');
    // Through the gateway the header is dropped: the caller stays anonymous.
    const viaGateway = await graphql(exchange.gatewayUrl, `{ session { id } }`, undefined, { [IDENTITY_HEADER]: forged });
    expect(viaGateway.errors).toBeUndefined();
    expect(viaGateway.data.session).toBeNull();
    // Straight to a subgraph it is refused.
    for (const url of [exchange.sessionUrl, exchange.ticketUrls[0], exchange.paymentUrl, exchange.stores[0].url]) {
      const direct = await graphql(url, `{ __typename }`, undefined, { [IDENTITY_HEADER]: forged });
      expect(direct.errors?.[0].extensions?.code, url).toBe('INVALID_IDENTITY');
    }
  });

  it('serves /health on the gateway', async () => {
    const res = await fetch(new URL('/health', exchange.gatewayUrl));
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('ok');
  });
});

describe('session expiry', () => {
  let shortLived: Exchange;
  beforeAll(async () => {
    shortLived = await startTestExchange({ sessionTtlMs: 1_000 });
  });
  afterAll(async () => {
    await shortLived?.dispose();
  });

  it('answers an expired session with SESSION_EXPIRED, not an empty cart', async () => {
    const shopper = await new Shopper(shortLived.gatewayUrl).startGuest();
    expect((await shopper.send(`{ cart { version } }`)).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1_600));
    const res = await shopper.send(`{ cart { version tickets { id } } }`);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('SESSION_EXPIRED');
  });
});
