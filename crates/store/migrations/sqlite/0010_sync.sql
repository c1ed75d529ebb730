-- The sync engine's state (issue 5). The outbox (0001) stays the one queue every change
-- writes to; these tables say, per remote system ("connector"), how far it has read that
-- queue, what each order's state there is, and which remote ids stand for which local rows.

-- A remote system the shop feeds. `settings` is JSON: mappings (VAT codes, statuses,
-- employees) and scope. Secrets are never here (keychain, or a user-only file).
CREATE TABLE connectors (
    name             TEXT PRIMARY KEY COLLATE NOCASE,
    kind             TEXT NOT NULL,
    base_url         TEXT NOT NULL,
    settings         TEXT NOT NULL DEFAULT '{}',
    enabled          INTEGER NOT NULL DEFAULT 1,
    outbox_cursor    INTEGER NOT NULL DEFAULT 0,   -- last outbox id fanned out to sync_items
    -- The remote's daily request budget as its last answer said, so a restart keeps it.
    daily_remaining  INTEGER,
    daily_reset      INTEGER,                      -- unix seconds
    paused_until     TEXT,                         -- RFC 3339; set by a 429 or a spent budget
    last_pull_at     TEXT,
    created_at       TEXT NOT NULL
) STRICT;

-- One row per (connector, order): what still has to go out and how the last try went.
-- `wanted` is the newest outbox id seen for the order, `sent` the newest one the remote has;
-- the order is pending while wanted > sent. Several edits before a send only raise `wanted`,
-- so they go out as one request with the order's latest state.
CREATE TABLE sync_items (
    connector        TEXT NOT NULL REFERENCES connectors(name) ON DELETE CASCADE,
    order_id         TEXT NOT NULL REFERENCES orders(id),
    wanted           INTEGER NOT NULL,
    sent             INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'failed', 'attention', 'conflict', 'skipped')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,                          -- RFC 3339; null = now
    -- Set before a request that changes the remote, cleared when its answer is recorded.
    -- Still set at the next try = the outcome is unknown: look the order up before resending.
    in_flight        TEXT,
    last_error       TEXT,
    last_success_at  TEXT,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (connector, order_id)
) STRICT;
CREATE INDEX sync_items_due ON sync_items(connector, state, next_attempt_at);
CREATE INDEX sync_items_order ON sync_items(order_id);

-- Which remote id stands for which local row, per connector: customers, repair objects,
-- orders, lines (and, through settings, employees, statuses and VAT codes). `snapshot` keeps
-- what the remote last said about the row, so a pull can tell what changed there.
CREATE TABLE external_refs (
    connector  TEXT NOT NULL REFERENCES connectors(name) ON DELETE CASCADE,
    entity     TEXT NOT NULL,
    local_id   TEXT NOT NULL,
    remote_id  TEXT NOT NULL,
    snapshot   TEXT,
    PRIMARY KEY (connector, entity, local_id),
    UNIQUE (connector, entity, remote_id)
) STRICT;
