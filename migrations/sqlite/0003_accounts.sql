-- Staff accounts, their sessions, and the audit log. Citizens never sign in.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,       -- lower case
    email         TEXT UNIQUE,                -- lower case, optional
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,              -- Argon2id PHC string; never the password
    role          TEXT NOT NULL CHECK (role IN ('admin', 'province', 'region', 'unit')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
);

-- What a role covers: a province code, a kabupaten/kota code, or unit codes (none for admin).
CREATE TABLE user_scopes (
    user_id INTEGER NOT NULL REFERENCES users (id),
    code    TEXT NOT NULL,
    PRIMARY KEY (user_id, code)
);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here, so a copy of
-- the database does not let anyone sign in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Append-only: every change made by a signed-in user (before and after, as JSON) and every sign-in.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor    TEXT NOT NULL,                  -- username as typed for failed sign-ins
    address  TEXT NOT NULL DEFAULT '',
    action   TEXT NOT NULL,
    target   TEXT NOT NULL DEFAULT '',
    before   TEXT,
    after    TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
