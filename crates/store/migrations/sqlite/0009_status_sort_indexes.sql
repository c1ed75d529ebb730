-- A status filter with the promised-date or number sort (the workshop's "what is due" view):
-- without these, SQLite reads every order of the status and sorts them (0.8 s at a million).
CREATE INDEX orders_live_status_promised ON orders(status, promised_key, pk DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_live_status_number ON orders(status, year DESC, seq DESC) WHERE deleted_at IS NULL;
