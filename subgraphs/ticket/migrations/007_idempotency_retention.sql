-- Idempotency keys are kept for IDEMPOTENCY_RETENTION_DAYS (default 30) and then deleted
-- in batches, oldest first (lib/retention.ts RetentionJob, infra/pg-idempotency-retention.ts):
-- a retry after that runs as a new request.
CREATE INDEX hold_idempotency_created_at_idx ON hold_idempotency (created_at);
CREATE INDEX idempotency_requests_created_at_idx ON idempotency_requests (created_at);
