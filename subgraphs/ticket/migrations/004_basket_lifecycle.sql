-- Baskets over time: docs/ARCHITECTURE.md "Basket lifecycle".
--
-- A basket is a cart with content. It opens when the cart gets a live ticket (HELD or
-- CHECKING_OUT) and closes when its last live ticket ends; a cart has one basket after
-- another (`baskets.seq`). A closing basket is classified by how it ended:
--   CHECKED_OUT  a ticket of it was PURCHASED
--   ABANDONED    its last live ticket(s) ended by EXPIRY, nothing purchased (or the janitor
--                found it idle past ABANDONED_AFTER_MINUTES with unpurchased holds)
--   EMPTIED      the shopper emptied it (released every line, saved it releasing the holds,
--                or logged in and the guest cart merged into the account's)
--   EXPIRED      left open past BASKET_MAX_AGE_DAYS: the janitor released what it still held

-- Every cart change bumps cart_versions.version; the trigger below keeps the activity time
-- and the basket bookkeeping in that same UPDATE statement, under the cart lock it holds.
ALTER TABLE cart_versions
  -- the last change of the cart (the latest updated_at of its tickets: the application
  -- clock of the transaction that bumped the version)
  ADD COLUMN last_activity_at timestamptz,
  -- baskets the cart has had (the seq of the newest)
  ADD COLUMN basket_count integer NOT NULL DEFAULT 0,
  -- the seq of the basket holding content now; NULL while the cart is empty
  ADD COLUMN open_basket integer,
  -- when the cart last became empty (tickets that ended before belong to earlier baskets)
  ADD COLUMN emptied_at timestamptz;

CREATE TABLE baskets (
  cart_id text NOT NULL,
  seq integer NOT NULL,
  state text NOT NULL CHECK (state IN ('OPEN', 'CHECKED_OUT', 'ABANDONED', 'EMPTIED', 'EXPIRED')),
  opened_at timestamptz NOT NULL,
  -- the cart's tickets that ended after this belong to this basket (NULL: all of them)
  since timestamptz,
  -- the last live ticket ended (NULL while the basket still holds something)
  emptied_at timestamptz,
  -- when it stopped being OPEN
  closed_at timestamptz,
  abandoned_at timestamptz,
  -- ABANDONED: when the stores' reports were written (BasketJanitor); NULL while owed
  reported_at timestamptz,
  PRIMARY KEY (cart_id, seq)
);
-- the janitor: abandoned baskets whose reports are owed
CREATE INDEX baskets_reports_due_idx ON baskets (abandoned_at) WHERE state = 'ABANDONED' AND reported_at IS NULL;
-- the janitor: carts holding content, by last activity (idle abandonment, expiry)
CREATE INDEX cart_versions_open_idle_idx ON cart_versions (last_activity_at) WHERE open_basket IS NOT NULL;
-- the trigger: a cart's latest ticket change in one index probe
CREATE INDEX tickets_cart_updated_idx ON tickets (cart_id, updated_at);

CREATE FUNCTION cart_basket_bookkeeping() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  activity timestamptz;
  live boolean;
  basket baskets%ROWTYPE;
  outcome text;
BEGIN
  -- every bump follows a ticket change stamped with the application clock (ManualClock in
  -- tests), so the cart's latest ticket updated_at is the time of this change
  SELECT greatest(OLD.last_activity_at, max(updated_at)) INTO activity FROM tickets WHERE cart_id = NEW.cart_id;
  IF activity IS NULL THEN
    RETURN NEW;
  END IF;
  NEW.last_activity_at := activity;
  live := EXISTS (SELECT 1 FROM tickets WHERE cart_id = NEW.cart_id AND status IN ('HELD', 'CHECKING_OUT'));

  IF live AND NEW.open_basket IS NULL THEN
    NEW.basket_count := OLD.basket_count + 1;
    NEW.open_basket := NEW.basket_count;
    INSERT INTO baskets (cart_id, seq, state, opened_at, since) VALUES (NEW.cart_id, NEW.open_basket, 'OPEN', activity, OLD.emptied_at);
  ELSIF NOT live AND NEW.open_basket IS NOT NULL THEN
    SELECT * INTO basket FROM baskets WHERE cart_id = NEW.cart_id AND seq = NEW.open_basket;
    outcome := CASE
      WHEN basket.state = 'EXPIRED' THEN 'EXPIRED'
      WHEN EXISTS (SELECT 1 FROM tickets WHERE cart_id = NEW.cart_id AND status = 'PURCHASED'
                   AND (basket.since IS NULL OR updated_at > basket.since)) THEN 'CHECKED_OUT'
      -- found idle and reported already: it stays abandoned
      WHEN basket.state = 'ABANDONED' THEN 'ABANDONED'
      -- the change that emptied it is an expiry (this transaction's tickets carry `activity`)
      WHEN activity > coalesce(OLD.last_activity_at, '-infinity')
           AND EXISTS (SELECT 1 FROM tickets WHERE cart_id = NEW.cart_id AND status = 'EXPIRED'
                       AND failure_code IS NULL AND updated_at = activity) THEN 'ABANDONED'
      ELSE 'EMPTIED'
    END;
    UPDATE baskets SET
      state = outcome,
      emptied_at = activity,
      closed_at = coalesce(closed_at, activity),
      abandoned_at = CASE WHEN outcome = 'ABANDONED' THEN coalesce(abandoned_at, activity) ELSE abandoned_at END
    WHERE cart_id = NEW.cart_id AND seq = NEW.open_basket;
    NEW.open_basket := NULL;
    NEW.emptied_at := activity;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER cart_versions_basket_bookkeeping
  BEFORE UPDATE OF version ON cart_versions
  FOR EACH ROW WHEN (NEW.version IS DISTINCT FROM OLD.version)
  EXECUTE FUNCTION cart_basket_bookkeeping();

-- Carts as they are now: activity from their tickets; those with content have a basket
-- open since their oldest live ticket; the others were emptied at their last change.
UPDATE cart_versions cv SET last_activity_at = t.last
FROM (SELECT cart_id, max(updated_at) AS last FROM tickets GROUP BY cart_id) t
WHERE t.cart_id = cv.cart_id;

INSERT INTO baskets (cart_id, seq, state, opened_at, since)
SELECT cart_id, 1, 'OPEN', min(created_at), min(created_at) FROM tickets
WHERE status IN ('HELD', 'CHECKING_OUT') AND cart_id IN (SELECT cart_id FROM cart_versions)
GROUP BY cart_id;
UPDATE cart_versions SET basket_count = 1, open_basket = 1 WHERE cart_id IN (SELECT cart_id FROM baskets);
UPDATE cart_versions SET emptied_at = last_activity_at WHERE open_basket IS NULL;

-- Saved carts are baskets kept under the account: they expire BASKET_MAX_AGE_DAYS after
-- they were saved or last restored. An expired saved cart leaves saved_carts (so it is no
-- longer listed, counted or restorable: SAVED_CART_NOT_FOUND) and is kept here.
ALTER TABLE saved_carts ADD COLUMN last_restored_at timestamptz;
CREATE INDEX saved_carts_left_open_idx ON saved_carts ((coalesce(last_restored_at, saved_at)));

CREATE TABLE expired_saved_carts (
  id uuid PRIMARY KEY,
  account_id text NOT NULL,
  name text NOT NULL,
  offer_codes text[] NOT NULL,
  saved_at timestamptz NOT NULL,
  last_restored_at timestamptz,
  expired_at timestamptz NOT NULL,
  -- [{storeId, sku, quantity}] in cart order
  lines jsonb NOT NULL
);
CREATE INDEX expired_saved_carts_account_idx ON expired_saved_carts (account_id, expired_at DESC);

-- The secret behind a cart's anonymous references (cartRef = HMAC(ref_key, storeId)): stable
-- per (cart, store), so a store can correlate a cart's reports, but never the session or
-- account id, and two stores cannot match their references to each other.
CREATE TABLE cart_ref_keys (
  cart_id text PRIMARY KEY,
  ref_key uuid NOT NULL
);

-- One report per (cart, basket, store): the store's lines of an abandoned basket.
CREATE TABLE abandoned_cart_reports (
  id uuid PRIMARY KEY,
  store_id text NOT NULL,
  -- never shown to the store
  cart_id text NOT NULL,
  basket_seq integer NOT NULL,
  cart_ref uuid NOT NULL,
  abandoned_at timestamptz NOT NULL,
  reported_at timestamptz NOT NULL,
  -- [{sku, quantity, unitPrice: {amount, currency} | null}] in sku order
  lines jsonb NOT NULL,
  UNIQUE (cart_id, basket_seq, store_id),
  FOREIGN KEY (cart_id, basket_seq) REFERENCES baskets (cart_id, seq)
);
-- a store's reports, newest first (keyset pagination)
CREATE INDEX abandoned_cart_reports_store_idx ON abandoned_cart_reports (store_id, abandoned_at DESC, id DESC);
