-- PostgreSQL mirror of migrations/sqlite/0010_sync.sql: the same tables, keys, checks and
-- indexes (integers BIGINT, `enabled` BOOLEAN, the connector name's COLLATE NOCASE
-- uniqueness a unique index on lower(name)).

-- The sync engine's state (issue 5). The outbox (0001) stays the one queue every change
-- writes to; these tables say, per remote system ("connector"), how far it has read that
-- queue, what each order's state there is, and which remote ids stand for which local rows.

-- A remote system the shop feeds. `settings` is JSON: mappings (VAT codes, statuses,
-- employees) and scope. Secrets are never here (keychain, or a user-only file).
CREATE TABLE connectors (
    name             TEXT PRIMARY KEY,                -- unique ignoring case: connectors_name_nocase
    kind             TEXT NOT NULL,
    base_url         TEXT NOT NULL,
    settings         TEXT NOT NULL DEFAULT '{}',
    enabled          BOOLEAN NOT NULL DEFAULT TRUE,
    outbox_cursor    BIGINT NOT NULL DEFAULT 0,       -- last outbox id fanned out to sync_items
    -- The remote's daily request budget as its last answer said, so a restart keeps it.
    daily_remaining  BIGINT,
    daily_reset      BIGINT,                          -- unix seconds
    paused_until     TEXT,                            -- RFC 3339; set by a 429 or a spent budget
    last_pull_at     TEXT,
    created_at       TEXT NOT NULL
);
-- SQLite's `PRIMARY KEY COLLATE NOCASE`. Unlike SQLite, the foreign keys below compare the
-- name exactly, so the store writes a connector's name as the connectors row spells it.
CREATE UNIQUE INDEX connectors_name_nocase ON connectors (lower(name));

-- One row per (connector, order): what still has to go out and how the last try went.
-- `wanted` is the newest outbox id seen for the order, `sent` the newest one the remote has;
-- the order is pending while wanted > sent. Several edits before a send only raise `wanted`,
-- so they go out as one request with the order's latest state.
CREATE TABLE sync_items (
    connector        TEXT NOT NULL REFERENCES connectors(name) ON DELETE CASCADE,
    order_id         TEXT NOT NULL REFERENCES orders(id),
    wanted           BIGINT NOT NULL,
    sent             BIGINT NOT NULL DEFAULT 0,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'failed', 'attention', 'conflict', 'skipped')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,                          -- RFC 3339; null = now
    -- Set before a request that changes the remote, cleared when its answer is recorded.
    -- Still set at the next try = the outcome is unknown: look the order up before resending.
    in_flight        TEXT,
    last_error       TEXT,
    last_success_at  TEXT,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (connector, order_id)
);
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
);
