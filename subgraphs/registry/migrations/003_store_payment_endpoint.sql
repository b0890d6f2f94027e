-- Store-run payments: a store may run its own payment handling. Its payment endpoint (the
-- base URL of `POST {payment_endpoint}/authorize | /capture | /void | /refund`, signed with
-- the store's secret) is handed to the exchange's services with the active store list.
-- NULL: the exchange's own payment backend charges the shopper for the store's parts.
ALTER TABLE stores ADD COLUMN payment_endpoint text
  CHECK (payment_endpoint IS NULL OR (payment_endpoint ~ '^https?://' AND char_length(payment_endpoint) <= 2048));
