-- Jobcard's first schema. Money is integer cents, VAT rates basis points, times RFC 3339 UTC
-- text, dates YYYY-MM-DD text. Local ids are UUID v7 text; orders also carry an integer
-- primary key so lists and full-text search can walk newest-first by rowid.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE stores (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    address     TEXT,
    vat_number  TEXT,
    coc_number  TEXT,
    time_zone   TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE employees (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    roles       TEXT NOT NULL,            -- comma-separated: counter,mechanic,manager
    pin_hash    TEXT,                     -- set by issue 4's sign-in
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    phone         TEXT,
    phone_digits  TEXT,                   -- digits only, for matching and search
    email         TEXT,                   -- lower case
    address       TEXT,
    notes         TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX customers_phone_digits ON customers(phone_digits) WHERE phone_digits IS NOT NULL;
CREATE INDEX customers_email ON customers(email) WHERE email IS NOT NULL;

CREATE TABLE repair_objects (
    id             TEXT PRIMARY KEY,
    owner_id       TEXT REFERENCES customers(id),
    kind           TEXT NOT NULL,
    brand          TEXT,
    model          TEXT,
    year           INTEGER,
    colour         TEXT,
    frame_number   TEXT,
    frame_key      TEXT,                  -- normalised frame/serial number for matching
    licence_plate  TEXT,
    barcode        TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX repair_objects_owner ON repair_objects(owner_id);
CREATE INDEX repair_objects_frame_key ON repair_objects(frame_key) WHERE frame_key IS NOT NULL;

CREATE TABLE vat_rates (
    code        TEXT NOT NULL CHECK (code IN ('zero', 'low', 'high')),
    rate_bp     INTEGER NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 10000),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    PRIMARY KEY (code, valid_from)
) STRICT;

CREATE TABLE repair_codes (
    code              TEXT PRIMARY KEY COLLATE NOCASE,
    description       TEXT NOT NULL,
    standard_minutes  INTEGER NOT NULL DEFAULT 0,
    price_cents       INTEGER,
    vat_code          TEXT NOT NULL CHECK (vat_code IN ('zero', 'low', 'high')),
    active            INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE articles (
    barcode      TEXT PRIMARY KEY,
    description  TEXT NOT NULL,
    price_cents  INTEGER NOT NULL,
    vat_code     TEXT NOT NULL CHECK (vat_code IN ('zero', 'low', 'high')),
    active       INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The last sequence handed out per year. It only ever grows, so a number is never reused,
-- not even after a soft delete.
CREATE TABLE order_counters (
    year      INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL
) STRICT;

CREATE TABLE orders (
    pk                 INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    number             TEXT NOT NULL UNIQUE,
    year               INTEGER NOT NULL,
    seq                INTEGER NOT NULL,
    customer_id        TEXT NOT NULL REFERENCES customers(id),
    repair_object_id   TEXT NOT NULL REFERENCES repair_objects(id),
    store_id           TEXT NOT NULL REFERENCES stores(id),
    own_reference      TEXT,
    description        TEXT NOT NULL,
    status             TEXT NOT NULL,
    priority           TEXT NOT NULL,
    mechanic_id        TEXT REFERENCES employees(id),
    scheduled_start    TEXT,              -- UTC instant, or a date for an all-day booking
    scheduled_all_day  INTEGER NOT NULL DEFAULT 0,
    scheduled_finish   TEXT,
    promised_date      TEXT,
    loan_object        TEXT,
    order_date         TEXT NOT NULL,     -- the shop-local date whose VAT rates apply
    work_minutes       INTEGER NOT NULL,
    total_cents        INTEGER NOT NULL,
    vat_cents          INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    updated_by         TEXT NOT NULL,
    deleted_at         TEXT,
    UNIQUE (year, seq)
) STRICT;
CREATE INDEX orders_live_newest ON orders(pk DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_status_newest ON orders(status, pk DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_customer ON orders(customer_id);
CREATE INDEX orders_mechanic ON orders(mechanic_id) WHERE mechanic_id IS NOT NULL;

CREATE TABLE order_lines (
    id                     TEXT PRIMARY KEY,
    order_pk               INTEGER NOT NULL REFERENCES orders(pk) ON DELETE CASCADE,
    line_no                INTEGER NOT NULL,
    kind                   TEXT NOT NULL,
    code                   TEXT,
    barcode                TEXT,
    description            TEXT NOT NULL,
    quantity               INTEGER NOT NULL,
    unit_price_cents       INTEGER NOT NULL,
    unit_discount_cents    INTEGER NOT NULL,
    discount_bp            INTEGER NOT NULL,
    vat_code               TEXT NOT NULL,
    vat_rate_bp            INTEGER NOT NULL,
    total_cents            INTEGER NOT NULL,
    vat_cents              INTEGER NOT NULL,
    work_minutes_per_unit  INTEGER NOT NULL,
    work_minutes           INTEGER NOT NULL,
    status                 TEXT NOT NULL,
    bill_to_customer_id    TEXT REFERENCES customers(id),
    UNIQUE (order_pk, line_no)
) STRICT;

-- Who changed what, when. Written in the same transaction as the change itself.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    changes    TEXT NOT NULL              -- JSON
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);

-- Changes waiting to be sent to remote systems (issue 5 drains it). Written in the same
-- transaction as the change itself, so no change can be saved without being queued.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    created_at    TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    operation     TEXT NOT NULL,
    payload       TEXT NOT NULL,          -- JSON
    processed_at  TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox(id) WHERE processed_at IS NULL;

-- Full-text index of orders, keyed by orders.pk. Contentless: the text lives in the tables
-- above, and the app rewrites an order's row whenever the order or its customer changes.
CREATE VIRTUAL TABLE order_search USING fts5(
    number, customer, phone, email, object, description,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
