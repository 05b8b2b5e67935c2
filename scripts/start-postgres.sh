#!/usr/bin/env bash
# Starts a private PostgreSQL server for crmkit's adapter tests and benchmarks, and prints the
# connection URL as an `export CRMKIT_PG_URL=…` line (also written to $CRMKIT_PG_DIR/env).
#
#   eval "$(scripts/start-postgres.sh)"        # then: npx vitest run test/adapters/postgres
#   scripts/start-postgres.sh --stop           # stops the server (the data directory is kept)
#
# Idempotent: installs the `postgresql` apt package only when no server binaries are found,
# creates the cluster only when its data directory is missing, starts it only when it is not
# running, and creates the test role and database only when they do not exist. Everything except
# the final export line goes to stderr, so `eval "$(…)"` is safe.
#
# The cluster is separate from any system cluster: its own data directory (default
# /tmp/crmkit-pg), its own port (default 54329) on 127.0.0.1, owned by the `postgres` user when run
# as root (PostgreSQL refuses to run as root) and by the current user otherwise.
#
# Settings (environment): CRMKIT_PG_DIR, CRMKIT_PG_PORT, CRMKIT_PG_USER, CRMKIT_PG_PASSWORD,
# CRMKIT_PG_DB.
set -euo pipefail

DIR="${CRMKIT_PG_DIR:-/tmp/crmkit-pg}"
PORT="${CRMKIT_PG_PORT:-54329}"
ROLE="${CRMKIT_PG_USER:-crmkit_test}"
PASSWORD="${CRMKIT_PG_PASSWORD:-crmkit_test}"
DB="${CRMKIT_PG_DB:-crmkit_test}"
DATA="$DIR/data"
LOG="$DIR/server.log"

log() { echo "start-postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Role, database and password go into SQL and a URL: accept plain identifiers only.
[[ "$ROLE" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "CRMKIT_PG_USER must be a lower-case identifier, got '$ROLE'"
[[ "$DB" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "CRMKIT_PG_DB must be a lower-case identifier, got '$DB'"
[[ "$PASSWORD" =~ ^[A-Za-z0-9_]{1,64}$ ]] || die "CRMKIT_PG_PASSWORD must be letters, digits or _, got another value"
[[ "$PORT" =~ ^[0-9]{2,5}$ ]] || die "CRMKIT_PG_PORT must be a port number, got '$PORT'"

find_bindir() {
  local candidate
  if command -v pg_config >/dev/null 2>&1; then
    candidate="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then echo "$candidate"; return 0; fi
  fi
  # Debian/Ubuntu keep the server binaries out of PATH, one directory per major version.
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then echo "$candidate"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

if [[ "${1:-}" == "--stop" ]]; then
  BIN="$(find_bindir)" || die "no PostgreSQL binaries found"
  if [[ -d "$DATA" ]]; then
    if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
    else "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true; fi
  fi
  exit 0
fi

BIN="$(find_bindir || true)"
if [[ -z "$BIN" ]]; then
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available; install PostgreSQL 13+ and retry"
  [[ "$(id -u)" == "0" ]] || die "PostgreSQL is not installed; run this script as root (or install the 'postgresql' package) first"
  log "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bindir)" || die "postgresql was installed but initdb/pg_ctl were not found"
fi
log "using $BIN"

# Run a PostgreSQL binary as the cluster owner.
if [[ "$(id -u)" == "0" ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

mkdir -p "$DIR"
if [[ "$(id -u)" == "0" ]]; then chown "$OWNER" "$DIR"; fi
chmod 700 "$DIR"

if [[ ! -f "$DATA/PG_VERSION" ]]; then
  log "creating a cluster in $DATA"
  rm -rf "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >&2 \
    || as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >&2
fi

SOCKET="$DIR"
if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "server already running"
else
  log "starting the server on 127.0.0.1:$PORT (log: $LOG)"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$SOCKET -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >&2 || { tail -n 30 "$LOG" >&2 || true; die "the server did not start"; }
fi

psql_admin() { as_owner "$BIN/psql" -h "$SOCKET" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

for _ in $(seq 1 30); do
  if psql_admin -c 'select 1' >/dev/null 2>&1; then break; fi
  sleep 1
done
psql_admin -c 'select 1' >/dev/null || die "the server does not answer on $SOCKET:$PORT"

if [[ "$(psql_admin -c "select 1 from pg_roles where rolname = '$ROLE'")" != "1" ]]; then
  log "creating role $ROLE"
  psql_admin -c "create role $ROLE login password '$PASSWORD'" >/dev/null
else
  psql_admin -c "alter role $ROLE login password '$PASSWORD'" >/dev/null
fi
if [[ "$(psql_admin -c "select 1 from pg_database where datname = '$DB'")" != "1" ]]; then
  log "creating database $DB"
  psql_admin -c "create database $DB owner $ROLE encoding 'UTF8' template template0" >/dev/null
fi

URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
# Check the URL as the tests will use it: over TCP with the password.
PGPASSWORD="$PASSWORD" "$BIN/psql" "$URL" -v ON_ERROR_STOP=1 -qtA -c 'select 1' >/dev/null || die "cannot connect with $URL"

echo "export CRMKIT_PG_URL=$URL" > "$DIR/env"
if [[ "$(id -u)" == "0" ]]; then chmod 644 "$DIR/env"; fi
log "ready: $URL (also in $DIR/env)"
echo "export CRMKIT_PG_URL=$URL"
