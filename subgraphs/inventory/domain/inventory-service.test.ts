import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import { MemoryInventoryRepository } from '../infra/memory-inventory-repository.js';
import { decodeCursor, encodeCursor, InventoryService, MAX_LEASE_MS } from './inventory-service.js';

const EXCHANGE = { signedByExchange: true };
const STRANGER = { signedByExchange: false };

function setup() {
  const clock = new ManualClock();
  const repository = new MemoryInventoryRepository();
  for (const sku of ['A1', 'B2', 'C3']) repository.putItem({ sku, name: sku, description: '', priceAmount: 100, currency: 'USD', stockOnHand: 5 });
  const service = new InventoryService({ repository, store: { id: 'shop', name: 'Shop', currency: 'USD' }, clock });
  const lease = (ms = 60_000) => new Date(clock.now().getTime() + ms).toISOString();
  return { clock, repository, service, lease };
}

describe('InventoryService', () => {
  it('refuses every protocol call not signed by the exchange, before touching anything', async () => {
    const { service, repository, lease } = setup();
    const ticketId = randomUUID();
    await expect(service.reserve(STRANGER, { ticketId, sku: 'A1', quantity: 1, leaseUntil: lease() })).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    await expect(service.release(STRANGER, { ticketId })).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    await expect(service.commit(STRANGER, { ticketId, orderId: 'o' })).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    expect(repository.getReservation(ticketId)).toBeUndefined();
  });

  it('counts a hold exactly until its lease instant', async () => {
    const { service, clock, lease } = setup();
    await service.reserve(EXCHANGE, { ticketId: randomUUID(), sku: 'A1', quantity: 2, leaseUntil: lease(1_000) });
    const available = async () => (await service.findItems([{ storeId: 'shop', sku: 'A1' }]))[0]?.available;
    expect(await available()).toBe(3);
    clock.advance(999);
    expect(await available()).toBe(3);
    clock.advance(1);
    expect(await available()).toBe(5);
  });

  it('bounds the lease: in the future, at most MAX_LEASE_MS ahead', async () => {
    const { service, clock } = setup();
    const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
    await expect(service.reserve(EXCHANGE, { ticketId: randomUUID(), sku: 'A1', quantity: 1, leaseUntil: at(0) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(service.reserve(EXCHANGE, { ticketId: randomUUID(), sku: 'A1', quantity: 1, leaseUntil: at(MAX_LEASE_MS + 1) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await service.reserve(EXCHANGE, { ticketId: randomUUID(), sku: 'A1', quantity: 1, leaseUntil: at(MAX_LEASE_MS) })).__typename).toBe('Reservation');
  });

  it('treats ticket ids case-insensitively (they are UUIDs)', async () => {
    const { service, lease } = setup();
    const ticketId = randomUUID();
    await service.reserve(EXCHANGE, { ticketId: ticketId.toUpperCase(), sku: 'A1', quantity: 1, leaseUntil: lease() });
    expect(await service.release(EXCHANGE, { ticketId })).toMatchObject({ __typename: 'Reservation', ticketId, status: 'RELEASED' });
  });

  it('pages by SKU and answers items in the order asked', async () => {
    const { service } = setup();
    const page = await service.listItems({ first: 2 });
    expect(page.edges.map((e) => e.node.sku)).toEqual(['A1', 'B2']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('B2') });
    const next = await service.listItems({ first: 2, after: page.pageInfo.endCursor });
    expect(next.edges.map((e) => e.node.sku)).toEqual(['C3']);
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect(decodeCursor(encodeCursor('9780141439518'))).toBe('9780141439518');
    expect((await service.findItems([{ storeId: 'shop', sku: 'C3' }, { storeId: 'x', sku: 'A1' }, { storeId: 'shop', sku: 'A1' }])).map((i) => i?.sku ?? null)).toEqual(['C3', null, 'A1']);
  });

  it('rolls a failed transaction back', async () => {
    const { repository } = setup();
    await expect(
      repository.transaction(async (tx) => {
        await tx.adjustStockOnHand('A1', -2);
        await tx.adjustStockOnHand('A1', -10);
      }),
    ).rejects.toThrow(/negative/);
    expect(repository.getItem('A1')?.stockOnHand).toBe(5);
  });
});
