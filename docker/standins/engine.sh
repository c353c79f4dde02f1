#!/usr/bin/env bash
# Makes sure a Docker engine answers, with the buildx and compose v2 CLI plugins, on a Debian machine:
#   - installs Debian's docker.io (dockerd, containerd, runc) if dockerd is missing;
#   - starts dockerd as root when no engine answers (log: /var/log/stockpipe-dockerd.log);
#   - builds the buildx and compose CLI plugins from their Go module sources (the Go module proxy is
#     reachable where no download site is) into ~/.docker/cli-plugins, if absent.
# Idempotent; used by ./pipeline test before the container tests.
set -euo pipefail
log() { printf '[engine %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
BUILDX_VERSION=v0.29.1
COMPOSE_VERSION=v2.40.3
plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! command -v dockerd >/dev/null 2>&1; then
  log "installing Debian's docker.io"
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >/dev/null
fi
if ! command -v docker >/dev/null 2>&1; then
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-cli >/dev/null \
    || sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  sudo_if_needed sh -c 'nohup dockerd >/var/log/stockpipe-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { log "dockerd did not answer within 30 s; see /var/log/stockpipe-dockerd.log"; exit 1; }
fi

build_plugin() { # module@version, package inside the module, output name
  local module="$1" version="$2" pkg="$3" out="$4"
  if [[ -x "$plugins/$out" ]]; then
    return 0
  fi
  command -v go >/dev/null || { log "Go is needed to build the $out plugin"; exit 1; }
  log "building the $out CLI plugin from $module@$version (a few minutes the first time)"
  local work dir
  work="$(mktemp -d)"
  dir="$(cd "$work" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go mod download -json "$module@$version" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  cp -r "$dir" "$work/src" && chmod -R u+w "$work/src"
  (cd "$work/src" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -trimpath -ldflags "-s -w $5" -o "$work/$out" "./$pkg")
  mkdir -p "$plugins" && mv "$work/$out" "$plugins/$out" && rm -rf "$work"
}
build_plugin github.com/docker/buildx "$BUILDX_VERSION" cmd/buildx docker-buildx \
  "-X github.com/docker/buildx/version.Version=$BUILDX_VERSION"
build_plugin github.com/docker/compose/v2 "$COMPOSE_VERSION" cmd docker-compose \
  "-X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION"
log "engine ready: $(docker version --format '{{.Server.Version}}'), $(docker buildx version | cut -d' ' -f1-2), $(docker compose version --short)"
