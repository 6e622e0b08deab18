-- What a unit does with what citizens said: comment follow-up, follow-up plans, alerts.

-- One row per comment a staff member has touched (a comment without a row is "baru").
CREATE TABLE comment_followups (
    response_id  TEXT PRIMARY KEY REFERENCES responses (id),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    status       TEXT NOT NULL CHECK (status IN ('baru', 'dibaca', 'ditindaklanjuti', 'selesai')),
    note         TEXT,             -- internal, staff only
    public_reply TEXT,             -- shown on the unit's public page
    replied_at   TEXT,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);
CREATE INDEX comment_followups_public ON comment_followups (unit_id, replied_at);

-- Rencana tindak lanjut: actions of a period against an unsur.
CREATE TABLE followup_actions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    period     TEXT NOT NULL,      -- ikm_domain::Period::key, e.g. 2026-T4
    unsur      TEXT NOT NULL,
    action     TEXT NOT NULL,
    owner      TEXT NOT NULL,
    due        TEXT NOT NULL,      -- YYYY-MM-DD
    status     TEXT NOT NULL CHECK (status IN ('rencana', 'berjalan', 'selesai')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX followup_actions_unit ON followup_actions (unit_id, period);

-- A unit's alert rules (no row: no rules).
CREATE TABLE alert_rules (
    unit_id           INTEGER PRIMARY KEY REFERENCES units (id),
    below_grade       TEXT CHECK (below_grade IS NULL OR below_grade IN ('A', 'B', 'C', 'D')),
    low_share_percent INTEGER CHECK (low_share_percent IS NULL OR low_share_percent BETWEEN 1 AND 100),
    low_share_last    INTEGER NOT NULL CHECK (low_share_last BETWEEN 5 AND 1000),
    email             TEXT,
    updated_at        TEXT NOT NULL
);

-- Raised alerts; at most one open (unacknowledged) alert per unit and rule.
CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    kind            TEXT NOT NULL CHECK (kind IN ('grade', 'low_share')),
    raised_at       TEXT NOT NULL,
    detail          TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (unit_id, kind) WHERE acknowledged_at IS NULL;
CREATE INDEX alerts_unit ON alerts (unit_id, raised_at);
CREATE INDEX responses_unit_received ON responses (unit_id, received_at);
