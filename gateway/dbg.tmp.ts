import { readFileSync } from 'node:fs';
import { SUPERGRAPH_FILE } from '../lib/composition.js';
import { createLogger } from '../lib/logger.js';
import { StaticStoreDirectory } from '../lib/store-directory.js';
import { createGateway } from './server.js';
import { startFakeInventory, startFakePayment, startFakeSession } from './testing/fake-subgraphs.js';
import { startFakeTicketWithEvents } from './testing/fake-ticket-events.js';
import { collect, wsClient } from './testing/ws-clients.js';
const k = 'k';
const a = await startFakeInventory('a', 'Store A', [{ sku: '1', name: 'A one', amount: 100 }], 'secret-a');
const session = await startFakeSession(k); const payment = await startFakePayment(k);
const ticket = await startFakeTicketWithEvents([], ['a'], k);
const gw = createGateway({ supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'), subgraphUrls: { session: session.url, ticket: ticket.url, payment: payment.url },
  directory: new StaticStoreDirectory([{ id: 'a', name: 'a', url: a.url, secret: 'secret-a', apiKey: 'key-a' }]),
  resolveSession: async () => ({ ok: true, identity: { kind: 'GUEST', sessionId: 's1' } }), identityKey: k, logger: createLogger('gw', 'debug') });
const url = await gw.listen(0);
const c = wsClient(url, { token: 'x' });
const ev = collect(c, 'subscription { cartEvents { type ticket { id sku item { name } } } }');
await new Promise((r) => setTimeout(r, 1000));
console.log('active', ticket.activeSubscriptions(), gw.subscriptionStats(), ev.results, ev.error);
ticket.publishCart('s1', { type: 'HELD', sequence: 1, ticket: { id: 't1', storeId: 'a', sku: '1' } });
await new Promise((r) => setTimeout(r, 500));
console.log(JSON.stringify(ev.results), ev.error);
process.exit(0);
