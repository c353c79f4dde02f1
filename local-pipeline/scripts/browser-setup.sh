#!/usr/bin/env bash
# The dashboard's browser test (local-pipeline's LocalPipelineIT) drives Debian's Chromium headless
# through Selenium with Debian's chromedriver: Selenium Manager's downloads are not reachable, so both
# must be installed here. Idempotent: does nothing when both are present.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "browser-setup: chromium and chromium-driver are missing; install them (apt-get install chromium chromium-driver) as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
