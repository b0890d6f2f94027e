-- The store registry. One row per store ever registered: a removed store keeps its row
-- (credentials erased) so its id is never reused; orders, tickets and payouts in the
-- other services still name it.
CREATE TABLE stores (
  id                 text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name               text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  url                text NOT NULL,
  status             text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'REMOVED')),
  -- AES-256-GCM of the shared secret (REGISTRY_ENCRYPTION_KEY), bound to the id; NULL once removed
  secret_ciphertext  text,
  -- sha256 (hex) of the store's API key; NULL once removed
  api_key_hash       text,
  registered_at      timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CHECK ((status = 'REMOVED') = (secret_ciphertext IS NULL AND api_key_hash IS NULL))
);

-- byApiKey must be unambiguous
CREATE UNIQUE INDEX stores_api_key_hash_key ON stores (api_key_hash) WHERE api_key_hash IS NOT NULL;

-- The registry's version: every change bumps it in the change's own transaction. The row
-- lock serializes writers, so versions become visible in order and a poller that saw
-- version N has seen every change up to N. `epoch` tells a recreated registry apart.
CREATE TABLE registry_version (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  epoch      uuid NOT NULL DEFAULT gen_random_uuid(),
  version    bigint NOT NULL DEFAULT 0
);
INSERT INTO registry_version DEFAULT VALUES;
