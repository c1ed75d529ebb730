-- Remote records Jobcard refused to import (issue 12): one bad work order must not stop the
-- others, nor be tried again at every pull. A refusal is kept per (connector, remote id) with
-- the reason and a fingerprint of what was read; a pull skips the record while the fingerprint
-- is the same, and tries it again once the record changed on the remote (or a person deletes
-- the refusal with `connector retry-import`).
CREATE TABLE import_refusals (
    connector    TEXT NOT NULL REFERENCES connectors(name) ON DELETE CASCADE,
    remote_id    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    -- A hash of the record as the remote listed it: a changed record is tried again.
    fingerprint  TEXT NOT NULL,
    at           TEXT NOT NULL,   -- RFC 3339, when it was refused
    PRIMARY KEY (connector, remote_id)
) STRICT;
