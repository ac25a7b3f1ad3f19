-- Lists show the newest innovations first; without this index every page sorts the table.
CREATE INDEX innovations_created ON innovations (created_at, id);
