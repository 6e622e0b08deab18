-- The monthly roll-up of the dashboard's breakdowns (and, at the end, an index of the commented
-- responses): one row per unit, month (YYYY-MM, Asia/Jakarta), dimension (`app::dashboard::Dimension` key) and cell, over valid answers only
-- (flagged ones are never broken down), kept in the same transaction as the daily rows
-- (`record_responses`). Cells: `layanan` the service id ('0': none chosen), `loket` the counter tag,
-- `kanal` the channel, `jenis_kelamin` the gender key, `usia` the age group
-- (`ikm_domain::profile::age_group`), `pendidikan` and `pekerjaan` as answered; '' when not given.
-- A unit's breakdowns over a year read at most a few hundred of these rows instead of every raw
-- response (the profile cells) or every daily row (service, channel, counter): at 10M responses
-- the raw reads made the unit dashboard take 0.3 s. The days of a period's partial months still
-- come from `tallies` and `responses`.

CREATE TABLE month_cells (
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    month           TEXT NOT NULL,
    dimension       TEXT NOT NULL,
    cell            TEXT NOT NULL,
    respondents     INTEGER NOT NULL DEFAULT 0,
    mean_sum        INTEGER NOT NULL DEFAULT 0,
    mean_square_sum INTEGER NOT NULL DEFAULT 0,
    c_persyaratan_1 INTEGER NOT NULL DEFAULT 0,
    c_persyaratan_2 INTEGER NOT NULL DEFAULT 0,
    c_persyaratan_3 INTEGER NOT NULL DEFAULT 0,
    c_persyaratan_4 INTEGER NOT NULL DEFAULT 0,
    c_prosedur_1    INTEGER NOT NULL DEFAULT 0,
    c_prosedur_2    INTEGER NOT NULL DEFAULT 0,
    c_prosedur_3    INTEGER NOT NULL DEFAULT 0,
    c_prosedur_4    INTEGER NOT NULL DEFAULT 0,
    c_waktu_1       INTEGER NOT NULL DEFAULT 0,
    c_waktu_2       INTEGER NOT NULL DEFAULT 0,
    c_waktu_3       INTEGER NOT NULL DEFAULT 0,
    c_waktu_4       INTEGER NOT NULL DEFAULT 0,
    c_biaya_1       INTEGER NOT NULL DEFAULT 0,
    c_biaya_2       INTEGER NOT NULL DEFAULT 0,
    c_biaya_3       INTEGER NOT NULL DEFAULT 0,
    c_biaya_4       INTEGER NOT NULL DEFAULT 0,
    c_produk_1      INTEGER NOT NULL DEFAULT 0,
    c_produk_2      INTEGER NOT NULL DEFAULT 0,
    c_produk_3      INTEGER NOT NULL DEFAULT 0,
    c_produk_4      INTEGER NOT NULL DEFAULT 0,
    c_kompetensi_1  INTEGER NOT NULL DEFAULT 0,
    c_kompetensi_2  INTEGER NOT NULL DEFAULT 0,
    c_kompetensi_3  INTEGER NOT NULL DEFAULT 0,
    c_kompetensi_4  INTEGER NOT NULL DEFAULT 0,
    c_perilaku_1    INTEGER NOT NULL DEFAULT 0,
    c_perilaku_2    INTEGER NOT NULL DEFAULT 0,
    c_perilaku_3    INTEGER NOT NULL DEFAULT 0,
    c_perilaku_4    INTEGER NOT NULL DEFAULT 0,
    c_pengaduan_1   INTEGER NOT NULL DEFAULT 0,
    c_pengaduan_2   INTEGER NOT NULL DEFAULT 0,
    c_pengaduan_3   INTEGER NOT NULL DEFAULT 0,
    c_pengaduan_4   INTEGER NOT NULL DEFAULT 0,
    c_sarana_1      INTEGER NOT NULL DEFAULT 0,
    c_sarana_2      INTEGER NOT NULL DEFAULT 0,
    c_sarana_3      INTEGER NOT NULL DEFAULT 0,
    c_sarana_4      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, dimension, cell)
);

