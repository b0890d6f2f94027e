import type { EventBus } from '../../../lib/event-bus.js';
import type { Logger } from '../../../lib/logger.js';
import type { AvailabilityEvent, CartEvent, CartMarkerType, TicketEventPublisher, TicketEventSource, TicketEventType } from '../domain/ports.js';

/** The channel of one cart's events (by cart id: a guest's session id, or `account:<accountId>`). */
export const cartChannel = (cartId: string) => `cart:${cartId}`;
/** The channel of one store's availability changes. */
export const availabilityChannel = (storeId: string) => `store:${storeId}:availability`;

/** Wire shapes (JSON): dates are ISO strings. Other services may subscribe to these channels. */
export interface CartEventMessage {
  type: TicketEventType | CartMarkerType;
  sequence: number;
  occurredAt: string;
  ticketId: string;
  secondsLeft?: number;
}

export interface AvailabilityMessage {
  storeId: string;
  sku: string;
  occurredAt: string;
}

const EVENT_TYPES = new Set<string>(['HELD', 'QUANTITY_CHANGED', 'EXPIRING', 'EXPIRED', 'RELEASED', 'PURCHASED', 'CART_CHANGED']);

function isCartMessage(m: unknown): m is CartEventMessage {
  const r = m as Partial<CartEventMessage> | null;
  return (
    typeof r === 'object' && r !== null && EVENT_TYPES.has(r.type as string) && Number.isInteger(r.sequence) &&
    typeof r.ticketId === 'string' && typeof r.occurredAt === 'string' && !Number.isNaN(Date.parse(r.occurredAt)) &&
    (r.secondsLeft === undefined || Number.isInteger(r.secondsLeft))
  );
}

function isAvailabilityMessage(m: unknown): m is AvailabilityMessage {
  const r = m as Partial<AvailabilityMessage> | null;
  return typeof r === 'object' && r !== null && typeof r.storeId === 'string' && typeof r.sku === 'string' && typeof r.occurredAt === 'string' && !Number.isNaN(Date.parse(r.occurredAt));
}

/** Ticket events over an EventBus (Redis across replicas, in-memory in one process). */
export class EventBusTicketEvents implements TicketEventPublisher, TicketEventSource {
  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  async publishCart(event: CartEvent): Promise<void> {
    const message: CartEventMessage = { type: event.type, sequence: event.sequence, occurredAt: event.occurredAt.toISOString(), ticketId: event.ticketId };
    if (event.secondsLeft !== undefined) message.secondsLeft = event.secondsLeft;
    await this.bus.publish(cartChannel(event.cartId), message);
  }

  async publishAvailability(event: AvailabilityEvent): Promise<void> {
    const message: AvailabilityMessage = { storeId: event.storeId, sku: event.sku, occurredAt: event.occurredAt.toISOString() };
    await this.bus.publish(availabilityChannel(event.storeId), message);
  }

  subscribeCart(cartId: string, onEvent: (event: CartEvent) => void): Promise<() => Promise<void>> {
    return this.bus.subscribe(cartChannel(cartId), (message) => {
      if (!isCartMessage(message)) return this.logger.warn({ cartId, message }, 'malformed cart event dropped');
      onEvent({ ...message, cartId, occurredAt: new Date(message.occurredAt) });
    });
  }

  subscribeAvailability(storeId: string, onEvent: (event: AvailabilityEvent) => void): Promise<() => Promise<void>> {
    return this.bus.subscribe(availabilityChannel(storeId), (message) => {
      // a message for another store on this channel would be a bug upstream: never pass it on
      if (!isAvailabilityMessage(message) || message.storeId !== storeId) return this.logger.warn({ storeId, message }, 'malformed availability event dropped');
      onEvent({ storeId: message.storeId, sku: message.sku, occurredAt: new Date(message.occurredAt) });
    });
  }
}
