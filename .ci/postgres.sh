#!/usr/bin/env bash
# Makes a PostgreSQL reachable for the suites on PostgreSQL (issue 15) and prints its URL:
# CRM_TEST_PG_URL when set and reachable, else the machine's at 127.0.0.1:5432, else Debian's
# `postgresql` (installed when missing) initialised here in a temporary directory on a free
# port, trust auth, role postgres, and left running for the rest of the CI run (its directory
# is printed on stderr). initdb refuses root: as root the server runs as the postgres user.
set -euo pipefail
ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -t 3 -d "$1"; }
for url in "${CRM_TEST_PG_URL:-}" "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"; do
  if [ -n "$url" ] && ready "$url"; then echo "$url"; exit 0; fi
done
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ]; then
  echo "installing: postgresql" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends postgresql postgresql-client >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
port=$( (command -v python3 >/dev/null && python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])') || echo 55432)
dir=$(mktemp -d /tmp/crm-ci-pg.XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
"${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >&2
echo "PostgreSQL started in $dir on port $port (stop: pg_ctl -D $dir/data stop)" >&2
echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
