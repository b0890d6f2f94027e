import DataLoader from 'dataloader';
import { requireShopper, requireStore, type Identity } from '../../../lib/identity.js';
import { balanceSettlements, unpaidAmountOf } from './money-plan.js';
import { ownsOrder, type Money, type OrderLineModel, type OrderModel, type PaymentModel, type ShipmentModel, type StoreOrderModel, type TransactionModel } from './model.js';
import { pageRequest } from './pagination.js';
import type { OrderRepository, Page } from './ports.js';

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Batches reads of one request (no N+1 across orders, parts and lines). */
export function createOrderLoaders(repo: OrderRepository) {
  return {
    orderById: new DataLoader<string, OrderModel | undefined>(async (ids) => {
      const found = new Map((await repo.findOrders(ids)).map((o) => [o.id, o]));
      return ids.map((id) => found.get(id));
    }),
    storeOrderById: new DataLoader<string, StoreOrderModel | undefined>(async (ids) => {
      const found = new Map((await repo.findStoreOrders(ids)).map((p) => [p.id, p]));
      return ids.map((id) => found.get(id));
    }),
    partsByOrderId: new DataLoader<string, StoreOrderModel[]>(async (orderIds) => groupBy(await repo.partsOfOrders(orderIds), orderIds, (p) => p.orderId)),
    linesByStoreOrderId: new DataLoader<string, OrderLineModel[]>(async (partIds) => groupBy(await repo.linesOfParts(partIds), partIds, (l) => l.storeOrderId)),
    authorizationByOrderId: new DataLoader<string, PaymentModel | undefined>(async (orderIds) =>
      // the latest authorization is the one that decides the order
      groupBy(await repo.authorizationsOfOrders(orderIds), orderIds, (p) => p.orderId).map((list) => list.at(-1)),
    ),
    transactionsByOrderId: new DataLoader<string, TransactionModel[]>(async (orderIds) => groupBy(await repo.transactionsOfOrders(orderIds), orderIds, (t) => t.orderId)),
    transactionsByStoreOrderId: new DataLoader<string, TransactionModel[]>(async (partIds) =>
      groupBy(await repo.transactionsOfParts(partIds), partIds, (t) => t.storeOrderId ?? ''),
    ),
    shipmentsByStoreOrderId: new DataLoader<string, ShipmentModel[]>(async (partIds) => groupBy(await repo.shipmentsOfParts(partIds), partIds, (s) => s.storeOrderId)),
    lineById: new DataLoader<string, OrderLineModel | undefined>(async (ids) => {
      const found = new Map((await repo.findLines(ids)).map((l) => [l.id, l]));
      return ids.map((id) => found.get(id));
    }),
  };
}

export type OrderLoaders = ReturnType<typeof createOrderLoaders>;

/** Reads for one caller: shoppers see their own orders, stores their own parts. */
export class OrderQueries {
  constructor(
    private readonly repo: OrderRepository,
    private readonly loaders: OrderLoaders,
    private readonly identity: Identity,
  ) {}

  async orders(first: number | null | undefined, after: string | null | undefined): Promise<Connection<OrderModel>> {
    const shopper = requireShopper(this.identity);
    const page = await this.repo.ordersOfShopper(shopper, pageRequest(first, after));
    page.items.forEach(({ node }) => this.loaders.orderById.prime(node.id, node));
    return toConnection(page);
  }

  async order(id: string): Promise<OrderModel | null> {
    const shopper = requireShopper(this.identity);
    const order = await this.loaders.orderById.load(id);
    return order && ownsOrder(order, shopper) ? order : null;
  }

  async storeOrders(first: number | null | undefined, after: string | null | undefined): Promise<Connection<StoreOrderModel>> {
    const storeId = requireStore(this.identity);
    const page = await this.repo.partsOfStore(storeId, pageRequest(first, after));
    return toConnection(page);
  }

