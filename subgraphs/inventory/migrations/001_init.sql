-- One store's catalog, stock and reservations (one database per store).

CREATE TABLE items (
  -- the item's bar code (EAN-13 / ISBN-13 / UPC)
  sku            text PRIMARY KEY CHECK (sku <> '' AND length(sku) <= 64),
  name           text NOT NULL CHECK (name <> ''),
  description    text NOT NULL DEFAULT '',
  price_amount   integer NOT NULL CHECK (price_amount >= 0),
  currency       char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- the last line of defence against overselling: no code path can drive it negative
  stock_on_hand  integer NOT NULL CHECK (stock_on_hand >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reservations (
  -- one reservation per exchange ticket: the idempotency key of reserve/release/commit
  ticket_id    uuid PRIMARY KEY,
  sku          text NOT NULL REFERENCES items (sku),
  quantity     integer NOT NULL CHECK (quantity > 0),
  status       text NOT NULL CHECK (status IN ('HELD', 'RELEASED', 'COMMITTED')),
  -- a HELD reservation counts against stock only until this instant
  lease_until  timestamptz NOT NULL,
  order_id     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'COMMITTED') = (order_id IS NOT NULL))
);

-- live holds per SKU (available = on hand - live holds) are read on every catalog read
-- and every reserve; only HELD rows matter, and the sum is answered from the index
CREATE INDEX reservations_live_holds ON reservations (sku, lease_until) INCLUDE (quantity) WHERE status = 'HELD';
