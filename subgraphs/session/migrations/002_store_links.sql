-- Store login resolution: a store vouches for its user over a signed server-to-server
-- call, and the exchange links that user to one account (by email, or a new account
-- without a password). Such accounts have no password until the shopper sets one.
ALTER TABLE accounts ALTER COLUMN password_hash DROP NOT NULL;

-- One link per store user (the primary key), so concurrent resolutions end with one.
-- email_at_link records what the store asserted when the link was made.
CREATE TABLE store_account_links (
  store_id      text NOT NULL,
  store_user_id text NOT NULL,
  account_id    uuid NOT NULL REFERENCES accounts (id),
  email_at_link text NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (store_id, store_user_id)
);

CREATE INDEX store_account_links_account_id_idx ON store_account_links (account_id);
