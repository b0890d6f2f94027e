-- Idempotency keys are kept for IDEMPOTENCY_RETENTION_DAYS (default 30) and then deleted
-- in batches, oldest first (lib/retention.ts RetentionJob, infra/pg-idempotency-retention.ts):
-- a retry after that runs as a new request. A checkout still IN_PROGRESS is never deleted.
CREATE INDEX idempotency_requests_created_at_idx ON idempotency_requests (created_at);
CREATE INDEX checkout_requests_created_at_idx ON checkout_requests (created_at);
