-- Invitations (issue #32): a one-time survey link for one service event, beside the open QR code.
-- The code is the key (80 random bits, Crockford base32); nothing personal is kept. `response_id`
-- is set in the answer's own transaction, so a link is used up exactly when its answer is stored.
CREATE TABLE invitations (
    code        TEXT PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    service_id  INTEGER REFERENCES services (id),
    counter_tag TEXT NOT NULL DEFAULT '',
    issued_at   TEXT NOT NULL,
    issued_day  TEXT NOT NULL,     -- Asia/Jakarta, for a period's counts
    expires_at  TEXT NOT NULL,
    issued_by   TEXT NOT NULL,     -- a staff account, an API key, the command line
    response_id TEXT UNIQUE,
    answered_at TEXT
);
CREATE INDEX invitations_unit_day ON invitations (unit_id, issued_day);

-- A unit's choices: how long its links stay valid, and whether its survey is by invitation only.
CREATE TABLE invitation_settings (
    unit_id      INTEGER PRIMARY KEY REFERENCES units (id),
    valid_days   INTEGER NOT NULL CHECK (valid_days BETWEEN 1 AND 90),
    only_invited INTEGER NOT NULL CHECK (only_invited IN (0, 1)),
    updated_at   TEXT NOT NULL
);
