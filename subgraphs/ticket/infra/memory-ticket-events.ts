import type { TicketEvent, TicketEventPublisher } from '../domain/ports.js';

/** Drops every event: the default until a transport (Redis) is plugged in. */
export const noopTicketEvents: TicketEventPublisher = { publish() {} };

/** Keeps events in memory and tells in-process listeners (tests, single-process runs). */
export class InMemoryTicketEventPublisher implements TicketEventPublisher {
  readonly events: TicketEvent[] = [];
  private readonly listeners = new Set<(event: TicketEvent) => void>();

  publish(event: TicketEvent): void {
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` for every later event; returns the unsubscribe function. */
  subscribe(listener: (event: TicketEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
