import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cartIdOf } from '../../lib/cart-id.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { signRequestHeaders } from '../../lib/signing.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { createPriceRulesClient } from './pricing-client.js';
import { createPaymentServer, migratePayment, type PaymentServer } from './server.js';
import { FakeTicketCheckout } from './testing/fake-ticket-checkout.js';
import { signedGraphqlCaller } from './testing/signed-graphql.js';

// Price rules (lib/pricing.ts) kept by the payment subgraph: the stores' API, the internal
// route the ticket subgraph reads, and checkout charging the shopper's best price.
const IDENTITY_KEY = 'pricing-test-identity-key';
const INTERNAL_SECRET = 'pricing-test-internal-secret';
const YEAR = new Date().getUTCFullYear() + 2;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: YEAR, cvc: '123' };
const HOUR = 3_600_000;
const STORE_A: Identity = { kind: 'STORE', storeId: 'store-a' };
const STORE_B: Identity = { kind: 'STORE', storeId: 'store-b' };

const RULE_FIELDS = `id storeId sku kind priceClass price { amount currency } startsAt endsAt offerCode createdAt updatedAt`;
const SET_RULE = `mutation($i: PriceRuleInput!) { setPriceRule(input: $i) { __typename ... on PriceRule { ${RULE_FIELDS} } ... on ErrorResult { code message } ... on InvalidInputError { field } } }`;
const REMOVE_RULE = `mutation($id: ID!) { removePriceRule(id: $id) { __typename ... on PriceRule { id sku } ... on ErrorResult { code message } ... on PriceRuleNotFoundError { id } } }`;
const LIST_RULES = `query($sku: String) { priceRules(sku: $sku) { ${RULE_FIELDS} } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename
  ... on Order { id total { amount currency } itemsTotal { amount currency } payment { amount { amount } } parts { store { id } subtotal { amount } lines { sku quantity unitPrice { amount currency } lineTotal { amount } } } }
  ... on ErrorResult { code message } } }`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let server: PaymentServer;
let url: string;
let inventory: InMemoryInventoryClient;
let tickets: FakeTicketCheckout;

beforeAll(async () => {
  db = await createTestDatabase('payment_pricing');
  pool = createPool(db.url);
  await migratePayment(pool);
  inventory = new InMemoryInventoryClient()
    .addStore('store-a', { currency: 'USD' })
    .addItem('store-a', { sku: 'book-1', name: 'Book One', price: 2000, stockOnHand: 1000 })
    .addItem('store-a', { sku: 'book-2', name: 'Book Two', price: 500, stockOnHand: 1000 })
    .addStore('store-b', { currency: 'USD' })
    .addItem('store-b', { sku: 'hammer', name: 'Hammer', price: 2500, stockOnHand: 1000 });
  tickets = new FakeTicketCheckout(inventory);
  server = createPaymentServer({
    pool,
    inventory,
    tickets,
    paymentProvider: new SandboxPaymentProvider(),
    identityKey: IDENTITY_KEY,
    internalSecret: INTERNAL_SECRET,
    logger: silentLogger(),
    // items only: shipping is another test's business
    defaultShipping: { flatAmount: 0 },
    moneyMovement: { autoStart: false },
  });
  url = await server.listen(0);
});

afterAll(async () => {
  await server?.close();
  await pool?.end();
  await db?.drop();
});

const { gql, ok } = signedGraphqlCaller(() => url, IDENTITY_KEY);

async function setRule(store: Identity, input: Record<string, unknown>) {
  return (await ok(store, SET_RULE, { i: input })).setPriceRule;
}

const base = { sku: 'book-1', kind: 'SALE', amount: 1500, currency: 'USD' };

