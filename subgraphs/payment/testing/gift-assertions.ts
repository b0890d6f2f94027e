import { expect } from 'vitest';
import type { Queryable } from '../../../lib/db.js';
import { ACCOUNT_GIFT_CERTIFICATES } from '../domain/ledger.js';
import { expectLedgerBalanced } from './ledger-assertions.js';

/**
 * Asserts the gift certificates reconcile (migration 006's identities, as 009 extends them):
 * - every certificate's balance = initial − Σ DEBIT + Σ CREDIT − Σ EXPIRED of its movements
 *   (EXPIRED: what was left when it expired, booked as breakage), and an EXPIRED
 *   certificate holds nothing;
 * - per currency, what the ledger owes on liability:gift-certificates = Σ certificate
 *   balances + the gift parts orders still hold (debited at checkout, not yet captured nor
 *   given back: Σ debits − credits − re-issues of the order − Σ captured gift + Σ refunded
 *   gift, counting transaction rows that SUCCEEDED). Breakage left the liability with the
 *   balance (GIFT_CERTIFICATE_EXPIRED journals), so EXPIRED movements are no order's.
 * Call it with expectLedgerBalanced after scenarios that move gift money.
 */
export async function expectGiftCertificatesReconciled(db: Queryable) {
  const audit = await db.query<{ id: string; balance: number; expected: number }>(
    `SELECT c.id, c.balance,
            c.initial_amount - coalesce(sum(m.amount) FILTER (WHERE m.kind = 'DEBIT'), 0) + coalesce(sum(m.amount) FILTER (WHERE m.kind = 'CREDIT'), 0)
              - coalesce(sum(m.amount) FILTER (WHERE m.kind = 'EXPIRED'), 0) AS expected
     FROM gift_certificates c LEFT JOIN gift_certificate_movements m ON m.certificate_id = c.id
     GROUP BY c.id, c.balance, c.initial_amount`,
  );
  expect(audit.rows.filter((r) => r.balance !== r.expected), 'certificates whose balance is not initial − debits + credits − expired').toEqual([]);
  const expiredHolding = await db.query(`SELECT id, balance FROM gift_certificates WHERE state = 'EXPIRED' AND balance <> 0`);
  expect(expiredHolding.rows, 'EXPIRED certificates that still hold a balance').toEqual([]);

  const { rows } = await db.query<{ currency: string; owed: number; balances: number; held: number }>(
    `WITH currencies AS (
       SELECT currency FROM gift_certificates UNION SELECT currency FROM ledger_entries WHERE account = $1
     ), balances AS (
       SELECT currency, sum(balance) AS amount FROM gift_certificates GROUP BY currency
     ), movements AS (
       SELECT c.currency, sum(CASE m.kind WHEN 'DEBIT' THEN m.amount ELSE -m.amount END) AS amount
       FROM gift_certificate_movements m JOIN gift_certificates c ON c.id = m.certificate_id
       WHERE m.kind <> 'EXPIRED' GROUP BY c.currency
     ), spent AS (
       SELECT currency, sum(CASE kind WHEN 'CAPTURE' THEN gift_amount WHEN 'REFUND' THEN -gift_amount ELSE 0 END) AS amount
       FROM financial_transactions WHERE status = 'SUCCEEDED' GROUP BY currency
     ), owed AS (
       SELECT currency, -sum(amount) AS amount FROM ledger_entries WHERE account = $1 GROUP BY currency
     )
     SELECT cur.currency, coalesce(owed.amount, 0) AS owed, coalesce(balances.amount, 0) AS balances,
            coalesce(movements.amount, 0) - coalesce(spent.amount, 0) AS held
     FROM currencies cur
     LEFT JOIN owed ON owed.currency = cur.currency LEFT JOIN balances ON balances.currency = cur.currency
     LEFT JOIN movements ON movements.currency = cur.currency LEFT JOIN spent ON spent.currency = cur.currency
     ORDER BY cur.currency`,
    [ACCOUNT_GIFT_CERTIFICATES],
  );
  for (const r of rows) expect(r.owed, `${r.currency}: ledger owes ${r.owed}, certificates hold ${r.balances}, orders hold ${r.held}`).toBe(r.balances + r.held);
  return rows;
}

/** The payment books are sound: the ledger balances and the gift certificates reconcile with it. */
export async function expectBooksSound(db: Queryable): Promise<void> {
  await expectLedgerBalanced(db);
  await expectGiftCertificatesReconciled(db);
}
