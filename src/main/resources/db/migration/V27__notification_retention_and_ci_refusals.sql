-- In-app notifications are deleted loopline.notifications.keep after they were created (notification/outbox-pruner).
CREATE INDEX idx_notification_created ON notification (created_at);

-- Refused CI deliveries that repeat (same receiver, integration, status and reason) collapse into one row: times
-- counts them, first_received_at is the first, received_at the latest. Refused rows are trimmed apart from the others,
-- so a flood of unauthenticated requests cannot push accepted deliveries out of the log.
ALTER TABLE ci_delivery ADD COLUMN times INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE ci_delivery ADD COLUMN first_received_at TIMESTAMP WITH TIME ZONE;
UPDATE ci_delivery SET first_received_at = received_at;
ALTER TABLE ci_delivery ALTER COLUMN first_received_at SET NOT NULL;
CREATE INDEX idx_ci_delivery_outcome ON ci_delivery (kind, outcome, received_at);
