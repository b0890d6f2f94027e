-- Prices per user class (lib/pricing.ts): an operator puts an account in a price class
-- (e.g. WHOLESALE); the account's sessions carry it and pricing applies the class's
-- prices. NULL: no class (list prices and sales only).
ALTER TABLE accounts ADD COLUMN price_class text NULL CHECK (price_class ~ '^[A-Z][A-Z0-9_]{0,31}$');
