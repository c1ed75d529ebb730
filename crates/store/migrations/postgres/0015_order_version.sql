-- PostgreSQL mirror of migrations/sqlite/0015_order_version.sql: the same column.

-- Two people, one order (issue 14): every change of an order moves its version on, in the
-- change's own transaction (the order's audit row does it, store/src/versions.rs), and a seat
-- saves only when the order still has the version it opened. Orders that exist start at 0;
-- a new order is 1 after its "created" row.
ALTER TABLE orders ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
