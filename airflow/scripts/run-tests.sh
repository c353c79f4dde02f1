#!/usr/bin/env bash
# Lints airflow/ with ruff (Airflow rules AIR included) and runs the pytest suite in a throw-away
# AIRFLOW_HOME with a freshly migrated SQLite metadata DB. Extra arguments go to pytest.
# The end-to-end test against the real jobs runs only with STOCKPIPE_E2E=1 (see README).
set -euo pipefail
airflow_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$airflow_dir/.." && pwd)"
venv="$repo/.venv/airflow"
if [[ ! -x "$venv/bin/pytest" || ! -x "$venv/bin/ruff" || ! -x "$venv/bin/airflow" ]]; then
  echo "airflow tests: the venv $venv is missing or incomplete; run airflow/scripts/test-setup.sh first" >&2
  exit 1
fi
cd "$airflow_dir"

echo "airflow tests: ruff check"
"$venv/bin/ruff" check .

AIRFLOW_HOME="$(mktemp -d "${TMPDIR:-/tmp}/stockpipe-airflow-home.XXXXXX")"
export AIRFLOW_HOME
trap 'rm -rf "$AIRFLOW_HOME"' EXIT
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER="$airflow_dir/dags"
echo "airflow tests: airflow db migrate (AIRFLOW_HOME=$AIRFLOW_HOME)"
if ! "$venv/bin/airflow" db migrate > "$AIRFLOW_HOME/db-migrate.log" 2>&1; then
  echo "airflow tests: 'airflow db migrate' failed:" >&2
  tail -40 "$AIRFLOW_HOME/db-migrate.log" >&2
  exit 1
fi
touch "$AIRFLOW_HOME/airflow.migrated"

if [[ "${STOCKPIPE_E2E:-}" == "1" ]]; then
  echo "airflow tests: STOCKPIPE_E2E=1, the end-to-end test against the real jobs runs too"
else
  echo "airflow tests: end-to-end test against the real jobs is OFF (set STOCKPIPE_E2E=1 to run it)"
fi
set +e
"$venv/bin/python" -m pytest -rs "$@"
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
  echo "airflow tests: pytest collected no tests; that is a failure" >&2
  exit 1
fi
exit $rc
