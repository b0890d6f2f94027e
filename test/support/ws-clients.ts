import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { until } from './wait.js';

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** A graphql-ws client to the gateway, authenticated like a browser cart would be. */
export function graphqlWsClient(gatewayUrl: string, connectionParams: Record<string, unknown>, options: { retry?: boolean } = {}): Client {
  return createClient({
    url: wsUrl(gatewayUrl),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: true,
    retryAttempts: options.retry ? 10 : 0,
    keepAlive: 5_000,
  });
}

/** Collects a subscription's results; `next(n)` waits for the n-th one. */
export class EventCollector<T = any> {
  readonly results: { data?: T; errors?: any[] }[] = [];
  error: unknown;
  completed = false;
  private waiters: (() => void)[] = [];
  dispose: () => void = () => {};

  push(result: { data?: T; errors?: any[] }) {
    this.results.push(result);
    this.wake();
  }
  fail(error: unknown) {
    this.error = error;
    this.wake();
  }
  complete() {
    this.completed = true;
    this.wake();
  }
  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `predicate` holds for the collected results (or throws after timeoutMs). */
  async until(predicate: (results: { data?: T; errors?: any[] }[]) => boolean, timeoutMs = 10_000, what = 'events'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.results)) {
      if (this.error !== undefined && !predicate(this.results)) throw new Error(`subscription failed while waiting for ${what}: ${JSON.stringify(this.error, Object.getOwnPropertyNames(this.error ?? {}))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.results)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  events(): T[] {
    return this.results.filter((r) => r.data).map((r) => r.data as T);
  }
}

export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): EventCollector<T> {
  const collector = new EventCollector<T>();
  collector.dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => collector.push(result as { data?: T; errors?: any[] }),
      error: (error) => collector.fail(error),
      complete: () => collector.complete(),
    },
  );
  return collector;
}

/** Apollo Client over a GraphQLWsLink (as a React cart would use it). */
export function apolloSubscribe<T = any>(gatewayUrl: string, connectionParams: Record<string, unknown>, query: string, variables: Record<string, unknown> = {}) {
  const ws = createClient({ url: wsUrl(gatewayUrl), webSocketImpl: WebSocket, connectionParams });
  const client = new ApolloClient({ link: new GraphQLWsLink(ws), cache: new InMemoryCache() });
  const collector = new EventCollector<T>();
  const subscription = client.subscribe<T>({ query: gql(query), variables }).subscribe({
    next: (result) => collector.push({ data: result.data as T, errors: result.error ? [result.error] : undefined }),
    error: (error) => collector.fail(error),
    complete: () => collector.complete(),
  });
  collector.dispose = () => {
    subscription.unsubscribe();
    void ws.dispose();
  };
  return collector;
}

/** How many event streams a ticket server is listening with right now (its /health). */
export async function liveEventStreams(ticketUrl: string): Promise<number> {
  const health = (await (await fetch(new URL('/health', ticketUrl))).json()) as { liveEventStreams?: number };
  if (typeof health.liveEventStreams !== 'number') throw new Error(`${ticketUrl}/health does not report liveEventStreams`);
  return health.liveEventStreams;
}

/**
 * Waits until the ticket servers' live event streams, summed, satisfy `expected`: e.g.
 * `n => n === 0` before a test subscribes (earlier tests' streams have ended), then
 * `n => n >= 1` (the new subscription is live end to end: gateway → ticket → bus, so an
 * event published now reaches it). Events are not replayed, so acting earlier would race.
 */
export async function untilEventStreams(ticketUrls: string[], expected: (live: number) => boolean, timeoutMs = 15_000): Promise<void> {
  let total = 0;
  await until(
    () => `live event streams (${expected.toString()}); have ${total}`,
    async () => {
      const counts = await Promise.all(ticketUrls.map((url) => liveEventStreams(url).catch(() => -Infinity)));
      total = counts.reduce((a, b) => a + b, 0);
      return expected(total);
    },
    timeoutMs,
  );
}