-- What the responses already hold: each valid response once, with its scaled mean
-- (Σ answered scores × 2520 / answered, as `ikm_domain::tally::Tally::record`), grouped by every
-- cell at once, so the table is read once; then each dimension is summed from that.
CREATE TEMPORARY TABLE cell_backfill AS
SELECT unit_id, substr(day, 1, 7) AS month,
    CAST(COALESCE(service_id, 0) AS TEXT) AS layanan, counter_tag AS loket, channel AS kanal,
    COALESCE(gender, '') AS jenis_kelamin, CASE WHEN age IS NULL THEN '' WHEN age < 20 THEN '<20' WHEN age < 30 THEN '20–29' WHEN age < 40 THEN '30–39' WHEN age < 50 THEN '40–49' WHEN age < 60 THEN '50–59' ELSE '≥60' END AS usia,
    COALESCE(education, '') AS pendidikan, COALESCE(occupation, '') AS pekerjaan,
    COUNT(*) AS respondents, SUM(scaled) AS mean_sum, SUM(scaled * scaled) AS mean_square_sum,
    SUM(CASE WHEN s_persyaratan = 1 THEN 1 ELSE 0 END) AS c_persyaratan_1,
    SUM(CASE WHEN s_persyaratan = 2 THEN 1 ELSE 0 END) AS c_persyaratan_2,
    SUM(CASE WHEN s_persyaratan = 3 THEN 1 ELSE 0 END) AS c_persyaratan_3,
    SUM(CASE WHEN s_persyaratan = 4 THEN 1 ELSE 0 END) AS c_persyaratan_4,
    SUM(CASE WHEN s_prosedur = 1 THEN 1 ELSE 0 END) AS c_prosedur_1,
    SUM(CASE WHEN s_prosedur = 2 THEN 1 ELSE 0 END) AS c_prosedur_2,
    SUM(CASE WHEN s_prosedur = 3 THEN 1 ELSE 0 END) AS c_prosedur_3,
    SUM(CASE WHEN s_prosedur = 4 THEN 1 ELSE 0 END) AS c_prosedur_4,
    SUM(CASE WHEN s_waktu = 1 THEN 1 ELSE 0 END) AS c_waktu_1,
    SUM(CASE WHEN s_waktu = 2 THEN 1 ELSE 0 END) AS c_waktu_2,
    SUM(CASE WHEN s_waktu = 3 THEN 1 ELSE 0 END) AS c_waktu_3,
    SUM(CASE WHEN s_waktu = 4 THEN 1 ELSE 0 END) AS c_waktu_4,
    SUM(CASE WHEN s_biaya = 1 THEN 1 ELSE 0 END) AS c_biaya_1,
    SUM(CASE WHEN s_biaya = 2 THEN 1 ELSE 0 END) AS c_biaya_2,
    SUM(CASE WHEN s_biaya = 3 THEN 1 ELSE 0 END) AS c_biaya_3,
    SUM(CASE WHEN s_biaya = 4 THEN 1 ELSE 0 END) AS c_biaya_4,
    SUM(CASE WHEN s_produk = 1 THEN 1 ELSE 0 END) AS c_produk_1,
    SUM(CASE WHEN s_produk = 2 THEN 1 ELSE 0 END) AS c_produk_2,
    SUM(CASE WHEN s_produk = 3 THEN 1 ELSE 0 END) AS c_produk_3,
    SUM(CASE WHEN s_produk = 4 THEN 1 ELSE 0 END) AS c_produk_4,
    SUM(CASE WHEN s_kompetensi = 1 THEN 1 ELSE 0 END) AS c_kompetensi_1,
    SUM(CASE WHEN s_kompetensi = 2 THEN 1 ELSE 0 END) AS c_kompetensi_2,
    SUM(CASE WHEN s_kompetensi = 3 THEN 1 ELSE 0 END) AS c_kompetensi_3,
    SUM(CASE WHEN s_kompetensi = 4 THEN 1 ELSE 0 END) AS c_kompetensi_4,
    SUM(CASE WHEN s_perilaku = 1 THEN 1 ELSE 0 END) AS c_perilaku_1,
    SUM(CASE WHEN s_perilaku = 2 THEN 1 ELSE 0 END) AS c_perilaku_2,
    SUM(CASE WHEN s_perilaku = 3 THEN 1 ELSE 0 END) AS c_perilaku_3,
    SUM(CASE WHEN s_perilaku = 4 THEN 1 ELSE 0 END) AS c_perilaku_4,
    SUM(CASE WHEN s_pengaduan = 1 THEN 1 ELSE 0 END) AS c_pengaduan_1,
    SUM(CASE WHEN s_pengaduan = 2 THEN 1 ELSE 0 END) AS c_pengaduan_2,
    SUM(CASE WHEN s_pengaduan = 3 THEN 1 ELSE 0 END) AS c_pengaduan_3,
    SUM(CASE WHEN s_pengaduan = 4 THEN 1 ELSE 0 END) AS c_pengaduan_4,
    SUM(CASE WHEN s_sarana = 1 THEN 1 ELSE 0 END) AS c_sarana_1,
    SUM(CASE WHEN s_sarana = 2 THEN 1 ELSE 0 END) AS c_sarana_2,
    SUM(CASE WHEN s_sarana = 3 THEN 1 ELSE 0 END) AS c_sarana_3,
    SUM(CASE WHEN s_sarana = 4 THEN 1 ELSE 0 END) AS c_sarana_4
