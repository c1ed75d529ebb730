-- Orders marked for a connector whose scope is "marked" (issue 5): only those are sent to it.
CREATE TABLE sync_marks (
    connector  TEXT NOT NULL REFERENCES connectors(name) ON DELETE CASCADE,
    order_id   TEXT NOT NULL REFERENCES orders(id),
    marked_at  TEXT NOT NULL,
    PRIMARY KEY (connector, order_id)
) STRICT;
