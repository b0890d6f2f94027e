-- Accounts. Emails are unique case-insensitively (the unique index on lower(email)),
-- but kept as typed for display. password_hash is an encoded scrypt string with its
-- parameters, so the cost can be raised later and old hashes upgraded on login.
CREATE TABLE accounts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX accounts_email_lower_key ON accounts (lower(email));
