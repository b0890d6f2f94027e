import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_EXCHANGE_FEES,
  ACCOUNT_GIFT_CERTIFICATE_BREAKAGE,
  ACCOUNT_GIFT_CERTIFICATES,
  ACCOUNT_PROMOTIONAL_GIFT_CERTIFICATES,
  ACCOUNT_PROVIDER_CLEARING,
  allocateProportionally,
  assertBalanced,
  captureJournal,
  feeReceivableAccount,
  giftCertificateExpiredJournal,
  giftCertificateIssuedJournal,
  giftCertificateSoldJournal,
  payoutJournal,
  proportionalFee,
  refundJournal,
  storeCollectedJournal,
  storePayableAccount,
  storeRefundedJournal,
  UnbalancedJournalError,
  type JournalDraft,
} from './ledger.js';
import { DEFAULT_FEE_BPS, exchangeFee } from './order-split.js';

const sumPerCurrency = (d: JournalDraft) => {
  const sums: Record<string, number> = {};
  for (const l of d.lines) sums[l.currency] = (sums[l.currency] ?? 0) + l.amount;
  return sums;
};
const line = (d: JournalDraft, account: string) => d.lines.find((l) => l.account === account)?.amount;

describe('account names', () => {
  it('follow the fixed scheme', () => {
    expect(storePayableAccount('store-a')).toBe('liability:store-payable:store-a');
    expect(feeReceivableAccount('store-a')).toBe('asset:fee-receivable:store-a');
    expect(ACCOUNT_PROVIDER_CLEARING).toBe('asset:provider-clearing');
    expect(ACCOUNT_EXCHANGE_FEES).toBe('revenue:exchange-fees');
    expect(ACCOUNT_GIFT_CERTIFICATES).toBe('liability:gift-certificates');
    expect(ACCOUNT_PROMOTIONAL_GIFT_CERTIFICATES).toBe('expense:promotional-gift-certificates');
    expect(ACCOUNT_GIFT_CERTIFICATE_BREAKAGE).toBe('revenue:gift-certificate-breakage');
    expect(() => storePayableAccount('')).toThrow(UnbalancedJournalError);
    expect(() => storePayableAccount('a b')).toThrow(UnbalancedJournalError);
  });
});

