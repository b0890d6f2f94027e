-- Tickets: each one is a hold on store stock.
CREATE TABLE tickets (
  id uuid PRIMARY KEY,
  session_id text NOT NULL,
  account_id text,
  store_id text NOT NULL,
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  -- PENDING: inserted, store not yet answered (never shown to shoppers)
  status text NOT NULL CHECK (status IN ('PENDING', 'HELD', 'CHECKING_OUT', 'RELEASED', 'EXPIRED', 'PURCHASED')),
  expires_at timestamptz NOT NULL,
  checkout_order_id text,
  checkout_started_at timestamptz,
  -- set when the hold never came to be (store refused or unreachable, abandoned): invisible
  failure_code text,
  -- the store still has to be told to release; retried until its lease lapses
  release_owed boolean NOT NULL DEFAULT false,
  release_retry_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- the sweeper: due HELD / PENDING / CHECKING_OUT tickets
CREATE INDEX tickets_status_expires_idx ON tickets (status, expires_at);
-- the cart: a session's live tickets
CREATE INDEX tickets_session_status_idx ON tickets (session_id, status);
CREATE INDEX tickets_checkout_order_idx ON tickets (checkout_order_id) WHERE checkout_order_id IS NOT NULL;
CREATE INDEX tickets_release_owed_idx ON tickets (release_retry_at) WHERE release_owed;

-- One row per session with a cart: its version, and the lock every change of its tickets takes.
CREATE TABLE cart_versions (
  session_id text PRIMARY KEY,
  version integer NOT NULL DEFAULT 0
);

-- Holds by idempotency key: a repeat returns the first result.
CREATE TABLE hold_idempotency (
  session_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  ticket_id uuid REFERENCES tickets (id),
  failure jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, key)
);
