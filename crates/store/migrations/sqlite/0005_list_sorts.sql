-- Indexes for the order list's sort choices and store filter, so each yields a page of a
-- million orders in order instead of sorting them all. The status sort follows the workflow,
-- not the alphabet, and the promised-date sort puts orders without a date last; both get a
-- virtual generated column to index (computed on read, nothing stored in the row).
ALTER TABLE orders ADD COLUMN status_rank INTEGER GENERATED ALWAYS AS (
    CASE status
        WHEN 'intake' THEN 0 WHEN 'scheduled' THEN 1 WHEN 'in_progress' THEN 2
        WHEN 'waiting_for_parts' THEN 3 WHEN 'waiting_for_customer' THEN 4 WHEN 'done' THEN 5
        WHEN 'collected' THEN 6 ELSE 7
    END
) VIRTUAL;
ALTER TABLE orders ADD COLUMN promised_key TEXT GENERATED ALWAYS AS (
    coalesce(promised_date, '9999-12-31')
) VIRTUAL;

CREATE INDEX orders_live_date_newest ON orders(order_date DESC, pk DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_live_number ON orders(year DESC, seq DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_live_status_rank ON orders(status_rank, pk DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_live_promised ON orders(promised_key, pk DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_store_newest ON orders(store_id, pk DESC) WHERE deleted_at IS NULL;
