-- Rotating a generic webhook's signing secret: the old secret keeps signing next to the new one (the Standard
-- Webhooks header lists several signatures) until previous_secret_until, so receivers can switch without a gap.
ALTER TABLE webhook ADD COLUMN previous_secret_sealed VARCHAR(512);
ALTER TABLE webhook ADD COLUMN previous_secret_until TIMESTAMP WITH TIME ZONE;
