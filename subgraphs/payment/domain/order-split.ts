/**
 * Pricing and splitting a cart into per-store parts. Pure: the prices come from the
 * stores' catalogs (never from the client), fetched by the checkout service.
 */

export const DEFAULT_FEE_BPS = 500;

export interface CartLine {
  ticketId: string;
  storeId: string;
  sku: string;
  quantity: number;
}

export interface CatalogPrice {
  name: string;
  price: { amount: number; currency: string };
}

/** storeId → sku → catalog entry */
export type PriceBook = Map<string, Map<string, CatalogPrice>>;

export interface PlannedLine {
  ticketId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface PlannedPart {
  storeId: string;
  /** the items' total */
  subtotal: number;
  /** the exchange's fee, on items only */
  fee: number;
  shipping: number;
  /** subtotal − fee + shipping */
  owed: number;
  lines: PlannedLine[];
  /** STORE-RUN PAYMENTS (store-payments.ts `withCollectors`): who collects the part's money; absent: the exchange */
  paidBy?: 'EXCHANGE' | 'STORE';
}

export interface OrderPlan {
  currency: string;
  itemsTotal: number;
  shippingTotal: number;
  /** itemsTotal + shippingTotal: what is authorized */
  total: number;
  parts: PlannedPart[];
}

/** A store part's shipping (shipping.ts `shippingFor` with the stores' rates); none when not given. */
export type ShippingOf = (storeId: string, subtotal: number, currency: string) => number;

export type OrderPlanResult =
  | { ok: true; plan: OrderPlan }
  | { ok: false; code: 'MIXED_CURRENCIES'; currencies: string[] }
  | { ok: false; code: 'ITEM_NOT_FOUND'; storeId: string; sku: string };

export function assertFeeBps(feeBps: number): number {
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000) throw new Error(`fee must be an integer 0..10000 basis points, got ${feeBps}`);
  return feeBps;
}

/** The exchange's fee on a store's subtotal, rounded half up to a whole minor unit. */
export function exchangeFee(subtotal: number, feeBps: number): number {
  // BigInt so large subtotals times basis points never lose precision
  return Number((BigInt(subtotal) * BigInt(feeBps) + 5_000n) / 10_000n);
}

export function planOrder(lines: readonly CartLine[], prices: PriceBook, feeBps: number, shippingOf: ShippingOf = () => 0): OrderPlanResult {
  const currencies = new Set<string>();
  const byStore = new Map<string, PlannedLine[]>();
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new Error(`ticket ${line.ticketId} has quantity ${line.quantity}`);
    const item = prices.get(line.storeId)?.get(line.sku);
    if (!item) return { ok: false, code: 'ITEM_NOT_FOUND', storeId: line.storeId, sku: line.sku };
    if (!Number.isSafeInteger(item.price.amount) || item.price.amount < 0) throw new Error(`store ${line.storeId} priced ${line.sku} at ${item.price.amount}`);
    currencies.add(item.price.currency);
    const planned: PlannedLine = {
      ticketId: line.ticketId,
      sku: line.sku,
      name: item.name,
      quantity: line.quantity,
      unitPrice: item.price.amount,
      lineTotal: safeProduct(item.price.amount, line.quantity),
    };
    const list = byStore.get(line.storeId) ?? [];
    list.push(planned);
    byStore.set(line.storeId, list);
  }
  if (currencies.size > 1) return { ok: false, code: 'MIXED_CURRENCIES', currencies: [...currencies].sort() };
  const currency = [...currencies][0] ?? 'USD';
  const parts: PlannedPart[] = [...byStore.keys()].sort().map((storeId) => {
    const partLines = byStore.get(storeId)!;
    const subtotal = safeSum(partLines.map((l) => l.lineTotal));
    const fee = exchangeFee(subtotal, feeBps);
    const shipping = shippingOf(storeId, subtotal, currency);
    if (!Number.isSafeInteger(shipping) || shipping < 0) throw new Error(`shipping of ${storeId} is ${shipping}`);
    return { storeId, subtotal, fee, shipping, owed: safeSum([subtotal - fee, shipping]), lines: partLines };
  });
  const itemsTotal = safeSum(parts.map((p) => p.subtotal));
  const shippingTotal = safeSum(parts.map((p) => p.shipping));
  return { ok: true, plan: { currency, itemsTotal, shippingTotal, total: safeSum([itemsTotal, shippingTotal]), parts } };
}

function safeProduct(a: number, b: number): number {
  const product = a * b;
  if (!Number.isSafeInteger(product)) throw new Error('amount out of range');
  return product;
}

function safeSum(values: number[]): number {
  const sum = values.reduce((s, v) => s + v, 0);
  if (!Number.isSafeInteger(sum)) throw new Error('amount out of range');
  return sum;
}
