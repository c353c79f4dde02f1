#!/usr/bin/env bash
# Runs the packaging test suite (offline validation of docker-compose.yml and k8s/).
# Prepares its venv first (test-setup.sh is idempotent). Exit code = pytest's, except that
# "no tests collected" (pytest's 5) is a failure too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bash "$here/test-setup.sh"
cd "$repo"
set +e
"$repo/.venv/packaging/bin/python" -m pytest packaging-tests -p no:cacheprovider "$@"
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
  echo "packaging tests: no tests were collected" >&2
  exit 1
fi
exit $rc
