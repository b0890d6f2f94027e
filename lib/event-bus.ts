import { createClient, type RedisClientType } from 'redis';
import type { Logger } from './logger.js';

/**
 * Publish/subscribe between processes: events (ticket held, expired...) travel from the
 * replica that caused them to every replica that has a subscriber. Messages are JSON
 * values; delivery is at most once (a subscriber that is not connected misses them) and in
 * publish order per channel for one publisher.
 */
export interface EventBus {
  publish(channel: string, message: unknown): Promise<void>;
  /** Calls `onMessage` for every later message on `channel`; resolves once subscribed, to the unsubscribe function. */
  subscribe(channel: string, onMessage: (message: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

type Listener = { onMessage: (message: unknown) => void };

function deliver(listeners: Iterable<Listener>, message: unknown, logger: Logger | undefined, channel: string): void {
  for (const listener of listeners) {
    try {
      listener.onMessage(message);
    } catch (error) {
      // one failing subscriber must not starve the others of the message
      logger?.error({ err: error, channel }, 'event listener failed');
    }
  }
}

/** One process only: the stand-in when REDIS_URL is unset, and for unit tests. */
export class InMemoryEventBus implements EventBus {
  private readonly channels = new Map<string, Set<Listener>>();

  constructor(private readonly logger?: Logger) {}

  async publish(channel: string, message: unknown): Promise<void> {
    const listeners = this.channels.get(channel);
    if (!listeners || listeners.size === 0) return;
    // a JSON round trip, so subscribers see exactly what they would see through Redis
    const text = JSON.stringify(message);
    deliver([...listeners], JSON.parse(text), this.logger, channel);
  }

  async subscribe(channel: string, onMessage: (message: unknown) => void): Promise<() => Promise<void>> {
    const listener: Listener = { onMessage };
    let listeners = this.channels.get(channel);
    if (!listeners) this.channels.set(channel, (listeners = new Set()));
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.channels.get(channel) === listeners) this.channels.delete(channel);
    };
  }

  /** Local subscribers of `channel` (tests wait on it before publishing). */
  subscriberCount(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  async close(): Promise<void> {
    this.channels.clear();
  }
}

interface ChannelState {
  listeners: Set<Listener>;
  /** Whether the Redis connection is subscribed to the channel. */
  subscribed: boolean;
  /** SUBSCRIBE/UNSUBSCRIBE of one channel run one after the other. */
  queue: Promise<void>;
}

export interface RedisEventBusOptions {
  /** Publisher connection (connected). The bus subscribes through one duplicate of it. */
  client: RedisClientType;
  /** Prepended to every channel name (e.g. `cartstart:`), so deployments sharing a Redis stay apart. */
  prefix?: string;
  logger?: Logger;
  /** Whether close() quits `client` too (true when the bus created it). */
  ownsClient?: boolean;
}

/**
 * Redis pub/sub. Publishes through the given client; subscribes through ONE extra
 * connection shared by all local subscribers: each channel is subscribed in Redis once,
 * while it has local listeners, and its messages fanned out in-process. 10,000 local
 * subscribers cost one connection and one Redis subscription per distinct channel.
 */
export class RedisEventBus implements EventBus {
  private readonly publisher: RedisClientType;
  private readonly prefix: string;
  private readonly logger?: Logger;
  private readonly ownsClient: boolean;
  private readonly channels = new Map<string, ChannelState>();
  private subscriber: Promise<RedisClientType> | undefined;
  private closed = false;

  constructor(options: RedisEventBusOptions) {
    this.publisher = options.client;
    this.prefix = options.prefix ?? '';
    this.logger = options.logger;
    this.ownsClient = options.ownsClient ?? false;
  }

  /** A bus with its own publisher connection to `url` (closed with the bus). */
  static async connect(url: string, options: Omit<RedisEventBusOptions, 'client' | 'ownsClient'> = {}): Promise<RedisEventBus> {
    const client = createClient({ url }) as RedisClientType;
    client.on('error', (err) => options.logger?.error({ err }, 'redis publisher error'));
    await client.connect();
    return new RedisEventBus({ ...options, client, ownsClient: true });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    await this.publisher.publish(this.prefix + channel, JSON.stringify(message));
  }

  async subscribe(channel: string, onMessage: (message: unknown) => void): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('event bus is closed');
    let state = this.channels.get(channel);
    if (!state) this.channels.set(channel, (state = { listeners: new Set(), subscribed: false, queue: Promise.resolve() }));
    const listener: Listener = { onMessage };
    state.listeners.add(listener);
    try {
      await this.sync(channel, state);
    } catch (error) {
      state.listeners.delete(listener);
      await this.sync(channel, state).catch(() => {});
      throw error;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      state.listeners.delete(listener);
      await this.sync(channel, state);
    };
  }

  /** Brings the Redis subscription of `channel` in line with its local listeners. */
  private sync(channel: string, state: ChannelState): Promise<void> {
    const run = state.queue.then(async () => {
      if (state.listeners.size > 0 && !state.subscribed) {
        const subscriber = await this.subscriberConnection();
        await subscriber.subscribe(this.prefix + channel, (raw) => this.dispatch(channel, raw));
        state.subscribed = true;
      } else if (state.listeners.size === 0 && state.subscribed) {
        state.subscribed = false;
        if (!this.closed) await (await this.subscriberConnection()).unsubscribe(this.prefix + channel);
      }
      // the map keeps the state while any operation on it is queued, so one channel never has two states
      if (state.listeners.size === 0 && !state.subscribed && this.channels.get(channel) === state) this.channels.delete(channel);
    });
    state.queue = run.catch(() => {});
    return run;
  }

  private dispatch(channel: string, raw: string): void {
    const state = this.channels.get(channel);
    if (!state || state.listeners.size === 0) return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch (error) {
      this.logger?.warn({ err: error, channel }, 'event bus message is not JSON; dropped');
      return;
    }
    deliver([...state.listeners], message, this.logger, channel);
  }

  private subscriberConnection(): Promise<RedisClientType> {
    if (!this.subscriber) {
      const subscriber = this.publisher.duplicate() as RedisClientType;
      subscriber.on('error', (err) => this.logger?.error({ err }, 'redis subscriber error'));
      this.subscriber = subscriber.connect().then(() => subscriber);
      // a failed connect is retried by the next subscribe
      this.subscriber.catch(() => (this.subscriber = undefined));
    }
    return this.subscriber;
  }

  /** Redis subscriptions this bus holds (one per channel with local listeners). */
  get redisChannelCount(): number {
    let n = 0;
    for (const state of this.channels.values()) if (state.subscribed) n++;
    return n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.channels.clear();
    if (subscriber) await (await subscriber.catch(() => undefined))?.quit().catch(() => {});
    if (this.ownsClient) await this.publisher.quit().catch(() => {});
  }
}
