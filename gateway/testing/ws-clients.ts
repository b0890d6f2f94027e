import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The gateway's graphql-ws URL: same host, port and path as its HTTP URL. */
export function wsUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** A graphql-ws client as a cart would open it; no reconnects unless asked (tests want to see failures). */
export function wsClient(gatewayUrl: string, connectionParams: Record<string, unknown> = {}, retryAttempts = 0): Client {
  return createClient({ url: wsUrlOf(gatewayUrl), webSocketImpl: WebSocket, connectionParams, lazy: true, retryAttempts, keepAlive: 5_000 });
}

export interface Result<T = any> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

/** What one subscription received; `until` waits for a condition. */
export class Collected<T = any> {
  readonly results: Result<T>[] = [];
  error: any;
  completed = false;
  dispose: () => void = () => {};
  private waiters: (() => void)[] = [];

  push(result: Result<T>): void {
    this.results.push(result);
    this.wake();
  }
  fail(error: unknown): void {
    this.error = error;
    this.wake();
  }
  complete(): void {
    this.completed = true;
    this.wake();
  }
  get ended(): boolean {
    return this.completed || this.error !== undefined;
  }
  data(): T[] {
    return this.results.filter((r) => r.data).map((r) => r.data as T);
  }
  errors(): NonNullable<Result['errors']> {
    return this.results.flatMap((r) => r.errors ?? []);
  }

  async until(predicate: (c: this) => boolean, what = 'results', timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify({ results: this.results, error: this.error, completed: this.completed })}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const collected = new Collected<T>();
  collected.dispose = client.subscribe<T>(
    { query, variables },
    { next: (r) => collected.push(r as Result<T>), error: (e) => collected.fail(e), complete: () => collected.complete() },
  );
  return collected;
}

/** Apollo Client 4 over a GraphQLWsLink, as a React cart would subscribe. */
export function apolloCollect<T = any>(gatewayUrl: string, connectionParams: Record<string, unknown>, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const ws = createClient({ url: wsUrlOf(gatewayUrl), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
  const client = new ApolloClient({ link: new GraphQLWsLink(ws), cache: new InMemoryCache() });
  const collected = new Collected<T>();
  const subscription = client.subscribe<T>({ query: gql(query), variables }).subscribe({
    next: (result) => collected.push({ data: (result.data as T) ?? null, ...(result.error ? { errors: [{ message: result.error.message, extensions: (result.error as any).errors?.[0]?.extensions }] } : {}) }),
    error: (error) => collected.fail(error),
    complete: () => collected.complete(),
  });
  collected.dispose = () => {
    subscription.unsubscribe();
    void ws.dispose();
  };
  return collected;
}

/**
 * A bare graphql-transport-ws client whose socket can stop reading (a frozen browser tab):
 * what a slow consumer looks like to the gateway.
 */
export async function rawSubscriber(gatewayUrl: string, connectionParams: Record<string, unknown>, query: string) {
  const socket = new WebSocket(wsUrlOf(gatewayUrl), 'graphql-transport-ws');
  const messages: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      messages.push(message);
      if (message.type === 'connection_ack') resolve();
    });
    socket.once('close', (code) => reject(new Error(`closed ${code} before ack`)));
  });
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
  const raw = (socket as unknown as { _socket: import('node:net').Socket })._socket;
  return {
    socket,
    messages,
    closed,
    pause: () => raw.pause(),
    resume: () => raw.resume(),
  };
}
