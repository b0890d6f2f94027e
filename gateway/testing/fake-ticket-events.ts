import { buildSubgraphSchema } from '@apollo/subgraph';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { DomainError } from '../../lib/errors.js';
import { IDENTITY_HEADER, requireShopper, requireStore, verifyIdentity, type Identity } from '../../lib/identity.js';
import { readSchema } from '../../lib/subgraph.js';
import { asFakeTicket, fakeTicketFieldResolvers, schemaFileOf, startFakeTicket, type FakeSubgraph, type FakeTicket } from './fake-subgraphs.js';

/**
 * The fake ticket subgraph with its subscriptions: HTTP as in fake-subgraphs.ts, plus
 * graphql-ws on the same port and path over a schema built from the REAL ticket SDL.
 * Identity is read from connectionParams["x-cartstart-identity"], signed like the header.
 * Tests publish events by hand.
 */
export interface CartEventInput {
  type: 'HELD' | 'QUANTITY_CHANGED' | 'EXPIRING' | 'EXPIRED' | 'RELEASED' | 'PURCHASED';
  sequence: number;
  ticket: FakeTicket;
  secondsLeft?: number;
}

export interface FakeTicketEvents {
  http: FakeSubgraph;
  url: string;
  port: number;
  /** Identities verified at each WebSocket connection. */
  connections: Identity[];
  /** Subscriptions currently open on this instance. */
  activeSubscriptions(): number;
  publishCart(sessionId: string, event: CartEventInput): void;
  publishAvailability(storeId: string, sku: string): void;
  /** crash: drop every socket without a close frame (a killed process); otherwise close with 1001. */
  stop(options?: { crash?: boolean }): Promise<void>;
}

type Listener = (value: unknown) => void;

/** A minimal in-memory pub/sub whose subscriptions are async iterators (what graphql-js subscribes to). */
class Topics {
  private readonly listeners = new Map<string, Set<Listener>>();
  active = 0;

  publish(topic: string, value: unknown): void {
    for (const listener of this.listeners.get(topic) ?? []) listener(value);
  }

  iterate(topic: string): AsyncIterableIterator<unknown> {
    const queue: unknown[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const listener: Listener = (value) => {
      queue.push(value);
      wake?.();
    };
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
    this.active++;
    const stop = () => {
      if (done) return;
      done = true;
      set.delete(listener);
      this.active--;
      wake?.();
    };
    return {
      next: async () => {
        while (!queue.length && !done) await new Promise<void>((resolve) => (wake = resolve));
        if (queue.length) return { done: false, value: queue.shift() };
        return { done: true, value: undefined };
      },
      return: async () => {
        stop();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

const OCCURRED_AT = '2026-01-01T00:00:00.000Z';

export async function startFakeTicketWithEvents(tickets: FakeTicket[], storeIds: string[], identityKey: string, port = 0): Promise<FakeTicketEvents> {
  const http = await startFakeTicket(tickets, storeIds, identityKey, port);
  const topics = new Topics();
  const connections: Identity[] = [];

  const schema = buildSubgraphSchema({
    typeDefs: readSchema(schemaFileOf('ticket')),
    resolvers: {
      Ticket: fakeTicketFieldResolvers,
      Subscription: {
        cartEvents: {
          subscribe: (_: unknown, { cartId }: { cartId?: string }, { identity }: { identity: Identity }) => {
            const { sessionId } = requireShopper(identity);
            if (cartId && cartId !== sessionId) throw new DomainError('FORBIDDEN', 'This is not your cart.');
            return topics.iterate(`cart:${sessionId}`);
          },
          resolve: (event: CartEventInput) => ({ ...event, occurredAt: OCCURRED_AT, ticket: asFakeTicket(event.ticket), secondsLeft: event.secondsLeft ?? null }),
        },
        availabilityChanges: {
          subscribe: (_: unknown, __: unknown, { identity }: { identity: Identity }) => topics.iterate(`store:${requireStore(identity)}`),
          resolve: (change: { storeId: string; sku: string }) => ({ ...change, item: { storeId: change.storeId, sku: change.sku }, occurredAt: OCCURRED_AT }),
        },
      },
    } as never,
  });

  const wss = new WebSocketServer({ server: http.service.server, path: '/graphql' });
  const identities = new WeakMap<object, Identity>();
  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: (ctx) => {
        const header = ctx.connectionParams?.[IDENTITY_HEADER];
        try {
          const identity = verifyIdentity(typeof header === 'string' ? header : undefined, identityKey);
          identities.set(ctx, identity);
          connections.push(identity);
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ({ identity: identities.get(ctx) }),
    },
    wss,
    // the gateway's own ping is what these tests exercise
    0,
  );

  const address = http.service.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    http,
    url: http.url,
    port: actualPort,
    connections,
    activeSubscriptions: () => topics.active,
    publishCart: (sessionId, event) => topics.publish(`cart:${sessionId}`, event),
    publishAvailability: (storeId, sku) => topics.publish(`store:${storeId}`, { storeId, sku }),
    async stop({ crash = false } = {}) {
      if (crash) for (const socket of wss.clients) socket.terminate();
      await disposable.dispose();
      await http.service.close();
    },
  };
}
