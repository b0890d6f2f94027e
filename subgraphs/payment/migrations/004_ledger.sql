-- The double-entry ledger (domain/ledger.ts names the accounts and journals). Amounts are
-- integer minor units, debit > 0, credit < 0. Every journal sums to 0 per currency: the
-- code checks it before posting and a deferred constraint trigger checks it again at
-- commit. Journals and entries are append-only; a mistake is corrected by a new journal.

CREATE TABLE ledger_journals (
  id           uuid PRIMARY KEY,
  -- posting order (ties of posted_at)
  seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  kind         text NOT NULL CHECK (kind IN ('CAPTURE','REFUND','PAYOUT','GIFT_CERTIFICATE_SOLD','GIFT_CERTIFICATE_ISSUED','STORE_COLLECTED','STORE_REFUNDED')),
  reference    text NOT NULL CHECK (length(reference) BETWEEN 1 AND 300),
  memo         text,
  posted_at    timestamptz NOT NULL,
  -- the transaction that created the journal: only it may add entries (a journal is sealed at commit)
  created_txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- posting the same (kind, reference) again posts nothing
  UNIQUE (kind, reference)
);
CREATE INDEX ledger_journals_by_reference ON ledger_journals (reference);

CREATE TABLE ledger_entries (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  journal_id  uuid NOT NULL REFERENCES ledger_journals (id),
  account     text NOT NULL CHECK (account ~ '^(asset|liability|revenue|expense|equity):[a-z][a-z0-9-]*(:.+)?$'),
  amount      bigint NOT NULL CHECK (amount <> 0),
  currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX ledger_entries_by_journal ON ledger_entries (journal_id);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account, currency);

-- Entries go only into a journal created by the same transaction.
CREATE FUNCTION ledger_entry_sealed_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ledger_journals j WHERE j.id = NEW.journal_id AND j.created_txid = pg_current_xact_id()) THEN
    RAISE EXCEPTION 'ledger journal % is sealed: entries are added only by the transaction that creates it', NEW.journal_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_entries_sealed BEFORE INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_sealed_check();

-- At commit, every journal touched must sum to 0 per currency.
CREATE FUNCTION ledger_journal_balanced_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT currency, sum(amount) AS total INTO bad
    FROM ledger_entries WHERE journal_id = NEW.journal_id
    GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger journal % does not balance in % (debits - credits = %)', NEW.journal_id, bad.currency, bad.total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_journal_balanced_check();

-- Append-only: no UPDATE, DELETE or TRUNCATE of journals or entries.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed (post a correcting journal)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_journals_append_only BEFORE UPDATE OR DELETE ON ledger_journals
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_journals_no_truncate BEFORE TRUNCATE ON ledger_journals
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- Money paid out to a store's bank: one row per payout, each with its PAYOUT journal
-- (reference = payouts.id). The payout takes the store's whole payable balance in one
-- currency at that moment.
CREATE TABLE payouts (
  id               uuid PRIMARY KEY,
  store_id         text NOT NULL,
  amount           bigint NOT NULL CHECK (amount > 0),
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- the operator's idempotency key: a payout is made at most once per key
  idempotency_key  text NOT NULL UNIQUE,
  created_at       timestamptz NOT NULL
);
CREATE INDEX payouts_by_store ON payouts (store_id, created_at DESC, id DESC);

COMMENT ON TABLE store_payables IS
  'Per store order summary of what the store is owed (PENDING/PAYABLE/PAID/CANCELLED). Superseded by the ledger: '
  'the balance of liability:store-payable:<storeId> is the truth; a payout marks the store''s PAYABLE rows PAID.';
