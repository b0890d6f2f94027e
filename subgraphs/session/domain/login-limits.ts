import { createHash } from 'node:crypto';
import type { LoginSubject } from './ports.js';

export interface LoginLimit {
  /** Failures allowed within one window; the next attempt is refused. */
  maxFailures: number;
  windowMs: number;
}

export interface LoginLimits {
  /** Guessing one account's password. */
  perEmail: LoginLimit;
  /** One client trying many accounts (credential stuffing). */
  perIp: LoginLimit;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = Object.freeze({
  perEmail: { maxFailures: 10, windowMs: 15 * 60_000 },
  perIp: { maxFailures: 50, windowMs: 15 * 60_000 },
});

export interface LimitCounter extends LoginLimit {
  /** Counter key without the store prefix. */
  key: string;
  /** Which counter a success clears. */
  clearedOnSuccess: boolean;
}

/**
 * The counters one login attempt touches. Emails are hashed so the counter store does
 * not become a list of the addresses people log in with.
 */
export function loginCounters(subject: LoginSubject, limits: LoginLimits): LimitCounter[] {
  const emailHash = createHash('sha256').update(subject.email).digest('base64url');
  const counters: LimitCounter[] = [{ key: `email:${emailHash}`, clearedOnSuccess: true, ...limits.perEmail }];
  if (subject.clientIp) counters.push({ key: `ip:${subject.clientIp}`, clearedOnSuccess: false, ...limits.perIp });
  return counters;
}
