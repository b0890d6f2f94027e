import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../lib/db.js';
import {
  assertBalanced,
  FEE_RECEIVABLE_PREFIX,
  feeReceivableAccount,
  storePayableAccount,
  type JournalDraft,
  type JournalKind,
  type LedgerLine,
} from '../domain/ledger.js';

export interface Money {
  amount: number;
  currency: string;
}

export interface AccountBalance {
  account: string;
  currency: string;
  /** Σ lines, debit-positive: a liability or revenue account carries a negative balance. */
  balance: number;
}

export interface StoreLedgerBalance {
  storeId: string;
  /** What the exchange owes the store now (minus its payable balance), per currency; negative when refunds after a payout left the store owing. */
  owed: Money[];
  /** Σ paid out to the store, per currency. */
  paidOut: Money[];
  /** Fees the store owes the exchange for sales it collected itself, per currency. */
  feesDue: Money[];
}

export interface PostedJournal {
  id: string;
  kind: JournalKind;
  reference: string;
  memo: string | null;
  postedAt: Date;
  lines: LedgerLine[];
}

/** The same (kind, reference) was posted before with other lines: a bug of the caller, never silently ignored. */
export class LedgerConflictError extends Error {
  override readonly name = 'LedgerConflictError';
}

/**
 * Posts a journal: checks it balances, then writes the journal and its entries in ONE
 * statement (atomic on a pool; inside the caller's transaction on a client). Idempotent
 * on (kind, reference): a repeat posts nothing and returns posted: false, and throws
 * LedgerConflictError when its lines differ from the posted ones. The database checks the
 * balance again at commit (deferred constraint trigger).
 */
export async function postJournal(db: Queryable, draft: JournalDraft, postedAt: Date): Promise<{ posted: boolean }> {
  assertBalanced(draft);
  const { rows } = await db.query<{ posted: number }>(
    `WITH j AS (
       INSERT INTO ledger_journals (id, kind, reference, memo, posted_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, reference) DO NOTHING
       RETURNING id
     ), e AS (
       INSERT INTO ledger_entries (journal_id, account, amount, currency)
       SELECT j.id, l.account, l.amount, l.currency
       FROM j, unnest($6::text[], $7::bigint[], $8::text[]) AS l (account, amount, currency)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM j)::int AS posted, (SELECT count(*) FROM e)::int AS entries`,
    [
      randomUUID(),
      draft.kind,
      draft.reference,
      draft.memo ?? null,
      postedAt,
      draft.lines.map((l) => l.account),
      draft.lines.map((l) => l.amount),
      draft.lines.map((l) => l.currency),
    ],
  );
  if (rows[0].posted === 1) return { posted: true };
  const existing = await readJournal(db, draft.kind, draft.reference);
  if (!existing) throw new Error(`ledger journal ${draft.kind} ${draft.reference} conflicted but cannot be read`);
  if (canonical(existing.lines) !== canonical(draft.lines)) {
    throw new LedgerConflictError(`ledger journal ${draft.kind} ${draft.reference} was posted before with other lines`);
  }
  return { posted: false };
}

async function readJournal(db: Queryable, kind: JournalKind, reference: string): Promise<PostedJournal | undefined> {
  const { rows } = await db.query<{ id: string; kind: JournalKind; reference: string; memo: string | null; posted_at: Date }>(
    `SELECT id, kind, reference, memo, posted_at FROM ledger_journals WHERE kind = $1 AND reference = $2`,
    [kind, reference],
  );
  const j = rows[0];
  if (!j) return undefined;
  const entries = await db.query<LedgerLine>(`SELECT account, amount, currency FROM ledger_entries WHERE journal_id = $1 ORDER BY id`, [j.id]);
  return { id: j.id, kind: j.kind, reference: j.reference, memo: j.memo, postedAt: j.posted_at, lines: entries.rows };
}

