-- Competitions with juries (KIPP-style): the competition and its rounds, proposals made from
-- registry innovations, jurors with their affiliations and declared conflicts, assignments,
-- score sheets, public objections and certificates.
-- Portable SQL: the PostgreSQL migration of the same number holds the same tables.
--
-- The domain's structured values (the set-up, a proposal's snapshot, sections, attachments,
-- rejection reasons, a juror's scores) are stored as JSON text written and read by the service
-- through the domain types: the store never looks inside them, so the rules live in one place.
-- Codes (round kind, group, category, statuses) are the domain's vocabulary codes as text.

CREATE TABLE competitions (
    id           TEXT PRIMARY KEY,
    -- The nation (`ID`) for a national competition, or a province.
    scope_region TEXT NOT NULL REFERENCES regions (code),
    name         TEXT NOT NULL,
    year         BIGINT NOT NULL,
    -- The validated CompetitionSetup as JSON; name, year and scope are copied out of it so
    -- lists need not parse it.
    setup        TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_by   TEXT REFERENCES users (id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX competitions_scope ON competitions (scope_region, year);
CREATE INDEX competitions_year ON competitions (year, created_at);

-- The state of each round as it runs. The planned dates live in the set-up too; these are the
-- dates in force. Once `closed_at` is set the round's result (`result`, JSON written by the
-- service) is frozen: the store refuses to close it twice, and reopening is a separate,
-- audited admin act.
CREATE TABLE competition_rounds (
    competition_id TEXT NOT NULL REFERENCES competitions (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    -- The order of the round in its competition (0 first).
    position       BIGINT NOT NULL,
    opens_on       TEXT NOT NULL,
    closes_on      TEXT NOT NULL,
    closed_at      TEXT,
    closed_by      TEXT REFERENCES users (id),
    result         TEXT,
    PRIMARY KEY (competition_id, kind)
);

-- A proposal copies the innovation's profile at submission (`snapshot`), so later edits in
-- the registry do not change what was judged. Region and agency are the proposing instance
-- at submission: quotas and conflicts of interest are read from them.
CREATE TABLE proposals (
    id                    TEXT PRIMARY KEY,
    competition_id        TEXT NOT NULL REFERENCES competitions (id) ON DELETE CASCADE,
    innovation_id         TEXT NOT NULL REFERENCES innovations (id),
    region_code           TEXT NOT NULL REFERENCES regions (code),
    agency_id             TEXT NOT NULL REFERENCES agencies (id),
    group_code            TEXT NOT NULL,
    category              TEXT NOT NULL,
    -- The innovation's name at submission, for lists and duplicate-title checks.
    title                 TEXT NOT NULL,
    -- Kelompok replikasi: the innovation replicated (a name or a registry reference).
    replicated_innovation TEXT,
    snapshot              TEXT NOT NULL,
    sections              TEXT NOT NULL,
    attachments           TEXT NOT NULL,
    -- submitted, rejected, passed, shortlisted, finalist, winner, ...: no CHECK, the list
    -- belongs to the domain and grows with the rounds.
    status                TEXT NOT NULL,
    -- JSON list of rejection reasons, shown to the proposer; NULL unless rejected.
    rejection_reasons     TEXT,
    submitted_by          TEXT REFERENCES users (id),
    submitted_at          TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    -- One proposal per innovation and competition.
    UNIQUE (competition_id, innovation_id)
);
CREATE INDEX proposals_competition ON proposals (competition_id, status, submitted_at);
-- Quotas count a proposing instance's proposals per group.
CREATE INDEX proposals_quota ON proposals (competition_id, agency_id, group_code);
CREATE INDEX proposals_innovation ON proposals (innovation_id);

CREATE TABLE jurors (
    competition_id TEXT NOT NULL REFERENCES competitions (id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users (id),
    added_at       TEXT NOT NULL,
    PRIMARY KEY (competition_id, user_id)
);
CREATE INDEX jurors_user ON jurors (user_id);

-- Where a juror works or worked, with dates (both days included; NULL for an open end).
-- Kept per user, not per competition: they hold for every competition the user judges.
CREATE TABLE juror_affiliations (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region_code TEXT REFERENCES regions (code),
    agency_id   TEXT REFERENCES agencies (id),
    from_on     TEXT,
    to_on       TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX juror_affiliations_user ON juror_affiliations (user_id);

-- A conflict a juror declared on a proposal; the service reassigns the proposal.
CREATE TABLE declared_conflicts (
    competition_id TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    proposal_id    TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    reason         TEXT NOT NULL,
    declared_at    TEXT NOT NULL,
    PRIMARY KEY (competition_id, user_id, proposal_id),
    FOREIGN KEY (competition_id, user_id) REFERENCES jurors (competition_id, user_id)
);

-- Which juror judges which proposal in a round. `round` is a round kind; the primary key
-- leaves out the competition because a proposal belongs to one. The foreign key to jurors
-- keeps non-jurors out.
CREATE TABLE assignments (
    competition_id TEXT NOT NULL,
    round          TEXT NOT NULL,
    proposal_id    TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL,
    assigned_at    TEXT NOT NULL,
    PRIMARY KEY (round, proposal_id, user_id),
    FOREIGN KEY (competition_id, user_id) REFERENCES jurors (competition_id, user_id)
);
CREATE INDEX assignments_round ON assignments (competition_id, round, user_id);

-- A juror's scores of a proposal in a round: JSON object criterion code → score (decimal
-- text). Scores are blind to other jurors until the round closes; the service enforces that
-- through the per-juror query. No foreign key to assignments: a reassignment after a declared
-- conflict must not be blocked by a sheet the service will set aside.
CREATE TABLE score_sheets (
    competition_id TEXT NOT NULL,
    round          TEXT NOT NULL,
    proposal_id    TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL,
    scores         TEXT NOT NULL,
    note           TEXT,
    submitted_at   TEXT NOT NULL,
    PRIMARY KEY (round, proposal_id, user_id),
    FOREIGN KEY (competition_id, user_id) REFERENCES jurors (competition_id, user_id)
);
CREATE INDEX score_sheets_round ON score_sheets (competition_id, round, user_id);

-- A citizen's objection against a finalist (uji publik); the secretariat resolves each.
-- Name and contact are personal data: shown to the secretariat only.
CREATE TABLE objections (
    id          TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    contact     TEXT NOT NULL,
    text        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
    resolution  TEXT,
    resolved_by TEXT REFERENCES users (id),
    resolved_at TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX objections_proposal ON objections (proposal_id, created_at);
CREATE INDEX objections_status ON objections (status);

-- A winner's certificate (piagam); the code is printed on it and in its QR, and resolves to
-- the public verification page.
CREATE TABLE certificates (
    code        TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    award       TEXT NOT NULL,
    issued_at   TEXT NOT NULL
);
CREATE INDEX certificates_proposal ON certificates (proposal_id);
