#!/bin/bash
# Stand-in for Apache Kafka's kafka-server-start.sh: the same tool class, run from the broker's jars.
exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$@"
