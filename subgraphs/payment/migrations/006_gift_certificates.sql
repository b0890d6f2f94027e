-- Gift certificates (domain "Gift certificates"; domain/gift-certificates.ts has the rules).
-- A customer's gift balance is made of certificates, each with its own currency, balance and
-- expiry. Money is integer minor units. A certificate's code is shown once (emailed to its
-- recipient) and only its sha256 is kept.
--
-- Ledger (domain/ledger.ts): issuing posts GIFT_CERTIFICATE_ISSUED and a purchase
-- GIFT_CERTIFICATE_SOLD (both credit liability:gift-certificates). Spending at checkout only
-- moves balances (DEBIT movements): the liability is reduced when the order's shipments are
-- captured (CAPTURE journals with a gift part), and given back by REFUND journals with a gift
-- part. So at any moment:
--   −balance(liability:gift-certificates) = Σ certificate balances
--                                          + Σ gift parts of orders held (debited, not yet captured nor given back)

-- A shopper's purchase of a certificate for someone else, charged to a card at once
-- (authorize + capture at the provider; a digital good, nothing ships).
--   PENDING → AUTHORIZED → COMPLETED (certificate created, GIFT_CERTIFICATE_SOLD posted, code emailed)
--          \→ DECLINED (nothing charged; an authorization whose capture failed is voided)
CREATE TABLE gift_certificate_purchases (
  id                       uuid PRIMARY KEY,
  session_id               text NOT NULL,
  account_id               text,
  amount                   bigint NOT NULL CHECK (amount > 0),
  currency                 text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  recipient_email          text NOT NULL CHECK (length(recipient_email) BETWEEN 3 AND 254),
  message                  text CHECK (length(message) <= 500),
  -- the certificate's expiry, fixed when it is bought
  expires_at               timestamptz NOT NULL,
  status                   text NOT NULL CHECK (status IN ('PENDING','AUTHORIZED','COMPLETED','DECLINED')),
  -- the provider's token for the card (never the number), brand and last four
  card_brand               text NOT NULL,
  card_last4               text NOT NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
  card_token               text NOT NULL,
  authorization_reference  text,
  capture_reference        text,
  decline_code             text,
  created_at               timestamptz NOT NULL,
  completed_at             timestamptz,
  CHECK (status IN ('PENDING','DECLINED') OR authorization_reference IS NOT NULL),
  CHECK ((status = 'COMPLETED') = (capture_reference IS NOT NULL AND completed_at IS NOT NULL))
);

CREATE TABLE gift_certificates (
  id               uuid PRIMARY KEY,
  -- sha256 (hex) of the normalized code; null for certificates put straight on an account
  code_hash        text UNIQUE CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  -- null until claimed (certificates bought for someone else)
  account_id       text,
  initial_amount   bigint NOT NULL CHECK (initial_amount > 0),
  balance          bigint NOT NULL,
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  expires_at       timestamptz NOT NULL,
  -- UNCLAIMED → ACTIVE (claimed, or issued to an account). Expiry is read from expires_at
  -- (EXPIRED is accepted for a future sweep that marks them).
  state            text NOT NULL CHECK (state IN ('UNCLAIMED','ACTIVE','EXPIRED')),
  -- ISSUED: an operator gave it; PURCHASED: bought by a shopper; REFUND: a refund credit
  -- for a certificate that had expired meanwhile (its remainder is re-issued fresh)
  source           text NOT NULL CHECK (source IN ('ISSUED','PURCHASED','REFUND')),
  purchase_id      uuid UNIQUE REFERENCES gift_certificate_purchases (id),
  reissued_from    uuid REFERENCES gift_certificates (id),
  recipient_email  text,
  message          text CHECK (length(message) <= 500),
  created_at       timestamptz NOT NULL,
  claimed_at       timestamptz,
  CONSTRAINT gift_certificates_balance_not_negative CHECK (balance >= 0),
  CONSTRAINT gift_certificates_balance_within_initial CHECK (balance <= initial_amount),
  CHECK ((state = 'UNCLAIMED') = (account_id IS NULL)),
  CHECK (state <> 'UNCLAIMED' OR code_hash IS NOT NULL),
  CHECK ((source = 'PURCHASED') = (purchase_id IS NOT NULL)),
  CHECK ((source = 'REFUND') = (reissued_from IS NOT NULL))
);
-- a customer's spendable certificates, soonest-expiring first
CREATE INDEX gift_certificates_by_account ON gift_certificates (account_id, currency, expires_at, created_at, id) WHERE account_id IS NOT NULL;