describe('captureJournal', () => {
  it('debits the card and gift certificates, credits each store its gross less fee and the exchange its fees', () => {
    const d = captureJournal({
      reference: 'cap-1',
      currency: 'USD',
      cardAmount: 9000,
      giftCertificateAmount: 1000,
      parts: [
        { storeId: 'store-a', gross: 4000, fee: 200 },
        { storeId: 'store-b', gross: 6000, fee: 300 },
      ],
    });
    expect(d.kind).toBe('CAPTURE');
    expect(d.reference).toBe('cap-1');
    expect(d.lines).toEqual([
      { account: ACCOUNT_PROVIDER_CLEARING, amount: 9000, currency: 'USD' },
      { account: ACCOUNT_GIFT_CERTIFICATES, amount: 1000, currency: 'USD' },
      { account: 'liability:store-payable:store-a', amount: -3800, currency: 'USD' },
      { account: 'liability:store-payable:store-b', amount: -5700, currency: 'USD' },
      { account: ACCOUNT_EXCHANGE_FEES, amount: -500, currency: 'USD' },
    ]);
    expect(sumPerCurrency(d)).toEqual({ USD: 0 });
  });

  it('balances when per-store fees are rounded (5% of odd amounts)', () => {
    const grosses = [333, 1999, 7, 10_001];
    const parts = grosses.map((gross, i) => ({ storeId: `s${i}`, gross, fee: exchangeFee(gross, DEFAULT_FEE_BPS) }));
    expect(parts.map((p) => p.fee)).toEqual([17, 100, 0, 500]);
    const total = grosses.reduce((s, g) => s + g, 0);
    const d = captureJournal({ reference: 'cap-round', currency: 'USD', cardAmount: total, parts });
    expect(sumPerCurrency(d)).toEqual({ USD: 0 });
    expect(line(d, ACCOUNT_EXCHANGE_FEES)).toBe(-617);
    expect(line(d, 'liability:store-payable:s2')).toBe(-7);
    assertBalanced(d);
  });

  it('merges two parts of one store and drops zero lines (no gift certificate, zero fee)', () => {
    const d = captureJournal({
      reference: 'cap-2',
      currency: 'EUR',
      cardAmount: 300,
      parts: [
        { storeId: 'store-eu', gross: 100, fee: 0 },
        { storeId: 'store-eu', gross: 200, fee: 0 },
      ],
    });
    expect(d.lines).toEqual([
      { account: ACCOUNT_PROVIDER_CLEARING, amount: 300, currency: 'EUR' },
      { account: 'liability:store-payable:store-eu', amount: -300, currency: 'EUR' },
    ]);
  });

  it('pays wholly by gift certificate', () => {
    const d = captureJournal({ reference: 'cap-gift', currency: 'USD', cardAmount: 0, giftCertificateAmount: 500, parts: [{ storeId: 'a', gross: 500, fee: 25 }] });
    expect(line(d, ACCOUNT_PROVIDER_CLEARING)).toBeUndefined();
    expect(line(d, ACCOUNT_GIFT_CERTIFICATES)).toBe(500);
    expect(sumPerCurrency(d)).toEqual({ USD: 0 });
  });

  it('is empty (but valid) for a capture of free items', () => {
    const d = captureJournal({ reference: 'cap-free', currency: 'USD', cardAmount: 0, parts: [{ storeId: 'a', gross: 0, fee: 0 }] });
    expect(d.lines).toEqual([]);
    assertBalanced(d);
  });

  it('refuses input that does not balance or is not money', () => {
    const parts = [{ storeId: 'a', gross: 1000, fee: 50 }];
    expect(() => captureJournal({ reference: 'x', currency: 'USD', cardAmount: 999, parts })).toThrow(UnbalancedJournalError);
    expect(() => captureJournal({ reference: 'x', currency: 'USD', cardAmount: 900, giftCertificateAmount: 200, parts })).toThrow(/≠ Σ gross 1000/);
    expect(() => captureJournal({ reference: 'x', currency: 'USD', cardAmount: 1000.5, parts })).toThrow(/integer/);
    expect(() => captureJournal({ reference: 'x', currency: 'USD', cardAmount: -1, giftCertificateAmount: 1001, parts })).toThrow(/non-negative/);
    expect(() => captureJournal({ reference: 'x', currency: 'USD', cardAmount: 1000, parts: [{ storeId: 'a', gross: 1000, fee: 1001 }] })).toThrow(/exceeds its gross/);
    expect(() => captureJournal({ reference: 'x', currency: 'usd', cardAmount: 1000, parts })).toThrow(/currency/);
    expect(() => captureJournal({ reference: ' ', currency: 'USD', cardAmount: 1000, parts })).toThrow(/reference/);
  });
});

describe('refundJournal', () => {
  it('reverses a capture exactly', () => {
    const input = { reference: 'r-1', currency: 'USD', parts: [{ storeId: 'a', gross: 4000, fee: 200 }, { storeId: 'b', gross: 6000, fee: 300 }] };
    const capture = captureJournal({ ...input, cardAmount: 9000, giftCertificateAmount: 1000 });
    const refund = refundJournal({ ...input, toCard: 9000, toGiftCertificates: 1000 });
    expect(refund.kind).toBe('REFUND');
    const net = new Map<string, number>();
    for (const l of [...capture.lines, ...refund.lines]) net.set(l.account, (net.get(l.account) ?? 0) + l.amount);
    expect([...net.values()].every((v) => v === 0)).toBe(true);
    expect(line(refund, ACCOUNT_PROVIDER_CLEARING)).toBe(-9000);
    expect(line(refund, 'liability:store-payable:a')).toBe(3800);
    expect(line(refund, ACCOUNT_EXCHANGE_FEES)).toBe(500);
  });

  it('balances a partial refund whose fee is split proportionally', () => {
    // captured 1999 with fee 100; refund 3 of 7 equal items
    const refundGross = 857;
    const fee = proportionalFee(100, 1999, refundGross);
    expect(fee).toBe(43);
    const d = refundJournal({ reference: 'r-2', currency: 'USD', toCard: refundGross, parts: [{ storeId: 'a', gross: refundGross, fee }] });
    expect(sumPerCurrency(d)).toEqual({ USD: 0 });
    expect(line(d, 'liability:store-payable:a')).toBe(814);
  });

  it('refuses a refund that does not add up', () => {
    expect(() => refundJournal({ reference: 'r', currency: 'USD', toCard: 10, parts: [{ storeId: 'a', gross: 11, fee: 0 }] })).toThrow(UnbalancedJournalError);
    expect(() => refundJournal({ reference: 'r', currency: 'USD', toCard: 10, toGiftCertificates: 2, parts: [{ storeId: 'a', gross: 11, fee: 0 }] })).toThrow(UnbalancedJournalError);
  });
});

