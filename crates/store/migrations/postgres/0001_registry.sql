-- The registry: regions, agencies, accounts, innovations, awards, audit log.
-- Portable SQL: the PostgreSQL migration of the same number holds the same tables.
-- Ids are UUIDv7 text; times are RFC 3339 UTC text with microseconds, so they sort as text;
-- dates are YYYY-MM-DD text.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES regions (code),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    level       BIGINT NOT NULL,
    autonomous  BOOLEAN NOT NULL,
    lat         DOUBLE PRECISION,
    lng         DOUBLE PRECISION
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE agencies (
    id          TEXT PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    is_demo     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TEXT NOT NULL,
    UNIQUE (region_code, name_key)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT NOT NULL
);

CREATE TABLE role_grants (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    agency_id   TEXT REFERENCES agencies (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX role_grants_user ON role_grants (user_id);

-- Only hashes of session ids and tokens are kept: a stolen database opens no session.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);

CREATE TABLE login_attempts (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key, at);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE innovations (
    id                  TEXT PRIMARY KEY,
    registration_number TEXT NOT NULL UNIQUE,
    region_code         TEXT NOT NULL REFERENCES regions (code),
    agency_id           TEXT NOT NULL REFERENCES agencies (id),
    name                TEXT NOT NULL,
    stage               TEXT NOT NULL,
    trial_date          TEXT,
    implementation_date TEXT,
    initiator           TEXT,
    initiator_name      TEXT,
    kind                TEXT NOT NULL,
    form                TEXT NOT NULL,
    main_affair         TEXT,
    theme               TEXT,
    design              TEXT NOT NULL,
    goals               TEXT NOT NULL,
    benefits            TEXT NOT NULL,
    results             TEXT NOT NULL,
    budget              TEXT,
    links               TEXT NOT NULL,
    latest_development  TEXT,
    status              TEXT NOT NULL,
    status_note         TEXT,
    is_demo             BOOLEAN NOT NULL DEFAULT FALSE,
    created_by          TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX innovations_region ON innovations (region_code, status);
CREATE INDEX innovations_agency ON innovations (agency_id);
CREATE INDEX innovations_status ON innovations (status);

CREATE TABLE innovation_related_affairs (
    innovation_id TEXT NOT NULL REFERENCES innovations (id) ON DELETE CASCADE,
    affair        TEXT NOT NULL,
    PRIMARY KEY (innovation_id, affair)
);
CREATE INDEX innovation_related_affairs_affair ON innovation_related_affairs (affair);

CREATE TABLE awards (
    id            TEXT PRIMARY KEY,
    innovation_id TEXT NOT NULL REFERENCES innovations (id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    event         TEXT NOT NULL,
    year          BIGINT NOT NULL,
    rank          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX awards_innovation ON awards (innovation_id);

-- Append-only: the application never updates or deletes a row here.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    TEXT,
    actor_label TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    region_code TEXT,
    changes     TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
