-- Carts are no longer one per session: a guest's cart id is its session id, an account's
-- is 'account:<accountId>' (one cart across all of the account's sessions). The columns
-- that keyed tickets, cart versions and hold keys by session key them by cart.
ALTER TABLE tickets RENAME COLUMN session_id TO cart_id;
ALTER INDEX tickets_session_status_idx RENAME TO tickets_cart_status_idx;
ALTER TABLE cart_versions RENAME COLUMN session_id TO cart_id;
ALTER TABLE hold_idempotency RENAME COLUMN session_id TO cart_id;

-- Live tickets held under an account move to the account's cart (its version row first).
-- A hold key stays with its session's cart: the tickets it names are found by id.
INSERT INTO cart_versions (cart_id, version)
SELECT DISTINCT 'account:' || account_id, 1 FROM tickets
WHERE account_id IS NOT NULL AND status IN ('PENDING', 'HELD', 'CHECKING_OUT')
ON CONFLICT (cart_id) DO UPDATE SET version = cart_versions.version + 1;
UPDATE cart_versions SET version = version + 1 WHERE cart_id IN (
  SELECT DISTINCT cart_id FROM tickets WHERE account_id IS NOT NULL AND status IN ('PENDING', 'HELD', 'CHECKING_OUT'));
UPDATE tickets SET cart_id = 'account:' || account_id
WHERE account_id IS NOT NULL AND status IN ('PENDING', 'HELD', 'CHECKING_OUT');

-- Carts kept under an account, restorable later (their lines hold nothing while saved).
CREATE TABLE saved_carts (
  id uuid PRIMARY KEY,
  account_id text NOT NULL,
  name text NOT NULL,
  offer_codes text[] NOT NULL DEFAULT '{}',
  saved_at timestamptz NOT NULL,
  -- breaks ties between carts saved in the same millisecond (newest first stays exact)
  seq bigint GENERATED ALWAYS AS IDENTITY
);
-- the account's saved carts, newest first (and the per-account count)
CREATE INDEX saved_carts_account_idx ON saved_carts (account_id, saved_at DESC, seq DESC);

CREATE TABLE saved_cart_lines (
  saved_cart_id uuid NOT NULL REFERENCES saved_carts (id) ON DELETE CASCADE,
  position integer NOT NULL,
  store_id text NOT NULL,
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (saved_cart_id, position)
);

-- Restores by idempotency key (per cart): the line report of the first restore, replayed on
-- a repeat. `result` is NULL while the first restore runs (or after it crashed): a repeat
-- then runs the lines again, whose holds are idempotent on keys derived from this one.
CREATE TABLE restore_idempotency (
  cart_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  result jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (cart_id, key)
);