describe('payoutJournal', () => {
  it('debits the store payable and credits provider clearing', () => {
    const d = payoutJournal({ reference: 'p-1', storeId: 'a', amount: 3800, currency: 'USD' });
    expect(d).toEqual({
      kind: 'PAYOUT',
      reference: 'p-1',
      lines: [
        { account: 'liability:store-payable:a', amount: 3800, currency: 'USD' },
        { account: ACCOUNT_PROVIDER_CLEARING, amount: -3800, currency: 'USD' },
      ],
    });
  });

  it('refuses zero, negative and fractional payouts', () => {
    for (const amount of [0, -1, 1.5]) expect(() => payoutJournal({ reference: 'p', storeId: 'a', amount, currency: 'USD' })).toThrow(UnbalancedJournalError);
  });
});

describe('gift certificate journals', () => {
  it('sold: card money in, gift liability up', () => {
    const d = giftCertificateSoldJournal({ reference: 'gc-1', currency: 'USD', amount: 2500 });
    expect(d.kind).toBe('GIFT_CERTIFICATE_SOLD');
    expect(line(d, ACCOUNT_PROVIDER_CLEARING)).toBe(2500);
    expect(line(d, ACCOUNT_GIFT_CERTIFICATES)).toBe(-2500);
  });

  it('issued: promotional expense, gift liability up', () => {
    const d = giftCertificateIssuedJournal({ reference: 'gc-2', currency: 'USD', amount: 1000, memo: 'apology' });
    expect(d.kind).toBe('GIFT_CERTIFICATE_ISSUED');
    expect(d.memo).toBe('apology');
    expect(line(d, ACCOUNT_PROMOTIONAL_GIFT_CERTIFICATES)).toBe(1000);
    expect(line(d, ACCOUNT_GIFT_CERTIFICATES)).toBe(-1000);
  });

  it('expired: what was left leaves the gift liability for breakage revenue (reference: the certificate)', () => {
    const d = giftCertificateExpiredJournal({ reference: 'cert-1', currency: 'EUR', amount: 730 });
    expect(d).toEqual({
      kind: 'GIFT_CERTIFICATE_EXPIRED',
      reference: 'cert-1',
      lines: [
        { account: ACCOUNT_GIFT_CERTIFICATES, amount: 730, currency: 'EUR' },
        { account: ACCOUNT_GIFT_CERTIFICATE_BREAKAGE, amount: -730, currency: 'EUR' },
      ],
    });
    expect(() => giftCertificateExpiredJournal({ reference: 'cert-1', currency: 'EUR', amount: 0 })).toThrow(/nothing was left/);
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => giftCertificateSoldJournal({ reference: 'g', currency: 'USD', amount: -5 })).toThrow(UnbalancedJournalError);
    expect(() => giftCertificateExpiredJournal({ reference: 'g', currency: 'USD', amount: -5 })).toThrow(UnbalancedJournalError);
    expect(() => giftCertificateIssuedJournal({ reference: 'g', currency: 'USD', amount: 0.1 })).toThrow(UnbalancedJournalError);
  });
});

