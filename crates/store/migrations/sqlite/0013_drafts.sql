-- Half-typed New order forms (issue 13): one draft per signed-in employee, so an intake
-- survives the idle sign-out, a switch of user and a restart of the app. The form is the
-- UI's own JSON (the core caps its size but does not read it). A draft is the employee's
-- private working state, not business data: writing it makes no audit or outbox row, and it
-- never syncs.
CREATE TABLE drafts (
    employee_id  TEXT NOT NULL PRIMARY KEY REFERENCES employees(id),
    form         TEXT NOT NULL,
    updated_at   TEXT NOT NULL    -- RFC 3339, when it was last saved
) STRICT;
