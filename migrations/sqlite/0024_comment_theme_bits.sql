-- Comment readings summed fast (issue #33): a region page counts the themes of a province's
-- comments of a period per unit; testing each theme's name in a text list cost ~9 string matches a
-- comment. `theme_bits` holds the same themes as bits (bit i = `ikm_domain::Unsur::ALL[i]`, written
-- by `storage/responses.rs::write_reading`), summed with shifts and masks. `counted` (0 for a
-- flagged answer's comment) lets the count skip flagged answers without reading the responses.
ALTER TABLE comment_readings ADD COLUMN theme_bits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comment_readings ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
UPDATE comment_readings SET theme_bits =
    (CASE WHEN (',' || themes || ',') LIKE '%,persyaratan,%' THEN 1 ELSE 0 END) +
    (CASE WHEN (',' || themes || ',') LIKE '%,prosedur,%' THEN 2 ELSE 0 END) +
    (CASE WHEN (',' || themes || ',') LIKE '%,waktu,%' THEN 4 ELSE 0 END) +
    (CASE WHEN (',' || themes || ',') LIKE '%,biaya,%' THEN 8 ELSE 0 END) +
    (CASE WHEN (',' || themes || ',') LIKE '%,produk,%' THEN 16 ELSE 0 END) +
    (CASE WHEN (',' || themes || ',') LIKE '%,kompetensi,%' THEN 32 ELSE 0 END) +
    (CASE WHEN (',' || themes || ',') LIKE '%,perilaku,%' THEN 64 ELSE 0 END) +
    (CASE WHEN (',' || themes || ',') LIKE '%,pengaduan,%' THEN 128 ELSE 0 END) +
    (CASE WHEN (',' || themes || ',') LIKE '%,sarana,%' THEN 256 ELSE 0 END);
UPDATE comment_readings SET counted = 0
    WHERE response_id IN (SELECT id FROM responses WHERE flag IS NOT NULL);
