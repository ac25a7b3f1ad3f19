-- Full-text search over tokens made in Rust (lumbung_search), stored with the `simple`
-- configuration so PostgreSQL neither stems nor drops them again: both backends index the
-- same tokens. The name weighs as A, the rest of the text as B.
CREATE TABLE search_documents (
    innovation_id TEXT PRIMARY KEY REFERENCES innovations (id) ON DELETE CASCADE,
    vector        TSVECTOR NOT NULL,
    -- Tokens in name and text, for BM25's length normalisation (see store/src/search.rs).
    doc_length    BIGINT NOT NULL
);
CREATE INDEX search_documents_vector ON search_documents USING GIN (vector);
