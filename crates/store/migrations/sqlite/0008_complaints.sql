-- Complaints (pengaduan) with their events and attachments, the working-day calendar and SLA
-- rules they are timed by, theme links to the innovations that answer them, public
-- consultation forums (FKP) with their agreements, and the e-mail outbox.
-- Portable SQL: the other backend's migration of the same number is identical.
--
-- Flags are 0/1 BIGINTs (the Any driver reads no booleans); codes are the domain's vocabulary
-- codes; tags and group counts are JSON text.

-- Days off: national holidays and cuti bersama (region_code NULL) and regional holidays,
-- which hold in their region's subtree.
CREATE TABLE holidays (
    id          TEXT PRIMARY KEY,
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    region_code TEXT REFERENCES regions (code),
    created_by  TEXT REFERENCES users (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX holidays_day ON holidays (day);

-- The years whose shipped national list was loaded, so an admin's deletion stays deleted.
CREATE TABLE holiday_years (
    year      BIGINT PRIMARY KEY,
    loaded_at TEXT NOT NULL
);

-- Working days allowed, per category and/or region subtree; the most specific rule wins and
-- LAPOR!'s 3 + 5 apply where none matches.
CREATE TABLE sla_rules (
    id                 TEXT PRIMARY KEY,
    category           TEXT,
    region_code        TEXT REFERENCES regions (code),
    verification_days  BIGINT NOT NULL,
    follow_up_days     BIGINT NOT NULL,
    created_by         TEXT REFERENCES users (id),
    created_at         TEXT NOT NULL
);

-- The last tracking number given in each year.
CREATE TABLE complaint_sequences (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE complaints (
    id               TEXT PRIMARY KEY,
    tracking_number  TEXT NOT NULL UNIQUE,
    year             BIGINT NOT NULL,
    channel          TEXT NOT NULL,
    category         TEXT NOT NULL,
    -- JSON list of normalised tags.
    tags             TEXT NOT NULL,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    agency_id        TEXT REFERENCES agencies (id),
    -- The innovation the complaint is about, when it is about one.
    innovation_id    TEXT REFERENCES innovations (id),
    subject          TEXT NOT NULL,
    description      TEXT NOT NULL,
    reporter_name    TEXT,
    reporter_email   TEXT,
    reporter_phone   TEXT,
    anonymous        BIGINT NOT NULL,
    -- argon2 hash of the reporter's PIN, which lets them reopen without an account.
    reporter_pin_hash TEXT,
    status           TEXT NOT NULL,
    rejection_reason TEXT,
    duplicate_of     TEXT REFERENCES complaints (id),
    -- The agency's answer, shown to the reporter and on the tracking page.
    answer           TEXT,
    received_at      TEXT NOT NULL,
    -- The region's local days, computed when received and when assigned.
    verify_by        TEXT NOT NULL,
    follow_up_by     TEXT NOT NULL,
    verified_at      TEXT,
    assigned_at      TEXT,
    answered_at      TEXT,
    closed_at        TEXT,
    -- The last escalation: the stage that was late and the region whose admins were told.
    escalated_stage  TEXT,
    escalated_to     TEXT REFERENCES regions (code),
    escalated_at     TEXT,
    created_by       TEXT REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX complaints_region ON complaints (region_code, status);
CREATE INDEX complaints_agency ON complaints (agency_id, year);
CREATE INDEX complaints_innovation ON complaints (innovation_id);
CREATE INDEX complaints_received ON complaints (year, received_at);

-- The complaint's timeline; `public` events are shown on the tracking page.
CREATE TABLE complaint_events (
    id           TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT,
    note         TEXT,
    public       BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, at);

CREATE TABLE complaint_attachments (
    id           TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    blob_key     TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX complaint_attachments_complaint ON complaint_attachments (complaint_id);

-- A complaint theme (a category in a region subtree, optionally one tag) answered by an
-- innovation.
CREATE TABLE theme_links (
    id            TEXT PRIMARY KEY,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    category      TEXT NOT NULL,
    tag           TEXT,
    innovation_id TEXT NOT NULL REFERENCES innovations (id),
    note          TEXT,
    created_by    TEXT REFERENCES users (id),
    created_at    TEXT NOT NULL
);
CREATE INDEX theme_links_innovation ON theme_links (innovation_id);
CREATE INDEX theme_links_region ON theme_links (region_code, category);

-- Public consultation forums (Forum Konsultasi Publik).
CREATE TABLE consultations (
    id          TEXT PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    agency_id   TEXT REFERENCES agencies (id),
    topic       TEXT NOT NULL,
    service     TEXT NOT NULL,
    planned_on  TEXT NOT NULL,
    place       TEXT NOT NULL,
    -- JSON list of {group, count}.
    invited     TEXT NOT NULL,
    status      TEXT NOT NULL,
    held_on     TEXT,
    attendance  TEXT,
    minutes     TEXT,
    -- Why a planned forum was cancelled.
    cancel_reason TEXT,
    created_by  TEXT REFERENCES users (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX consultations_region ON consultations (region_code, planned_on);

CREATE TABLE consultation_agreements (
    id              TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    text            TEXT NOT NULL,
    owner           TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL,
    note            TEXT,
    -- The innovation that answers the agreement, when one does.
    innovation_id   TEXT REFERENCES innovations (id),
    updated_at      TEXT NOT NULL
);
CREATE INDEX consultation_agreements_consultation ON consultation_agreements (consultation_id, position);
CREATE INDEX consultation_agreements_innovation ON consultation_agreements (innovation_id);

-- E-mail waiting to be sent: written in the same transaction as the change it reports, sent
-- by a background job, retried with backoff while the mail server is down.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    -- What it is about, e.g. complaint:<id>.
    topic           TEXT NOT NULL,
    attempts        BIGINT NOT NULL,
    last_error      TEXT,
    next_attempt_at TEXT NOT NULL,
    sent_at         TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);
