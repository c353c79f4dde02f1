#!/bin/bash
# Stand-in for Apache Kafka's kafka-broker-api-versions.sh: the same tool class, run from the broker's jars.
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