describe('store-collected journals', () => {
  it('records only the fee the store owes the exchange', () => {
    const d = storeCollectedJournal({ reference: 'so-1', storeId: 'own-pay', currency: 'USD', gross: 1999, fee: 100 });
    expect(d.kind).toBe('STORE_COLLECTED');
    expect(d.lines).toEqual([
      { account: 'asset:fee-receivable:own-pay', amount: 100, currency: 'USD' },
      { account: ACCOUNT_EXCHANGE_FEES, amount: -100, currency: 'USD' },
    ]);
    expect(d.memo).toMatch(/1999/);
  });

  it('reverses the fee when the store refunds', () => {
    const d = storeRefundedJournal({ reference: 'so-1', storeId: 'own-pay', currency: 'USD', gross: 1999, fee: 100 });
    expect(d.kind).toBe('STORE_REFUNDED');
    expect(line(d, 'asset:fee-receivable:own-pay')).toBe(-100);
    expect(line(d, ACCOUNT_EXCHANGE_FEES)).toBe(100);
  });

  it('refuses a fee above the gross', () => {
    expect(() => storeCollectedJournal({ reference: 's', storeId: 'x', currency: 'USD', gross: 10, fee: 11 })).toThrow(UnbalancedJournalError);
  });
});

describe('assertBalanced', () => {
  const ok: JournalDraft = {
    kind: 'CAPTURE',
    reference: 'r',
    lines: [
      { account: 'asset:provider-clearing', amount: 100, currency: 'USD' },
      { account: 'liability:store-payable:a', amount: -100, currency: 'USD' },
      { account: 'asset:provider-clearing', amount: 50, currency: 'EUR' },
      { account: 'liability:store-payable:a', amount: -50, currency: 'EUR' },
    ],
  };

  it('accepts journals that balance in every currency', () => {
    expect(() => assertBalanced(ok)).not.toThrow();
  });

  it('refuses a journal that balances only across currencies', () => {
    const bad = { ...ok, lines: [{ account: 'asset:provider-clearing', amount: 100, currency: 'USD' }, { account: 'liability:store-payable:a', amount: -100, currency: 'EUR' }] };
    expect(() => assertBalanced(bad)).toThrow(/does not balance in USD/);
  });

  it('refuses zero lines, fractions, bad accounts and unknown kinds', () => {
    const zero = { ...ok, lines: [...ok.lines, { account: 'revenue:exchange-fees', amount: 0, currency: 'USD' }] };
    expect(() => assertBalanced(zero)).toThrow(/zero line/);
    const frac = { ...ok, lines: [{ account: 'asset:provider-clearing', amount: 0.5, currency: 'USD' }, { account: 'revenue:exchange-fees', amount: -0.5, currency: 'USD' }] };
    expect(() => assertBalanced(frac)).toThrow(/integer/);
    const badAccount = { ...ok, lines: [{ account: 'cash', amount: 1, currency: 'USD' }, { account: 'revenue:exchange-fees', amount: -1, currency: 'USD' }] };
    expect(() => assertBalanced(badAccount)).toThrow(/account name/);
    expect(() => assertBalanced({ ...ok, kind: 'BONUS' as never })).toThrow(/kind/);
  });
});

describe('rounding helpers', () => {
  it('allocateProportionally sums to the total exactly', () => {
    expect(allocateProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProportionally(617, [333, 1999, 7, 10_001])).toEqual([17, 100, 0, 500]);
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0]);
    for (const [total, weights] of [[1, [3, 3, 3]], [999_999, [1, 2, 3, 4, 5]], [7, [1_000_000, 1]]] as const) {
      const shares = allocateProportionally(total, weights);
      expect(shares.reduce((s, v) => s + v, 0)).toBe(total);
    }
    expect(() => allocateProportionally(5, [0])).toThrow(RangeError);
  });

  it('proportionalFee returns the whole fee on a full refund and rounds half up', () => {
    expect(proportionalFee(100, 1999, 1999)).toBe(100);
    expect(proportionalFee(100, 1999, 0)).toBe(0);
    expect(proportionalFee(5, 10, 1)).toBe(1); // 0.5 → 1
    expect(proportionalFee(5, 10, 3)).toBe(2); // 1.5 → 2
    expect(() => proportionalFee(5, 10, 11)).toThrow(RangeError);
  });
});