function canonical(lines: readonly LedgerLine[]): string {
  const net = new Map<string, number>();
  for (const l of lines) net.set(`${l.account}|${l.currency}`, (net.get(`${l.account}|${l.currency}`) ?? 0) + Number(l.amount));
  return JSON.stringify([...net].filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const byCurrency = (rows: { currency: string; amount: number }[]): Money[] => rows.map((r) => ({ amount: Number(r.amount), currency: r.currency }));

/** Reads of the ledger. */
export class PgLedger {
  constructor(private readonly db: Queryable) {}

  post(draft: JournalDraft, postedAt: Date): Promise<{ posted: boolean }> {
    return postJournal(this.db, draft, postedAt);
  }

  journal(kind: JournalKind, reference: string): Promise<PostedJournal | undefined> {
    return readJournal(this.db, kind, reference);
  }

  /** Every journal about `reference` (any kind), oldest first. */
  async journalsFor(reference: string): Promise<PostedJournal[]> {
    const { rows } = await this.db.query<{ kind: JournalKind }>(`SELECT kind FROM ledger_journals WHERE reference = $1 ORDER BY posted_at, seq`, [reference]);
    const found = await Promise.all(rows.map((r) => readJournal(this.db, r.kind, reference)));
    return found.filter((j): j is PostedJournal => j !== undefined);
  }

  /** Balance of every account per currency (debit-positive), by account. */
  async balances(): Promise<AccountBalance[]> {
    const { rows } = await this.db.query<AccountBalance>(
      `SELECT account, currency, sum(amount) AS balance FROM ledger_entries GROUP BY account, currency ORDER BY account, currency`,
    );
    return rows.map((r) => ({ account: r.account, currency: r.currency, balance: Number(r.balance) }));
  }

  /** Balance of one account per currency (debit-positive); empty when it never moved. */
  async accountBalance(account: string): Promise<Money[]> {
    const { rows } = await this.db.query<{ currency: string; amount: number }>(
      `SELECT currency, sum(amount) AS amount FROM ledger_entries WHERE account = $1 GROUP BY currency ORDER BY currency`,
      [account],
    );
    return byCurrency(rows);
  }

  async storeBalance(storeId: string): Promise<StoreLedgerBalance> {
    const payable = storePayableAccount(storeId);
    const [owed, paidOut, feesDue] = await Promise.all([
      this.db.query<{ currency: string; amount: number }>(
        `SELECT currency, -sum(amount) AS amount FROM ledger_entries WHERE account = $1 GROUP BY currency ORDER BY currency`,
        [payable],
      ),
      this.db.query<{ currency: string; amount: number }>(
        `SELECT e.currency, sum(e.amount) AS amount FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
         WHERE e.account = $1 AND j.kind = 'PAYOUT' GROUP BY e.currency ORDER BY e.currency`,
        [payable],
      ),
      this.db.query<{ currency: string; amount: number }>(
        `SELECT currency, sum(amount) AS amount FROM ledger_entries WHERE account = $1 GROUP BY currency ORDER BY currency`,
        [feeReceivableAccount(storeId)],
      ),
    ]);
    return { storeId, owed: byCurrency(owed.rows), paidOut: byCurrency(paidOut.rows), feesDue: byCurrency(feesDue.rows) };
  }

  /** Σ of all entries per currency: all zero in a healthy ledger. */
  async trialBalance(): Promise<Money[]> {
    const { rows } = await this.db.query<{ currency: string; amount: number }>(
      `SELECT currency, sum(amount) AS amount FROM ledger_entries GROUP BY currency ORDER BY currency`,
    );
    return byCurrency(rows);
  }

  /** Journals whose entries do not sum to 0 in some currency (none in a healthy ledger). */
  async unbalancedJournals(): Promise<{ journalId: string; kind: JournalKind; reference: string; currency: string; sum: number }[]> {
    const { rows } = await this.db.query<{ journal_id: string; kind: JournalKind; reference: string; currency: string; sum: number }>(
      `SELECT e.journal_id, j.kind, j.reference, e.currency, sum(e.amount) AS sum
       FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
       GROUP BY e.journal_id, j.kind, j.reference, e.currency HAVING sum(e.amount) <> 0`,
    );
    return rows.map((r) => ({ journalId: r.journal_id, kind: r.kind, reference: r.reference, currency: r.currency, sum: Number(r.sum) }));
  }

  /** Stores that ran their own payment handling and owe fees (positive receivable), per currency. */
  async feesReceivable(): Promise<{ storeId: string; amount: number; currency: string }[]> {
    const { rows } = await this.db.query<{ account: string; currency: string; amount: number }>(
      `SELECT account, currency, sum(amount) AS amount FROM ledger_entries WHERE starts_with(account, $1)
       GROUP BY account, currency HAVING sum(amount) <> 0 ORDER BY account, currency`,
      [FEE_RECEIVABLE_PREFIX],
    );
    return rows.map((r) => ({ storeId: r.account.slice(FEE_RECEIVABLE_PREFIX.length), amount: Number(r.amount), currency: r.currency }));
  }
}
