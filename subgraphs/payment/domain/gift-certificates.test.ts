import { describe, expect, it } from 'vitest';
import {
  assertGiftClaimLimits,
  claimLockoutMs,
  DEFAULT_GIFT_CLAIM_LIMITS,
  exchangeRunTotalOf,
  giftClaimCounters,
  giftCertificateState,
  giftCodeHash,
  newGiftCode,
  normalizeGiftCode,
  planGiftCredits,
  planGiftDebits,
  type HeldGift,
  type SpendableCertificate,
} from './gift-certificates.js';

const NOW = new Date('2030-06-01T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

function cert(id: string, balance: number, expiresInDays: number, extra: Partial<SpendableCertificate> = {}): SpendableCertificate {
  return { id, currency: 'USD', balance, expiresAt: days(expiresInDays), state: 'ACTIVE', createdAt: days(-30), ...extra };
}

describe('spending a gift balance (planGiftDebits)', () => {
  it('takes the soonest-expiring certificate first, whatever order they come in', () => {
    const plan = planGiftDebits([cert('late', 5000, 300), cert('soon', 2000, 10), cert('middle', 3000, 60)], { currency: 'USD', upTo: 4000, now: NOW });
    expect(plan).toEqual({ applied: 4000, debits: [{ certificateId: 'soon', amount: 2000 }, { certificateId: 'middle', amount: 2000 }] });
  });

  it('keeps the remainder on the certificate it stopped at and leaves the later ones untouched', () => {
    const plan = planGiftDebits([cert('a', 2000, 10), cert('b', 3000, 20)], { currency: 'USD', upTo: 2500, now: NOW });
    expect(plan.debits).toEqual([{ certificateId: 'a', amount: 2000 }, { certificateId: 'b', amount: 500 }]);
  });

  it('applies at most the balance: the rest is for the card', () => {
    const plan = planGiftDebits([cert('a', 700, 10), cert('b', 300, 20)], { currency: 'USD', upTo: 5000, now: NOW });
    expect(plan).toEqual({ applied: 1000, debits: [{ certificateId: 'a', amount: 700 }, { certificateId: 'b', amount: 300 }] });
  });

  it('ignores certificates of other currencies', () => {
    const plan = planGiftDebits([cert('eur', 9000, 1, { currency: 'EUR' }), cert('usd', 1000, 100)], { currency: 'USD', upTo: 1500, now: NOW });
    expect(plan).toEqual({ applied: 1000, debits: [{ certificateId: 'usd', amount: 1000 }] });
  });

  it('skips expired (at the very instant too), unclaimed and empty certificates', () => {
    const plan = planGiftDebits(
      [
        cert('expired', 5000, -1),
        cert('expires-now', 5000, 0),
        cert('unclaimed', 5000, 5, { state: 'UNCLAIMED' }),
        cert('marked-expired', 5000, 5, { state: 'EXPIRED' }),
        cert('empty', 0, 5),
        cert('ok', 800, 50),
      ],
      { currency: 'USD', upTo: 2000, now: NOW },
    );
    expect(plan).toEqual({ applied: 800, debits: [{ certificateId: 'ok', amount: 800 }] });
  });

  it('ties on expiry go to the oldest certificate, then by id', () => {
    const same = days(30);
    const plan = planGiftDebits(
      [
        { ...cert('b', 100, 0), expiresAt: same, createdAt: days(-1) },
        { ...cert('c', 100, 0), expiresAt: same, createdAt: days(-5) },
        { ...cert('a', 100, 0), expiresAt: same, createdAt: days(-1) },
      ],
      { currency: 'USD', upTo: 300, now: NOW },
    );
    expect(plan.debits.map((d) => d.certificateId)).toEqual(['c', 'a', 'b']);
  });

  it('nothing to pay takes nothing', () => {
    expect(planGiftDebits([cert('a', 100, 10)], { currency: 'USD', upTo: 0, now: NOW })).toEqual({ applied: 0, debits: [] });
    expect(() => planGiftDebits([], { currency: 'USD', upTo: -1, now: NOW })).toThrow(RangeError);
  });
});

describe('giving back to a gift balance (planGiftCredits)', () => {
  const held = (certificateId: string, outstanding: number, expiresInDays: number): HeldGift => ({ certificateId, outstanding, expiresAt: days(expiresInDays), createdAt: days(-30) });

  it('goes back to the certificates that paid, the latest-expiring first, each at most what it paid', () => {
    expect(planGiftCredits([held('soon', 2000, 10), held('late', 1500, 200)], 2500, NOW)).toEqual([
      { certificateId: 'late', amount: 1500, reissue: false },
      { certificateId: 'soon', amount: 1000, reissue: false },
    ]);
  });

  it('the share of a certificate that has expired meanwhile is re-issued', () => {
    expect(planGiftCredits([held('gone', 2000, -1), held('live', 500, 30)], 1200, NOW)).toEqual([
      { certificateId: 'live', amount: 500, reissue: false },
      { certificateId: 'gone', amount: 700, reissue: true },
    ]);
  });

  it('never gives back more than the certificates paid for the order', () => {
    expect(() => planGiftCredits([held('a', 100, 10)], 101, NOW)).toThrow(/cannot give back 101/);
    expect(planGiftCredits([held('a', 100, 10), held('spent-back', 0, 20)], 0, NOW)).toEqual([]);
  });
});

describe('gift certificate codes and states', () => {
  it('a new code is 16 characters of Crockford base32 in groups of four, and normalizes to itself', () => {
    const code = newGiftCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(normalizeGiftCode(code)).toBe(code.replace(/-/g, ''));
    expect(new Set(Array.from({ length: 50 }, newGiftCode)).size).toBe(50);
  });

  it('typing is forgiving: case, spaces, dashes, O for 0, I and L for 1', () => {
    expect(normalizeGiftCode(' abcd-efgh jkmn-pq01 ')).toBe('ABCDEFGHJKMNPQ01');
    expect(normalizeGiftCode('ABCD EFGH JKMN PQOI')).toBe('ABCDEFGHJKMNPQ01');
    expect(normalizeGiftCode('abcdefghjkmnpqol')).toBe('ABCDEFGHJKMNPQ01');
    expect(giftCodeHash(normalizeGiftCode('abcd-efgh-jkmn-pq01')!)).toBe(giftCodeHash('ABCDEFGHJKMNPQ01'));
  });

  it('anything else is no code at all', () => {
    for (const bad of ['', 'ABCD-EFGH-JKMN', 'ABCD-EFGH-JKMN-PQ01-X', 'ABCD-EFGH-JKMN-PQ0U', 'ABCD_EFGH_JKMN_PQ01', 'x'.repeat(100)]) expect(normalizeGiftCode(bad), bad).toBeNull();
  });

  it('the stored hash is a sha256, never the code', () => {
    const hash = giftCodeHash('ABCDEFGHJKMNPQ01');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('ABCD');
  });

  it('the state shown: expiry wins, then unclaimed, then spent', () => {
    expect(giftCertificateState({ state: 'ACTIVE', balance: 10, expiresAt: days(1) }, NOW)).toBe('ACTIVE');
    expect(giftCertificateState({ state: 'ACTIVE', balance: 0, expiresAt: days(1) }, NOW)).toBe('SPENT');
    expect(giftCertificateState({ state: 'UNCLAIMED', balance: 10, expiresAt: days(1) }, NOW)).toBe('UNCLAIMED');
    expect(giftCertificateState({ state: 'UNCLAIMED', balance: 10, expiresAt: days(0) }, NOW)).toBe('EXPIRED');
    expect(giftCertificateState({ state: 'ACTIVE', balance: 10, expiresAt: days(-1) }, NOW)).toBe('EXPIRED');
  });

  it('gift certificates pay only what the exchange collects (not the parts stores collect themselves)', () => {
    expect(exchangeRunTotalOf([{ subtotal: 1000, shipping: 300 }, { subtotal: 2000, shipping: 0, paidBy: 'STORE' }, { subtotal: 500, shipping: 100, paidBy: 'EXCHANGE' }])).toBe(1900);
  });
});

describe('claim rate limits', () => {
  it('a claim counts against its account and, when known, its client IP (5 refusals per 15 minutes each by default)', () => {
    expect(giftClaimCounters('acc-1', '203.0.113.5')).toEqual([
      { subject: 'account:acc-1', maxFailures: 5, windowMs: 15 * 60_000 },
      { subject: 'ip:203.0.113.5', maxFailures: 5, windowMs: 15 * 60_000 },
    ]);
    expect(giftClaimCounters('acc-1', undefined).map((c) => c.subject)).toEqual(['account:acc-1']);
    expect(giftClaimCounters('acc-1', '  ').map((c) => c.subject)).toEqual(['account:acc-1']);
    expect(assertGiftClaimLimits(DEFAULT_GIFT_CLAIM_LIMITS)).toBe(DEFAULT_GIFT_CLAIM_LIMITS);
    expect(() => assertGiftClaimLimits({ ...DEFAULT_GIFT_CLAIM_LIMITS, perIp: { maxFailures: 5, windowMs: 0 } })).toThrow(/perIp/);
  });

  it('locked out until the oldest of the last maxFailures refusals leaves the window', () => {
    const limit = { maxFailures: 3, windowMs: 60_000 };
    const at = (secondsAgo: number) => new Date(NOW.getTime() - secondsAgo * 1000);
    expect(claimLockoutMs(limit, [], NOW)).toBe(0);
    expect(claimLockoutMs(limit, [at(1), at(2)], NOW)).toBe(0);
    // newest first: the third newest (50 s ago) leaves the window in 10 s
    expect(claimLockoutMs(limit, [at(1), at(2), at(50)], NOW)).toBe(10_000);
    expect(claimLockoutMs(limit, [at(1), at(2), at(50), at(55)], NOW)).toBe(10_000);
  });
});
