-- Full-text search over tokens made in Rust (lumbung_search): the analyzer already lower-cased,
-- stemmed and expanded them, so unicode61 only splits them on spaces, exactly as PostgreSQL's
-- `simple` configuration does.
--
-- An innovation's document number lives in its own table: the FTS rowid must be stable, and
-- VACUUM may renumber the implicit rowids of a table keyed by text.
CREATE TABLE search_documents (
    doc           INTEGER PRIMARY KEY,
    innovation_id TEXT NOT NULL UNIQUE REFERENCES innovations (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE innovation_search USING fts5 (name, body, tokenize = 'unicode61');
