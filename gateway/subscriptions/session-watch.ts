import type { Logger } from '../../lib/logger.js';
import type { SessionResolver } from '../identity.js';

export interface SessionWatchOptions {
  token: string;
  clientIp?: string;
  /** When the session ends unless it is used (as the session service last said). */
  expiresAt?: Date;
  resolveSession: SessionResolver;
  /** Look again at least this often (default 15 s). */
  intervalMs: number;
  logger: Logger;
  /** The session is over: SESSION_EXPIRED, or SESSION_INVALID (logged out, rotated away). */
  onEnded: (code: 'SESSION_EXPIRED' | 'SESSION_INVALID', message: string) => void;
}

/** Slack after the reported expiry before looking, for clocks of different hosts. */
const EXPIRY_SLACK_MS = 50;
/** Never look more often than this, even when the expiry is past but the session is still live. */
const MIN_DELAY_MS = 250;

/**
 * Watches the session behind a long-lived connection: looks it up every `intervalMs`
 * and right after its reported expiry, without touching it — an open socket alone must
 * not keep a session alive, while the shopper's HTTP requests still slide it (and the
 * next look sees the new expiry). A session service that cannot answer is tried again
 * at the next tick rather than ending the shopper's subscriptions.
 */
export function watchSession(options: SessionWatchOptions): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let expiresAt = options.expiresAt;

  const schedule = () => {
    if (stopped) return;
    const now = Date.now();
    let delay = options.intervalMs;
    if (expiresAt) delay = Math.min(delay, Math.max(MIN_DELAY_MS, expiresAt.getTime() + EXPIRY_SLACK_MS - now));
    timer = setTimeout(check, delay);
    timer.unref();
  };

  const check = async () => {
    try {
      const resolved = await options.resolveSession(options.token, options.clientIp, { touch: false });
      if (stopped) return;
      if (!resolved.ok) {
        stopped = true;
        options.onEnded(resolved.code, resolved.message);
        return;
      }
      const next = resolved.expiresAt ? new Date(resolved.expiresAt) : undefined;
      expiresAt = next && !Number.isNaN(next.getTime()) ? next : undefined;
    } catch (error) {
      options.logger.warn({ err: error }, 'session re-check failed; trying again later');
    }
    schedule();
  };

  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
