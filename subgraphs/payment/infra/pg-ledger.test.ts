import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, migrate, withTransaction, type Pool } from '../../../lib/db.js';
import { createTestDatabase } from '../../../test/support/databases.js';
import {
  captureJournal,
  giftCertificateIssuedJournal,
  giftCertificateSoldJournal,
  payoutJournal,
  refundJournal,
  storeCollectedJournal,
  UnbalancedJournalError,
  type JournalDraft,
} from '../domain/ledger.js';
import { expectLedgerBalanced } from '../testing/ledger-assertions.js';
import { LedgerConflictError, PgLedger, postJournal } from './pg-ledger.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let ledger: PgLedger;
const NOW = new Date('2026-11-22T10:00:00Z');
const uid = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  db = await createTestDatabase('ledger');
  pool = createPool(db.url);
  await migrate(pool, fileURLToPath(new URL('../migrations', import.meta.url)));
  ledger = new PgLedger(pool);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const count = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].n);

describe('postJournal', () => {
  it('posts a balanced journal atomically on a pool and reads it back', async () => {
    const store = uid('s');
    const draft = captureJournal({ reference: uid('cap'), currency: 'USD', cardAmount: 1000, parts: [{ storeId: store, gross: 1000, fee: 50 }] });
    expect(await postJournal(pool, draft, NOW)).toEqual({ posted: true });
    const posted = await ledger.journal('CAPTURE', draft.reference);
    expect(posted?.postedAt.toISOString()).toBe(NOW.toISOString());
    expect(posted?.lines).toEqual(draft.lines);
    expect((await ledger.storeBalance(store)).owed).toEqual([{ amount: 950, currency: 'USD' }]);
    await expectLedgerBalanced(pool);
  });

  it('is idempotent on (kind, reference): a repeat posts nothing', async () => {
    const draft = captureJournal({ reference: uid('cap'), currency: 'USD', cardAmount: 700, parts: [{ storeId: uid('s'), gross: 700, fee: 35 }] });
    expect(await postJournal(pool, draft, NOW)).toEqual({ posted: true });
    const entries = await count('SELECT count(*) AS n FROM ledger_entries');
    expect(await postJournal(pool, draft, new Date(NOW.getTime() + 1000))).toEqual({ posted: false });
    expect(await count('SELECT count(*) AS n FROM ledger_entries')).toBe(entries);
    // the same reference under another kind is another journal
    const refund = refundJournal({ reference: draft.reference, currency: 'USD', toCard: 700, parts: [{ storeId: draft.lines[1].account.split(':')[2], gross: 700, fee: 35 }] });
    expect(await postJournal(pool, refund, NOW)).toEqual({ posted: true });
    expect((await ledger.journalsFor(draft.reference)).map((j) => j.kind)).toEqual(['CAPTURE', 'REFUND']);
  });

  it('refuses a repeat whose lines differ from the posted journal', async () => {
    const reference = uid('cap');
    await postJournal(pool, captureJournal({ reference, currency: 'USD', cardAmount: 100, parts: [{ storeId: 'a', gross: 100, fee: 5 }] }), NOW);
    const other = captureJournal({ reference, currency: 'USD', cardAmount: 100, parts: [{ storeId: 'a', gross: 100, fee: 6 }] });
    await expect(postJournal(pool, other, NOW)).rejects.toBeInstanceOf(LedgerConflictError);
  });

  it('posts once when the same journal is posted concurrently', async () => {
    const draft = payoutJournal({ reference: uid('p'), storeId: uid('s'), amount: 10, currency: 'USD' });
    // fund it first so the store is not left owing
    await postJournal(pool, captureJournal({ reference: uid('cap'), currency: 'USD', cardAmount: 10, parts: [{ storeId: draft.lines[0].account.split(':')[2], gross: 10, fee: 0 }] }), NOW);
    const results = await Promise.all(Array.from({ length: 8 }, () => postJournal(pool, draft, NOW)));
    expect(results.filter((r) => r.posted)).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM ledger_journals WHERE kind = 'PAYOUT' AND reference = $1`, [draft.reference])).toBe(1);
    expect((await ledger.journal('PAYOUT', draft.reference))?.lines).toHaveLength(2);
  });

  it('posts inside the caller transaction and rolls back with it', async () => {
    const draft = giftCertificateSoldJournal({ reference: uid('gc'), currency: 'USD', amount: 2500 });
    await expect(
      withTransaction(pool, async (client) => {
        expect(await postJournal(client, draft, NOW)).toEqual({ posted: true });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await ledger.journal('GIFT_CERTIFICATE_SOLD', draft.reference)).toBeUndefined();
    await withTransaction(pool, (client) => postJournal(client, draft, NOW));
    expect(await ledger.journal('GIFT_CERTIFICATE_SOLD', draft.reference)).toBeDefined();
  });

  it('checks balance in code before touching the database', async () => {
    const bad: JournalDraft = { kind: 'CAPTURE', reference: uid('bad'), lines: [{ account: 'asset:provider-clearing', amount: 100, currency: 'USD' }, { account: 'revenue:exchange-fees', amount: -99, currency: 'USD' }] };
    await expect(postJournal(pool, bad, NOW)).rejects.toBeInstanceOf(UnbalancedJournalError);
    expect(await ledger.journal('CAPTURE', bad.reference)).toBeUndefined();
  });

  it('records an empty journal (a capture of free items) for idempotency', async () => {
    const draft = captureJournal({ reference: uid('free'), currency: 'USD', cardAmount: 0, parts: [{ storeId: 'a', gross: 0, fee: 0 }] });
    expect(await postJournal(pool, draft, NOW)).toEqual({ posted: true });
    expect(await postJournal(pool, draft, NOW)).toEqual({ posted: false });
    expect((await ledger.journal('CAPTURE', draft.reference))?.lines).toEqual([]);
  });
});

describe('database guarantees', () => {
  const insertJournal = `INSERT INTO ledger_journals (id, kind, reference, posted_at) VALUES ($1, 'CAPTURE', $2, now())`;
  const insertEntry = `INSERT INTO ledger_entries (journal_id, account, amount, currency) VALUES ($1, $2, $3, $4)`;

  it('rejects a raw unbalanced journal at commit (deferred constraint trigger)', async () => {
    const id = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(insertJournal, [id, uid('raw')]);
      await client.query(insertEntry, [id, 'asset:provider-clearing', 100, 'USD']);
      // each statement is accepted: the check is deferred to commit
      await client.query(insertEntry, [id, 'revenue:exchange-fees', -99, 'USD']);
      await expect(client.query('COMMIT')).rejects.toThrow(/does not balance in USD/);
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
    }
    expect(await count('SELECT count(*) AS n FROM ledger_journals WHERE id = $1', [id])).toBe(0);
  });

  it('rejects a journal that balances only across currencies', async () => {
    const id = randomUUID();
    await expect(
      withTransaction(pool, async (client) => {
        await client.query(insertJournal, [id, uid('raw')]);
        await client.query(insertEntry, [id, 'asset:provider-clearing', 100, 'USD']);
        await client.query(insertEntry, [id, 'revenue:exchange-fees', -100, 'EUR']);
      }),
    ).rejects.toThrow(/does not balance/);
  });

  it('accepts a raw balanced journal and refuses entries added to it later (sealed)', async () => {
    const id = randomUUID();
    await withTransaction(pool, async (client) => {
      await client.query(insertJournal, [id, uid('raw')]);
      await client.query(insertEntry, [id, 'asset:provider-clearing', 100, 'USD']);
      await client.query(insertEntry, [id, 'liability:store-payable:raw', -100, 'USD']);
    });
    await expect(
      withTransaction(pool, async (client) => {
        await client.query(insertEntry, [id, 'asset:provider-clearing', 5, 'USD']);
        await client.query(insertEntry, [id, 'revenue:exchange-fees', -5, 'USD']);
      }),
    ).rejects.toThrow(/sealed/);
  });

  it('refuses zero amounts and malformed accounts', async () => {
    const id = randomUUID();
    await expect(
      withTransaction(pool, async (client) => {
        await client.query(insertJournal, [id, uid('raw')]);
        await client.query(insertEntry, [id, 'asset:provider-clearing', 0, 'USD']);
      }),
    ).rejects.toThrow(/check constraint/);
    await expect(
      withTransaction(pool, async (client) => {
        await client.query(insertJournal, [id, uid('raw')]);
        await client.query(insertEntry, [id, 'Cash', 1, 'USD']);
      }),
    ).rejects.toThrow(/check constraint/);
  });

  it('keeps entries and journals append-only', async () => {
    const draft = giftCertificateIssuedJournal({ reference: uid('gc'), currency: 'USD', amount: 1000 });
    await postJournal(pool, draft, NOW);
    const journal = await ledger.journal('GIFT_CERTIFICATE_ISSUED', draft.reference);
    await expect(pool.query(`UPDATE ledger_entries SET amount = amount * 2 WHERE journal_id = $1`, [journal!.id])).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM ledger_entries WHERE journal_id = $1`, [journal!.id])).rejects.toThrow(/append-only/);
    await expect(pool.query(`UPDATE ledger_journals SET memo = 'x' WHERE id = $1`, [journal!.id])).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM ledger_journals WHERE id = $1`, [journal!.id])).rejects.toThrow(/append-only/);
    await expect(pool.query(`TRUNCATE ledger_entries`)).rejects.toThrow(/append-only/);
    expect((await ledger.journal('GIFT_CERTIFICATE_ISSUED', draft.reference))?.lines).toEqual(draft.lines);
  });
});

describe('balances', () => {
  it('tracks stores, fees, gift certificates and the trial balance', async () => {
    // a ledger of its own so the figures are exact
    const own = await createTestDatabase('ledger_bal');
    const p = createPool(own.url);
    try {
      await migrate(p, fileURLToPath(new URL('../migrations', import.meta.url)));
      const l = new PgLedger(p);
      await l.post(giftCertificateSoldJournal({ reference: 'gc-sold', currency: 'USD', amount: 2000 }), NOW);
      await l.post(giftCertificateIssuedJournal({ reference: 'gc-promo', currency: 'USD', amount: 500 }), NOW);
      await l.post(captureJournal({
        reference: 'cap-1', currency: 'USD', cardAmount: 8000, giftCertificateAmount: 2000,
        parts: [{ storeId: 'store-a', gross: 4000, fee: 200 }, { storeId: 'store-b', gross: 6000, fee: 300 }],
      }), NOW);
      await l.post(captureJournal({ reference: 'cap-eu', currency: 'EUR', cardAmount: 300, parts: [{ storeId: 'store-a', gross: 300, fee: 15 }] }), NOW);
      await l.post(refundJournal({ reference: 'ref-1', currency: 'USD', toCard: 1000, parts: [{ storeId: 'store-b', gross: 1000, fee: 50 }] }), NOW);
      await l.post(payoutJournal({ reference: 'pay-1', storeId: 'store-a', amount: 3800, currency: 'USD' }), NOW);
      await l.post(storeCollectedJournal({ reference: 'own-1', storeId: 'own-pay', currency: 'USD', gross: 1000, fee: 50 }), NOW);

      expect(await l.balances()).toEqual([
        { account: 'asset:fee-receivable:own-pay', currency: 'USD', balance: 50 },
        { account: 'asset:provider-clearing', currency: 'EUR', balance: 300 },
        { account: 'asset:provider-clearing', currency: 'USD', balance: 2000 + 8000 - 1000 - 3800 },
        { account: 'expense:promotional-gift-certificates', currency: 'USD', balance: 500 },
        { account: 'liability:gift-certificates', currency: 'USD', balance: -500 },
        { account: 'liability:store-payable:store-a', currency: 'EUR', balance: -285 },
        { account: 'liability:store-payable:store-a', currency: 'USD', balance: 0 },
        { account: 'liability:store-payable:store-b', currency: 'USD', balance: -4750 },
        { account: 'revenue:exchange-fees', currency: 'EUR', balance: -15 },
        { account: 'revenue:exchange-fees', currency: 'USD', balance: -500 + 50 - 50 },
      ]);
      expect(await l.trialBalance()).toEqual([{ amount: 0, currency: 'EUR' }, { amount: 0, currency: 'USD' }]);
      expect(await l.storeBalance('store-a')).toEqual({
        storeId: 'store-a',
        owed: [{ amount: 285, currency: 'EUR' }, { amount: 0, currency: 'USD' }],
        paidOut: [{ amount: 3800, currency: 'USD' }],
        feesDue: [],
      });
      expect(await l.storeBalance('store-b')).toEqual({ storeId: 'store-b', owed: [{ amount: 4750, currency: 'USD' }], paidOut: [], feesDue: [] });
      expect((await l.storeBalance('own-pay')).feesDue).toEqual([{ amount: 50, currency: 'USD' }]);
      expect(await l.feesReceivable()).toEqual([{ storeId: 'own-pay', amount: 50, currency: 'USD' }]);
      expect(await l.storeBalance('nobody')).toEqual({ storeId: 'nobody', owed: [], paidOut: [], feesDue: [] });
      await expectLedgerBalanced(p);
    } finally {
      await p.end();
      await own.drop();
    }
  });
});
