import { afterAll, describe, expect, it } from 'vitest';
import { createClient, type RedisClientType } from 'redis';
import { InMemoryEventBus, RedisEventBus, type EventBus } from './event-bus.js';
import { createTestRedisPrefix, testRedisUrl } from '../test/support/databases.js';

const until = async (check: () => boolean | Promise<boolean>, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const redis = createTestRedisPrefix('event_bus');
const buses: EventBus[] = [];
const admin = createClient({ url: testRedisUrl() }) as RedisClientType;
afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
  if (admin.isOpen) await admin.quit();
  await redis.cleanup();
});

async function redisBus(): Promise<RedisEventBus> {
  const bus = await RedisEventBus.connect(testRedisUrl(), { prefix: redis.prefix });
  buses.push(bus);
  return bus;
}

/** Redis subscriptions on `channel` across all connections. */
async function redisSubscribers(channel: string): Promise<number> {
  if (!admin.isOpen) await admin.connect();
  const counts = (await admin.pubSubNumSub(redis.prefix + channel)) as Record<string, number>;
  return Number(counts[redis.prefix + channel] ?? 0);
}

for (const kind of ['memory', 'redis'] as const) {
  describe(`${kind} event bus`, () => {
    const make = async (): Promise<EventBus> => (kind === 'memory' ? new InMemoryEventBus() : redisBus());

    it('fans a message out to every subscriber of its channel only, as JSON', async () => {
      const bus = await make();
      const a: unknown[] = [];
      const b: unknown[] = [];
      const other: unknown[] = [];
      await bus.subscribe('c1', (m) => a.push(m));
      await bus.subscribe('c1', (m) => b.push(m));
      await bus.subscribe('c2', (m) => other.push(m));
      await bus.publish('c1', { n: 1, at: new Date('2026-01-01T00:00:00Z') });
      await until(() => a.length === 1 && b.length === 1);
      expect(a).toEqual([{ n: 1, at: '2026-01-01T00:00:00.000Z' }]);
      expect(b).toEqual(a);
      expect(other).toEqual([]);
    });

    it('stops delivering after unsubscribe; other subscribers keep theirs', async () => {
      const bus = await make();
      const a: unknown[] = [];
      const b: unknown[] = [];
      const offA = await bus.subscribe('c3', (m) => a.push(m));
      await bus.subscribe('c3', (m) => b.push(m));
      await bus.publish('c3', 1);
      await until(() => a.length === 1 && b.length === 1);
      await offA();
      await offA();
      await bus.publish('c3', 2);
      await until(() => b.length === 2);
      expect(a).toEqual([1]);
      expect(b).toEqual([1, 2]);
    });

    it('keeps the order of messages on a channel', async () => {
      const bus = await make();
      const got: number[] = [];
      await bus.subscribe('c4', (m) => got.push(m as number));
      for (let i = 0; i < 200; i++) void bus.publish('c4', i);
      await until(() => got.length === 200);
      expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
    });

    it('a throwing subscriber does not stop the others', async () => {
      const bus = await make();
      const got: unknown[] = [];
      await bus.subscribe('c5', () => {
        throw new Error('boom');
      });
      await bus.subscribe('c5', (m) => got.push(m));
      await bus.publish('c5', 'x');
      await until(() => got.length === 1);
    });
  });
}

describe('redis event bus across processes', () => {
  it('two buses (two processes) see each other\'s messages', async () => {
    const one = await redisBus();
    const two = await redisBus();
    const atOne: unknown[] = [];
    const atTwo: unknown[] = [];
    await one.subscribe('x', (m) => atOne.push(m));
    await two.subscribe('x', (m) => atTwo.push(m));
    await one.publish('x', 'from one');
    await two.publish('x', 'from two');
    await until(() => atOne.length === 2 && atTwo.length === 2);
    expect(atOne).toEqual(['from one', 'from two']);
    expect(atTwo).toEqual(['from one', 'from two']);
  });

  it('multiplexes many local subscribers over one Redis subscription per channel', async () => {
    const bus = await redisBus();
    const publisher = await redisBus();
    const received = new Map<string, number>();
    const offs = await Promise.all(
      Array.from({ length: 2_000 }, (_, i) => bus.subscribe(`many:${i % 10}`, () => received.set(`many:${i % 10}`, (received.get(`many:${i % 10}`) ?? 0) + 1))),
    );
    expect(bus.redisChannelCount).toBe(10);
    expect(await redisSubscribers('many:3')).toBe(1);
    await publisher.publish('many:3', 'hi');
    await until(() => received.get('many:3') === 200);
    expect(received.size).toBe(1);
    // the Redis subscription goes when the last local subscriber of the channel leaves
    await Promise.all(offs.slice(0, 1_990).map((off) => off()));
    expect(bus.redisChannelCount).toBe(10);
    await Promise.all(offs.slice(1_990).map((off) => off()));
    expect(bus.redisChannelCount).toBe(0);
    expect(await redisSubscribers('many:3')).toBe(0);
  });

  it('subscribe, unsubscribe and subscribe again in quick succession ends subscribed', async () => {
    const bus = await redisBus();
    const got: unknown[] = [];
    const off = await bus.subscribe('flip', () => {});
    const pending = off();
    await bus.subscribe('flip', (m) => got.push(m));
    await pending;
    await bus.publish('flip', 'still here');
    await until(() => got.length === 1);
    expect(await redisSubscribers('flip')).toBe(1);
  });
});
