-- The schema of the table a deployment operation changes; NULL (operations queued before) means PUBLIC. A deploy may
-- change tables of the same name in two schemas.
ALTER TABLE deployment_operation ADD COLUMN schema_name VARCHAR(255);
