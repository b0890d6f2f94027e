-- Checkout, orders split per store, payments. Money is integer minor units (bigint);
-- card numbers are never stored: only the provider's token, brand and last four.

CREATE TABLE orders (
  id            uuid PRIMARY KEY,
  session_id    text NOT NULL,
  account_id    text,
  status        text NOT NULL CHECK (status IN ('IN_BASKET','CONFIRMED','AUTHORIZED','PARTIALLY_FULFILLED','FULFILLED','RETURNED','VOID','EXPIRED')),
  total_amount  bigint NOT NULL CHECK (total_amount >= 0),
  currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX orders_by_session ON orders (session_id, created_at DESC, id DESC);
CREATE INDEX orders_by_account ON orders (account_id, created_at DESC, id DESC) WHERE account_id IS NOT NULL;

-- One store's part of an order: what it ships and is owed (subtotal minus the exchange fee).
CREATE TABLE store_orders (
  id           uuid PRIMARY KEY,
  order_id     uuid NOT NULL REFERENCES orders (id),
  store_id     text NOT NULL,
  status       text NOT NULL CHECK (status IN ('IN_BASKET','CONFIRMED','AUTHORIZED','PARTIALLY_FULFILLED','FULFILLED','RETURNED','VOID','EXPIRED')),
  subtotal     bigint NOT NULL CHECK (subtotal >= 0),
  fee_amount   bigint NOT NULL CHECK (fee_amount >= 0),
  owed_amount  bigint NOT NULL CHECK (owed_amount >= 0),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at   timestamptz NOT NULL,
  CHECK (owed_amount = subtotal - fee_amount),
  UNIQUE (order_id, store_id)
);
CREATE INDEX store_orders_by_store ON store_orders (store_id, created_at DESC, id DESC);

CREATE TABLE order_lines (
  id              uuid PRIMARY KEY,
  store_order_id  uuid NOT NULL REFERENCES store_orders (id),
  ticket_id       text NOT NULL,
  sku             text NOT NULL,
  name            text NOT NULL,
  quantity        integer NOT NULL CHECK (quantity > 0),
  unit_price      bigint NOT NULL CHECK (unit_price >= 0),
  line_total      bigint NOT NULL CHECK (line_total >= 0),
  status          text NOT NULL CHECK (status IN ('TO_BE_SHIPPED','SHIPPED','RECEIVED_BACK','VOID')),
  position        integer NOT NULL,
  CHECK (line_total = unit_price * quantity)
);
CREATE INDEX order_lines_by_part ON order_lines (store_order_id, position);
-- a ticket is bought at most once; lines of a voided attempt (declined card) free it again
CREATE UNIQUE INDEX order_lines_live_ticket ON order_lines (ticket_id) WHERE status <> 'VOID';

-- Every financial transaction is a row (authorization, capture, refund).
CREATE TABLE payments (
  id                  uuid PRIMARY KEY,
  order_id            uuid NOT NULL REFERENCES orders (id),
  kind                text NOT NULL CHECK (kind IN ('AUTHORIZATION','CAPTURE','REFUND')),
  status              text NOT NULL CHECK (status IN ('AUTHORIZED','DECLINED','CAPTURED','VOIDED')),
  amount              bigint NOT NULL CHECK (amount >= 0),
  currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  card_brand          text NOT NULL,
  card_last4          text NOT NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
  -- the provider's token for the card (kept for later captures); never the number
  card_token          text NOT NULL,
  provider_reference  text NOT NULL,
  decline_code        text,
  -- the key sent to the provider: one row per provider transaction
  idempotency_key     text NOT NULL UNIQUE,
  created_at          timestamptz NOT NULL,
  CHECK ((status = 'DECLINED') = (decline_code IS NOT NULL))
);
CREATE INDEX payments_by_order ON payments (order_id, created_at);

-- Idempotency of checkout per (session, key): the first attempt's outcome is replayed.
CREATE TABLE checkout_requests (
  session_id       text NOT NULL,
  idempotency_key  text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  -- sha256 of the canonical input without the card number
  request_hash     text NOT NULL,
  state            text NOT NULL CHECK (state IN ('IN_PROGRESS','COMPLETED','FAILED')),
  order_id         uuid NOT NULL,
  result           jsonb,
  -- an IN_PROGRESS attempt whose lock lapsed may be resumed by a retry
  locked_until     timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (session_id, idempotency_key),
  CHECK ((state = 'COMPLETED') = (result IS NOT NULL))
);

-- What the exchange owes each store for its part of an order.
CREATE TABLE store_payables (
  id              uuid PRIMARY KEY,
  store_order_id  uuid NOT NULL UNIQUE REFERENCES store_orders (id),
  store_id        text NOT NULL,
  amount          bigint NOT NULL CHECK (amount >= 0),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- PENDING until the money is captured, then PAYABLE, then PAID; CANCELLED if voided
  status          text NOT NULL CHECK (status IN ('PENDING','PAYABLE','PAID','CANCELLED')),
  created_at      timestamptz NOT NULL
);
CREATE INDEX store_payables_by_store ON store_payables (store_id, status);
