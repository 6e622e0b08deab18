-- Responses and the tallies that dashboards read instead of them.
--
-- A response and its tally update are written in one transaction (see server/src/storage/). A tally
-- row holds, for one unit, day (Asia/Jakarta), service, channel and counter tag, the counts of each
-- score per unsur plus the respondent moments the confidence interval needs (ikm_domain::Tally).
-- Flagged responses (anti-abuse) go to rows with flagged = 1, which the IKM leaves out.

CREATE TABLE responses (
    id            TEXT PRIMARY KEY,          -- UUID made when the form was rendered: the idempotency key
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    service_id    INTEGER REFERENCES services (id),
    counter_tag   TEXT NOT NULL DEFAULT '',  -- loket / kiosk tag from the link
    channel       TEXT NOT NULL CHECK (channel IN ('qr', 'kiosk', 'web', 'paper')),
    received_at   TEXT NOT NULL,             -- UTC, RFC 3339
    day           TEXT NOT NULL,             -- the Asia/Jakarta date of received_at (YYYY-MM-DD)
    s_persyaratan  INTEGER CHECK (s_persyaratan BETWEEN 1 AND 4),
    s_prosedur     INTEGER CHECK (s_prosedur BETWEEN 1 AND 4),
    s_waktu        INTEGER CHECK (s_waktu BETWEEN 1 AND 4),
    s_biaya        INTEGER CHECK (s_biaya BETWEEN 1 AND 4),
    s_produk       INTEGER CHECK (s_produk BETWEEN 1 AND 4),
    s_kompetensi   INTEGER CHECK (s_kompetensi BETWEEN 1 AND 4),
    s_perilaku     INTEGER CHECK (s_perilaku BETWEEN 1 AND 4),
    s_pengaduan    INTEGER CHECK (s_pengaduan BETWEEN 1 AND 4),
    s_sarana       INTEGER CHECK (s_sarana BETWEEN 1 AND 4),
    gender        TEXT CHECK (gender IS NULL OR gender IN ('laki_laki', 'perempuan')),
    age           INTEGER CHECK (age IS NULL OR age BETWEEN 10 AND 120),
    education     TEXT,
    occupation    TEXT,
    comment       TEXT,
    lang          TEXT NOT NULL DEFAULT 'id',
    flag          TEXT CHECK (flag IS NULL OR flag IN ('honeypot', 'rate_limit', 'too_fast')),
    straight_line INTEGER NOT NULL DEFAULT 0 CHECK (straight_line IN (0, 1)),
    device_hash   TEXT,                      -- salted hash that rotates daily; never a raw identifier
    seconds_on_form INTEGER,
    fingerprint   TEXT NOT NULL              -- hash of what was answered: tells a replay from a conflict
);
CREATE INDEX responses_unit_day ON responses (unit_id, day);
CREATE INDEX responses_device ON responses (unit_id, device_hash, received_at);

CREATE TABLE tallies (
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    day             TEXT NOT NULL,
    service_id      INTEGER NOT NULL DEFAULT 0,   -- 0: no service given
    channel         TEXT NOT NULL,
    counter_tag     TEXT NOT NULL DEFAULT '',
    flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    respondents     INTEGER NOT NULL DEFAULT 0,
    mean_sum        INTEGER NOT NULL DEFAULT 0,
    mean_square_sum INTEGER NOT NULL DEFAULT 0,
    c_persyaratan_1 INTEGER NOT NULL DEFAULT 0,
    c_persyaratan_2 INTEGER NOT NULL DEFAULT 0,
    c_persyaratan_3 INTEGER NOT NULL DEFAULT 0,
    c_persyaratan_4 INTEGER NOT NULL DEFAULT 0,
    c_prosedur_1 INTEGER NOT NULL DEFAULT 0,
    c_prosedur_2 INTEGER NOT NULL DEFAULT 0,
    c_prosedur_3 INTEGER NOT NULL DEFAULT 0,
    c_prosedur_4 INTEGER NOT NULL DEFAULT 0,
    c_waktu_1 INTEGER NOT NULL DEFAULT 0,
    c_waktu_2 INTEGER NOT NULL DEFAULT 0,
    c_waktu_3 INTEGER NOT NULL DEFAULT 0,
    c_waktu_4 INTEGER NOT NULL DEFAULT 0,
    c_biaya_1 INTEGER NOT NULL DEFAULT 0,
    c_biaya_2 INTEGER NOT NULL DEFAULT 0,
    c_biaya_3 INTEGER NOT NULL DEFAULT 0,
    c_biaya_4 INTEGER NOT NULL DEFAULT 0,
    c_produk_1 INTEGER NOT NULL DEFAULT 0,
    c_produk_2 INTEGER NOT NULL DEFAULT 0,
    c_produk_3 INTEGER NOT NULL DEFAULT 0,
    c_produk_4 INTEGER NOT NULL DEFAULT 0,
    c_kompetensi_1 INTEGER NOT NULL DEFAULT 0,
    c_kompetensi_2 INTEGER NOT NULL DEFAULT 0,
    c_kompetensi_3 INTEGER NOT NULL DEFAULT 0,
    c_kompetensi_4 INTEGER NOT NULL DEFAULT 0,
    c_perilaku_1 INTEGER NOT NULL DEFAULT 0,
    c_perilaku_2 INTEGER NOT NULL DEFAULT 0,
    c_perilaku_3 INTEGER NOT NULL DEFAULT 0,
    c_perilaku_4 INTEGER NOT NULL DEFAULT 0,
    c_pengaduan_1 INTEGER NOT NULL DEFAULT 0,
    c_pengaduan_2 INTEGER NOT NULL DEFAULT 0,
    c_pengaduan_3 INTEGER NOT NULL DEFAULT 0,
    c_pengaduan_4 INTEGER NOT NULL DEFAULT 0,
    c_sarana_1 INTEGER NOT NULL DEFAULT 0,
    c_sarana_2 INTEGER NOT NULL DEFAULT 0,
    c_sarana_3 INTEGER NOT NULL DEFAULT 0,
    c_sarana_4 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, service_id, channel, counter_tag, flagged)
);

-- Settings the servers share (e.g. the secret that signs survey forms and salts device hashes).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Units choose whether the kiosk asks the optional profile questions.
ALTER TABLE units ADD COLUMN kiosk_profile INTEGER NOT NULL DEFAULT 0 CHECK (kiosk_profile IN (0, 1));
