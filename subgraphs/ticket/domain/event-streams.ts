import { GraphQLError } from 'graphql';
import { cartIdOf } from '../../../lib/cart-id.js';
import { DomainError } from '../../../lib/errors.js';
import { requireShopper, requireStore, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { toTicketModel, type TicketModel } from './model.js';
import type { AvailabilityEvent, CartEvent, TicketEventSource, TicketEventType, TicketRepository } from './ports.js';
import type { ErrorCode } from '../../../lib/errors.js';

/** A cart event as the subscription yields it (GraphQL `TicketEvent`). */
export interface TicketEventView {
  type: TicketEventType;
  sequence: number;
  occurredAt: Date;
  ticket: TicketModel;
  secondsLeft: number | null;
}

/** An availability change as the subscription yields it (GraphQL `AvailabilityChange`). */
export interface AvailabilityChangeView {
  storeId: string;
  sku: string;
  item: { __typename: 'Item'; storeId: string; sku: string };
  occurredAt: Date;
}

/** Events a subscriber has not taken yet, at most; past that the subscription ends with an error. */
export const DEFAULT_SUBSCRIPTION_BUFFER = 1_000;

/** The catalogued code a subscription cut off for falling behind ends with. */
export const SUBSCRIPTION_OVERFLOW: ErrorCode = 'SLOW_CONSUMER';

export interface EventStreamsDeps {
  source: TicketEventSource;
  repository: TicketRepository;
  logger: Logger;
  bufferSize?: number;
  /** How long an event that skips a sequence number waits for the missing one (default 100 ms). */
  gapWaitMs?: number;
}

export const DEFAULT_GAP_WAIT_MS = 100;

/**
 * Puts one cart's events back in sequence (cart version) order. Events are published
 * after their transaction commits, so two changes committed back to back can reach the
 * bus in the wrong order. Every version bump is announced (ticket events, CART_CHANGED
 * markers), so an event that skips a number is held until the missing one arrives, or
 * for `gapWaitMs` at most (a publish that failed must not stall the cart). Events at or
 * below the last number passed on (EXPIRING, several tickets of one change) pass at once.
 */
export class CartSequencer {
  private last: number | undefined;
  private held: CartEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(
    private readonly pass: (event: CartEvent) => void,
    private readonly gapWaitMs: number,
  ) {}

  /** Events that came before this (the version when listening began) wait for it. */
  start(version: number): void {
    this.started = true;
    this.last = version;
    this.drain();
    if (this.held.length > 0) this.timer ??= setTimeout(() => this.giveUpWaiting(), this.gapWaitMs);
  }

  arrive(event: CartEvent): void {
    if (!this.started) {
      this.held.push(event);
      this.held.sort((a, b) => a.sequence - b.sequence);
      return;
    }
    if (event.sequence <= this.last! + 1) {
      this.release(event);
      this.drain();
      return;
    }
    this.held.push(event);
    this.held.sort((a, b) => a.sequence - b.sequence);
    this.timer ??= setTimeout(() => this.giveUpWaiting(), this.gapWaitMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held = [];
  }

  private release(event: CartEvent): void {
    this.last = Math.max(this.last!, event.sequence);
    this.pass(event);
  }

  private drain(): void {
    while (this.held.length > 0 && this.held[0].sequence <= this.last! + 1) this.release(this.held.shift()!);
    if (this.held.length === 0) this.stop();
  }

  private giveUpWaiting(): void {
    this.timer = undefined;
    // the missing number is not coming: pass on what waited, in order
    const waiting = this.held;
    this.held = [];
    for (const event of waiting) this.release(event);
  }
}

/** Live ticket events for subscriptions: who may follow what, and what each event carries. */
export class TicketEventStreams {
  private readonly bufferSize: number;

  private readonly gapWaitMs: number;

  private listening = 0;

  constructor(private readonly deps: EventStreamsDeps) {
    this.bufferSize = deps.bufferSize ?? DEFAULT_SUBSCRIPTION_BUFFER;
    this.gapWaitMs = deps.gapWaitMs ?? DEFAULT_GAP_WAIT_MS;
  }

  /**
   * The caller's own cart's events (an account's one cart, lib/cart-id.ts), in the order
   * they were published: each is completed with the ticket as it is when delivered, one
   * after the other.
   */
  async cartEvents(identity: Identity, requestedCartId?: string | null): Promise<AsyncIterableIterator<TicketEventView>> {
    const cartId = cartIdOf(requireShopper(identity));
    if (requestedCartId != null && requestedCartId !== cartId) throw new DomainError('FORBIDDEN', 'You can only follow your own cart (cart { id }).');
    return eventStream<CartEvent, TicketEventView>({
      subscribe: this.counted(async (push) => {
        const sequencer = new CartSequencer(push, this.gapWaitMs);
        const stop = await this.deps.source.subscribeCart(cartId, (event) => sequencer.arrive(event));
        // the version when listening began: later events follow on from it
        try {
          sequencer.start((await this.deps.repository.readCart(cartId)).version);
        } catch (error) {
          await stop();
          throw error;
        }
        return async () => {
          sequencer.stop();
          await stop();
        };
      }),
      bufferSize: this.bufferSize,
      map: async (event) => {
        if (event.type === 'CART_CHANGED') return undefined;
        const record = await this.deps.repository.findTicket(event.ticketId);
        // the channel is the cart's own; the check is there so a bad message can never show another cart's ticket
        const ticket = record && record.cartId === cartId ? toTicketModel(record) : undefined;
        if (!ticket) {
          this.deps.logger.warn({ cartId, ticketId: event.ticketId, type: event.type }, 'cart event for an unknown ticket dropped');
          return undefined;
        }
        return { type: event.type, sequence: event.sequence, occurredAt: event.occurredAt, ticket, secondsLeft: event.secondsLeft ?? null };
      },
    });
  }

  /**
   * Streams listening right now (subscribed on the bus, not merely requested): /health
   * reports it, so operators (and tests) can tell when a (re)subscription is live.
   */
  get live(): number {
    return this.listening;
  }

  private counted<T>(subscribe: (push: (event: T) => void) => Promise<() => Promise<void>>): (push: (event: T) => void) => Promise<() => Promise<void>> {
    return async (push) => {
      const stop = await subscribe(push);
      this.listening++;
      let stopped = false;
      return async () => {
        if (!stopped) {
          stopped = true;
          this.listening--;
        }
        await stop();
      };
    };
  }

  /** The calling store's availability changes (never another store's). */
  async availabilityChanges(identity: Identity): Promise<AsyncIterableIterator<AvailabilityChangeView>> {
    const storeId = requireStore(identity);
    return eventStream<AvailabilityEvent, AvailabilityChangeView>({
      subscribe: this.counted((push) => this.deps.source.subscribeAvailability(storeId, push)),
      bufferSize: this.bufferSize,
      map: async (event) => ({ storeId: event.storeId, sku: event.sku, item: { __typename: 'Item', storeId: event.storeId, sku: event.sku }, occurredAt: event.occurredAt }),
    });
  }
}

interface EventStreamOptions<TIn, TOut> {
  /** Starts listening; resolves once listening, to the function that stops it. */
  subscribe: (push: (event: TIn) => void) => Promise<() => Promise<void>>;
  /** Completes one event; undefined skips it. Runs for one event at a time, in arrival order. */
  map: (event: TIn) => Promise<TOut | undefined>;
  bufferSize: number;
}

/**
 * Pushed events as an async iterator with a bounded buffer. A consumer that falls
 * `bufferSize` events behind is cut off with SLOW_CONSUMER rather than buffering
 * without bound. `return()` (the client unsubscribed or went away) stops listening at once,
 * even while a `next()` waits.
 */
export async function eventStream<TIn, TOut>(options: EventStreamOptions<TIn, TOut>): Promise<AsyncIterableIterator<TOut>> {
  const buffer: TIn[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  // next() calls run one after the other, so events are completed and yielded in order
  let tail: Promise<unknown> = Promise.resolve();

  const stopListening = async () => {
    const stop = unsubscribe;
    unsubscribe = undefined;
    await stop?.();
  };
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  unsubscribe = await options.subscribe((event) => {
    if (ended || failure) return;
    if (buffer.length >= options.bufferSize) {
      failure = new GraphQLError(`The subscriber fell more than ${options.bufferSize} events behind; subscribe again and re-read the current state.`, {
        extensions: { code: SUBSCRIPTION_OVERFLOW },
      });
      buffer.length = 0;
      void stopListening();
    } else {
      buffer.push(event);
    }
    signal();
  });

  const pull = async (): Promise<IteratorResult<TOut>> => {
    for (;;) {
      if (ended) return { done: true, value: undefined };
      if (failure) {
        ended = true;
        throw failure;
      }
      const event = buffer.shift();
      if (event === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      let value: TOut | undefined;
      try {
        value = await options.map(event);
      } catch (error) {
        // the consumer will not call return() after a failed next(): stop listening here
        ended = true;
        await stopListening();
        throw error;
      }
      if (value !== undefined && !ended) return { done: false, value };
    }
  };

  const iterator: AsyncIterableIterator<TOut> = {
    next() {
      const result = tail.then(pull);
      tail = result.catch(() => {});
      return result;
    },
    async return() {
      ended = true;
      buffer.length = 0;
      signal();
      await stopListening();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return!();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
