-- Issue 4 planning: trading hours per store and weekday, working hours per employee and
-- weekday (none means the store's hours), and whole-day absences. Times are minutes after
-- midnight in the store's time zone; weekday 0 is Monday.

CREATE TABLE trading_hours (
    store_id  TEXT NOT NULL REFERENCES stores(id),
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens     INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1440),
    closes    INTEGER NOT NULL CHECK (closes BETWEEN 0 AND 1440),
    CHECK (opens < closes),
    PRIMARY KEY (store_id, weekday, opens)
) STRICT;

CREATE TABLE working_hours (
    employee_id  TEXT NOT NULL REFERENCES employees(id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens        INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1440),
    closes       INTEGER NOT NULL CHECK (closes BETWEEN 0 AND 1440),
    CHECK (opens < closes),
    PRIMARY KEY (employee_id, weekday, opens)
) STRICT;

CREATE TABLE absences (
    id           INTEGER PRIMARY KEY,
    employee_id  TEXT NOT NULL REFERENCES employees(id),
    from_date    TEXT NOT NULL,
    to_date      TEXT NOT NULL,
    reason       TEXT,
    CHECK (from_date <= to_date)
) STRICT;
CREATE INDEX absences_employee ON absences(employee_id, to_date);

-- A bike shop's usual week for every store already there: Monday to Friday 08:30-17:30,
-- Saturday 09:00-17:00. The shop changes them in its settings.
INSERT INTO trading_hours (store_id, weekday, opens, closes)
SELECT s.id, d.weekday, d.opens, d.closes FROM stores s,
    (SELECT 0 AS weekday, 510 AS opens, 1050 AS closes UNION ALL SELECT 1, 510, 1050
     UNION ALL SELECT 2, 510, 1050 UNION ALL SELECT 3, 510, 1050 UNION ALL SELECT 4, 510, 1050
     UNION ALL SELECT 5, 540, 1020) d;
