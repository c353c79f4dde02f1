#!/usr/bin/env bash
# Builds the pipeline's six images: stockpipe/{ingest,lake-writer,dashboard,spark-jobs,warehouse-loader,airflow}.
#
#   docker/build-images.sh [--artifacts build|host] [--standins] [--tag TAG] [--only a,b]
#
#   --artifacts build  compile inside each image's builder stage (default; a fresh clone needs only Docker)
#   --artifacts host   take the jars from a host build (./mvnw package) — much faster when one exists
#   --standins         build on the local stand-in bases (docker/standins/build.sh) instead of the
#                      official images, for machines where no image registry answers
#   --tag TAG          image tag (default 0.1.0, the tag compose and the dev overlay use)
# Needs Docker with BuildKit (the buildx plugin): the builder stages use a cache mount for Maven.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
artifacts=build tag=0.1.0 standins=false only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --artifacts) artifacts="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --standins) standins=true; shift ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$artifacts" == build || "$artifacts" == host ]] || { echo "build-images: --artifacts must be build or host" >&2; exit 2; }
log() { printf '[images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

base_args=()
if [[ "$standins" == true ]]; then
  while IFS='=' read -r key value; do
    [[ -n "$key" ]] && base_args+=(--build-arg "$key=$value")
  done < <(docker/standins/build.sh --env)
  [[ ${#base_args[@]} -gt 0 ]] || { echo "build-images: no stand-in bases: run docker/standins/build.sh first" >&2; exit 1; }
fi
if [[ "$artifacts" == host ]]; then
  for f in ingest-quarkus/target/quarkus-app/quarkus-run.jar lake-writer-quarkus/target/quarkus-app/quarkus-run.jar \
           dashboard-quarkus/target/quarkus-app/quarkus-run.jar \
           spark/target/spark-0.1.0-SNAPSHOT-job.jar warehouse-loader/target/warehouse-loader.jar; do
    [[ -f "$f" ]] || { echo "build-images: $f is missing: run ./mvnw -B package -DskipTests first, or use --artifacts build" >&2; exit 1; }
  done
fi

# image name -> Dockerfile (the build context is always the repository root)
declare -A dockerfile=(
  [ingest]=ingest-quarkus/src/main/docker/Dockerfile.jvm
  [lake-writer]=lake-writer-quarkus/src/main/docker/Dockerfile.jvm
  [dashboard]=dashboard-quarkus/src/main/docker/Dockerfile.jvm
  [spark-jobs]=spark/Dockerfile
  [warehouse-loader]=warehouse-loader/Dockerfile
  [airflow]=airflow/Dockerfile
)
names=(ingest lake-writer dashboard spark-jobs warehouse-loader airflow)
[[ -n "$only" ]] && IFS=',' read -r -a names <<< "$only"
for name in "${names[@]}"; do
  [[ -n "${dockerfile[$name]:-}" ]] || { echo "build-images: unknown image $name" >&2; exit 2; }
  start=$SECONDS
  log "stockpipe/$name:$tag ($artifacts artifacts)"
  DOCKER_BUILDKIT=1 docker build --quiet -f "${dockerfile[$name]}" -t "stockpipe/$name:$tag" \
    --build-arg "ARTIFACTS=$artifacts" "${base_args[@]}" . >/dev/null
  log "stockpipe/$name:$tag built in $((SECONDS - start)) s"
done
