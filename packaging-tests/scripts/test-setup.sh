#!/usr/bin/env bash
# Prepares what the packaging tests need, idempotently:
#   1. a Python venv at <repo>/.venv/packaging with the pinned packages of ../requirements.txt
#      (kubernetes-validate ships the Kubernetes API schemas: validation stays offline),
#   2. Docker Compose v2 (for `docker compose config`; docker-compose.yml needs v2), via
#      docker/standins/engine.sh if missing,
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

if ! docker compose version >/dev/null 2>&1; then
  _pt_log "no Docker Compose v2: running docker/standins/engine.sh (Docker CLI, engine, compose plugin)"
  bash "$_pt_repo/docker/standins/engine.sh" >&2
fi

command -v kubectl >/dev/null 2>&1 || { _pt_log "kubectl is not on PATH: the k8s tests need kubectl >= 1.27 (kustomize built in)"; exit 1; }

export PACKAGING_VENV="$_pt_venv"
_pt_log "ready"
