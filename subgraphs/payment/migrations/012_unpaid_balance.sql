-- The unpaid balance of an order (payUnpaidBalance, domain/unpaid-balance.ts): the card parts of
-- shipments whose card payment ended DECLINED or FAILED, paid later by the shopper with another card.
-- Its rows are an AUTHORIZATION on that card (made by the request itself, never by the money
-- movement job: while PENDING its next_attempt_at is 'infinity') and its CAPTURE (carried out by
-- the job). Neither belongs to one shipment: their allocation has one share per (shipment card
-- payment they settle, store), naming the shipment (`shipmentId`) and the row (`settles`).
ALTER TABLE financial_transactions
  ADD COLUMN pays_unpaid_balance boolean NOT NULL DEFAULT false;

ALTER TABLE financial_transactions ADD CONSTRAINT financial_transactions_unpaid_balance
  CHECK (NOT pays_unpaid_balance
         OR (kind IN ('AUTHORIZATION','CAPTURE') AND collector = 'EXCHANGE' AND shipment_id IS NULL
             AND store_order_id IS NULL AND gift_amount = 0 AND amount > 0 AND allocation IS NOT NULL));

-- an order's balance payments are looked up with its rows; a planner needs the ones in flight
CREATE INDEX financial_transactions_unpaid_balance ON financial_transactions (order_id) WHERE pays_unpaid_balance;
