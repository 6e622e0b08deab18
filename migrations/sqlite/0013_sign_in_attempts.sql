-- Sign-in attempts counted per key and window, so that a limit holds under concurrency: each
-- password check is reserved first by one statement that adds 1 unless the count is at the limit
-- (`INSERT … ON CONFLICT DO UPDATE … WHERE attempts < limit`), which both engines run atomically.
-- Before, failures were counted from the audit log and recorded after the check: 40 wrong
-- passwords sent at once were all checked. Keys: `pair:<login>|<address>` (the lock-out),
-- `address:<address>` (one address guessing many accounts), `account:<login>` (failures from any
-- address, for the slow-down), `gate:<login>` (when the last slowed-down check went through).

CREATE TABLE sign_in_attempts (
    key          TEXT NOT NULL,
    window_start TEXT NOT NULL,             -- the window's first instant, UTC RFC 3339 ('' for a gate)
    attempts     INTEGER NOT NULL,
    last_at      TEXT NOT NULL,             -- UTC RFC 3339
    PRIMARY KEY (key, window_start)
);
CREATE INDEX sign_in_attempts_last ON sign_in_attempts (last_at);
