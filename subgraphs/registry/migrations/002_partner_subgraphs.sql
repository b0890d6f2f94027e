-- Partners of the exchange and the subgraphs they add to the supergraph at run time.
CREATE TABLE partners (
  id                 text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  -- sha256 (hex) of the partner's API key (x-partner-key)
  api_key_hash       text NOT NULL UNIQUE,
  -- AES-256-GCM of the secret the gateway signs forwarded identities with (partner id as AAD)
  secret_ciphertext  text NOT NULL,
  created_at         timestamptz NOT NULL
);

-- One row per subgraph name ever registered by a partner: the name stays its owner's
-- (a REMOVED row can be registered again by the same partner only).
CREATE TABLE partner_subgraphs (
  name           text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND char_length(name) <= 63),
  partner_id     text NOT NULL REFERENCES partners (id),
  url            text NOT NULL,
  status         text NOT NULL CHECK (status IN ('ACTIVE', 'REMOVED')),
  -- the SDL the subgraph served when it was accepted (what every gateway composes)
  sdl            text NOT NULL,
  -- the partner version its last change made
  version        bigint NOT NULL,
  registered_at  timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX partner_subgraphs_partner_idx ON partner_subgraphs (partner_id);

-- The partner version, apart from the store version: a store joining does not make every
-- gateway recompose. Its row lock serializes partner changes, so each registration is
-- composed against exactly the set it will join.
CREATE TABLE partner_version (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  epoch      uuid NOT NULL DEFAULT gen_random_uuid(),
  version    bigint NOT NULL DEFAULT 0
);
INSERT INTO partner_version DEFAULT VALUES;
