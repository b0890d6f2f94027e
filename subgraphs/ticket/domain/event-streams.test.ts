import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lib/logger.js';
import type { Identity } from '../../../lib/identity.js';
import { CartSequencer, eventStream, SUBSCRIPTION_OVERFLOW, TicketEventStreams } from './event-streams.js';
import type { CartEvent, TicketEventSource, TicketRepository } from './ports.js';

function source() {
  let push: ((n: number) => void) | undefined;
  let listening = false;
  return {
    subscribe: async (p: (n: number) => void) => {
      push = p;
      listening = true;
      return async () => {
        listening = false;
      };
    },
    push: (n: number) => push!(n),
    listening: () => listening,
  };
}

describe('eventStream', () => {
  it('yields mapped events in arrival order, one map at a time, skipping undefined', async () => {
    const s = source();
    let running = 0;
    let maxRunning = 0;
    const stream = await eventStream<number, string>({
      subscribe: s.subscribe,
      bufferSize: 10,
      map: async (n) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        // later events finish their work sooner: order must still hold
        await new Promise((r) => setTimeout(r, 20 - n * 3));
        running--;
        return n === 2 ? undefined : `e${n}`;
      },
    });
    for (const n of [1, 2, 3, 4]) s.push(n);
    const got = await Promise.all([stream.next(), stream.next(), stream.next()]);
    expect(got.map((r) => r.value)).toEqual(['e1', 'e3', 'e4']);
    expect(maxRunning).toBe(1);
  });

  it('return() while a next() waits ends both and stops listening', async () => {
    const s = source();
    const stream = await eventStream<number, number>({ subscribe: s.subscribe, bufferSize: 10, map: async (n) => n });
    const waiting = stream.next();
    await stream.return!();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(s.listening()).toBe(false);
  });

  it('a consumer that falls too far behind is cut off with SLOW_CONSUMER', async () => {
    const s = source();
    const stream = await eventStream<number, number>({ subscribe: s.subscribe, bufferSize: 3, map: async (n) => n });
    for (let n = 0; n < 4; n++) s.push(n);
    expect(s.listening()).toBe(false);
    await expect(stream.next()).rejects.toMatchObject({ extensions: { code: SUBSCRIPTION_OVERFLOW } });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('a failing map ends the stream and stops listening', async () => {
    const s = source();
    const stream = await eventStream<number, number>({ subscribe: s.subscribe, bufferSize: 3, map: async () => Promise.reject(new Error('db down')) });
    s.push(1);
    await expect(stream.next()).rejects.toThrow('db down');
    expect(s.listening()).toBe(false);
  });
});

describe('CartSequencer', () => {
  const event = (sequence: number, type: CartEvent['type'] = 'QUANTITY_CHANGED'): CartEvent => ({ cartId: 's', type, sequence, occurredAt: new Date(), ticketId: 't' });

  it('passes events on in sequence order, holding one that skips a number until the gap fills', () => {
    const passed: number[] = [];
    const sequencer = new CartSequencer((e) => passed.push(e.sequence), 1_000);
    sequencer.arrive(event(5));
    sequencer.start(4);
    expect(passed).toEqual([5]);
    sequencer.arrive(event(7));
    expect(passed).toEqual([5]);
    sequencer.arrive(event(6));
    expect(passed).toEqual([5, 6, 7]);
    // at or below the last number (EXPIRING, a second ticket of one change): at once
    sequencer.arrive(event(7, 'EXPIRING'));
    expect(passed).toEqual([5, 6, 7, 7]);
    sequencer.stop();
  });

  it('stops waiting for a number that never comes', async () => {
    const passed: number[] = [];
    const sequencer = new CartSequencer((e) => passed.push(e.sequence), 30);
    sequencer.start(0);
    sequencer.arrive(event(3));
    sequencer.arrive(event(2));
    expect(passed).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(passed).toEqual([2, 3]);
    sequencer.arrive(event(4));
    expect(passed).toEqual([2, 3, 4]);
  });
});

describe('TicketEventStreams.live', () => {
  it('counts streams once they listen on the bus, and not after they end', async () => {
    let release: () => void = () => {};
    const listening = new Promise<void>((resolve) => (release = resolve));
    const source = {
      // the bus answers only when `release` is called: until then the stream is requested, not live
      subscribeAvailability: async () => {
        await listening;
        return async () => {};
      },
    } as unknown as TicketEventSource;
    const streams = new TicketEventStreams({ source, repository: {} as TicketRepository, logger: silentLogger() });
    const store = { kind: 'STORE', storeId: 'store-a' } as Identity;
    const first = streams.availabilityChanges(store);
    expect(streams.live).toBe(0);
    release();
    const a = await first;
    const b = await streams.availabilityChanges(store);
    expect(streams.live).toBe(2);
    await a.return!();
    await a.return!();
    expect(streams.live).toBe(1);
    await b.return!();
    expect(streams.live).toBe(0);
  });
});
