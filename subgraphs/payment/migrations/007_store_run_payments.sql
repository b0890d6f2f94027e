-- Store-run payments (domain/store-payments.ts): a store may run its own payment handling.
-- The exchange then calls the store's signed payment endpoint for that store's part of an
-- order (authorize at checkout; capture when it ships; void; refund on returns) instead of
-- its own payment provider. The money never passes the exchange: the ledger only records
-- the fee the store owes (STORE_COLLECTED / STORE_REFUNDED journals).

-- Who collects a part's money, decided once at checkout (the store's payment endpoint then);
-- a store that changes its mode later does not change parts already placed.
ALTER TABLE store_orders
  ADD COLUMN paid_by text NOT NULL DEFAULT 'EXCHANGE' CHECK (paid_by IN ('EXCHANGE', 'STORE'));

-- Who carries a financial transaction out: the exchange's provider ('EXCHANGE') or the store's
-- own payment endpoint ('STORE:<storeId>'). Every call is a row either way.
ALTER TABLE financial_transactions
  ADD COLUMN collector text NOT NULL DEFAULT 'EXCHANGE'
    CHECK (collector = 'EXCHANGE' OR collector ~ '^STORE:[a-z0-9][a-z0-9-]{0,62}$');

-- A store's authorization holds no card token: the card went to the store, once, over the wire.
-- The card rule (as earlier migrations left it) now applies to the exchange's own rows only.
DO $$
DECLARE
  rule text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO rule FROM pg_constraint
   WHERE conname = 'financial_transactions_card' AND conrelid = 'financial_transactions'::regclass;
  IF rule IS NOT NULL THEN
    ALTER TABLE financial_transactions DROP CONSTRAINT financial_transactions_card;
    EXECUTE format('ALTER TABLE financial_transactions ADD CONSTRAINT financial_transactions_card CHECK (collector <> %L OR (%s))',
                   'EXCHANGE', substring(rule FROM '^CHECK \((.*)\)$'));
  END IF;
END $$;

-- The exchange's authorizations are captured whole, once. A store's authorization is
-- captured per shipment (a partial shipment captures the shipped amount; the store decides).
DROP INDEX IF EXISTS financial_transactions_one_capture;
CREATE UNIQUE INDEX financial_transactions_one_capture ON financial_transactions (parent_id)
  WHERE kind = 'CAPTURE' AND collector = 'EXCHANGE';
CREATE UNIQUE INDEX financial_transactions_one_store_capture_per_shipment ON financial_transactions (parent_id, shipment_id)
  WHERE kind = 'CAPTURE' AND collector <> 'EXCHANGE';

-- One checkout authorization per store-run part (a resumed checkout finds it: same row, same
-- idempotency key at the store). It is made by checkout itself, never by the money movement
-- job: while PENDING (the store's answer not recorded yet) its next_attempt_at is 'infinity'.
CREATE UNIQUE INDEX financial_transactions_one_store_authorization ON financial_transactions (store_order_id)
  WHERE kind = 'AUTHORIZATION' AND collector <> 'EXCHANGE' AND shipment_id IS NULL;
CREATE INDEX financial_transactions_store_collected ON financial_transactions (order_id)
  WHERE collector <> 'EXCHANGE';
