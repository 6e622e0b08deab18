-- The national evaluator (`national`, no scope: every province, read-only; issue #34). (SQLite
-- cannot change a CHECK inside a migration's transaction: `storage/sqlite.rs` rebuilds its `users`
-- table once instead, `widen_roles`.)
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'national', 'province', 'region', 'unit', 'mpp'));
