-- Issue 4: signing in with a PIN, work periods (time tracking) and the closing fields.

-- Wrong PINs in a row and, after too many, until when the name is locked.
ALTER TABLE employees ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE employees ADD COLUMN pin_locked_until TEXT;

-- Why an order waits (parts, the customer's approval), and how it was closed.
ALTER TABLE orders ADD COLUMN waiting_reason TEXT;
ALTER TABLE orders ADD COLUMN resolution TEXT;
ALTER TABLE orders ADD COLUMN root_cause TEXT;
ALTER TABLE orders ADD COLUMN closing_notes TEXT;
ALTER TABLE orders ADD COLUMN completed_at TEXT;
ALTER TABLE orders ADD COLUMN actual_minutes INTEGER;

-- One row per stretch of work by one mechanic on one order; `ended_at` is NULL while the
-- timer runs. The unique index is the rule "one running timer per mechanic", kept by the
-- database itself.
CREATE TABLE work_periods (
    id           INTEGER PRIMARY KEY,
    order_pk     INTEGER NOT NULL REFERENCES orders(pk),
    employee_id  TEXT NOT NULL REFERENCES employees(id),
    started_at   TEXT NOT NULL,
    ended_at     TEXT
) STRICT;
CREATE UNIQUE INDEX work_periods_one_running ON work_periods(employee_id) WHERE ended_at IS NULL;
CREATE INDEX work_periods_order ON work_periods(order_pk, id);
