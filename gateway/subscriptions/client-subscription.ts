import type { FormattedExecutionResult } from 'graphql';
import type { StreamEvent, StreamSubscriber } from './fanout.js';
import type { UpstreamFailure } from './upstream.js';

export interface ClientSubscriptionOptions {
  /** Events waiting to be resolved and sent; one more is an overflow. */
  maxQueue: number;
  /** Resolves one event for this client (the rest of the plan). */
  resolve: (event: StreamEvent) => Promise<FormattedExecutionResult>;
  /** The last result sent when the upstream fails (the error the client must see). */
  failureResult: (failure: UpstreamFailure) => FormattedExecutionResult;
  /** Extra congestion signal (the socket's own buffer); checked on every delivery. */
  congested?: () => boolean;
  /** The client cannot keep up: its owner cuts it off. */
  onOverflow: () => void;
  /** Called once when the subscription is over, however it ended. */
  onClose: () => void;
}

type Queued = { kind: 'event'; event: StreamEvent } | { kind: 'final'; result: FormattedExecutionResult };

/**
 * One client's subscription: a bounded queue between the shared upstream stream and the
 * client's socket, read by graphql-ws one result at a time. Events are resolved in
 * arrival order, one after another, so a client sees them in order; an overflowing
 * queue is reported instead of growing.
 */
export class ClientSubscription implements StreamSubscriber, AsyncIterableIterator<FormattedExecutionResult> {
  private readonly queue: Queued[] = [];
  private ended = false;
  private closed = false;
  private wake?: () => void;

  constructor(private readonly options: ClientSubscriptionOptions) {}

  get queued(): number {
    return this.queue.length;
  }

  deliver(event: StreamEvent): void {
    if (this.ended) return;
    if (this.queue.length >= this.options.maxQueue || this.options.congested?.()) {
      this.options.onOverflow();
      return;
    }
    this.queue.push({ kind: 'event', event });
    this.notify();
  }

  /** The upstream ended: what is queued is still sent, then the failure (if any), then complete. */
  end(failure?: UpstreamFailure): void {
    this.finish(failure ? this.options.failureResult(failure) : undefined);
  }

  /** Ends after what is queued, with `result` as the last message. */
  finish(result?: FormattedExecutionResult): void {
    if (this.ended) return;
    this.ended = true;
    if (result) this.queue.push({ kind: 'final', result });
    this.notify();
  }

  /** Ends now, dropping what is queued (cut off, connection gone). */
  abort(): void {
    this.ended = true;
    this.queue.length = 0;
    this.notify();
    this.close();
  }

  async next(): Promise<IteratorResult<FormattedExecutionResult>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      const item = this.queue.shift();
      if (item) {
        if (item.kind === 'final') {
          this.ended = true;
          return { done: false, value: item.result };
        }
        return { done: false, value: await this.options.resolve(item.event) };
      }
      if (this.ended) {
        this.close();
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<FormattedExecutionResult>> {
    this.ended = true;
    this.queue.length = 0;
    this.close();
    this.notify();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onClose();
  }
}
