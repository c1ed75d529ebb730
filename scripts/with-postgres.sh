#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster, for the tests' second run on the shared
# backend: `scripts/with-postgres.sh cargo test -p jobcard-app`.
#
# pg_virtualenv (postgresql-common) creates the cluster in a temporary directory (-t: also as
# root, so several runs at once never share one), starts it on
# a free port as an unprivileged user (root included), exports PGHOST/PGPORT/PGUSER/PGPASSWORD
# for the command, and drops the cluster afterwards, also when the command fails. The tests
# read JOBCARD_TEST_POSTGRES and make one database per test folder in it.
set -euo pipefail
if ! command -v pg_virtualenv >/dev/null 2>&1; then
  echo "error: pg_virtualenv is missing; run scripts/deps.sh test (installs postgresql)" >&2
  exit 1
fi
# Many test threads each open a small pool; fsync is off because the cluster is thrown away
# (the durability of a commit is the server's, and is not what these tests check).
exec pg_virtualenv -t -o max_connections=400 -o fsync=off -o shared_buffers=64MB \
  bash -c 'export JOBCARD_TEST_POSTGRES="postgres://${PGUSER}:${PGPASSWORD}@${PGHOST}:${PGPORT:-5432}/postgres"; exec "$@"' \
  with-postgres "$@"
