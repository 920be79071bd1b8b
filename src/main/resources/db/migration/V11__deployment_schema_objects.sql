-- The target's schema before a deploy and the schema it deploys (JSON snapshots): views, sequences, domains and
-- schemas are changed by comparing the target as it is at each step with these.
ALTER TABLE deployment ADD COLUMN target_schema VARCHAR(1000000);
ALTER TABLE deployment ADD COLUMN result_schema VARCHAR(1000000);