  /** One of the calling store's parts, of an order that was placed; null otherwise. */
  async storeOrder(id: string): Promise<StoreOrderModel | null> {
    const storeId = requireStore(this.identity);
    const part = await this.loaders.storeOrderById.load(id);
    if (!part || part.storeId !== storeId) return null;
    const payment = await this.loaders.authorizationByOrderId.load(part.orderId);
    return payment && payment.status !== 'DECLINED' ? part : null;
  }

  /** An Order entity reference: only its shopper may see it. */
  async resolveOrder(id: string): Promise<OrderModel | null> {
    if (!this.isShopper()) return null;
    return this.order(id);
  }

  /** A StoreOrder entity reference: its store, or the shopper whose order it is part of. */
  async resolveStoreOrder(id: string): Promise<StoreOrderModel | null> {
    const part = await this.loaders.storeOrderById.load(id);
    if (!part) return null;
    if (this.identity.kind === 'STORE') return part.storeId === this.identity.storeId ? part : null;
    if (!this.isShopper()) return null;
    return (await this.order(part.orderId)) ? part : null;
  }

  parts(order: OrderModel): Promise<StoreOrderModel[]> {
    return this.loaders.partsByOrderId.load(order.id);
  }

  lines(part: StoreOrderModel): Promise<OrderLineModel[]> {
    return this.loaders.linesByStoreOrderId.load(part.id);
  }

  async payment(order: OrderModel): Promise<PaymentModel | null> {
    const payment = (await this.loaders.authorizationByOrderId.load(order.id)) ?? null;
    // GIFT CERTIFICATES: an order paid by gift certificates alone has no card payment to show
    return payment && payment.cardLast4 ? payment : null;
  }

  /** Every transaction of an order (the order itself is only resolved for its shopper). */
  transactions(order: OrderModel): Promise<TransactionModel[]> {
    return this.loaders.transactionsByOrderId.load(order.id);
  }

  /** Order.unpaidAmount: shipped, and its card payment ended DECLINED or FAILED (money-plan.ts `unpaidAmountOf`). */
  async unpaidAmount(order: OrderModel): Promise<Money> {
    const transactions = await this.loaders.transactionsByOrderId.load(order.id);
    return { amount: unpaidAmountOf(transactions.map((t) => ({ ...t, amount: t.amount.amount }))), currency: order.total.currency };
  }

  /**
   * FinancialTransaction.settledBy: for a shipment's card payment that ended DECLINED or FAILED, the
   * payment of the unpaid balance that paid its card part since (money-plan.ts `balanceSettlements`).
   */
  async settledBy(transaction: TransactionModel): Promise<string | null> {
    if (transaction.status !== 'DECLINED' && transaction.status !== 'FAILED') return null;
    const transactions = await this.loaders.transactionsByOrderId.load(transaction.orderId);
    return balanceSettlements(transactions).get(transaction.id) ?? null;
  }

  /** The transactions of one store part (its shipments' and returns'): what its store may see. */
  partTransactions(part: StoreOrderModel): Promise<TransactionModel[]> {
    return this.loaders.transactionsByStoreOrderId.load(part.id);
  }

  shipments(part: StoreOrderModel): Promise<ShipmentModel[]> {
    return this.loaders.shipmentsByStoreOrderId.load(part.id);
  }

  async shipmentLines(shipment: ShipmentModel): Promise<OrderLineModel[]> {
    const lines = await this.loaders.lineById.loadMany(shipment.lineIds);
    return lines.filter((l): l is OrderLineModel => l !== undefined && !(l instanceof Error));
  }

  private isShopper(): boolean {
    return (this.identity.kind === 'GUEST' || this.identity.kind === 'ACCOUNT') && Boolean(this.identity.sessionId);
  }
}

function groupBy<T>(items: T[], keys: readonly string[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const item of items) groups.get(keyOf(item))?.push(item);
  return keys.map((k) => groups.get(k) ?? []);
}

function toConnection<T>(page: Page<T>): Connection<T> {
  return { edges: page.items, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null } };
}
