#!/bin/bash
# Stand-in for the official apache/spark image's /opt/entrypoint.sh, written for this project: the
# same contract spark-operator and spark-submit on Kubernetes rely on.
#   driver ARGS...    spark-submit in client mode inside the driver pod
#   executor          a Kubernetes executor backend, configured by the SPARK_EXECUTOR_* env the driver sets
#   anything else     run as a command (spark-class, spark-submit, bash ...)
set -euo pipefail

# A pod may run with an arbitrary uid (OpenShift): give it a passwd entry, as Spark's scripts need one.
if ! getent passwd "$(id -u)" >/dev/null 2>&1 && [[ -w /etc/passwd ]]; then
  echo "spark:x:$(id -u):$(id -g):spark:${SPARK_HOME}:/bin/false" >> /etc/passwd
fi

# SPARK_JAVA_OPT_0..n, set by Spark on Kubernetes, in their numeric order
java_opts=()
while IFS='=' read -r name value; do
  java_opts+=("$value")
done < <(env | grep '^SPARK_JAVA_OPT_' | sort -t_ -k4 -n)

classpath="${SPARK_HOME}/jars/*"
[[ -n "${SPARK_CLASSPATH:-}" ]] && classpath="${SPARK_CLASSPATH}:${classpath}"
[[ -n "${SPARK_EXTRA_CLASSPATH:-}" ]] && classpath="${classpath}:${SPARK_EXTRA_CLASSPATH}"
[[ -d "${SPARK_CONF_DIR:-/opt/spark/conf}" ]] && classpath="${SPARK_CONF_DIR:-/opt/spark/conf}:${classpath}"

case "${1:-}" in
  driver)
    shift
    exec "${SPARK_HOME}/bin/spark-submit" \
      --conf "spark.driver.bindAddress=${SPARK_DRIVER_BIND_ADDRESS:-0.0.0.0}" \
      --conf "spark.executorEnv.SPARK_DRIVER_POD_IP=${SPARK_DRIVER_BIND_ADDRESS:-}" \
      --deploy-mode client "$@"
    ;;
  executor)
    shift
    exec "${JAVA_HOME}/bin/java" "${java_opts[@]}" \
      -Xms"${SPARK_EXECUTOR_MEMORY}" -Xmx"${SPARK_EXECUTOR_MEMORY}" -cp "$classpath" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "${SPARK_DRIVER_URL}" --executor-id "${SPARK_EXECUTOR_ID}" --cores "${SPARK_EXECUTOR_CORES}" \
      --app-id "${SPARK_APPLICATION_ID}" --hostname "${SPARK_EXECUTOR_POD_IP}" \
      --resourceProfileId "${SPARK_RESOURCE_PROFILE_ID:-0}" --podName "${SPARK_EXECUTOR_POD_NAME:-}" "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
