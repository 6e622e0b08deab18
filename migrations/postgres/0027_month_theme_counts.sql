-- What comments were about, per unit and month (issue #33): the region page sums a province's
-- period of themes from here — whole months as one row per unit and month, the days of the
-- period's partial months from `comment_readings` — instead of a row per comment (~100 000 a year
-- at 1M answers). Counted answers only (not flagged). Added to by the writer in the answer's own
-- transaction (`storage/responses.rs`), and by every reading of stored comments; emptied with the
-- readings when the lexicon changes (`Themes::use_lexicon`).
CREATE TABLE month_theme_counts (
    unit_id        BIGINT NOT NULL,
    month          TEXT NOT NULL,     -- YYYY-MM, Asia/Jakarta
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
    PRIMARY KEY (unit_id, month)
);
INSERT INTO month_theme_counts (unit_id, month, comments, t_persyaratan, t_prosedur, t_waktu, t_biaya, t_produk, t_kompetensi, t_perilaku, t_pengaduan, t_sarana)
    SELECT unit_id, substr(day, 1, 7), COUNT(*), SUM((theme_bits >> 0) & 1), SUM((theme_bits >> 1) & 1), SUM((theme_bits >> 2) & 1), SUM((theme_bits >> 3) & 1), SUM((theme_bits >> 4) & 1), SUM((theme_bits >> 5) & 1), SUM((theme_bits >> 6) & 1), SUM((theme_bits >> 7) & 1), SUM((theme_bits >> 8) & 1)
    FROM comment_readings WHERE counted = 1 GROUP BY unit_id, substr(day, 1, 7);
