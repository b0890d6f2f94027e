-- Price rules (lib/pricing.ts): a store lowers its list prices for a class of users
-- (CLASS_PRICE) or with a sale (SALE: optionally within [starts_at, ends_at), optionally
-- only for one class, optionally only with an offer code attached to the session).
-- Checkout reads them fresh from here; the ticket subgraph reads them over the internal
-- `pricing/rules` route to show the cart. Money is integer minor units.
CREATE TABLE price_rules (
  id           uuid PRIMARY KEY,
  store_id     text NOT NULL,
  sku          text NOT NULL CHECK (sku ~ '^[A-Za-z0-9._-]{1,64}$'),
  kind         text NOT NULL CHECK (kind IN ('CLASS_PRICE','SALE')),
  price_class  text CHECK (price_class ~ '^[A-Z][A-Z0-9_]{0,31}$'),
  amount       bigint NOT NULL CHECK (amount >= 0),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  starts_at    timestamptz,
  ends_at      timestamptz,
  offer_code   text CHECK (offer_code ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  -- a class price is for one class, always (a time-bounded or coded class price is a SALE restricted to the class)
  CHECK (kind <> 'CLASS_PRICE' OR (price_class IS NOT NULL AND starts_at IS NULL AND ends_at IS NULL AND offer_code IS NULL)),
  CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at)
);

-- A rule is identified by what it applies to: setting the same definition again changes
-- its amount (same id), so a retried setPriceRule never duplicates a rule and a class's
-- price is replaced rather than stacked. Also the index of the reads (store, sku).
CREATE UNIQUE INDEX price_rules_definition ON price_rules (
  store_id, sku, kind, currency,
  (coalesce(price_class, '')),
  (coalesce(offer_code, '')),
  (coalesce(starts_at, '-infinity'::timestamptz)),
  (coalesce(ends_at, 'infinity'::timestamptz))
);
