-- The national evaluator (`national`, no scope: every province, read-only; issue #34) needs the
-- `users` table's CHECK widened: SQLite rebuilds a table to change a CHECK, which cannot be done
-- inside a migration's transaction with the foreign keys on; `storage/sqlite.rs` (`widen_roles`)
-- does it once, right after the migrations. This migration only records the step.
SELECT 1;
