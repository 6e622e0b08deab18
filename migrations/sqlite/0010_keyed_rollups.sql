-- Storage of the answers' roll-ups, for the writer's throughput (docs/PERFORMANCE.md, Submissions).
--
-- The three roll-ups (daily tallies, monthly tallies, monthly breakdown cells) become WITHOUT ROWID
-- tables: a row then lives in its primary key's B-tree, so the writer's upsert of a row seeks one
-- tree instead of two (the key's index, then the table). Each answer upserts nine such rows.
-- SQLite cannot change a table in place: each is copied into its new form, in this migration's
-- transaction.
--
-- responses_unit_received (unit, received_at) is dropped: responses_unit_order (unit, day,
-- received_at, id) serves the same reads, ordered by day first (day is received_at's Jakarta
-- date, so the order is the same), and each answer no longer writes a fifth index.

CREATE TABLE tallies_keyed (
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
) WITHOUT ROWID;
INSERT INTO tallies_keyed SELECT * FROM tallies;
DROP TABLE tallies;
ALTER TABLE tallies_keyed RENAME TO tallies;

CREATE TABLE month_tallies_keyed (
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    month           TEXT NOT NULL,
    flagged         INTEGER NOT NULL CHECK (flagged IN (0, 1)),
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
    PRIMARY KEY (unit_id, month, flagged)
) WITHOUT ROWID;
INSERT INTO month_tallies_keyed SELECT * FROM month_tallies;
DROP TABLE month_tallies;
ALTER TABLE month_tallies_keyed RENAME TO month_tallies;

CREATE TABLE month_cells_keyed (
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
) WITHOUT ROWID;
INSERT INTO month_cells_keyed SELECT * FROM month_cells;
DROP TABLE month_cells;
ALTER TABLE month_cells_keyed RENAME TO month_cells;

DROP INDEX responses_unit_received;
