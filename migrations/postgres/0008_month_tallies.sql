-- The monthly roll-up of `tallies`: one row per unit, month (YYYY-MM, Asia/Jakarta) and flagged,
-- kept in the same transaction as the daily rows (`record_responses`). A region's view over a year
-- sums 12 rows per unit instead of one per unit, day, service, channel and counter (1.16M daily
-- rows at 1.74M responses made the province comparison take seconds). Periods of whole months
-- read only this table; the days of a period's partial months come from `tallies`.
CREATE TABLE month_tallies (
    unit_id         BIGINT NOT NULL REFERENCES units (id),
    month           TEXT NOT NULL,
    flagged         BOOLEAN NOT NULL,
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
    PRIMARY KEY (unit_id, month, flagged)
);

-- What the daily rows already hold.
INSERT INTO month_tallies (unit_id, month, flagged, respondents, mean_sum, mean_square_sum, c_persyaratan_1, c_persyaratan_2, c_persyaratan_3, c_persyaratan_4, c_prosedur_1, c_prosedur_2, c_prosedur_3, c_prosedur_4, c_waktu_1, c_waktu_2, c_waktu_3, c_waktu_4, c_biaya_1, c_biaya_2, c_biaya_3, c_biaya_4, c_produk_1, c_produk_2, c_produk_3, c_produk_4, c_kompetensi_1, c_kompetensi_2, c_kompetensi_3, c_kompetensi_4, c_perilaku_1, c_perilaku_2, c_perilaku_3, c_perilaku_4, c_pengaduan_1, c_pengaduan_2, c_pengaduan_3, c_pengaduan_4, c_sarana_1, c_sarana_2, c_sarana_3, c_sarana_4)
SELECT unit_id, substr(day, 1, 7), flagged, SUM(respondents), SUM(mean_sum), SUM(mean_square_sum), SUM(c_persyaratan_1), SUM(c_persyaratan_2), SUM(c_persyaratan_3), SUM(c_persyaratan_4), SUM(c_prosedur_1), SUM(c_prosedur_2), SUM(c_prosedur_3), SUM(c_prosedur_4), SUM(c_waktu_1), SUM(c_waktu_2), SUM(c_waktu_3), SUM(c_waktu_4), SUM(c_biaya_1), SUM(c_biaya_2), SUM(c_biaya_3), SUM(c_biaya_4), SUM(c_produk_1), SUM(c_produk_2), SUM(c_produk_3), SUM(c_produk_4), SUM(c_kompetensi_1), SUM(c_kompetensi_2), SUM(c_kompetensi_3), SUM(c_kompetensi_4), SUM(c_perilaku_1), SUM(c_perilaku_2), SUM(c_perilaku_3), SUM(c_perilaku_4), SUM(c_pengaduan_1), SUM(c_pengaduan_2), SUM(c_pengaduan_3), SUM(c_pengaduan_4), SUM(c_sarana_1), SUM(c_sarana_2), SUM(c_sarana_3), SUM(c_sarana_4)
FROM tallies GROUP BY unit_id, substr(day, 1, 7), flagged;
