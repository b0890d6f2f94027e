import type { FormattedExecutionResult } from 'graphql';
import WebSocket from 'ws';
import type { Identity } from '../../lib/identity.js';
import type { ClientSubscription } from './client-subscription.js';

/** Close codes the gateway's subscription endpoint uses (reasons start with the error code). */
export const CLOSE_CODES = {
  /** Bad credentials at connection, or the session ended while connected (graphql-ws clients do not retry it). */
  UNAUTHORIZED: 4401,
  /** The client did not read its events fast enough. */
  SLOW_CONSUMER: 4008,
  /** The session service could not be asked at connection: try again. */
  TRY_AGAIN_LATER: 1013,
  GOING_AWAY: 1001,
} as const;

/** A WebSocket close reason may hold at most 123 bytes. */
export function closeReason(code: string, message: string): string {
  const text = `${code}: ${message}`;
  if (Buffer.byteLength(text) <= 123) return text;
  let cut = text.slice(0, 120);
  while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/**
 * One authenticated graphql-ws connection: the caller resolved at connection, its live
 * subscriptions, and how it ends (cut off, or its session over).
 */
export class SocketConnection {
  readonly subscriptions = new Set<ClientSubscription>();
  /** Set once the session is over: later operations on this socket are refused with it. */
  ended?: { code: 'SESSION_EXPIRED' | 'SESSION_INVALID'; message: string };
  stopWatching: () => void = () => {};
  private cut = false;

  constructor(
    readonly socket: WebSocket,
    readonly identity: Identity,
    private readonly closeGraceMs: number,
  ) {}

  /**
   * Ends every subscription at once and closes the socket with `code`; a peer that does
   * not complete the closing handshake within the grace period is dropped.
   */
  cutOff(code: number, reason: string): void {
    if (this.cut) return;
    this.cut = true;
    this.stopWatching();
    for (const subscription of [...this.subscriptions]) subscription.abort();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), this.closeGraceMs).unref();
  }

  /**
   * The session is over: each subscription sends its queued events, then the error, then
   * completes; the socket is closed after the grace period (a graphql-ws client does
   * not reconnect with a dead token).
   */
  endSession(code: 'SESSION_EXPIRED' | 'SESSION_INVALID', message: string): void {
    if (this.ended || this.cut) return;
    this.ended = { code, message };
    const result: FormattedExecutionResult = { errors: [{ message, extensions: { code } }] };
    for (const subscription of [...this.subscriptions]) subscription.finish(result);
    setTimeout(() => this.cutOff(CLOSE_CODES.UNAUTHORIZED, closeReason(code, message)), this.closeGraceMs).unref();
  }

  /** The socket closed: nothing more can be sent. */
  dispose(): void {
    this.cut = true;
    this.stopWatching();
    for (const subscription of [...this.subscriptions]) subscription.abort();
  }
}
