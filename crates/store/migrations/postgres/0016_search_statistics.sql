-- PostgreSQL only (migrations/sqlite/0016_search_statistics.sql is its empty twin, so both
-- backends count the same versions): finer statistics on the full-text columns.
--
-- A search asks for the newest 50 matches. The planner either walks the orders newest-first
-- and tests each (fast for a common word: 50 hits come early), or reads the GIN index's hits
-- and sorts them (fast for a rare one: a phone number, a frame number, an e-mail). It tells
-- them apart by the lexemes' frequencies ANALYZE keeps. With the default statistics target
-- (100) only about 1,000 lexemes are kept, and a prefix that matches none of them is assumed
-- to match 0.5 % of the orders: 500 at 100,000 orders, so a phone number walked all 100,000
-- (about 100 ms) to find its one order. With 1,000 the rare words are known to be rare and
-- the same search reads the index (under 1 ms). The table is analysed here once, so a shop
-- that already has its orders gets the finer statistics at this start rather than at the
-- server's next automatic ANALYZE; that takes about 1.4 s at 100,000 orders.
ALTER TABLE order_search
    ALTER COLUMN all_words SET STATISTICS 1000,
    ALTER COLUMN people_words SET STATISTICS 1000,
    ALTER COLUMN email_words SET STATISTICS 1000;

ANALYZE order_search;
