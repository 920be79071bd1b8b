-- Failed sign-ins in a row per submitted user name (known or not), so that a lock holds on every node that shares
-- this metadata database. A row goes away on a successful sign-in or once its failures are older than the window.
CREATE TABLE login_failure (
    username        VARCHAR(64) NOT NULL PRIMARY KEY,
    failures        INTEGER     NOT NULL,
    last_failure_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE
);
