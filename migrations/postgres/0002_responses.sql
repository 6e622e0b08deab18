-- Responses, tallies and settings (PostgreSQL; see migrations/sqlite/0002_responses.sql).

CREATE TABLE responses (
    id            TEXT PRIMARY KEY,
    unit_id       BIGINT NOT NULL REFERENCES units (id),
    service_id    BIGINT REFERENCES services (id),
    counter_tag   TEXT NOT NULL DEFAULT '',
    channel       TEXT NOT NULL CHECK (channel IN ('qr', 'kiosk', 'web', 'paper')),
    received_at   TEXT NOT NULL,
    day           TEXT NOT NULL,
    s_persyaratan  BIGINT CHECK (s_persyaratan BETWEEN 1 AND 4),
    s_prosedur     BIGINT CHECK (s_prosedur BETWEEN 1 AND 4),
    s_waktu        BIGINT CHECK (s_waktu BETWEEN 1 AND 4),
    s_biaya        BIGINT CHECK (s_biaya BETWEEN 1 AND 4),
    s_produk       BIGINT CHECK (s_produk BETWEEN 1 AND 4),
    s_kompetensi   BIGINT CHECK (s_kompetensi BETWEEN 1 AND 4),
    s_perilaku     BIGINT CHECK (s_perilaku BETWEEN 1 AND 4),
    s_pengaduan    BIGINT CHECK (s_pengaduan BETWEEN 1 AND 4),
    s_sarana       BIGINT CHECK (s_sarana BETWEEN 1 AND 4),
    gender        TEXT CHECK (gender IS NULL OR gender IN ('laki_laki', 'perempuan')),
    age           BIGINT CHECK (age IS NULL OR age BETWEEN 10 AND 120),
    education     TEXT,
    occupation    TEXT,
    comment       TEXT,
    lang          TEXT NOT NULL DEFAULT 'id',
    flag          TEXT CHECK (flag IS NULL OR flag IN ('honeypot', 'rate_limit', 'too_fast')),
    straight_line BOOLEAN NOT NULL DEFAULT FALSE,
    device_hash   TEXT,
    seconds_on_form BIGINT,
    fingerprint   TEXT NOT NULL
);
CREATE INDEX responses_unit_day ON responses (unit_id, day);
CREATE INDEX responses_device ON responses (unit_id, device_hash, received_at);

CREATE TABLE tallies (
    unit_id         BIGINT NOT NULL REFERENCES units (id),
    day             TEXT NOT NULL,
    service_id      BIGINT NOT NULL DEFAULT 0,
    channel         TEXT NOT NULL,
    counter_tag     TEXT NOT NULL DEFAULT '',
    flagged         BOOLEAN NOT NULL DEFAULT FALSE,
    respondents     BIGINT NOT NULL DEFAULT 0,
    mean_sum        BIGINT NOT NULL DEFAULT 0,
    mean_square_sum BIGINT NOT NULL DEFAULT 0,
    c_persyaratan_1 BIGINT NOT NULL DEFAULT 0,
    c_persyaratan_2 BIGINT NOT NULL DEFAULT 0,
    c_persyaratan_3 BIGINT NOT NULL DEFAULT 0,
    c_persyaratan_4 BIGINT NOT NULL DEFAULT 0,
    c_prosedur_1 BIGINT NOT NULL DEFAULT 0,
    c_prosedur_2 BIGINT NOT NULL DEFAULT 0,
    c_prosedur_3 BIGINT NOT NULL DEFAULT 0,
    c_prosedur_4 BIGINT NOT NULL DEFAULT 0,
    c_waktu_1 BIGINT NOT NULL DEFAULT 0,
    c_waktu_2 BIGINT NOT NULL DEFAULT 0,
    c_waktu_3 BIGINT NOT NULL DEFAULT 0,
    c_waktu_4 BIGINT NOT NULL DEFAULT 0,
    c_biaya_1 BIGINT NOT NULL DEFAULT 0,
    c_biaya_2 BIGINT NOT NULL DEFAULT 0,
    c_biaya_3 BIGINT NOT NULL DEFAULT 0,
    c_biaya_4 BIGINT NOT NULL DEFAULT 0,
    c_produk_1 BIGINT NOT NULL DEFAULT 0,
    c_produk_2 BIGINT NOT NULL DEFAULT 0,
    c_produk_3 BIGINT NOT NULL DEFAULT 0,
    c_produk_4 BIGINT NOT NULL DEFAULT 0,
    c_kompetensi_1 BIGINT NOT NULL DEFAULT 0,
    c_kompetensi_2 BIGINT NOT NULL DEFAULT 0,
    c_kompetensi_3 BIGINT NOT NULL DEFAULT 0,
    c_kompetensi_4 BIGINT NOT NULL DEFAULT 0,
    c_perilaku_1 BIGINT NOT NULL DEFAULT 0,
    c_perilaku_2 BIGINT NOT NULL DEFAULT 0,
    c_perilaku_3 BIGINT NOT NULL DEFAULT 0,
    c_perilaku_4 BIGINT NOT NULL DEFAULT 0,
    c_pengaduan_1 BIGINT NOT NULL DEFAULT 0,
    c_pengaduan_2 BIGINT NOT NULL DEFAULT 0,
    c_pengaduan_3 BIGINT NOT NULL DEFAULT 0,
    c_pengaduan_4 BIGINT NOT NULL DEFAULT 0,
    c_sarana_1 BIGINT NOT NULL DEFAULT 0,
    c_sarana_2 BIGINT NOT NULL DEFAULT 0,
    c_sarana_3 BIGINT NOT NULL DEFAULT 0,
    c_sarana_4 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, service_id, channel, counter_tag, flagged)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE units ADD COLUMN kiosk_profile BOOLEAN NOT NULL DEFAULT FALSE;
