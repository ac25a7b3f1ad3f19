-- Who submitted an innovation for verification: they may not verify or return it.
ALTER TABLE innovations ADD COLUMN submitted_by TEXT;
