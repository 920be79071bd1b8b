-- The parent's schema when the branch was made (JSON of the neutral schema model): the base of three-way diffs.
ALTER TABLE branch ADD COLUMN base_schema VARCHAR(1000000);
