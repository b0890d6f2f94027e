import { buildSubgraphSchema } from '@apollo/subgraph';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { DomainError } from '../../lib/errors.js';
import { IDENTITY_HEADER, requireShopper, requireStore, type Identity } from '../../lib/identity.js';
import { authenticateSubscriptionConnection, readSchema, subscriptionIdentity, type SubscriptionConnectionAuth } from '../../lib/subgraph.js';
import { graphql } from '../subscriptions/graphql-runtime.js';
import { asFakeTicket, fakeTicketFieldResolvers, schemaFileOf, startFakeTicket, type FakeSubgraph, type FakeTicket } from './fake-subgraphs.js';

/**
 * The fake ticket subgraph with its subscriptions: HTTP as in fake-subgraphs.ts, plus
 * graphql-ws on the same port and path over a schema built from the REAL ticket SDL.
 * Connections and subscriptions are authenticated as the real subgraphs do it
 * (lib/subgraph.ts): connectionParams["x-cartstart-identity"] holds the gateway's
 * credential (or one caller's identity), each subscribe message its caller in
 * extensions["x-cartstart-identity"]. Tests publish events by hand.
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
  /** How each WebSocket connection authenticated (the gateway's credential, or a caller). */
  connections: SubscriptionConnectionAuth[];
  /** The caller verified for each subscription, in order. */
  subscribers: Identity[];
  /** The raw signed identity each subscribe message carried (undefined: none). */
  signedIdentities: (string | undefined)[];
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
  const connections: SubscriptionConnectionAuth[] = [];
  const subscribers: Identity[] = [];
  const signedIdentities: (string | undefined)[] = [];

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
  const auths = new WeakMap<object, SubscriptionConnectionAuth>();
  const identities = new WeakMap<object, Map<string, Identity>>();
  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: (ctx) => {
        try {
          const auth = authenticateSubscriptionConnection(ctx.connectionParams, identityKey);
          auths.set(ctx, auth);
          identities.set(ctx, new Map());
          connections.push(auth);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, id, payload) => {
        const own = payload.extensions?.[IDENTITY_HEADER];
        signedIdentities.push(typeof own === 'string' ? own : undefined);
        try {
          const identity = subscriptionIdentity(auths.get(ctx)!, payload.extensions, identityKey);
          identities.get(ctx)!.set(id, identity);
          subscribers.push(identity);
        } catch (error) {
          const { message, extensions } = error as { message: string; extensions?: Record<string, unknown> };
          return [new graphql.GraphQLError(message, { extensions: { code: extensions?.code } })];
        }
        return undefined;
      },
      context: (ctx, id) => ({ identity: identities.get(ctx)?.get(id) }),
      onComplete: (ctx, id) => void identities.get(ctx)?.delete(id),
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
    subscribers,
    signedIdentities,
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
