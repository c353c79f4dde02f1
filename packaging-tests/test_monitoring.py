"""Prod is scraped through prometheus-operator PodMonitors (k8s/components/monitoring): every
service's /q/metrics, the streaming driver, Kafka's JMX exporter and the Kafka Exporter."""
from __future__ import annotations

import re

import pytest
import yaml

from contract import selector_matches
from kafka_access import consumer_groups, properties, topics


def _of(objects, kind):
    return [o for o in objects if o["kind"] == kind]


def _one(objects, kind, name):
    (found,) = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    return found


def endpoints_for(objects, labels: dict) -> list[dict]:
    """The PodMonitor endpoints that scrape a pod with these labels (same namespace)."""
    return [ep for pm in _of(objects, "PodMonitor") if selector_matches(pm["spec"]["selector"], labels)
            and not (pm["spec"].get("namespaceSelector") or {}).get("matchNames")
            for ep in pm["spec"]["podMetricsEndpoints"]]


def test_prod_scrapes_every_service_that_serves_metrics(rendered):
    objects = rendered["prod"]
    scraped = []
    for d in _of(objects, "Deployment"):
        template = d["spec"]["template"]
        annotations = template["metadata"].get("annotations") or {}
        if annotations.get("prometheus.io/scrape") != "true":
            continue
        ports = {p.get("name"): p["containerPort"] for c in template["spec"]["containers"] for p in c.get("ports") or []}
        eps = endpoints_for(objects, template["metadata"]["labels"])
        assert any(ports.get(ep.get("port")) == int(annotations["prometheus.io/port"])
                   and ep.get("path") == annotations["prometheus.io/path"] for ep in eps), \
            f"no PodMonitor scrapes {d['metadata']['name']} on :{annotations['prometheus.io/port']}{annotations['prometheus.io/path']}"
        scraped.append(d["metadata"]["name"])
    assert sorted(scraped) == ["ingest", "lake-writer"]


def test_prod_scrapes_the_streaming_driver(rendered):
    objects = rendered["prod"]
    app = _one(objects, "SparkApplication", "window-metrics")["spec"]
    assert app["sparkConf"].get("spark.ui.prometheus.enabled") == "true"
    eps = endpoints_for(objects, app["driver"]["labels"])
    # Spark names the driver's UI port "spark-ui"; executor metrics are served there
    assert {(ep["port"], ep["path"]) for ep in eps} == {("spark-ui", "/metrics/executors/prometheus")}


def test_prod_kafka_serves_jmx_metrics_from_its_configmap(rendered):
    objects = rendered["prod"]
    kafka = _of(objects, "Kafka")[0]
    metrics = kafka["spec"]["kafka"]["metricsConfig"]
    # the CRD's CEL rule, which the offline schema check cannot evaluate
    assert metrics["type"] == "jmxPrometheusExporter" and "valueFrom" in metrics
    ref = metrics["valueFrom"]["configMapKeyRef"]
    config = yaml.safe_load(_one(objects, "ConfigMap", ref["name"])["data"][ref["key"]])
    assert config["rules"], "an exporter without rules exports every MBean (tens of thousands of series)"
    for rule in config["rules"]:
        re.compile(rule["pattern"])
        assert rule.get("type", "UNTYPED") in ("GAUGE", "COUNTER", "UNTYPED"), rule
        if "name" in rule:
            assert re.fullmatch(r"[a-zA-Z_:$][a-zA-Z0-9_:$]*", rule["name"]), rule["name"]


def test_prod_scrapes_kafka_and_its_exporter(rendered):
    objects = rendered["prod"]
    kafka = _of(objects, "Kafka")[0]
    cluster = kafka["metadata"]["name"]
    # labels Strimzi gives the Kafka node pods and the Kafka Exporter pod
    for labels in ({"strimzi.io/cluster": cluster, "strimzi.io/kind": "Kafka", "strimzi.io/name": f"{cluster}-kafka"},
                   {"strimzi.io/cluster": cluster, "strimzi.io/kind": "Kafka", "strimzi.io/name": f"{cluster}-kafka-exporter"}):
        eps = endpoints_for(objects, labels)
        assert ("tcp-prometheus", "/metrics") in {(ep["port"], ep["path"]) for ep in eps}, labels


def test_kafka_exporter_watches_the_pipelines_topics_and_group(rendered):
    exporter = _of(rendered["prod"], "Kafka")[0]["spec"]["kafkaExporter"]
    for topic in topics().values():
        assert re.search(exporter["topicRegex"], topic), topic
    for group in consumer_groups(properties("lake-writer-quarkus")):
        assert re.search(exporter["groupRegex"], group), group


@pytest.mark.parametrize("overlay", ["dev"])
def test_dev_needs_no_prometheus_operator(rendered, overlay):
    """A dev cluster without prometheus-operator's CRDs must still take `kubectl apply -k`."""
    assert not [o for o in rendered[overlay] if o["apiVersion"].startswith("monitoring.coreos.com/")]
