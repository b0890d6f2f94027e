-- Corner-shop style REST store: its own database, its own naming. Prices are decimals
-- in the shop's currency ("3.49"), stock is "in_stock", holds are "holds".

CREATE TABLE items (
  sku         text PRIMARY KEY CHECK (sku <> '' AND length(sku) <= 64),
  title       text NOT NULL CHECK (title <> ''),
  blurb       text NOT NULL DEFAULT '',
  price       numeric(10, 2) NOT NULL CHECK (price >= 0),
  -- never negative: the last line of defence against overselling
  in_stock    integer NOT NULL CHECK (in_stock >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE holds (
  -- chosen by the caller: creating a hold is idempotent on it
  hold_id     text PRIMARY KEY CHECK (hold_id <> '' AND length(hold_id) <= 100),
  sku         text NOT NULL REFERENCES items (sku),
  qty         integer NOT NULL CHECK (qty > 0),
  state       text NOT NULL CHECK (state IN ('active', 'cancelled', 'confirmed')),
  -- an active hold counts against stock only until this instant (it lapses by itself)
  expires_at  timestamptz NOT NULL,
  order_ref   text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'confirmed') = (order_ref IS NOT NULL))
);

CREATE INDEX holds_live ON holds (sku, expires_at) INCLUDE (qty) WHERE state = 'active';
