-- Store-run payments, reference implementation: a void may name the authorization by the
-- exchange's idempotency key of the authorize call (`authorizationKey`) instead of by its
-- reference, when the exchange never learned the reference (the authorize answer was lost).
-- Such a void row keeps that key: it releases the authorization when one exists, and
-- otherwise remembers the key as voided, so an authorize with it that arrives later is
-- declined (authorization_voided) rather than approved.
ALTER TABLE store_payments
  ADD COLUMN authorization_key text
    CHECK (authorization_key IS NULL OR (operation = 'void' AND length(authorization_key) BETWEEN 1 AND 200));
CREATE INDEX store_payments_voided_keys ON store_payments (authorization_key) WHERE authorization_key IS NOT NULL;
