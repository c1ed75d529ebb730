-- The list sorts by date in key order (orders are keyed as they are taken in), which every
-- filter's index already yields; the date index of migration 0005 only cost writes.
DROP INDEX IF EXISTS orders_live_date_newest;
