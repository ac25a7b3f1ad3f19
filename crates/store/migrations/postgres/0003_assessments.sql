-- The regional innovation index: rubrics per year, each region's yearly assessment with its
-- answers (SPD rows for the region, SID rows per innovation), their evidence, the computed
-- results, and results published in earlier years on their own scale.

CREATE TABLE rubrics (
    year       BIGINT PRIMARY KEY,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The reporting window of a year: open for edits until closed; frozen results are final,
-- published ones public.
CREATE TABLE index_years (
    year         BIGINT PRIMARY KEY,
    open         BOOLEAN NOT NULL,
    frozen_at    TEXT,
    published_at TEXT
);

CREATE TABLE assessments (
    id          TEXT PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    year        BIGINT NOT NULL,
    -- An admin may reopen one region's assessment after the window closed.
    reopened    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (region_code, year)
);

-- `subject` is '' for a region (SPD) row, else the innovation's id (SID row).
CREATE TABLE answers (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    subject       TEXT NOT NULL,
    indicator     TEXT NOT NULL,
    level         BIGINT NOT NULL,
    note          TEXT,
    updated_by    TEXT,
    updated_at    TEXT NOT NULL,
    UNIQUE (assessment_id, subject, indicator)
);

CREATE TABLE evidence (
    id             TEXT PRIMARY KEY,
    answer_id      TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    blob_key       TEXT,
    file_name      TEXT,
    content_type   TEXT,
    size           BIGINT,
    link           TEXT,
    letter_number  TEXT,
    letter_date    TEXT,
    letter_subject TEXT,
    status         TEXT NOT NULL,
    review_note    TEXT,
    reviewed_by    TEXT,
    reviewed_at    TEXT,
    created_by     TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX evidence_answer ON evidence (answer_id);
CREATE INDEX evidence_status ON evidence (status);

-- The latest computed result of each assessment, both projections, kept in step with every
-- change so rankings are a plain query.
CREATE TABLE index_results (
    region_code TEXT NOT NULL REFERENCES regions (code),
    year        BIGINT NOT NULL,
    projection  TEXT NOT NULL,
    spd         TEXT NOT NULL,
    sid         TEXT NOT NULL,
    total       TEXT NOT NULL,
    idx         TEXT NOT NULL,
    idx_order   DOUBLE PRECISION NOT NULL,
    category    TEXT NOT NULL,
    included    BIGINT NOT NULL,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (region_code, year, projection)
);
CREATE INDEX index_results_rank ON index_results (year, projection, idx_order);

-- Results as published in past years, on their own scale (e.g. 2020: 220, "kurang inovatif").
CREATE TABLE historic_results (
    region_code TEXT NOT NULL REFERENCES regions (code),
    year        BIGINT NOT NULL,
    value       TEXT,
    label       TEXT NOT NULL,
    category    TEXT,
    scale_note  TEXT,
    source      TEXT,
    PRIMARY KEY (region_code, year)
);
