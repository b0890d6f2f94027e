-- Gift certificates expire, and their codes are not guessed (domain/gift-certificates.ts).
--
-- 1. Expiry (domain/gift-certificate-expiry-job.ts, GiftCertificateExpiryJob): a certificate
--    past expires_at (ACTIVE or UNCLAIMED) becomes EXPIRED; what was left on it is breakage:
--    its balance goes to 0 with an EXPIRED movement of that amount, and a
--    GIFT_CERTIFICATE_EXPIRED journal (reference = certificate id) moves it from
--    liability:gift-certificates to revenue:gift-certificate-breakage, in one transaction.
--    The identities of migration 006 become:
--      balance = initial_amount − Σ DEBIT + Σ CREDIT − Σ EXPIRED
--      −balance(liability:gift-certificates) = Σ certificate balances
--                                             + Σ gift parts of orders held (DEBIT − CREDIT − REISSUED per order)
--    An EXPIRED certificate stays empty: money given back to it later (a refund of an order it
--    paid for) is re-issued as a fresh certificate (REISSUED), as for any expired certificate.

ALTER TABLE ledger_journals DROP CONSTRAINT ledger_journals_kind_check;
ALTER TABLE ledger_journals ADD CONSTRAINT ledger_journals_kind_check
  CHECK (kind IN ('CAPTURE','REFUND','PAYOUT','GIFT_CERTIFICATE_SOLD','GIFT_CERTIFICATE_ISSUED','STORE_COLLECTED','STORE_REFUNDED','GIFT_CERTIFICATE_EXPIRED'));

-- UNCLAIMED ⇔ no account no longer holds: a certificate nobody claimed expires without one.
DO $$
DECLARE
  name text;
BEGIN
  FOR name IN
    SELECT conname FROM pg_constraint
     WHERE conrelid = 'gift_certificates'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%(state = ''UNCLAIMED''::text) = (account_id IS NULL)%'
  LOOP
    EXECUTE format('ALTER TABLE gift_certificates DROP CONSTRAINT %I', name);
  END LOOP;
END $$;
ALTER TABLE gift_certificates
  ADD CONSTRAINT gift_certificates_unclaimed_without_account CHECK (state <> 'UNCLAIMED' OR account_id IS NULL),
  ADD CONSTRAINT gift_certificates_active_on_account CHECK (state <> 'ACTIVE' OR account_id IS NOT NULL),
  ADD CONSTRAINT gift_certificates_expired_empty CHECK (state <> 'EXPIRED' OR balance = 0);
-- what the expiry job looks for
CREATE INDEX gift_certificates_expiring ON gift_certificates (expires_at, created_at, id) WHERE state IN ('ACTIVE','UNCLAIMED');

-- EXPIRED movements belong to no order; one per certificate.
ALTER TABLE gift_certificate_movements ALTER COLUMN order_id DROP NOT NULL;
ALTER TABLE gift_certificate_movements DROP CONSTRAINT gift_certificate_movements_kind_check;
ALTER TABLE gift_certificate_movements
  ADD CONSTRAINT gift_certificate_movements_kind_check CHECK (kind IN ('DEBIT','CREDIT','REISSUED','EXPIRED')),
  ADD CONSTRAINT gift_certificate_movements_order CHECK ((kind = 'EXPIRED') = (order_id IS NULL)),
  ADD CONSTRAINT gift_certificate_movements_expired_alone CHECK (kind <> 'EXPIRED' OR transaction_id IS NULL);
CREATE UNIQUE INDEX gift_certificate_movements_expired_once ON gift_certificate_movements (certificate_id) WHERE kind = 'EXPIRED';

-- 2. Claims are rate limited (GiftCertificateService.claim): every refused claim (no such
--    code, claimed, expired) is a row per subject it counts against — `account:<accountId>`
--    and `ip:<clientIp>` — and a subject with too many rows within the window is refused,
--    even with a correct code, until the window passes. The expiry job prunes rows older
--    than the longest window.
CREATE TABLE gift_certificate_claim_failures (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  failed_at  timestamptz NOT NULL
);
CREATE INDEX gift_certificate_claim_failures_by_subject ON gift_certificate_claim_failures (subject, failed_at DESC);
CREATE INDEX gift_certificate_claim_failures_by_age ON gift_certificate_claim_failures (failed_at);
