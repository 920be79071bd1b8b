-- A blue/green promote that carries deploy requests runs as a background job: who asked when, and how far it got.
ALTER TABLE app_deployment ADD COLUMN promotion_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE app_deployment ADD COLUMN promotion_by VARCHAR(64);
ALTER TABLE app_deployment ADD COLUMN promotion_step VARCHAR(500);
-- An admin's freeze override covers the freeze it was given in (until its end), not later ones.
ALTER TABLE app_deployment ADD COLUMN override_until TIMESTAMP WITH TIME ZONE;
