import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { cartIdOf } from '../../../lib/cart-id.js';
import type { Identity } from '../../../lib/identity.js';
import { SHIP } from './documents.js';
import type { FakeTicketCheckout } from './fake-ticket-checkout.js';
import type { SignedGraphqlCaller } from './signed-graphql.js';

export interface TestCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/**
 * The order's life as the payment tests drive it over GraphQL: a shopper holds items (in the
 * ticket double) and checks out; stores ship and take returns. Each step expects success.
 * `checkout` and `returnDocument` are the test file's own documents (they select what its
 * assertions read); `tickets` is read at each call (created in beforeAll).
 */
export function orderSteps(deps: { ok: SignedGraphqlCaller['ok']; tickets: () => FakeTicketCheckout; checkout: string; returnDocument: string; card: TestCard }) {
  const store = (storeId: string): Identity => ({ kind: 'STORE', storeId });

  /** Puts `[storeId, sku, quantity]` items in the shopper's cart (the ticket double). */
  async function holdItems(shopper: Identity, items: [string, string, number][]) {
    for (const [storeId, sku, quantity] of items) await deps.tickets().hold(cartIdOf({ sessionId: shopper.sessionId!, accountId: shopper.accountId }), storeId, sku, quantity);
  }

  /** Holds the items and checks out; an account spends its gift balance. */
  async function placeOrder(shopper: Identity, items: [string, string, number][], card = deps.card, contactEmail?: string) {
    await holdItems(shopper, items);
    const input = { idempotencyKey: randomUUID(), useGiftBalance: shopper.kind === 'ACCOUNT', payment: { card }, ...(contactEmail ? { contactEmail } : {}) };
    const order = (await deps.ok(shopper, deps.checkout, { input })).checkout;
    expect(order.__typename, JSON.stringify(order)).toBe('Order');
    const part = (storeId: string) => order.parts.find((p: any) => p.store.id === storeId);
    const line = (storeId: string, sku: string) => part(storeId).lines.find((l: any) => l.sku === sku).id as string;
    return { order, part, line };
  }

  async function ship(storeId: string, storeOrderId: string, lineIds?: string[]) {
    const input = { storeOrderId, lineIds, carrier: 'UPS', trackingNumber: `1Z${randomUUID().slice(0, 8)}`, idempotencyKey: randomUUID() };
    const res = (await deps.ok(store(storeId), SHIP, { input })).shipItems;
    expect(res.__typename, JSON.stringify(res)).toBe('Shipment');
    return res;
  }

  async function receive(storeId: string, storeOrderId: string, lineIds: string[]) {
    const res = (await deps.ok(store(storeId), deps.returnDocument, { input: { storeOrderId, lineIds, idempotencyKey: randomUUID() } })).receiveReturn;
    expect(res.__typename, JSON.stringify(res)).toBe('ReturnReceived');
    return res;
  }

  return { holdItems, placeOrder, ship, receive };
}
