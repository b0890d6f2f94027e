import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { idempotencyKeyProblem, requestHash, type IdempotencyRefusal } from '../../../lib/idempotency.js';
import { requireStore, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { outboxEmail } from '../../../lib/mail/outbox.js';
import type { OrderItemStatus, OrderStatus, ShipmentModel, StoreOrderModel, TransactionModel } from './model.js';
import { orderAuthorization, planAuthorizationVoid, planRefunds, planShipment } from './money-plan.js';
import { moneyTransactionOf, orderMoneyState, pendingTransaction } from './order-money-state.js';
import { checkTransitions, type IllegalTransitionError } from './order-states.js';
import { statusFromItems } from './order-status.js';
import { isUuid } from './pagination.js';
import type { FulfilmentRepository, FulfilmentTx, OrderRepository, OrderSnapshot } from './ports.js';

export type InvalidInputError = { __typename: 'InvalidInputError'; code: 'INVALID_INPUT'; message: string; field: string };
export type OrderNotFoundError = { __typename: 'OrderNotFoundError'; code: 'ORDER_NOT_FOUND'; message: string; id: string };
export type FulfilmentError = InvalidInputError | OrderNotFoundError | IllegalTransitionError | IdempotencyRefusal;

export type ShipItemsOutcome = (ShipmentModel & { __typename: 'Shipment' }) | FulfilmentError;
export type ReturnOutcome = { __typename: 'ReturnReceived'; storeOrder: StoreOrderModel; refund: TransactionModel | null; refunds: TransactionModel[] } | FulfilmentError;
export type VoidOutcome = { __typename: 'ItemsVoided'; storeOrder: StoreOrderModel } | FulfilmentError;

export interface ShipItemsCommand {
  storeOrderId: string;
  /** null/undefined: every line of the part still to be shipped */
  lineIds?: readonly string[] | null;
  carrier: string;
  trackingNumber: string;
  idempotencyKey: string;
}

export interface LinesCommand {
  storeOrderId: string;
  lineIds: readonly string[];
  idempotencyKey: string;
}

/** What a request stores under its idempotency key (and a repeat replays): ids, or the typed error. */
type Stored =
  | { ok: true; shipmentId?: string; storeOrderId: string; transactionIds: string[] }
  | { ok: false; error: Exclude<FulfilmentError, IdempotencyRefusal> };

export interface FulfilmentServiceDeps {
  fulfilment: FulfilmentRepository;
  orders: OrderRepository;
  clock: Clock;
  logger: Logger;
  feeBps: number;
  /** Called after a request created transaction rows: runs the money movement job now (best effort). */
  onMoneyToMove?: () => void;
}

const CARRIER_MAX = 100;
const TRACKING_MAX = 200;

/**
 * What stores do with their parts of orders: ship lines, receive returns, void lines they
 * cannot ship. Each request is all-or-nothing in ONE database transaction (under the
 * order's row lock): line statuses (order-states.ts), part and order statuses
 * (statusFromItems), the shipment, the financial transaction rows the domain rules call
 * for (money-plan.ts), the 'order-shipped' email, and its idempotency record — a repeat
 * with the same key and input gets the first result. Money moves afterwards, in
 * MoneyMovementJob (kicked at once). A store only sees and changes its own parts:
 * anything else is ORDER_NOT_FOUND.
 */
export class FulfilmentService {
  constructor(private readonly deps: FulfilmentServiceDeps) {}

  async shipItems(identity: Identity, command: ShipItemsCommand): Promise<ShipItemsOutcome> {
    const storeId = requireStore(identity);
    const carrier = command.carrier.trim();
    const trackingNumber = command.trackingNumber.trim();
    const lineIds = command.lineIds == null ? null : unique(command.lineIds);
    const invalid =
      this.commonProblem(command) ??
      (lineIds !== null && lineIds.length === 0 ? invalidInput('lineIds', 'List the lines to ship, or leave lineIds out to ship every line still to be shipped.') : null) ??
      (carrier.length === 0 || carrier.length > CARRIER_MAX ? invalidInput('carrier', `The carrier must be 1 to ${CARRIER_MAX} characters.`) : null) ??
      (trackingNumber.length === 0 || trackingNumber.length > TRACKING_MAX ? invalidInput('trackingNumber', `The tracking number must be 1 to ${TRACKING_MAX} characters.`) : null);
    if (invalid) return invalid;

    const hash = requestHash(['shipItems/v1', command.storeOrderId, lineIds ? [...lineIds].sort() : null, carrier, trackingNumber]);
    const stored = await this.run(storeId, 'shipItems', command.idempotencyKey, hash, (tx) => this.ship(tx, storeId, command.storeOrderId, lineIds, carrier, trackingNumber));
    if ('__typename' in stored) return stored;
    if (!stored.ok) return stored.error;
    const [shipment] = await this.deps.orders.findShipments([stored.shipmentId!]);
    if (!shipment) throw new Error(`stored shipment ${stored.shipmentId} is missing`);
    return { __typename: 'Shipment', ...shipment };
  }

  async receiveReturn(identity: Identity, command: LinesCommand): Promise<ReturnOutcome> {
    const storeId = requireStore(identity);
    const invalid = this.commonProblem(command) ?? this.linesProblem(command.lineIds, 'returned');
    if (invalid) return invalid;
    const lineIds = unique(command.lineIds);
    const hash = requestHash(['receiveReturn/v1', command.storeOrderId, [...lineIds].sort()]);
    const stored = await this.run(storeId, 'receiveReturn', command.idempotencyKey, hash, (tx) => this.receive(tx, storeId, command.storeOrderId, lineIds));
    if ('__typename' in stored) return stored;
    if (!stored.ok) return stored.error;
    const [storeOrder, refunds] = await Promise.all([this.part(stored.storeOrderId), this.deps.orders.findTransactions(stored.transactionIds)]);
    return { __typename: 'ReturnReceived', storeOrder, refund: refunds[0] ?? null, refunds };
  }

  async voidItems(identity: Identity, command: LinesCommand): Promise<VoidOutcome> {
    const storeId = requireStore(identity);
    const invalid = this.commonProblem(command) ?? this.linesProblem(command.lineIds, 'voided');
    if (invalid) return invalid;
    const lineIds = unique(command.lineIds);
    const hash = requestHash(['voidItems/v1', command.storeOrderId, [...lineIds].sort()]);
    const stored = await this.run(storeId, 'voidItems', command.idempotencyKey, hash, (tx) => this.void(tx, storeId, command.storeOrderId, lineIds));
    if ('__typename' in stored) return stored;
    if (!stored.ok) return stored.error;
    return { __typename: 'ItemsVoided', storeOrder: await this.part(stored.storeOrderId) };
  }

  // --- the work, inside the request's database transaction ---

  private async ship(tx: FulfilmentTx, storeId: string, storeOrderId: string, requested: string[] | null, carrier: string, trackingNumber: string): Promise<Stored> {
    const found = await this.lockOwnPart(tx, storeId, storeOrderId);
    if (!found.ok) return found;
    const { snapshot, part } = found;
    const partLines = snapshot.lines.filter((l) => l.storeOrderId === part.id);
    const lineIds = requested ?? partLines.filter((l) => l.status === 'TO_BE_SHIPPED').map((l) => l.id);
    if (lineIds.length === 0) return { ok: false, error: invalidInput('lineIds', 'No line of this store order is left to ship.') };
    const refused = this.checkLines(snapshot, part.id, lineIds, 'SHIPPED');
    if (refused) return { ok: false, error: refused };

    const now = this.deps.clock.now();
    const shipmentId = randomUUID();
    const state = this.moneyState(snapshot);
    const money = planShipment(state, { id: shipmentId, storeOrderId: part.id, lineIds }, randomUUID);
    await tx.recordShipment({
      id: shipmentId,
      storeOrderId: part.id,
      carrier,
      trackingNumber,
      lineIds,
      itemsAmount: money.itemsAmount,
      shippingAmount: money.shippingAmount,
      currency: snapshot.order.total.currency,
      shippedAt: now,
    });
    const after = await this.moveLines(tx, snapshot, lineIds, 'SHIPPED', now);
    const voids = planAuthorizationVoid({ ...state, lines: after, shipments: [...state.shipments, { id: shipmentId, storeOrderId: part.id, lineIds }], transactions: [...state.transactions, ...money.transactions.map(pendingTransaction)] }, randomUUID);
    const rows = [...money.transactions, ...voids];
    await tx.insertTransactions(snapshot.order.id, snapshot.order.total.currency, rows, now);

    if (snapshot.order.contactEmail) {
      const shipped = new Set(lineIds);
      await tx.enqueueEmail(
        outboxEmail(
          'order-shipped',
          snapshot.order.contactEmail,
          { orderId: snapshot.order.id, storeId, carrier, trackingNumber, lines: partLines.filter((l) => shipped.has(l.id)).map((l) => ({ name: l.name, quantity: l.quantity })) },
          `order-shipped:${shipmentId}`,
        ),
        now,
      );
    }
    this.deps.logger.info({ orderId: snapshot.order.id, storeOrderId: part.id, shipmentId, lines: lineIds.length, transactions: rows.map((r) => r.kind) }, 'items shipped');
    return { ok: true, shipmentId, storeOrderId: part.id, transactionIds: rows.map((r) => r.id) };
  }

  private async receive(tx: FulfilmentTx, storeId: string, storeOrderId: string, lineIds: string[]): Promise<Stored> {
    const found = await this.lockOwnPart(tx, storeId, storeOrderId);
    if (!found.ok) return found;
    const { snapshot, part } = found;
    const refused = this.checkLines(snapshot, part.id, lineIds, 'RECEIVED_BACK');
    if (refused) return { ok: false, error: refused };
    const now = this.deps.clock.now();
    const refunds = planRefunds(this.moneyState(snapshot), lineIds, randomUUID);
    await this.moveLines(tx, snapshot, lineIds, 'RECEIVED_BACK', now);
    await tx.insertTransactions(snapshot.order.id, snapshot.order.total.currency, refunds, now);
    this.deps.logger.info({ orderId: snapshot.order.id, storeOrderId: part.id, lines: lineIds.length, refunds: refunds.map((r) => r.amount) }, 'return received');
    return { ok: true, storeOrderId: part.id, transactionIds: refunds.map((r) => r.id) };
  }

  private async void(tx: FulfilmentTx, storeId: string, storeOrderId: string, lineIds: string[]): Promise<Stored> {
    const found = await this.lockOwnPart(tx, storeId, storeOrderId);
    if (!found.ok) return found;
    const { snapshot, part } = found;
    const refused = this.checkLines(snapshot, part.id, lineIds, 'VOID');
    if (refused) return { ok: false, error: refused };
    const now = this.deps.clock.now();
    // the store keeps its own stock: nothing goes back to it from here
    const after = await this.moveLines(tx, snapshot, lineIds, 'VOID', now);
    const voids = planAuthorizationVoid({ ...this.moneyState(snapshot), lines: after }, randomUUID);
    await tx.insertTransactions(snapshot.order.id, snapshot.order.total.currency, voids, now);
    this.deps.logger.info({ orderId: snapshot.order.id, storeOrderId: part.id, lines: lineIds.length, authorizationVoided: voids.length > 0 }, 'items voided');
    return { ok: true, storeOrderId: part.id, transactionIds: voids.map((r) => r.id) };
  }

  // --- helpers ---

  private async run(storeId: string, action: string, key: string, hash: string, work: (tx: FulfilmentTx) => Promise<Stored>): Promise<Stored | IdempotencyRefusal> {
    const outcome = await this.deps.fulfilment.idempotent({ scope: `store:${storeId}:${action}`, key, requestHash: hash }, work);
    if (outcome.kind === 'refused') return outcome.error;
    if (outcome.kind === 'ran' && outcome.response.ok && outcome.response.transactionIds.length > 0) this.deps.onMoneyToMove?.();
    return outcome.response;
  }

  /** The part, if it is the store's and its order was placed (authorized); the order stays locked. */
  private async lockOwnPart(tx: FulfilmentTx, storeId: string, storeOrderId: string): Promise<{ ok: true; snapshot: OrderSnapshot; part: StoreOrderModel } | { ok: false; error: OrderNotFoundError }> {
    const snapshot = await tx.lockOrderOfPart(storeOrderId);
    const part = snapshot?.parts.find((p) => p.id === storeOrderId);
    const placed = snapshot !== undefined && orderAuthorization({ transactions: snapshot.transactions.map(moneyTransactionOf) })?.status === 'SUCCEEDED';
    if (!snapshot || !part || part.storeId !== storeId || !placed) return { ok: false, error: orderNotFound(storeOrderId) };
    return { ok: true, snapshot, part };
  }

  private checkLines(snapshot: OrderSnapshot, partId: string, lineIds: readonly string[], to: OrderItemStatus): InvalidInputError | IllegalTransitionError | null {
    const byId = new Map(snapshot.lines.filter((l) => l.storeOrderId === partId).map((l) => [l.id, l]));
    const stranger = lineIds.find((id) => !byId.has(id));
    if (stranger !== undefined) return invalidInput('lineIds', `Line ${stranger} is not a line of this store order; nothing was changed.`);
    return checkTransitions(lineIds.map((id) => byId.get(id)!), to);
  }

  /** Moves the lines and writes the statuses they give the parts and the order; returns the lines as they are now. */
  private async moveLines(tx: FulfilmentTx, snapshot: OrderSnapshot, lineIds: readonly string[], to: OrderItemStatus, now: Date) {
    const moved = new Set(lineIds);
    await tx.setLineStatuses(lineIds, to);
    const lines = snapshot.lines.map((l) => (moved.has(l.id) ? { ...l, status: to } : l));
    const parts = new Map<string, OrderStatus>(snapshot.parts.map((p) => [p.id, statusFromItems(lines.filter((l) => l.storeOrderId === p.id).map((l) => l.status), 'AUTHORIZED')]));
    await tx.setStatuses(snapshot.order.id, statusFromItems(lines.map((l) => l.status), 'AUTHORIZED'), parts, now);
    return lines.map((l) => ({ id: l.id, storeOrderId: l.storeOrderId, status: l.status, lineTotal: l.lineTotal.amount }));
  }

  private moneyState(snapshot: OrderSnapshot) {
    return orderMoneyState(snapshot, this.deps.feeBps);
  }

  private async part(id: string): Promise<StoreOrderModel> {
    const [part] = await this.deps.orders.findStoreOrders([id]);
    if (!part) throw new Error(`store order ${id} is missing`);
    return part;
  }

  private commonProblem(command: { storeOrderId: string; idempotencyKey: string }): InvalidInputError | OrderNotFoundError | null {
    const keyProblem = idempotencyKeyProblem(command.idempotencyKey);
    if (keyProblem) return invalidInput('idempotencyKey', keyProblem);
    if (!isUuid(command.storeOrderId)) return orderNotFound(command.storeOrderId);
    return null;
  }

  private linesProblem(lineIds: readonly string[], what: string): InvalidInputError | null {
    return lineIds.length === 0 ? invalidInput('lineIds', `List the lines to be ${what}.`) : null;
  }
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function invalidInput(field: string, message: string): InvalidInputError {
  return { __typename: 'InvalidInputError', code: 'INVALID_INPUT', message, field };
}

function orderNotFound(id: string): OrderNotFoundError {
  return { __typename: 'OrderNotFoundError', code: 'ORDER_NOT_FOUND', message: `No store order ${id} belongs to this store.`, id };
}
