-- Nothing to do on SQLite: migrations/postgres/0016_search_statistics.sql tunes PostgreSQL's
-- planner statistics for full-text search, which FTS5 does not need (it streams its matches
-- newest-first). This file keeps the two backends' migration versions the same.
SELECT 1;
