import type { FormattedExecutionResult } from 'graphql';
import type { UpstreamPayload } from './execute.js';
import type { UpstreamFailure, UpstreamSink } from './upstream.js';

/**
 * One event of a shared upstream stream. Subscribers running the same operation with
 * the same variables resolve it once: the first to get there starts the execution, the
 * others await the same result.
 */
export class StreamEvent {
  private readonly results = new Map<string, Promise<FormattedExecutionResult>>();
  constructor(readonly payload: UpstreamPayload) {}

  resultFor(key: string, execute: () => Promise<FormattedExecutionResult>): Promise<FormattedExecutionResult> {
    let result = this.results.get(key);
    if (!result) {
      result = execute();
      this.results.set(key, result);
    }
    return result;
  }
}

/** What a shared stream delivers to each of its subscribers; none of it may block. */
export interface StreamSubscriber {
  deliver(event: StreamEvent): void;
  /** The upstream ended: completed (no failure) or failed. */
  end(failure?: UpstreamFailure): void;
}

interface SharedStream {
  subscribers: Set<StreamSubscriber>;
  stop: () => void;
}

/**
 * Identical upstream subscriptions (same subgraph, operation text, variables and
 * caller) share one upstream stream, fanned out to every subscriber; the stream stops
 * when its last subscriber leaves. Delivery only enqueues, so one slow subscriber can
 * never hold up the others or the upstream.
 */
export class SharedStreams {
  private readonly streams = new Map<string, SharedStream>();
  private subscriberCount = 0;

  get size(): number {
    return this.streams.size;
  }

  get subscribers(): number {
    return this.subscriberCount;
  }

  /**
   * Adds `subscriber` to the stream `key`, opening it with `open` when it is the first.
   * Returns `leave`, safe to call more than once.
   */
  join(key: string, open: (sink: UpstreamSink) => () => void, subscriber: StreamSubscriber): () => void {
    let stream = this.streams.get(key);
    if (!stream) {
      const created: SharedStream = { subscribers: new Set(), stop: () => {} };
      this.streams.set(key, created);
      const ended = (failure?: UpstreamFailure) => {
        if (this.streams.get(key) === created) this.streams.delete(key);
        const subscribers = [...created.subscribers];
        created.subscribers.clear();
        this.subscriberCount -= subscribers.length;
        for (const s of subscribers) s.end(failure);
      };
      stream = created;
      created.subscribers.add(subscriber);
      this.subscriberCount++;
      created.stop = open({
        next: (payload) => {
          const event = new StreamEvent(payload);
          for (const s of [...created.subscribers]) s.deliver(event);
        },
        complete: () => ended(),
        error: (failure) => ended(failure),
      });
    } else {
      stream.subscribers.add(subscriber);
      this.subscriberCount++;
    }

    const joined = stream;
    return () => {
      if (!joined.subscribers.delete(subscriber)) return;
      this.subscriberCount--;
      if (joined.subscribers.size > 0) return;
      if (this.streams.get(key) === joined) this.streams.delete(key);
      joined.stop();
    };
  }
}
