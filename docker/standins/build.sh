#!/usr/bin/env bash
# Builds the stand-in base images, once per machine, for hosts where no image registry answers.
# Each stands in for a pinned official image that our Dockerfiles and docker-compose.yml name as the
# DEFAULT of a build ARG or image variable; see docker/standins/README.md for the mapping.
#
#   docker/standins/build.sh            build what is missing (idempotent), print the overrides
#   docker/standins/build.sh --env      only print the overrides (KEY=VALUE lines) for images present
#
# Sources: Debian bookworm packages (debootstrap + docker import), the pyspark 3.5.7 source
# distribution from PyPI (Spark's own jars and scripts), the project's pinned Airflow requirements.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${STOCKPIPE_STANDIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stockpipe-standins}"
log() { printf '[standins %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# A stand-in's tag carries a hash of its definition (and of what it is built on), so a changed
# stand-in is rebuilt on a machine that has the old one.
digest() { find "$@" -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-10; }
ROOTFS=stockpipe-standin/debian-rootfs:bookworm
DEBIAN=stockpipe-standin/debian:bookworm-$(digest "$here/debian/Dockerfile")
JRE=stockpipe-standin/jre:17-$(digest "$here/jre/Dockerfile" "$here/debian/Dockerfile")
JDK=stockpipe-standin/jdk:17-$(digest "$here/jdk/Dockerfile" "$here/debian/Dockerfile")
SPARK=stockpipe-standin/spark:3.5.7-$(digest "$here/spark" "$here/jre/Dockerfile" "$here/debian/Dockerfile")
AIRFLOW_DRIVERS="psycopg2-binary==2.9.10 asyncpg==0.32.0"
AIRFLOW=stockpipe-standin/airflow:3.3.2-$( { digest "$here/airflow" "$repo/airflow/requirements.txt" "$here/debian/Dockerfile"; echo "$AIRFLOW_DRIVERS"; } | sha256sum | cut -c1-10)
KAFKA=stockpipe-standin/kafka:4.1.2-$(digest "$here/kafka" "$here/jre/Dockerfile" "$here/debian/Dockerfile")
MINIO=stockpipe-standin/minio:s3proxy-4.1.0-$(digest "$here/minio" "$here/jre/Dockerfile" "$here/jdk/Dockerfile" "$here/debian/Dockerfile")
MC=stockpipe-standin/mc:boto3-1.44.8-$(digest "$here/mc" "$here/debian/Dockerfile")
POSTGRES=stockpipe-standin/postgres:15.18-$(digest "$here/postgres" "$here/debian/Dockerfile")
SPARK_VERSION=3.5.7

present() { docker image inspect "$1" >/dev/null 2>&1; }

print_env() {
  # build-ARG / compose variable -> stand-in image
  present "$JRE" && echo "JRE_IMAGE=$JRE"
  present "$JDK" && echo "BUILDER_IMAGE=$JDK"
  present "$SPARK" && echo "SPARK_IMAGE=$SPARK"
  present "$AIRFLOW" && echo "AIRFLOW_IMAGE=$AIRFLOW"
  present "$KAFKA" && echo "KAFKA_IMAGE=$KAFKA"
  present "$MINIO" && echo "MINIO_IMAGE=$MINIO"
  present "$MC" && echo "MC_IMAGE=$MC"
  present "$POSTGRES" && echo "POSTGRES_IMAGE=$POSTGRES"
  return 0
}

if [[ "${1:-}" == "--env" ]]; then
  print_env
  exit 0
fi

docker info >/dev/null 2>&1 || { log "no Docker engine answers: run docker/standins/engine.sh first"; exit 1; }
mkdir -p "$cache"

build() { # image, context dir, extra docker build args...
  local image="$1" context="$2"; shift 2
  if present "$image"; then
    return 0
  fi
  log "building $image"
  docker build -q -t "$image" "$@" "$context" >/dev/null
}

if ! present "$ROOTFS"; then
  command -v debootstrap >/dev/null || { log "installing debootstrap"; apt-get install -y -q --no-install-recommends debootstrap >/dev/null; }
  rootfs="$cache/debian-bookworm-rootfs"
  rm -rf "$rootfs"
  log "debootstrap bookworm (minbase) -> $ROOTFS (about a minute)"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  tar -C "$rootfs" -c . | docker import - "$ROOTFS" >/dev/null
  rm -rf "$rootfs"
fi
if ! present "$DEBIAN"; then
  ctx="$cache/debian-context"
  rm -rf "$ctx" && mkdir -p "$ctx/certs"
  cp "$here/debian/Dockerfile" "$ctx/"
  # the CAs this host trusts beyond Debian's (none on most machines)
  find /usr/local/share/ca-certificates -name '*.crt' -exec cp {} "$ctx/certs/" \; 2>/dev/null || true
  build "$DEBIAN" "$ctx" --build-arg "ROOTFS_IMAGE=$ROOTFS"
fi

build "$JRE" "$here/jre" --build-arg "DEBIAN_IMAGE=$DEBIAN"
build "$JDK" "$here/jdk" --build-arg "DEBIAN_IMAGE=$DEBIAN"

if ! present "$SPARK"; then
  ctx="$cache/spark-context"
  if [[ ! -d "$ctx/dist/jars" ]]; then
    log "downloading Spark $SPARK_VERSION (the pyspark source distribution, 317 MB) from PyPI"
    rm -rf "$ctx" && mkdir -p "$ctx/download"
    python3 -m pip download --quiet --no-deps --no-binary :all: "pyspark==$SPARK_VERSION" -d "$ctx/download"
    tar -xzf "$ctx/download/pyspark-$SPARK_VERSION.tar.gz" -C "$ctx" "pyspark-$SPARK_VERSION/deps/jars" \
      "pyspark-$SPARK_VERSION/deps/bin" "pyspark-$SPARK_VERSION/deps/sbin"
    mv "$ctx/pyspark-$SPARK_VERSION/deps" "$ctx/dist"
    rm -rf "$ctx/download" "$ctx/pyspark-$SPARK_VERSION" "$ctx"/dist/bin/*.cmd
  fi
  cp "$here/spark/Dockerfile" "$here/spark/entrypoint.sh" "$ctx/"
  build "$SPARK" "$ctx" --build-arg "JRE_IMAGE=$JRE"
fi

if ! present "$AIRFLOW"; then
  ctx="$cache/airflow-context"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$here/airflow/Dockerfile" "$here/airflow/entrypoint" "$ctx/"
  # the official image ships the PostgreSQL drivers a postgresql metadata database needs (its
  # "postgres" extra): psycopg2 for the sync engine, asyncpg for Airflow 3's async engine
  { cat "$repo/airflow/requirements.txt"; printf '%s\n' $AIRFLOW_DRIVERS; } > "$ctx/requirements.txt"
  build "$AIRFLOW" "$ctx" --build-arg "DEBIAN_IMAGE=$DEBIAN"
fi

# Kafka 4.1.2 and the S3 server (S3Proxy, MinIO's conventions) from their Maven Central jars
if ! present "$KAFKA"; then
  ctx="$cache/kafka-context"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp -r "$here/kafka/." "$ctx/"
  log "resolving the Kafka 4.1.2 jars from Maven Central"
  "$repo/mvnw" -B -q -f "$here/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$ctx/libs"
  build "$KAFKA" "$ctx" --build-arg "JRE_IMAGE=$JRE"
fi
if ! present "$MINIO"; then
  ctx="$cache/minio-context"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp -r "$here/minio/." "$ctx/"
  log "resolving the S3Proxy 4.1.0 jars from Maven Central"
  "$repo/mvnw" -B -q -f "$repo/devstack/s3-runtime/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DexcludeGroupIds=dev.stockpipe -DoutputDirectory="$ctx/libs"
  build "$MINIO" "$ctx" --build-arg "JRE_IMAGE=$JRE" --build-arg "JDK_IMAGE=$JDK"
fi

build "$MC" "$here/mc" --build-arg "DEBIAN_IMAGE=$DEBIAN"
build "$POSTGRES" "$here/postgres" --build-arg "DEBIAN_IMAGE=$DEBIAN"

print_env
