-- Storage of the answers' roll-ups, for the writer's throughput (docs/PERFORMANCE.md, Submissions).
--
-- On SQLite this migration also turns the roll-ups into WITHOUT ROWID tables; PostgreSQL's tables
-- are heaps with a separate primary-key index either way, so only the index change applies here.
--
-- responses_unit_received (unit, received_at) is dropped: responses_unit_order (unit, day,
-- received_at, id) serves the same reads, ordered by day first (day is received_at's Jakarta
-- date, so the order is the same), and each answer no longer writes a fifth index.
DROP INDEX responses_unit_received;
