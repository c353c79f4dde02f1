#!/usr/bin/env bash
# Benchmarks: each stage of the pipeline beside its baseline tool, on this machine, in one run.
#   bench/run.sh            short mode (a few minutes): 1M-row daily metrics, 1M-tick window metrics, 100k-row MERGE, 60 s end to end
#   bench/run.sh --full     adds 10M rows and 10M ticks, 1M-row MERGE and a 5-minute end-to-end hold (long)
#   bench/run.sh --tiny     seconds-scale smoke run (figures meaningless)
#   options: --only producer,landing,e2e,dashboard,daily,window,merge  --out DIR (default bench/results)  --work-dir DIR (default data/bench)
# Writes <out>/latest.md and <out>/latest.png. Builds nothing itself. See bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null || die "Java 17 is required (java not found on PATH)"

needed=(
  "bench/harness/target/bench.jar|./mvnw -f bench/pom.xml install -DskipTests"
  "bench/perf-tools/target/perf-tools.classpath|./mvnw -f bench/pom.xml install -DskipTests"
  "ingest-quarkus/target/quarkus-app/quarkus-run.jar|./pipeline build"
  "lake-writer-quarkus/target/quarkus-app/quarkus-run.jar|./pipeline build"
  "dashboard-quarkus/target/quarkus-app/quarkus-run.jar|./pipeline build"
  "spark/target/launcher/jvm-flags.txt|./pipeline build"
  "warehouse-loader/target/warehouse-loader.jar|./pipeline build"
)
for entry in "${needed[@]}"; do
  artifact="${entry%%|*}"
  [[ -e "$artifact" ]] || die "$artifact is missing; build it first with: ${entry#*|}"
done

# PostgreSQL 15 for benchmark 4: the warehouse-loader's idempotent setup prints the connection settings.
if [[ -z "${STOCKPIPE_PG_URL:-}" && "${BENCH_SKIP_SETUP:-}" != 1 ]]; then
  if settings="$(bash warehouse-loader/scripts/test-setup.sh 2>/dev/null)"; then
    eval "$settings"
  else
    echo "bench: warehouse-loader/scripts/test-setup.sh failed; the PostgreSQL benchmark will report why it could not run" >&2
  fi
fi

exec "$JAVA" -Xmx1g -Djava.awt.headless=true -Dstockpipe.home="$ROOT" -jar bench/harness/target/bench.jar "$@"
