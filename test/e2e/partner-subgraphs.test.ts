import { randomBytes } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, verifyIdentity, type Identity } from '../../lib/identity.js';
import { startTestExchange } from '../support/exchange.js';
import { graphql, HOLD, Shopper } from '../support/graphql-client.js';
import { graphqlWsClient, subscribe } from '../support/ws-clients.js';

// Partners add subgraphs of their own to a running exchange: composition runs at the
// registry first, and an accepted subgraph is live on both gateways (each polling the
// registry, recomposing and hot-swapping its schema) without a restart.
type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;
let gateways: string[];
const servers: ApolloServer[] = [];
let reviewsUrl: string;
let brokenUrl: string;
let sku: string;
/** Identities the reviews subgraph received, verified with its partner's own secret. */
const seenIdentities: Identity[] = [];

const acme = { name: 'acme-reviews', apiKey: `pk_acme_${randomBytes(16).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
const other = { name: 'other-partner', apiKey: `pk_other_${randomBytes(16).toString('hex')}`, secret: randomBytes(32).toString('base64url') };

const REVIEWS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Item @key(fields: "storeId sku") {
    storeId: ID!
    sku: String!
    reviews: [Review!]!
  }
  type Review {
    stars: Int!
    text: String!
  }
`;
// redefines Money.amount (an Int everywhere else) as a String: composition must refuse it
const BROKEN_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@shareable"])
  type Money @shareable {
    amount: String!
    currency: String!
  }
  type Query {
    cheapestThing: Money
  }
`;

async function startSubgraph(sdl: string, resolvers: any, context?: (req: any) => Promise<object>): Promise<string> {
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers }]), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  servers.push(server);
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' }, context: context ?? (async () => ({})) });
  return url;
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const REGISTER_PARTNER = /* GraphQL */ `
  mutation($input: RegisterPartnerInput!) {
    registerPartner(input: $input) { __typename ... on Partner { name } ... on ErrorResult { code message } }
  }
`;
const REGISTER_SUBGRAPH = /* GraphQL */ `
  mutation($input: RegisterPartnerSubgraphInput!) {
    registerPartnerSubgraph(input: $input) {
      __typename
      ... on PartnerSubgraph { name partner status version }
      ... on ErrorResult { code message }
      ... on CompositionFailedError { errors }
    }
  }
`;
const REMOVE_SUBGRAPH = /* GraphQL */ `
  mutation($name: ID!) { removePartnerSubgraph(name: $name) { __typename ... on PartnerSubgraphRemoved { name } ... on ErrorResult { code } } }
`;
const ITEM_WITH_REVIEWS = /* GraphQL */ `
  query($sku: String!) { store(id: "store-a") { item(sku: $sku) { name reviews { stars } } } }
`;
const op = () => ({ 'x-operator-key': exchange.operatorKey! });
const partner = (p: { apiKey: string }) => ({ 'x-partner-key': p.apiKey });

/** The type of Money.amount in a gateway's live schema. */
async function moneyAmountType(url: string): Promise<string | undefined> {
  const res = await graphql(url, `{ __type(name: "Money") { fields { name type { ofType { name } } } } }`);
  return res.data?.__type?.fields?.find((f: any) => f.name === 'amount')?.type?.ofType?.name;
}

async function hasReviews(url: string): Promise<boolean> {
  const res = await graphql(url, `{ __type(name: "Item") { fields { name } } }`);
  return (res.data?.__type?.fields ?? []).some((f: any) => f.name === 'reviews');
}

beforeAll(async () => {
  exchange = await startTestExchange({ extraTicketReplicas: 1, registryPollMs: 200 });
  gateways = [exchange.gatewayUrl, ...exchange.extraGatewayUrls];
  reviewsUrl = await startSubgraph(
    REVIEWS_SDL,
    {
      Item: {
        __resolveReference: (ref: { storeId: string; sku: string }) => ref,
        reviews: (item: { sku: string }) => [{ stars: 5, text: `great ${item.sku}` }, { stars: 3, text: 'fine' }],
      },
    },
    async ({ req }) => {
      seenIdentities.push(verifyIdentity(req.headers[IDENTITY_HEADER] as string | undefined, acme.secret));
      return {};
    },
  );
  brokenUrl = await startSubgraph(BROKEN_SDL, { Query: { cheapestThing: () => null } });
  const items = await graphql(exchange.gatewayUrl, `{ store(id: "store-a") { items(first: 1) { edges { node { sku } } } } }`);
  sku = items.data.store.items.edges[0].node.sku;

  for (const p of [acme, other]) {
    const res = await graphql(exchange.gatewayUrl, REGISTER_PARTNER, { input: p }, op());
    expect(res.data.registerPartner).toEqual({ __typename: 'Partner', name: p.name });
  }
  // every gateway learns the partner keys at its next poll
  for (const url of gateways) {
    for (const p of [acme, other]) {
      await until(async () => (await graphql(url, `{ partnerSubgraphs { name } }`, undefined, partner(p))).status === 200);
    }
  }
}, 120_000);

afterAll(async () => {
  await exchange?.dispose();
  for (const server of servers) await server.stop().catch(() => {});
});

describe('partner subgraphs in a running exchange', () => {
  it('creates partner accounts for operators only, and refuses unknown partner keys', async () => {
    const input = { name: 'sneaky', apiKey: `pk_sneaky_${randomBytes(16).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
    expect((await graphql(exchange.gatewayUrl, REGISTER_PARTNER, { input }, partner(acme))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(exchange.gatewayUrl, REGISTER_PARTNER, { input }, { 'x-store-key': exchange.stores[0].apiKey })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(exchange.gatewayUrl, REGISTER_PARTNER, { input })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    const again = await graphql(exchange.gatewayUrl, REGISTER_PARTNER, { input: { ...input, name: acme.name } }, op());
    expect(again.data.registerPartner).toMatchObject({ __typename: 'PartnerAlreadyExistsError', code: 'PARTNER_ALREADY_EXISTS' });

    const unknown = await graphql(exchange.gatewayUrl, `{ partnerSubgraphs { name } }`, undefined, { 'x-partner-key': 'pk_not_a_partner_key_at_all_000' });
    expect(unknown.status).toBe(401);
    expect(unknown.errors?.[0].extensions?.code).toBe('INVALID_PARTNER_CREDENTIALS');
  });

  it('refuses partner subgraph registration to stores, shoppers and anonymous callers', async () => {
    const input = { name: 'reviews', url: reviewsUrl };
    const asStore = await graphql(exchange.gatewayUrl, REGISTER_SUBGRAPH, { input }, { 'x-store-key': exchange.stores[0].apiKey });
    expect(asStore.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    expect((await shopper.send(REGISTER_SUBGRAPH, { input })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(exchange.gatewayUrl, REGISTER_SUBGRAPH, { input })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    // an operator is not a partner either
    expect((await graphql(exchange.gatewayUrl, REGISTER_SUBGRAPH, { input }, op())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // and a base subgraph's name is never a partner's
    const base = await graphql(exchange.gatewayUrl, REGISTER_SUBGRAPH, { input: { name: 'ticket', url: reviewsUrl } }, partner(acme));
    expect(base.data.registerPartnerSubgraph).toMatchObject({ __typename: 'SubgraphNameTakenError', code: 'SUBGRAPH_NAME_TAKEN' });
    for (const url of gateways) expect(await hasReviews(url)).toBe(false);
  });

  it('refuses a subgraph that breaks composition, with the composition errors, and leaves the live schema unchanged', async () => {
    for (const url of gateways) expect(await moneyAmountType(url)).toBe('Int');
    const res = await graphql(exchange.gatewayUrl, REGISTER_SUBGRAPH, { input: { name: 'cheap-money', url: brokenUrl } }, partner(other));
    const result = res.data.registerPartnerSubgraph;
    expect(result).toMatchObject({ __typename: 'CompositionFailedError', code: 'COMPOSITION_FAILED' });
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.join('\n')).toMatch(/Money\.amount/);
    expect((await graphql(exchange.gatewayUrl, `{ partnerSubgraphs { name } }`, undefined, op())).data.partnerSubgraphs).toEqual([]);
    await new Promise((r) => setTimeout(r, 600));
    for (const url of gateways) {
      expect(await moneyAmountType(url)).toBe('Int');
      expect((await graphql(url, `{ cheapestThing { amount } }`)).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('makes an accepted subgraph queryable on both gateways without a restart, live subscriptions unharmed', async () => {
    for (const url of gateways) expect((await graphql(url, ITEM_WITH_REVIEWS, { sku })).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // a cart subscribed on each gateway before the supergraph changes
    const subscriber = await new Shopper(exchange.gatewayUrl).startGuest();
    const clients = gateways.map((url) => graphqlWsClient(url, { authorization: `Bearer ${subscriber.token}` }));
    const streams = clients.map((client) => subscribe(client, `subscription { cartEvents { type ticket { id item { name } store { name } } } }`));
    await new Promise((r) => setTimeout(r, 300));
    const res = await graphql(exchange.extraGatewayUrls[0], REGISTER_SUBGRAPH, { input: { name: 'reviews', url: reviewsUrl } }, partner(acme));
    expect(res.data.registerPartnerSubgraph).toMatchObject({ __typename: 'PartnerSubgraph', name: 'reviews', partner: acme.name, status: 'ACTIVE' });
    for (const url of gateways) {
      await expect.poll(() => hasReviews(url), { timeout: 10_000, interval: 100 }).toBe(true);
      const item = await graphql(url, ITEM_WITH_REVIEWS, { sku });
      expect(item.errors).toBeUndefined();
      expect(item.data.store.item).toEqual({ name: expect.any(String), reviews: [{ stars: 5 }, { stars: 3 }] });
    }
    // the partner's subgraph got the caller's identity, signed with the partner's own secret
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    seenIdentities.length = 0;
    expect((await shopper.send(ITEM_WITH_REVIEWS, { sku })).data.store.item.reviews).toHaveLength(2);
    expect(seenIdentities.some((i) => i.kind === 'GUEST')).toBe(true);
    // base fields still route as before, the inventory subgraph per store
    expect((await graphql(exchange.gatewayUrl, `{ store(id: "store-b") { name } }`)).data.store.name).toBe('Store B Hardware');
    // the partner lists its own subgraph; the other partner sees none of it
    expect((await graphql(exchange.gatewayUrl, `{ partnerSubgraphs { name } }`, undefined, partner(acme))).data.partnerSubgraphs).toEqual([{ name: 'reviews' }]);
    expect((await graphql(exchange.gatewayUrl, `{ partnerSubgraphs { name } }`, undefined, partner(other))).data.partnerSubgraphs).toEqual([]);

    // the subscriptions opened before the hot swap still deliver, fully resolved
    try {
      const hold = await subscriber.send(HOLD, { input: { storeId: 'store-a', sku, quantity: 1, idempotencyKey: randomBytes(8).toString('hex') } });
      expect(hold.data.hold.__typename).toBe('Ticket');
      for (const events of streams) {
        await events.until((r) => r.some((e) => e.data?.cartEvents.type === 'HELD'), 10_000, 'HELD after the hot swap');
        expect(events.events()[0]).toMatchObject({ cartEvents: { type: 'HELD', ticket: { id: hold.data.hold.id, item: { name: expect.any(String) }, store: { name: 'Store A Books' } } } });
        expect(events.completed).toBe(false);
      }
    } finally {
      for (const events of streams) events.dispose();
      for (const client of clients) await client.dispose();
    }
  });

  it("keeps another partner's hands off a subgraph: no removal, no takeover of its name", async () => {
    const removal = await graphql(exchange.gatewayUrl, REMOVE_SUBGRAPH, { name: 'reviews' }, partner(other));
    expect(removal.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const takeover = await graphql(exchange.gatewayUrl, REGISTER_SUBGRAPH, { input: { name: 'reviews', url: brokenUrl } }, partner(other));
    expect(takeover.data.registerPartnerSubgraph).toMatchObject({ __typename: 'SubgraphNameTakenError', code: 'SUBGRAPH_NAME_TAKEN' });
    const asStore = await graphql(exchange.gatewayUrl, REMOVE_SUBGRAPH, { name: 'reviews' }, { 'x-store-key': exchange.stores[0].apiKey });
    expect(asStore.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await new Promise((r) => setTimeout(r, 600));
    for (const url of gateways) expect((await graphql(url, ITEM_WITH_REVIEWS, { sku })).data.store.item.reviews).toHaveLength(2);
  });

  it('removes the subgraph: the field disappears on both gateways', async () => {
    const removal = await graphql(exchange.gatewayUrl, REMOVE_SUBGRAPH, { name: 'reviews' }, partner(acme));
    expect(removal.data.removePartnerSubgraph).toEqual({ __typename: 'PartnerSubgraphRemoved', name: 'reviews' });
    for (const url of gateways) {
      await expect.poll(() => hasReviews(url), { timeout: 10_000, interval: 100 }).toBe(false);
      expect((await graphql(url, ITEM_WITH_REVIEWS, { sku })).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await graphql(url, `query($sku: String!) { store(id: "store-a") { item(sku: $sku) { name } } }`, { sku })).data.store.item.name).toEqual(expect.any(String));
    }
    const again = await graphql(exchange.gatewayUrl, REMOVE_SUBGRAPH, { name: 'reviews' }, partner(acme));
    expect(again.data.removePartnerSubgraph).toMatchObject({ __typename: 'PartnerSubgraphNotFoundError', code: 'PARTNER_SUBGRAPH_NOT_FOUND' });
  });
});
