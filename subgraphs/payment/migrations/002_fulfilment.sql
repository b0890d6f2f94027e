-- Fulfilment (shipments, returns, voided lines), shipping priced per store, every
-- financial transaction a row with its state (followed through by MoneyMovementJob),
-- and idempotency of store requests. Money is integer minor units (bigint).

-- --- orders: a contact email and the total split into items and shipping ---
ALTER TABLE orders ADD COLUMN contact_email text CHECK (contact_email IS NULL OR length(contact_email) BETWEEN 3 AND 254);
ALTER TABLE orders ADD COLUMN items_total bigint;
ALTER TABLE orders ADD COLUMN shipping_total bigint NOT NULL DEFAULT 0 CHECK (shipping_total >= 0);
UPDATE orders SET items_total = total_amount;
ALTER TABLE orders ALTER COLUMN items_total SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_items_total_check CHECK (items_total >= 0);
ALTER TABLE orders ADD CONSTRAINT orders_total_split CHECK (total_amount = items_total + shipping_total);

-- --- store parts: their shipping; a store is owed items − fee + shipping ---
ALTER TABLE store_orders ADD COLUMN shipping_amount bigint NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0);
ALTER TABLE store_orders DROP CONSTRAINT store_orders_check;
ALTER TABLE store_orders ADD CONSTRAINT store_orders_owed CHECK (owed_amount = subtotal - fee_amount + shipping_amount);

