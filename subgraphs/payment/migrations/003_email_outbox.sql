-- Transactional outbox of the automatic emails (order placed, order shipped, gift certificate
-- received). A row is written in the same transaction as the event it tells about, and a
-- dispatcher (lib/mail/dispatcher.ts) sends it over SMTP: an email is never lost when the
-- mail server is down, and `dedupe_key` keeps one logical email from being enqueued twice.
--   PENDING -> SENDING (claimed under a lease by one replica) -> SENT
--                     \-> PENDING again (failed; retried at next_attempt_at with backoff)
--                     \-> DEAD (refused for good, or too many refusals; logged at error)
-- A SENDING row whose lease ran out (replica died mid-send) is due again: for SENDING rows
-- next_attempt_at equals lease_until, so one index finds every due row.
CREATE TABLE email_outbox (
  id               uuid PRIMARY KEY,
  dedupe_key       text NOT NULL UNIQUE CHECK (length(dedupe_key) BETWEEN 1 AND 300),
  template         text NOT NULL,
  recipient        text NOT NULL,
  data             jsonb NOT NULL,
  state            text NOT NULL CHECK (state IN ('PENDING','SENDING','SENT','DEAD')),
  -- every try (claims); drives the backoff
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- tries the mail server refused (or that failed on our side); DEAD at PgEmailOutbox's maxAttempts (default 20).
  -- Tries that could not reach the server do not count: an outage of any length loses nothing.
  rejections       integer NOT NULL DEFAULT 0 CHECK (rejections >= 0),
  next_attempt_at  timestamptz NOT NULL,
  lease_until      timestamptz,
  last_error       text,
  message_id       text,
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz,
  CHECK ((state = 'SENDING') = (lease_until IS NOT NULL)),
  CHECK ((state = 'SENT') = (sent_at IS NOT NULL))
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE state IN ('PENDING','SENDING');
CREATE INDEX email_outbox_dead ON email_outbox (created_at) WHERE state = 'DEAD';
