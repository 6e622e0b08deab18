-- API keys of a unit's queue machine or front-office application, which issue invitations
-- (issue #32). The key is shown once when it is made; only its SHA-256 is kept (a key holds over 200
-- random bits, so no slow hash is needed) with a short prefix to find it and to show in lists.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL UNIQUE,
    hash         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);
CREATE INDEX api_keys_unit ON api_keys (unit_id);
