-- Replication (replikasi): programmes a province or the ministry runs for a year, cases of one
-- adopter region replicating one innovation, their documents, action plans, mentoring
-- sessions, progress reports, transitions and certificate sign-offs.
-- Portable SQL: the other backend's migration of the same number is identical.
--
-- Codes (statuses, document kinds, steps, mentoring modes) are the domain's vocabulary codes;
-- structured values (signatories, the mentoring team, the adaptation) are JSON text written
-- and read by the service through the domain types.

CREATE TABLE replication_programmes (
    id                     TEXT PRIMARY KEY,
    -- The province (or the nation) that runs the programme.
    scope_region           TEXT NOT NULL REFERENCES regions (code),
    year                   BIGINT NOT NULL,
    name                   TEXT NOT NULL,
    commitment_signed_on   TEXT,
    -- JSON list of {name, position, region}.
    commitment_signatories TEXT NOT NULL,
    commitment_link        TEXT,
    -- JSON list of {name, institution, role}: e.g. Hub JIPP Kalbar, Universitas Tanjungpura.
    mentoring_team         TEXT NOT NULL,
    -- A case with no progress report for more days than this is flagged silent.
    silent_after_days      BIGINT NOT NULL,
    created_by             TEXT REFERENCES users (id),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX replication_programmes_scope ON replication_programmes (scope_region, year);

-- The innovations a programme offers.
CREATE TABLE programme_innovations (
    programme_id  TEXT NOT NULL REFERENCES replication_programmes (id) ON DELETE CASCADE,
    innovation_id TEXT NOT NULL REFERENCES innovations (id),
    PRIMARY KEY (programme_id, innovation_id)
);

-- The regions that adopt in a programme.
CREATE TABLE programme_adopters (
    programme_id TEXT NOT NULL REFERENCES replication_programmes (id) ON DELETE CASCADE,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (programme_id, region_code)
);

CREATE TABLE replication_cases (
    id                 TEXT PRIMARY KEY,
    programme_id       TEXT REFERENCES replication_programmes (id),
    innovation_id      TEXT NOT NULL REFERENCES innovations (id),
    -- The owner as the innovation had it when the case opened.
    owner_region_code  TEXT NOT NULL REFERENCES regions (code),
    owner_agency_id    TEXT NOT NULL REFERENCES agencies (id),
    adopter_region_code TEXT NOT NULL REFERENCES regions (code),
    adopter_agency_id  TEXT REFERENCES agencies (id),
    -- The adopter's name for its replication (judul replikasi).
    title              TEXT NOT NULL,
    status             TEXT NOT NULL,
    rejection_reason   TEXT,
    -- JSON Adaptation: aspects, description, reason.
    adaptation         TEXT NOT NULL,
    opened_on          TEXT NOT NULL,
    agreement_on       TEXT,
    approval_on        TEXT,
    implementation_on  TEXT,
    done_on            TEXT,
    rejected_on        TEXT,
    created_by         TEXT REFERENCES users (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX replication_cases_programme ON replication_cases (programme_id);
CREATE INDEX replication_cases_innovation ON replication_cases (innovation_id, status);
CREATE INDEX replication_cases_adopter ON replication_cases (adopter_region_code, status);
CREATE INDEX replication_cases_owner ON replication_cases (owner_region_code, status);

-- Every step taken, for the case's timeline (the audit log has them too).
CREATE TABLE case_transitions (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES replication_cases (id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT,
    actor       TEXT NOT NULL,
    taken_on    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX case_transitions_case ON case_transitions (case_id, created_at);

-- A document of a case: a file in blob storage and/or a link.
CREATE TABLE case_documents (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES replication_cases (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    link         TEXT,
    blob_key     TEXT,
    file_name    TEXT,
    content_type TEXT,
    size_bytes   BIGINT,
    uploaded_by  TEXT REFERENCES users (id),
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents (case_id, kind);

CREATE TABLE action_items (
    id                    TEXT PRIMARY KEY,
    case_id               TEXT NOT NULL REFERENCES replication_cases (id) ON DELETE CASCADE,
    position              BIGINT NOT NULL,
    activity              TEXT NOT NULL,
    responsible_agency_id TEXT REFERENCES agencies (id),
    person_in_charge      TEXT NOT NULL,
    start_on              TEXT NOT NULL,
    target_on             TEXT NOT NULL,
    output                TEXT NOT NULL,
    -- Rupiah as decimal text.
    budget                TEXT,
    status                TEXT NOT NULL,
    progress              BIGINT NOT NULL,
    weight                TEXT NOT NULL,
    evidence              TEXT,
    updated_at            TEXT NOT NULL
);
CREATE INDEX action_items_case ON action_items (case_id, position);

CREATE TABLE mentoring_sessions (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES replication_cases (id) ON DELETE CASCADE,
    held_on    TEXT NOT NULL,
    mentor     TEXT NOT NULL,
    -- visit, online, bimtek
    mode       TEXT NOT NULL,
    notes      TEXT NOT NULL,
    follow_ups TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX mentoring_sessions_case ON mentoring_sessions (case_id, held_on);

-- The adopter's periodic report: progress, obstacles, next steps.
CREATE TABLE progress_reports (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES replication_cases (id) ON DELETE CASCADE,
    reported_on TEXT NOT NULL,
    progress    BIGINT NOT NULL,
    obstacles   TEXT NOT NULL,
    next_steps  TEXT NOT NULL,
    created_by  TEXT REFERENCES users (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX progress_reports_case ON progress_reports (case_id, reported_on);

-- The certificate's sign-offs: owner, adopter, verifier.
CREATE TABLE case_sign_offs (
    case_id   TEXT NOT NULL REFERENCES replication_cases (id) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    user_id   TEXT REFERENCES users (id),
    name      TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    PRIMARY KEY (case_id, role)
);
