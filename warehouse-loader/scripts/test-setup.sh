#!/usr/bin/env bash
# Prepares what the warehouse-loader tests need, idempotently:
#   1. a Python venv at <repo>/.venv/fakesnow with fakesnow[server] (Snowflake-protocol server),
#   2. a running PostgreSQL 15 with a password-authenticated test role and database.
# Prints the environment the tests read as `export NAME=value` lines on stdout, so a caller can
#   eval "$(warehouse-loader/scripts/test-setup.sh)"
# The tests default to exactly these values, so `./mvnw verify` works after one run of this script.
# Progress goes to stderr. Needs root (or the postgres user via sudo) for the PostgreSQL part.
set -euo pipefail

FAKESNOW_VERSION="${FAKESNOW_VERSION:-0.12.1}"
# fakesnow imports snowflake.connector.converter, which 5.x removed: hold the connector at 4.x
SNOWFLAKE_CONNECTOR_VERSION="${SNOWFLAKE_CONNECTOR_VERSION:-4.8.1}"
PG_VERSION=15
PG_CLUSTER=main
PG_PORT="${STOCKPIPE_PG_PORT:-5432}"
PG_ROLE="${STOCKPIPE_PG_USER:-stockpipe_test}"
PG_PASSWORD="${STOCKPIPE_PG_PASSWORD:-stockpipe_test}"
PG_DB="${STOCKPIPE_PG_DB:-stockpipe_test}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.venv/fakesnow"

log() { echo "test-setup: $*" >&2; }

# ---- fakesnow --------------------------------------------------------------------------
if [[ -x "$venv/bin/fakesnow" ]] && "$venv/bin/python" -c \
    "import importlib.metadata as m, sys, fakesnow.cli; sys.exit(m.version('fakesnow') != '$FAKESNOW_VERSION')" 2>/dev/null; then
  log "fakesnow $FAKESNOW_VERSION already in $venv"
else
  log "installing fakesnow[server]==$FAKESNOW_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet "fakesnow[server]==$FAKESNOW_VERSION" \
    "snowflake-connector-python==$SNOWFLAKE_CONNECTOR_VERSION" >&2
fi

# ---- PostgreSQL 15 ---------------------------------------------------------------------
as_postgres() {
  if [[ "$(id -un)" == postgres ]]; then "$@"; elif [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if ! command -v pg_ctlcluster >/dev/null || [[ ! -x /usr/lib/postgresql/$PG_VERSION/bin/postgres ]]; then
  log "PostgreSQL $PG_VERSION is not installed; installing the Debian package"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_VERSION" >&2 \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {found=1} END {exit !found}'; then
  log "creating cluster $PG_VERSION/$PG_CLUSTER"
  pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c && $4=="online" {found=1} END {exit !found}'; then
  log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
fi
PG_PORT="$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $3}')"
for _ in $(seq 1 60); do
  if as_postgres pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
  sleep 0.5
done
as_postgres pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { log "PostgreSQL did not become ready on port $PG_PORT; see /var/log/postgresql/"; exit 1; }

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$PG_PORT" "$@"; }
if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != 1 ]]; then
  log "creating role $PG_ROLE"
  psql_admin -c "CREATE ROLE \"$PG_ROLE\" LOGIN"
fi
# A plain role, no superuser: the fault tests terminate the loader's own backend, which
# pg_terminate_backend allows for sessions of the same role.
psql_admin -c "ALTER ROLE \"$PG_ROLE\" WITH LOGIN PASSWORD '$PG_PASSWORD'"
if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]]; then
  log "creating database $PG_DB"
  psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_ROLE\""
fi

cat <<ENV
export STOCKPIPE_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB
export STOCKPIPE_PG_USER=$PG_ROLE
export STOCKPIPE_PG_PASSWORD=$PG_PASSWORD
export STOCKPIPE_FAKESNOW_BIN=$venv/bin/fakesnow
ENV
log "ready"
