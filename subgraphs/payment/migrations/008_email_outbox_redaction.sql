-- Secrets do not linger in the email outbox (lib/mail/templates.ts EMAIL_SECRET_FIELDS, e.g.
-- a gift certificate's code): once a row leaves PENDING/SENDING for SENT or DEAD, its
-- template's secret fields are removed from `data` in the same UPDATE (PgEmailOutbox.markSent
-- and markFailed). The rest of the data, the dedupe key and the Message-ID (from the row id)
-- stay. `redacted_at` is set when a secret was actually removed: such a row cannot be sent
-- again as it was (PgEmailOutbox.requeueDead leaves it DEAD).
ALTER TABLE email_outbox ADD COLUMN redacted_at timestamptz;
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_redacted_when_done
  CHECK (redacted_at IS NULL OR state IN ('SENT','DEAD'));

-- rows sent (or dead) before this migration: their gift codes go now
UPDATE email_outbox
   SET data = data - 'code', redacted_at = now()
 WHERE template = 'gift-certificate-received' AND state IN ('SENT','DEAD')
   AND data ? 'code' AND jsonb_typeof(data -> 'code') <> 'null';
UPDATE email_outbox
   SET data = data - 'code'
 WHERE template = 'gift-certificate-received' AND state IN ('SENT','DEAD') AND data ? 'code';
