-- Several servers on one database: scheduled work claimed in the database so that it runs
-- once, secrets every server shares, single-use challenges, and outbox messages claimed
-- before they are sent.
-- Portable SQL: the other backend's migration of the same number is identical.

-- One row per scheduled job (escalation, mail, clean-up, the demo load). A server runs a
-- job only after claiming its row: the run is due (next_run_at) and nobody holds an
-- unexpired lease. A server that dies mid-run loses its lease when it expires.
CREATE TABLE jobs (
    name             TEXT PRIMARY KEY,
    next_run_at      TEXT NOT NULL,
    holder           TEXT,
    lease_until      TEXT,
    last_started_at  TEXT,
    last_finished_at TEXT,
    last_error       TEXT,
    runs             BIGINT NOT NULL
);

-- Keys that sign what one server issues and another checks (the complaint challenge).
CREATE TABLE secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Challenges already answered, kept until they expire: an answer is accepted once.
CREATE TABLE used_challenges (
    nonce      TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX used_challenges_expiry ON used_challenges (expires_at);

-- A message is claimed by one sender until claimed_until; failed_at marks a message the
-- mail server refused for good (a permanent error), which is not retried.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
ALTER TABLE outbox ADD COLUMN failed_at TEXT;

CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX login_attempts_at ON login_attempts (at);
