-- Competitions, second part: a provincial winner proposed into the national competition
-- keeps a link to the proposal it came from, and finalists get interview slots.
-- Portable SQL: the other backend's migration of the same number is identical.

-- The proposal in an earlier (provincial) competition this one was promoted from.
ALTER TABLE proposals ADD COLUMN source_proposal_id TEXT REFERENCES proposals (id);
CREATE INDEX proposals_source ON proposals (source_proposal_id);

-- When and where a finalist presents (presentasi dan wawancara): one slot per proposal.
CREATE TABLE interview_slots (
    proposal_id    TEXT PRIMARY KEY REFERENCES proposals (id) ON DELETE CASCADE,
    competition_id TEXT NOT NULL REFERENCES competitions (id) ON DELETE CASCADE,
    starts_at      TEXT NOT NULL,
    ends_at        TEXT NOT NULL,
    place          TEXT NOT NULL
);
CREATE INDEX interview_slots_competition ON interview_slots (competition_id, starts_at);
