#!/usr/bin/env bash
# Idempotently creates <repo>/.venv/airflow and installs airflow/requirements.txt into it.
# Re-installs only when requirements.txt changed since the last successful install.
set -euo pipefail
airflow_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$airflow_dir/.." && pwd)"
venv="$repo/.venv/airflow"
requirements="$airflow_dir/requirements.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "airflow test setup: $python not found; install Python 3.10-3.13 or set PYTHON" >&2
  exit 1
fi
if [[ ! -x "$venv/bin/python" ]]; then
  echo "airflow test setup: creating $venv"
  "$python" -m venv "$venv"
fi
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  echo "airflow test setup: $venv is up to date"
  exit 0
fi
echo "airflow test setup: installing $requirements (a few minutes the first time)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
echo "$wanted" > "$stamp"
echo "airflow test setup: done ($("$venv/bin/python" -m pip --version | cut -d' ' -f1-2), $("$venv/bin/airflow" version 2>/dev/null | tail -1))"
