#!/usr/bin/env bash
# Prepares what the packaging tests need, idempotently:
#   1. a Python venv at <repo>/.venv/packaging with the pinned packages of ../requirements.txt
#      (kubernetes-validate ships the Kubernetes API schemas: validation stays offline),
#   2. Debian's docker-compose 1.29 (for `docker-compose config`), installed if missing,
#   3. checks kubectl (with built-in kustomize) is on PATH.
# Safe to `source` (it only exports PACKAGING_VENV) or to run.
set -euo pipefail

_pt_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
_pt_repo="$(cd "$_pt_here/../.." && pwd)"
_pt_venv="$_pt_repo/.venv/packaging"
_pt_req="$_pt_here/../requirements.txt"
_pt_log() { echo "packaging test-setup: $*" >&2; }

if [[ -x "$_pt_venv/bin/python" ]] && cmp -s "$_pt_req" "$_pt_venv/.requirements.txt"; then
  _pt_log "venv $_pt_venv is up to date"
else
  _pt_log "creating venv $_pt_venv"
  python3 -m venv "$_pt_venv"
  "$_pt_venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$_pt_req" >&2
  cp "$_pt_req" "$_pt_venv/.requirements.txt"
fi

if ! command -v docker-compose >/dev/null 2>&1; then
  _pt_log "installing Debian's docker-compose (for 'docker-compose config')"
  if [[ "$(id -u)" == 0 ]]; then _pt_sudo=(); else _pt_sudo=(sudo); fi
  "${_pt_sudo[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${_pt_sudo[@]}" apt-get install -y -qq --no-install-recommends docker-compose >&2
fi

command -v kubectl >/dev/null 2>&1 || { _pt_log "kubectl is not on PATH: the k8s tests need kubectl >= 1.27 (kustomize built in)"; exit 1; }

export PACKAGING_VENV="$_pt_venv"
_pt_log "ready"
