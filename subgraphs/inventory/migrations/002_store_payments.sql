-- Store-run payments, reference implementation (subgraphs/inventory/payments/): a store that
-- runs its own payment handling serves the exchange's signed payment calls
-- (POST /payments/authorize | /capture | /void | /refund, lib/store-payment-protocol.ts)
-- over a tiny sandbox processor persisted here. Only enabled stores (STORE_PAYMENTS=1) use it.
-- Card numbers are never stored: only the brand and last four digits.
CREATE TABLE store_payments (
  id               uuid PRIMARY KEY,
  -- the exchange's idempotency key: one operation per key, its answer replayed on a repeat
  idempotency_key  text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  -- sha256 of the operation's input: the same key with another input is refused
  request_hash     text NOT NULL,
  operation        text NOT NULL CHECK (operation IN ('authorize', 'capture', 'void', 'refund')),
  -- what this store answers with, and later calls name (authorization → capture/void, capture → refund)
  reference        text NOT NULL UNIQUE,
  -- capture and void: the authorization; refund: the capture
  parent_id        uuid REFERENCES store_payments (id),
  -- authorize: the exchange's order and the store's part of it
  order_id         text,
  store_order_id   text,
  amount           bigint NOT NULL CHECK (amount >= 0),
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- authorize: approved | declined; the others: succeeded | failed
  status           text NOT NULL CHECK (status IN ('approved', 'declined', 'succeeded', 'failed')),
  -- why it was declined or failed
  reason           text,
  card_brand       text,
  card_last4       text CHECK (card_last4 IS NULL OR card_last4 ~ '^[0-9]{4}$'),
  created_at       timestamptz NOT NULL,
  -- a capture, void or refund of an unknown reference is refused (failed) and has no parent
  CHECK (operation <> 'authorize' OR parent_id IS NULL),
  CHECK ((status IN ('declined', 'failed')) = (reason IS NOT NULL))
);
CREATE INDEX store_payments_by_parent ON store_payments (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX store_payments_by_order ON store_payments (order_id) WHERE order_id IS NOT NULL;
