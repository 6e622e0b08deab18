-- The yearly roll-up of `month_theme_counts` (issue #34): what comments were about, one row per
-- unit and calendar year (YYYY, Asia/Jakarta), counted answers only. The nation's page of a year
-- summed 12 monthly rows per unit (~360 000 at 30 000 units) and spent half its time there; whole
-- years of a period now come from here, its other whole months from `month_theme_counts`, its
-- other days from `comment_readings`. Added to by the writer beside the monthly row, emptied
-- with it when the lexicon changes (`Themes::use_lexicon`).
CREATE TABLE year_theme_counts (
    unit_id        BIGINT NOT NULL,
    year           TEXT NOT NULL,
    comments       BIGINT NOT NULL DEFAULT 0,
    t_persyaratan  BIGINT NOT NULL DEFAULT 0,
    t_prosedur     BIGINT NOT NULL DEFAULT 0,
    t_waktu        BIGINT NOT NULL DEFAULT 0,
    t_biaya        BIGINT NOT NULL DEFAULT 0,
    t_produk       BIGINT NOT NULL DEFAULT 0,
    t_kompetensi   BIGINT NOT NULL DEFAULT 0,
    t_perilaku     BIGINT NOT NULL DEFAULT 0,
    t_pengaduan    BIGINT NOT NULL DEFAULT 0,
    t_sarana       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, year)
);
INSERT INTO year_theme_counts (unit_id, year, comments, t_persyaratan, t_prosedur, t_waktu, t_biaya, t_produk, t_kompetensi, t_perilaku, t_pengaduan, t_sarana)
    SELECT unit_id, substr(month, 1, 4), SUM(comments), SUM(t_persyaratan), SUM(t_prosedur), SUM(t_waktu), SUM(t_biaya), SUM(t_produk), SUM(t_kompetensi), SUM(t_perilaku), SUM(t_pengaduan), SUM(t_sarana)
    FROM month_theme_counts GROUP BY unit_id, substr(month, 1, 4);
