#!/bin/bash
# Stand-in for Apache Kafka's kafka-run-class.sh (written for this project): java with the broker's
# jars, KAFKA_HEAP_OPTS and KAFKA_OPTS, and the log4j2 configuration of the image.
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} \
  -Dlog4j2.configurationFile="${KAFKA_LOG4J_CONFIG:-/opt/kafka/config/log4j2.properties}" \
  -cp "/opt/kafka/libs/*" "$@"