FROM (SELECT r.*, (COALESCE(s_persyaratan, 0) + COALESCE(s_prosedur, 0) + COALESCE(s_waktu, 0) + COALESCE(s_biaya, 0) + COALESCE(s_produk, 0) + COALESCE(s_kompetensi, 0) + COALESCE(s_perilaku, 0) + COALESCE(s_pengaduan, 0) + COALESCE(s_sarana, 0)) * (2520 / ((CASE WHEN s_persyaratan IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s_prosedur IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s_waktu IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s_biaya IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s_produk IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s_kompetensi IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s_perilaku IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s_pengaduan IS NULL THEN 0 ELSE 1 END) + (CASE WHEN s_sarana IS NULL THEN 0 ELSE 1 END))) AS scaled
      FROM responses r WHERE flag IS NULL) AS valid
GROUP BY unit_id, substr(day, 1, 7), COALESCE(service_id, 0), counter_tag, channel, COALESCE(gender, ''), usia,
    COALESCE(education, ''), COALESCE(occupation, '');

INSERT INTO month_cells (unit_id, month, dimension, cell, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, month, 'layanan', layanan, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM cell_backfill GROUP BY unit_id, month, layanan;

INSERT INTO month_cells (unit_id, month, dimension, cell, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, month, 'loket', loket, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM cell_backfill GROUP BY unit_id, month, loket;

INSERT INTO month_cells (unit_id, month, dimension, cell, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, month, 'kanal', kanal, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM cell_backfill GROUP BY unit_id, month, kanal;

INSERT INTO month_cells (unit_id, month, dimension, cell, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, month, 'jenis_kelamin', jenis_kelamin, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM cell_backfill GROUP BY unit_id, month, jenis_kelamin;

INSERT INTO month_cells (unit_id, month, dimension, cell, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, month, 'usia', usia, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM cell_backfill GROUP BY unit_id, month, usia;

INSERT INTO month_cells (unit_id, month, dimension, cell, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, month, 'pendidikan', pendidikan, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM cell_backfill GROUP BY unit_id, month, pendidikan;

INSERT INTO month_cells (unit_id, month, dimension, cell, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, month, 'pekerjaan', pekerjaan, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM cell_backfill GROUP BY unit_id, month, pekerjaan;

DROP TABLE cell_backfill;

-- The comment inbox and the dashboard's count of new comments read only valid responses with a
-- comment (about one in ten): this index holds exactly those, so neither walks every response of a
-- unit's period.
CREATE INDEX responses_commented ON responses (unit_id, day)
    WHERE flag IS NULL AND comment IS NOT NULL AND comment <> '';
