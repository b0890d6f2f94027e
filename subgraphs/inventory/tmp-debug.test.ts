import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, it } from 'vitest';
import { graphql, HOLD, Shopper } from '../../test/support/graphql-client.js';
import { startTestExchange } from '../../test/support/exchange.js';
let exchange: Awaited<ReturnType<typeof startTestExchange>>;
beforeAll(async () => { exchange = await startTestExchange({ extraTicketReplicas: 1 }); });
afterAll(async () => { await exchange?.dispose(); });
it('debug', async () => {
  const store = exchange.stores[0];
  const r = await fetch(store.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ store(id: "store-a") { items(after: "%%%") { totalCount } } }' }) });
  console.log('direct status', r.status, await r.text());
  const res = await graphql(exchange.gatewayUrl, `query($id: ID!, $n: Int) { store(id: $id) { items(first: $n) { edges { node { sku } } } } }`, { id: 'store-a', n: 5 });
  const sku = res.data.store.items.edges[4].node.sku;
  await store.pool.query('UPDATE items SET stock_on_hand = 50 WHERE sku = $1', [sku]);
  const gateways = [exchange.gatewayUrl, ...exchange.extraGatewayUrls];
  const shoppers = await Promise.all(Array.from({ length: 40 }, (_, i) => new Shopper(gateways[i % 2]).startGuest()));
  const results = await Promise.all(Array.from({ length: 220 }, (_, i) => shoppers[i % shoppers.length].send(HOLD, { input: { storeId: 'store-a', sku, quantity: 1, idempotencyKey: randomUUID() } })));
  const kinds: Record<string, number> = {};
  for (const r of results) { const k = r.data?.hold?.__typename ?? r.errors?.[0]?.extensions?.code; kinds[k] = (kinds[k] ?? 0) + 1; }
  console.log(kinds, JSON.stringify(results.find((r) => r.data?.hold?.__typename !== 'Ticket')).slice(0, 600));
});
