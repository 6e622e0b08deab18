-- The yearly roll-up of `month_tallies` (issue #34): one row per unit, calendar year (YYYY,
-- Asia/Jakarta) and flagged, kept by the survey writer in the same transaction as the daily and
-- monthly rows. A period of whole years (the national comparison's default reading, and any year
-- of a province) sums one row per unit instead of twelve: at 30 000 units the nation's year read
-- 360 000 monthly rows and took most of its page's time. Rows are only ever added to, as the
-- other roll-ups; whole years of a period come from here, its other whole months from
-- `month_tallies`, its remaining days from `tallies`.
CREATE TABLE year_tallies (
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    year            TEXT NOT NULL,
    flagged         INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    respondents INTEGER NOT NULL DEFAULT 0,
    mean_sum INTEGER NOT NULL DEFAULT 0,
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
    PRIMARY KEY (unit_id, year, flagged)
) WITHOUT ROWID;

-- What the monthly rows already hold.
INSERT INTO year_tallies (unit_id, year, flagged, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, substr(month, 1, 4), flagged, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM month_tallies GROUP BY unit_id, substr(month, 1, 4), flagged;
