-- Idempotency of the stock-moving mutations other than hold and restore (releaseTicket,
-- changeTicketQuantity, saveCart): lib/idempotency.ts `runIdempotent`, over the same
-- table the payment subgraph keeps (payment migration 002). Scope
-- `cart:<cartId>:<mutation>`: keys are per cart and per mutation. The mutation's change
-- and its stored response commit in one transaction (which also holds the cart lock).
CREATE TABLE idempotency_requests (
  -- who and what, e.g. 'cart:account:<accountId>:releaseTicket'
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
