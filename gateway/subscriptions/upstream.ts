import { createClient, type Client } from 'graphql-ws';
import type { GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';
import { systemClock, type Clock } from '../../lib/clock.js';
import { IDENTITY_HEADER, signGatewayCredential, type Identity } from '../../lib/identity.js';
import type { Logger } from '../../lib/logger.js';
import { signCallerIdentity } from '../identity.js';
import type { UpstreamPayload } from './execute.js';

export interface UpstreamOptions {
  /** Ping the subgraph this often (graphql-ws ping messages); default 10 s. */
  keepAliveMs?: number;
  /** A ping unanswered this long means the link is dead: reconnect. Default 5 s. */
  pongTimeoutMs?: number;
  /** Keep trying to reconnect this long before giving the subscribers up. Default 30 s. */
  reconnectWindowMs?: number;
  /** First reconnect delay, doubled per attempt up to retryMaxMs (jittered). Default 250 ms. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Clock the credentials and identities are signed with (tests); default the system clock. */
  clock?: Clock;
}

/** Why an upstream subscription ended other than by completing. */
export type UpstreamFailure =
  /** The subgraph refused or ended the operation with GraphQL errors (an `error` message). */
  | { kind: 'errors'; errors: readonly GraphQLFormattedError[] }
  /** The subgraph could not be reached within the reconnect window (or refused the connection). */
  | { kind: 'unavailable'; reason: string };

export interface UpstreamSink {
  next(payload: UpstreamPayload): void;
  error(failure: UpstreamFailure): void;
  complete(): void;
}

export interface UpstreamRequest {
  /** The subgraph's graphql-ws URL. */
  url: string;
  identity: Identity;
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
}

interface Connection {
  /** The subgraph's graphql-ws URL: one connection per URL. */
  key: string;
  client: Client;
  refs: number;
  /** Since when no connection could be made (unset while connected). */
  downSince?: number;
  pongTimer?: NodeJS.Timeout;
  /** The client gave up (reconnect window over): its subscriptions are failing. */
  lost?: boolean;
}

/** http(s)://host/graphql → ws(s)://host/graphql: subgraphs serve graphql-ws on their GraphQL path. */
export function toWebSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):\/\//i, (_, s: string) => `ws${s}://`);
}

/** Stable text of an identity, so equal callers share one stream whatever the key order. */
export function identityKeyOf(identity: Identity): string {
  return JSON.stringify(Object.keys(identity).sort().map((k) => [k, identity[k as keyof Identity]]));
}

/**
 * A subscribe message's extensions naming its caller, signed when the message is
 * serialized: graphql-ws keeps the payload of a subscription and serializes it (with
 * JSON.stringify) each time it sends the subscribe message, after every reconnect too,
 * so each (re)subscription carries a signature minted at that moment. The subgraph can
 * therefore keep refusing stale identities on every connection; an old subscribe
 * message replayed later is refused like a replayed HTTP header.
 */
class SignedOnSend {
  constructor(
    private readonly identity: Identity,
    private readonly identityKey: string,
    private readonly clock: Clock,
  ) {}

  toJSON(): Record<string, string> {
    return { [IDENTITY_HEADER]: signCallerIdentity(this.identity, this.identityKey, this.clock.now().getTime()) };
  }
}

/**
 * graphql-ws connections from the gateway to the subgraphs: ONE per subgraph URL,
 * multiplexing every upstream subscription of every caller. The connection
 * authenticates the gateway itself (a GATEWAY credential in connectionParams, signed
 * afresh at every (re)connect: a signature lives 60 s); each subscribe message carries
 * its caller's identity in `extensions[IDENTITY_HEADER]`, signed afresh whenever the
 * message is sent (SignedOnSend). A dropped connection is retried with backoff and
 * every subscription on it is sent again; past the reconnect window its subscribers get
 * `unavailable`. The connection closes when its last subscription ends.
 */