describe('price rules: the stores\' API', () => {
  it('sets a coded sale (normalized); the same definition again changes its price and keeps its id', async () => {
    const startsAt = new Date(Date.now() - HOUR).toISOString();
    const endsAt = new Date(Date.now() + HOUR).toISOString();
    const first = await setRule(STORE_A, { ...base, sku: 'api-item', offerCode: ' spring-25 ', priceClass: 'staff', startsAt, endsAt });
    expect(first).toMatchObject({
      __typename: 'PriceRule',
      storeId: 'store-a',
      sku: 'api-item',
      kind: 'SALE',
      priceClass: 'STAFF',
      price: { amount: 1500, currency: 'USD' },
      startsAt,
      endsAt,
      offerCode: 'SPRING-25',
    });
    const again = await setRule(STORE_A, { ...base, sku: 'api-item', offerCode: 'SPRING-25', priceClass: 'STAFF', startsAt, endsAt, amount: 1400 });
    expect(again).toMatchObject({ id: first.id, price: { amount: 1400 }, createdAt: first.createdAt });
    // another window is another rule
    const other = await setRule(STORE_A, { ...base, sku: 'api-item', offerCode: 'SPRING-25', priceClass: 'STAFF', startsAt, amount: 1300 });
    expect(other.id).not.toBe(first.id);
    // a class price for the same class replaces the old one instead of stacking
    const classPrice = await setRule(STORE_A, { sku: 'api-item', kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: 1200, currency: 'USD' });
    const replaced = await setRule(STORE_A, { sku: 'api-item', kind: 'CLASS_PRICE', priceClass: 'wholesale', amount: 1250, currency: 'USD' });
    expect(replaced).toMatchObject({ id: classPrice.id, priceClass: 'WHOLESALE', price: { amount: 1250 }, startsAt: null, endsAt: null, offerCode: null });
    const listed = (await gql(STORE_A, LIST_RULES, { sku: 'api-item' })).data.priceRules;
    expect(listed.map((r: { id: string }) => r.id).sort()).toEqual([first.id, other.id, classPrice.id].sort());
  });

  it('a store sees and changes only its own rules', async () => {
    const mine = await setRule(STORE_A, { ...base, sku: 'tenant-item' });
    expect((await gql(STORE_B, LIST_RULES, {})).data.priceRules.filter((r: { sku: string }) => r.sku === 'tenant-item')).toEqual([]);
    expect((await gql(STORE_A, LIST_RULES, {})).data.priceRules.map((r: { id: string }) => r.id)).toContain(mine.id);
    // another store's rule answers exactly like one that does not exist
    expect((await gql(STORE_B, REMOVE_RULE, { id: mine.id })).data.removePriceRule).toEqual({
      __typename: 'PriceRuleNotFoundError',
      code: 'PRICE_RULE_NOT_FOUND',
      message: 'Your store has no price rule with this id.',
      id: mine.id,
    });
    // store-b's rule with the same definition is its own rule
    const theirs = await setRule(STORE_B, { ...base, sku: 'tenant-item', amount: 1 });
    expect(theirs.id).not.toBe(mine.id);
    expect((await gql(STORE_A, LIST_RULES, { sku: 'tenant-item' })).data.priceRules).toEqual([expect.objectContaining({ id: mine.id, price: { amount: 1500, currency: 'USD' } })]);
  });

  it('removes a rule once; unknown and malformed ids are not found', async () => {
    const rule = await setRule(STORE_A, { ...base, sku: 'removed-item' });
    expect((await gql(STORE_A, REMOVE_RULE, { id: rule.id })).data.removePriceRule).toEqual({ __typename: 'PriceRule', id: rule.id, sku: 'removed-item' });
    expect((await gql(STORE_A, REMOVE_RULE, { id: rule.id })).data.removePriceRule).toMatchObject({ __typename: 'PriceRuleNotFoundError', id: rule.id });
    expect((await gql(STORE_A, REMOVE_RULE, { id: 'nope' })).data.removePriceRule).toMatchObject({ code: 'PRICE_RULE_NOT_FOUND', id: 'nope' });
    expect((await gql(STORE_A, LIST_RULES, { sku: 'removed-item' })).data.priceRules).toEqual([]);
  });

  it('refuses invalid rules with the field at fault', async () => {
    const now = Date.now();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, sku: '' }, 'sku'],
      [{ ...base, sku: 'has space' }, 'sku'],
      [{ ...base, amount: -1 }, 'amount'],
      [{ ...base, currency: 'usd' }, 'currency'],
      [{ ...base, currency: 'DOLLAR' }, 'currency'],
      [{ ...base, kind: 'CLASS_PRICE' }, 'priceClass'],
      [{ ...base, kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', offerCode: 'SPRING' }, 'offerCode'],
      [{ ...base, kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', startsAt: new Date(now).toISOString() }, 'startsAt'],
      [{ ...base, kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', endsAt: new Date(now).toISOString() }, 'endsAt'],
      [{ ...base, priceClass: '1ST' }, 'priceClass'],
      [{ ...base, offerCode: 'no' }, 'offerCode'],
      [{ ...base, offerCode: 'with space' }, 'offerCode'],
      [{ ...base, startsAt: new Date(now).toISOString(), endsAt: new Date(now).toISOString() }, 'endsAt'],
      [{ ...base, startsAt: new Date(now).toISOString(), endsAt: new Date(now - 1).toISOString() }, 'endsAt'],
      [{ ...base, startsAt: 'not a date' }, 'startsAt'],
    ];
    for (const [input, field] of cases) {
      expect(await setRule(STORE_A, input), JSON.stringify(input)).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field });
    }
  });

  it('needs store credentials', async () => {
    const shopper: Identity = { kind: 'GUEST', sessionId: `sess_${randomUUID()}` };
    expect((await gql(shopper, SET_RULE, { i: base })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect((await gql(null, LIST_RULES, {})).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect((await gql({ kind: 'OPERATOR' }, REMOVE_RULE, { id: randomUUID() })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
  });
});

describe('price rules: the internal route (the ticket subgraph\'s read)', () => {
  it('answers a store\'s rules for the skus asked, signed with the internal secret', async () => {
    const sale = await setRule(STORE_A, { ...base, sku: 'route-1', offerCode: 'ROUTE', startsAt: new Date(Date.now() - HOUR).toISOString() });
    const classPrice = await setRule(STORE_A, { sku: 'route-2', kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: 10, currency: 'USD' });
    await setRule(STORE_B, { ...base, sku: 'route-1', amount: 1 });
    const client = createPriceRulesClient({ baseUrl: url, secret: INTERNAL_SECRET });
    const rules = await client.rulesFor('store-a', ['route-1', 'route-2', 'route-none']);
    expect(rules.sort((a, b) => a.sku.localeCompare(b.sku))).toEqual([
      { id: sale.id, storeId: 'store-a', sku: 'route-1', kind: 'SALE', amount: 1500, currency: 'USD', offerCode: 'ROUTE', startsAt: new Date(sale.startsAt) },
      { id: classPrice.id, storeId: 'store-a', sku: 'route-2', kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: 10, currency: 'USD' },
    ]);
    expect(await client.rulesFor('store-a', [])).toEqual([]);
    await expect(createPriceRulesClient({ baseUrl: url, secret: 'wrong' }).rulesFor('store-a', ['route-1'])).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
  });

  it('refuses unsigned calls and asks for nothing on malformed input', async () => {
    const route = new URL('/internal/pricing/rules', url);
    const body = JSON.stringify({ storeId: 'store-a', skus: ['route-1'] });
    const unsigned = await fetch(route, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    for (const input of [{ storeId: { $ne: null }, skus: ['route-1'] }, { storeId: 'store-a', skus: 'route-1' }, {}]) {
      const raw = JSON.stringify(input);
      const res = await fetch(route, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequestHeaders(INTERNAL_SECRET, raw) }, body: raw });
      expect(await res.json()).toEqual({ result: { rules: [] } });
    }
  });
});

describe('checkout charges the shopper\'s best price', () => {
  async function buy(shopper: Identity, lines: [string, string, number][]) {
    const cartId = cartIdOf({ sessionId: shopper.sessionId!, accountId: shopper.accountId });
    for (const [storeId, sku, quantity] of lines) await tickets.hold(cartId, storeId, sku, quantity);
    const res = await gql(shopper, CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } });
    expect(res.errors).toBeUndefined();
    expect(res.data.checkout.__typename).toBe('Order');
    return res.data.checkout;
  }
  const unitPrices = (order: any) =>
    Object.fromEntries(order.parts.flatMap((part: any) => part.lines.map((l: any) => [`${part.store.id}/${l.sku}`, l.unitPrice.amount])));

  it('the coded sale only with the offer code on the session; read fresh at every checkout', async () => {
    const sale = await setRule(STORE_A, { ...base, sku: 'book-2', amount: 350, offerCode: 'BOOKWEEK' });
    const plain = await buy({ kind: 'GUEST', sessionId: `sess_${randomUUID()}` }, [['store-a', 'book-2', 2]]);
    expect(plain.parts[0].lines).toEqual([{ sku: 'book-2', quantity: 2, unitPrice: { amount: 500, currency: 'USD' }, lineTotal: { amount: 1000 } }]);
    expect(plain.itemsTotal).toEqual({ amount: 1000, currency: 'USD' });

    const coded = await buy({ kind: 'GUEST', sessionId: `sess_${randomUUID()}`, offerCodes: ['OTHER', 'BOOKWEEK'] }, [['store-a', 'book-2', 2]]);
    expect(coded.parts[0].lines).toEqual([{ sku: 'book-2', quantity: 2, unitPrice: { amount: 350, currency: 'USD' }, lineTotal: { amount: 700 } }]);
    expect(coded.itemsTotal).toEqual({ amount: 700, currency: 'USD' });
    expect(coded.total).toEqual({ amount: 700, currency: 'USD' });
    expect(coded.payment.amount.amount).toBe(700);

    // the store ends the sale: the next checkout pays the list price at once (no cache)
    await gql(STORE_A, REMOVE_RULE, { id: sale.id });
    const after = await buy({ kind: 'GUEST', sessionId: `sess_${randomUUID()}`, offerCodes: ['BOOKWEEK'] }, [['store-a', 'book-2', 1]]);
    expect(unitPrices(after)).toEqual({ 'store-a/book-2': 500 });
  });

  it('the account\'s class price, the lowest entitled price per line, and never a past sale', async () => {
    await setRule(STORE_A, { sku: 'book-1', kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: 1200, currency: 'USD' });
    await setRule(STORE_A, { ...base, sku: 'book-1', amount: 1100, offerCode: 'DEAL' });
    await setRule(STORE_B, { ...base, sku: 'hammer', amount: 100, startsAt: new Date(Date.now() - 2 * HOUR).toISOString(), endsAt: new Date(Date.now() - HOUR).toISOString() });
    await setRule(STORE_B, { ...base, sku: 'hammer', amount: 2200, startsAt: new Date(Date.now() - HOUR).toISOString() });

    const wholesale: Identity = { kind: 'ACCOUNT', sessionId: `sess_${randomUUID()}`, accountId: randomUUID(), priceClass: 'WHOLESALE' };
    const order = await buy(wholesale, [['store-a', 'book-1', 1], ['store-b', 'hammer', 1]]);
    expect(unitPrices(order)).toEqual({ 'store-a/book-1': 1200, 'store-b/hammer': 2200 });
    expect(order.itemsTotal.amount).toBe(1200 + 2200);

    const withDeal = await buy({ ...wholesale, sessionId: `sess_${randomUUID()}`, accountId: randomUUID(), offerCodes: ['DEAL'] }, [['store-a', 'book-1', 1]]);
    expect(unitPrices(withDeal)).toEqual({ 'store-a/book-1': 1100 });

    // a guest claiming a class is not possible (the class comes from the signed identity; a
    // guest's has none): the list price, and the running sale only
    const guest = await buy({ kind: 'GUEST', sessionId: `sess_${randomUUID()}` }, [['store-a', 'book-1', 1], ['store-b', 'hammer', 1]]);
    expect(unitPrices(guest)).toEqual({ 'store-a/book-1': 2000, 'store-b/hammer': 2200 });
  });
});
