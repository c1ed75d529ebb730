#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster, for the tests' second run on the shared
# backend: `scripts/with-postgres.sh cargo test -p jobcard-app`.
#
# pg_virtualenv (postgresql-common) creates the cluster in a temporary directory (-t: also as
# root, so several runs at once never share one), starts it on a free port as an
# unprivileged user (root included), exports PGHOST/PGPORT/PGUSER/PGPASSWORD for the command,
# and drops the cluster afterwards, also when the command fails. The tests read
# JOBCARD_TEST_POSTGRES and make one database per test folder in it.
#
# The cluster serves TLS with a certificate for localhost signed by a certificate authority
# made for this run alone (JOBCARD_TEST_CA is its certificate), so the tests can check
# `sslmode=verify-full` against a private CA as a shop's own server would have it.
set -euo pipefail
if ! command -v pg_virtualenv >/dev/null 2>&1; then
  echo "error: pg_virtualenv is missing; run scripts/deps.sh test (installs postgresql)" >&2
  exit 1
fi

tls=$(mktemp -d)
trap 'rm -rf "$tls"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Jobcard test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
  -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
  -days 2 -extfile <(printf 'subjectAltName=DNS:localhost\n') -out "$tls/server.pem" 2>/dev/null
chmod 0755 "$tls"
chmod 0600 "$tls/server.key" "$tls/ca.key"
chmod 0644 "$tls/server.pem" "$tls/ca.pem"
# As root, pg_virtualenv runs the server as the postgres user, which must own its key.
if [ "$(id -u)" = 0 ]; then chown postgres "$tls/server.key" "$tls/server.pem"; fi
export JOBCARD_TEST_CA="$tls/ca.pem"

# Many test threads each open a small pool; fsync is off because the cluster is thrown away
# (the durability of a commit is the server's, and is not what these tests check).
pg_virtualenv -t -o max_connections=400 -o fsync=off -o shared_buffers=64MB \
  -o ssl=on -o "ssl_cert_file=$tls/server.pem" -o "ssl_key_file=$tls/server.key" \
  bash -c 'export JOBCARD_TEST_POSTGRES="postgres://${PGUSER}:${PGPASSWORD}@${PGHOST}:${PGPORT:-5432}/postgres"; exec "$@"' \
  with-postgres "$@"
