-- The EXPIRING event is sent once per ticket: the sweeper claims the ticket by setting this.
ALTER TABLE tickets ADD COLUMN expiring_notified_at timestamptz;

-- the sweeper: HELD tickets still owed their EXPIRING notice, by expiry
CREATE INDEX tickets_expiring_due_idx ON tickets (expires_at) WHERE status = 'HELD' AND expiring_notified_at IS NULL;