export class UpstreamPool {
  private readonly connections = new Map<string, Connection>();
  private readonly keepAliveMs: number;
  private readonly pongTimeoutMs: number;
  private readonly reconnectWindowMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly identityKey: string,
    private readonly logger: Logger,
    options: UpstreamOptions = {},
  ) {
    this.keepAliveMs = options.keepAliveMs ?? 10_000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 5_000;
    this.reconnectWindowMs = options.reconnectWindowMs ?? 30_000;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 5_000;
    this.clock = options.clock ?? systemClock;
  }

  get size(): number {
    return this.connections.size;
  }

  /** Starts one upstream subscription; the returned function ends it. */
  subscribe(request: UpstreamRequest, sink: UpstreamSink): () => void {
    // signed now, so an identity that cannot be signed fails here rather than on the socket
    const extensions = new SignedOnSend(request.identity, this.identityKey, this.clock);
    extensions.toJSON();
    const connection = this.acquire(request.url);
    let done = false;
    const finish = () => {
      if (done) return false;
      done = true;
      this.release(connection);
      return true;
    };
    const dispose = connection.client.subscribe<Record<string, unknown>>(
      // extensions is serialized (and so signed) at each send; typed as the plain object it becomes
      { query: request.query, operationName: request.operationName, variables: request.variables, extensions: extensions as unknown as Record<string, unknown> },
      {
        next: (payload) => {
          if (!done) sink.next(payload as UpstreamPayload);
        },
        complete: () => {
          if (finish()) sink.complete();
        },
        error: (error: unknown) => {
          if (!finish()) return;
          if (Array.isArray(error)) {
            sink.error({ kind: 'errors', errors: error as GraphQLFormattedError[] });
            return;
          }
          const reason = describeFailure(error);
          // every subscription on the shared connection fails at once: say it once
          if (!connection.lost) this.logger.warn({ url: request.url, reason, subscriptions: connection.refs + 1 }, 'upstream connection lost');
          connection.lost = true;
          // a client that gave up keeps its retry count: the next subscriber starts afresh
          this.forget(connection);
          sink.error({ kind: 'unavailable', reason });
        },
      },
    );
    return () => {
      if (finish()) dispose();
    };
  }

  /** Ends every upstream connection; waits at most `waitMs` for their sockets to close. */
  async close(waitMs = 1_000): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(all.map((c) => this.dispose(c))), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  private acquire(url: string): Connection {
    let connection = this.connections.get(url);
    if (!connection) {
      connection = this.connect(url);
      this.connections.set(url, connection);
    }
    connection.refs++;
    return connection;
  }

  private release(connection: Connection): void {
    if (--connection.refs > 0) return;
    if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
    void this.dispose(connection);
  }

  private forget(connection: Connection): void {
    if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
  }

  private async dispose(connection: Connection): Promise<void> {
    clearTimeout(connection.pongTimer);
    // a client still waiting to reconnect rejects its pending connect when disposed: nothing to report
    await Promise.resolve(connection.client.dispose()).catch(() => {});
  }

  private connect(url: string): Connection {
    const connection = { key: url, refs: 0 } as Connection;
    const windowEndsAt = () => (connection.downSince ?? Date.now()) + this.reconnectWindowMs;
    connection.client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: true,
      // called on every (re)connect: the gateway's own credential, freshly signed each time
      connectionParams: () => ({ [IDENTITY_HEADER]: signGatewayCredential(this.identityKey, this.clock.now().getTime()) }),
      keepAlive: this.keepAliveMs,
      // bounded by time (shouldRetry), not by a count
      retryAttempts: Number.MAX_SAFE_INTEGER,
      shouldRetry: () => Date.now() < windowEndsAt(),
      retryWait: async (retries) => {
        const backoff = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(retries, 16));
        const jittered = backoff / 2 + Math.random() * (backoff / 2);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(jittered, windowEndsAt() - Date.now()))).unref());
      },
      on: {
        connected: () => {
          connection.downSince = undefined;
        },
        closed: (event) => {
          clearTimeout(connection.pongTimer);
          connection.downSince ??= Date.now();
          const { code, reason } = (event ?? {}) as { code?: number; reason?: string };
          if (connection.refs > 0) this.logger.info({ url, code, reason }, 'upstream connection closed; reconnecting');
        },
        // graphql-ws pings but never gives up on a silent peer: a missing pong terminates,
        // which counts as a dropped connection and is retried
        ping: (received) => {
          if (received) return;
          clearTimeout(connection.pongTimer);
          connection.pongTimer = setTimeout(() => connection.client.terminate(), this.pongTimeoutMs);
          connection.pongTimer.unref();
        },
        pong: (received) => {
          if (received) clearTimeout(connection.pongTimer);
        },
      },
    });
    return connection;
  }
}

function describeFailure(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const { code, reason } = error as { code: unknown; reason?: unknown };
    return `closed ${String(code)}${reason ? ` ${String(reason)}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