-- Every change of a balance after the certificate was created, so each balance is auditable:
--   balance = initial_amount − Σ DEBIT + Σ CREDIT   (REISSUED does not change the balance)
-- DEBIT: spent at checkout on `order_id`. CREDIT: given back to it (a checkout that failed,
-- a refund, the unused gift part of an order that will not ship). REISSUED: a credit that was
-- due to this certificate after it had expired went to a fresh certificate (`reissued_as`).
CREATE TABLE gift_certificate_movements (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  certificate_id  uuid NOT NULL REFERENCES gift_certificates (id),
  order_id        uuid NOT NULL REFERENCES orders (id),
  kind            text NOT NULL CHECK (kind IN ('DEBIT','CREDIT','REISSUED')),
  amount          bigint NOT NULL CHECK (amount > 0),
  -- the financial transaction whose settlement gave the money back (a refund, or the void
  -- that released an order's unused gift part); null at checkout
  transaction_id  uuid REFERENCES financial_transactions (id),
  reissued_as     uuid REFERENCES gift_certificates (id),
  created_at      timestamptz NOT NULL,
  CHECK ((kind = 'REISSUED') = (reissued_as IS NOT NULL)),
  CHECK (kind <> 'DEBIT' OR transaction_id IS NULL)
);
CREATE INDEX gift_certificate_movements_by_order ON gift_certificate_movements (order_id, certificate_id);
CREATE INDEX gift_certificate_movements_by_certificate ON gift_certificate_movements (certificate_id, id);
-- a transaction row gives back to a certificate once
CREATE UNIQUE INDEX gift_certificate_movements_once ON gift_certificate_movements (transaction_id, certificate_id, kind) WHERE transaction_id IS NOT NULL;

-- The order's payment split: gift_amount paid from the shopper's certificates (debited at
-- checkout, in the transaction that wrote the order), card_amount what the exchange
-- authorizes on the card (checkout writes it; NULL, for orders written before: total − gift).
ALTER TABLE orders
  ADD COLUMN gift_amount bigint NOT NULL DEFAULT 0 CHECK (gift_amount >= 0),
  ADD COLUMN card_amount bigint CHECK (card_amount >= 0),
  ADD CONSTRAINT orders_payment_split CHECK (gift_amount + coalesce(card_amount, 0) <= total_amount);

-- Every transaction row: `amount` is what the card moves (the provider call), `gift_amount`
-- what gift certificates pay (captures: spent; refunds: given back; the void of the order's
-- authorization: the gift part that will not be spent, given back). A row whose card amount
-- is 0 never reaches the provider (MoneyMovementJob settles it at once).
ALTER TABLE financial_transactions
  ADD COLUMN gift_amount bigint NOT NULL DEFAULT 0 CHECK (gift_amount >= 0);
-- an order the exchange takes nothing for on a card (gift certificates pay it, or nothing is
-- due) has an authorization without a card, of amount 0
ALTER TABLE financial_transactions DROP CONSTRAINT financial_transactions_card;
ALTER TABLE financial_transactions ADD CONSTRAINT financial_transactions_card
  CHECK (kind <> 'AUTHORIZATION' OR card_token IS NOT NULL OR amount = 0);
-- a shipment paid by gift certificates alone is a capture of no authorization
ALTER TABLE financial_transactions DROP CONSTRAINT financial_transactions_parent;
ALTER TABLE financial_transactions ADD CONSTRAINT financial_transactions_parent
  CHECK (kind IN ('AUTHORIZATION','REFUND') OR parent_id IS NOT NULL OR (kind = 'CAPTURE' AND amount = 0 AND gift_amount > 0));