-- --- shipping priced per store (stores without a row get the exchange's default) ---
CREATE TABLE store_shipping_rates (
  store_id          text PRIMARY KEY,
  flat_amount       bigint NOT NULL CHECK (flat_amount >= 0),
  -- a part whose items subtotal reaches this ships free (NULL: never free)
  free_over_amount  bigint CHECK (free_over_amount >= 0),
  -- the rate applies to parts in this currency only; others get the default
  currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  updated_at        timestamptz NOT NULL
);

-- --- shipments: what a store sent, in one parcel ---
CREATE TABLE shipments (
  id               uuid PRIMARY KEY,
  store_order_id   uuid NOT NULL REFERENCES store_orders (id),
  carrier          text NOT NULL CHECK (length(carrier) BETWEEN 1 AND 100),
  tracking_number  text NOT NULL CHECK (length(tracking_number) BETWEEN 1 AND 200),
  -- charged for this shipment: its lines, plus the part's shipping on its first shipment
  items_amount     bigint NOT NULL CHECK (items_amount >= 0),
  shipping_amount  bigint NOT NULL CHECK (shipping_amount >= 0),
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  shipped_at       timestamptz NOT NULL
);
CREATE INDEX shipments_by_part ON shipments (store_order_id, shipped_at, id);

-- a line ships whole and once
CREATE TABLE shipment_lines (
  shipment_id  uuid NOT NULL REFERENCES shipments (id),
  line_id      uuid NOT NULL UNIQUE REFERENCES order_lines (id),
  PRIMARY KEY (shipment_id, line_id)
);

-- --- financial transactions (was: payments) ---
-- One row per provider transaction. The checkout's authorization is settled at once
-- (SUCCEEDED or DECLINED); every later row starts PENDING and MoneyMovementJob calls the
-- provider with idempotency_key (= the row id), outside any database transaction.
ALTER TABLE payments RENAME TO financial_transactions;
ALTER TABLE financial_transactions RENAME CONSTRAINT payments_pkey TO financial_transactions_pkey;
ALTER TABLE financial_transactions RENAME CONSTRAINT payments_order_id_fkey TO financial_transactions_order_id_fkey;
ALTER TABLE financial_transactions RENAME CONSTRAINT payments_idempotency_key_key TO financial_transactions_idempotency_key_key;
ALTER TABLE financial_transactions RENAME CONSTRAINT payments_amount_check TO financial_transactions_amount_check;
ALTER TABLE financial_transactions RENAME CONSTRAINT payments_currency_check TO financial_transactions_currency_check;
ALTER TABLE financial_transactions RENAME CONSTRAINT payments_card_last4_check TO financial_transactions_card_last4_check;
ALTER TABLE financial_transactions RENAME CONSTRAINT payments_check TO financial_transactions_decline_code;
ALTER TABLE financial_transactions DROP CONSTRAINT payments_kind_check;
ALTER TABLE financial_transactions DROP CONSTRAINT payments_status_check;
ALTER INDEX payments_by_order RENAME TO financial_transactions_by_order;

-- the old statuses: AUTHORIZED/CAPTURED/VOIDED were settled outcomes
UPDATE financial_transactions SET status = CASE status WHEN 'DECLINED' THEN 'DECLINED' ELSE 'SUCCEEDED' END;

ALTER TABLE financial_transactions
  ADD CONSTRAINT financial_transactions_kind_check CHECK (kind IN ('AUTHORIZATION','CAPTURE','REFUND','VOID')),
  ADD CONSTRAINT financial_transactions_status_check CHECK (status IN ('PENDING','SUCCEEDED','DECLINED','FAILED')),
  ALTER COLUMN card_brand DROP NOT NULL,
  ALTER COLUMN card_last4 DROP NOT NULL,
  ALTER COLUMN card_token DROP NOT NULL,
  ALTER COLUMN provider_reference DROP NOT NULL,
  -- capture → its authorization, refund → its capture, void → its authorization
  ADD COLUMN parent_id uuid REFERENCES financial_transactions (id),
  ADD COLUMN store_order_id uuid REFERENCES store_orders (id),
  ADD COLUMN shipment_id uuid REFERENCES shipments (id),
  -- per store: [{storeId, gross (items + shipping), fee, items}] — what the ledger journal splits
  ADD COLUMN allocation jsonb,
  ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  ADD COLUMN next_attempt_at timestamptz,
  -- a job replica owns a claimed row until lease_until; lease_token proves which claim settles it
  ADD COLUMN lease_until timestamptz,
  ADD COLUMN lease_token uuid,
  ADD COLUMN last_error text,
  ADD COLUMN settled_at timestamptz,
  -- insertion order (rows created in one database transaction share created_at)
  ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
UPDATE financial_transactions SET settled_at = created_at;

ALTER TABLE financial_transactions
  ADD CONSTRAINT financial_transactions_settled CHECK ((status = 'PENDING') = (settled_at IS NULL)),
  ADD CONSTRAINT financial_transactions_due CHECK (status <> 'PENDING' OR next_attempt_at IS NOT NULL),
  ADD CONSTRAINT financial_transactions_reference CHECK (status <> 'SUCCEEDED' OR provider_reference IS NOT NULL),
  -- a refund may wait for the capture of its shipment to exist; captures and voids never lack their authorization
  ADD CONSTRAINT financial_transactions_parent CHECK (kind IN ('AUTHORIZATION','REFUND') OR parent_id IS NOT NULL),
  ADD CONSTRAINT financial_transactions_card CHECK (kind <> 'AUTHORIZATION' OR card_token IS NOT NULL);

-- an authorization is captured whole or not at all, and voided at most once
CREATE UNIQUE INDEX financial_transactions_one_capture ON financial_transactions (parent_id) WHERE kind = 'CAPTURE';
CREATE UNIQUE INDEX financial_transactions_one_void ON financial_transactions (parent_id) WHERE kind = 'VOID';
CREATE INDEX financial_transactions_due ON financial_transactions (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX financial_transactions_by_part ON financial_transactions (store_order_id) WHERE store_order_id IS NOT NULL;
CREATE INDEX financial_transactions_by_shipment ON financial_transactions (shipment_id) WHERE shipment_id IS NOT NULL;
CREATE INDEX financial_transactions_by_parent ON financial_transactions (parent_id) WHERE parent_id IS NOT NULL;

-- --- idempotency of requests other than checkout (lib/idempotency.ts) ---
CREATE TABLE idempotency_requests (
  -- who and what, e.g. 'store:<storeId>:shipItems'
  scope         text NOT NULL CHECK (length(scope) BETWEEN 1 AND 300),
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  -- sha256 of the canonical input: the same key with other input is refused
  request_hash  text NOT NULL,
  state         text NOT NULL CHECK (state IN ('IN_PROGRESS','COMPLETED')),
  response      jsonb,
  -- an IN_PROGRESS request whose lock lapsed (its runner crashed) may be run again
  locked_until  timestamptz NOT NULL,
  lock_token    uuid NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (scope, key),
  CHECK ((state = 'COMPLETED') = (response IS NOT NULL))
);
