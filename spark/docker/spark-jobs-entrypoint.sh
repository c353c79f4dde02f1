#!/bin/bash
# Entrypoint of stockpipe/spark-jobs. The job contract's commands run the job with spark-submit:
#   daily-metrics|window-metrics [options]   -> spark-submit --master ${SPARK_MASTER:-local[*]} … SparkJobsMain <args>
# Everything else is the Spark image's own entrypoint: spark-operator's `driver` / `executor`
# commands, `spark-class …` for a standalone master or worker, `spark-submit …`, or any command.
set -euo pipefail
case "${1:-}" in
  daily-metrics|window-metrics)
    # shellcheck disable=SC2086 # SPARK_SUBMIT_OPTIONS is a list of options
    exec /opt/spark/bin/spark-submit --master "${SPARK_MASTER:-local[*]}" \
      --conf spark.driver.extraJavaOptions=-Djdk.reflect.useDirectMethodHandle=false \
      --conf "spark.driver.memory=${SPARK_DRIVER_MEMORY:-1g}" \
      ${SPARK_SUBMIT_OPTIONS:-} \
      --class dev.stockpipe.spark.SparkJobsMain "local://${SPARK_JOB_JAR}" "$@"
    ;;
  *)
    exec /opt/entrypoint.sh "$@"
    ;;
esac
