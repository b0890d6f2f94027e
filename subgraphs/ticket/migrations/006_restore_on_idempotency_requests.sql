-- restoreSavedCart moves onto lib/idempotency.ts like every other keyed mutation (scope
-- `cart:<cartId>:restoreSavedCart`, `runIdempotentSteps`): a concurrent repeat now answers
-- REQUEST_IN_PROGRESS instead of running the lines again. Finished restores keep their
-- report (replayed as before, request hash unchanged); unfinished ones (running or
-- crashed) are not carried over: a repeat finds the key free and runs the restore again,
-- which holds nothing twice (each line's hold key is derived from the restore key).
INSERT INTO idempotency_requests (scope, key, request_hash, state, response, locked_until, lock_token, created_at, updated_at)
SELECT 'cart:' || cart_id || ':restoreSavedCart', key, request_hash, 'COMPLETED', result, created_at, gen_random_uuid(), created_at, created_at
FROM restore_idempotency
WHERE result IS NOT NULL
ON CONFLICT (scope, key) DO NOTHING;

DROP TABLE restore_idempotency;
