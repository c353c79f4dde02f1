"""Every rendered object of every overlay (and the job templates) validates against the
Kubernetes API schemas or the vendored Strimzi / spark-operator CRD schemas, strictly."""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import OVERLAYS, REPO, render_kustomize
from contract import job_templates
from k8s_schemas import CRD_SCHEMAS, SchemaMissing, validation_errors

TEMPLATES = sorted((REPO / "k8s" / "base" / "templates").glob("*.yaml"))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_rendered_object_is_valid(rendered, overlay):
    objects = rendered[overlay]
    assert len(objects) > 10, f"overlay {overlay} rendered suspiciously few objects: {len(objects)}"
    errors = []
    for obj in objects:
        errors += validation_errors(obj)
    assert errors == [], "\n".join(errors)


def test_every_vendored_schema_is_used(rendered):
    """Each CRD schema validates something (dev has no KafkaUser or PodMonitor: prod does)."""
    kinds = {(o["apiVersion"], o["kind"]) for objects in rendered.values() for o in objects}
    for api_kind in CRD_SCHEMAS:
        assert api_kind in kinds, f"no overlay renders {api_kind}: is the schema table stale?"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_job_templates_are_valid(template):
    obj = yaml.safe_load(template.read_text())
    assert validation_errors(obj) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_rendered_job_templates_are_valid(rendered, overlay):
    """Every template in ConfigMap stockpipe-job-templates, the ones components add included."""
    errors = []
    for name, obj in job_templates(rendered[overlay]).items():
        errors += [f"{name}: {e}" for e in validation_errors(obj)]
    assert errors == [], "\n".join(errors)


def test_base_renders():
    objects = render_kustomize(REPO / "k8s" / "base")
    assert {o["kind"] for o in objects} >= {"Deployment", "Service", "SparkApplication", "Role"}


# ---- negative tests: a typo'd or mistyped field must fail ------------------------------------

def _first(objects, kind, name=None):
    for o in objects:
        if o["kind"] == kind and (name is None or o["metadata"]["name"] == name):
            return copy.deepcopy(o)
    raise AssertionError(f"no {kind}/{name} rendered")


MUTATIONS = {
    "deployment container field typo": (
        "Deployment", "lake-writer",
        lambda o: o["spec"]["template"]["spec"]["containers"][0].update({"imagePullPolicyy": "Always"}),
        "imagePullPolicyy",
    ),
    "deployment probe typo": (
        "Deployment", "ingest",
        lambda o: o["spec"]["template"]["spec"]["containers"][0]["readinessProbe"].update({"periodSecond": 5}),
        "periodSecond",
    ),
    "deployment replicas wrong type": (
        "Deployment", "ingest", lambda o: o["spec"].update({"replicas": "two"}), "two",
    ),
    "metadata typo on a built-in kind": (
        "Service", "ingest", lambda o: o["metadata"].update({"label": {"a": "b"}}), "label",
    ),
    "KafkaTopic spec typo": (
        "KafkaTopic", "stock-realtime", lambda o: o["spec"].update({"partitons": 3}), "partitons",
    ),
    "Kafka listener typo": (
        "Kafka", "stockpipe", lambda o: o["spec"]["kafka"]["listeners"][0].update({"tsl": False}), "tsl",
    ),
    "KafkaNodePool missing required roles": (
        "KafkaNodePool", "dual-role", lambda o: o["spec"].pop("roles"), "roles",
    ),
    "SparkApplication driver typo": (
        "SparkApplication", "window-metrics", lambda o: o["spec"]["driver"].update({"coress": 1}), "coress",
    ),
    "SparkApplication bad enum": (
        "SparkApplication", "window-metrics", lambda o: o["spec"].update({"mode": "clustered"}), "clustered",
    ),
    "custom resource metadata typo": (
        "KafkaTopic", "stock-dlq", lambda o: o["metadata"].update({"annotation": {"a": "b"}}), "annotation",
    ),
}

# objects only prod renders (KafkaUsers, PodMonitors, Kafka metrics)
PROD_MUTATIONS = {
    "KafkaUser ACL operation not in the enum": (
        "KafkaUser", "stockpipe-ingest",
        lambda o: o["spec"]["authorization"]["acls"][0].update({"operations": ["Writ"]}), "Writ",
    ),
    "KafkaUser ACL resource typo": (
        "KafkaUser", "stockpipe-lake-writer",
        lambda o: o["spec"]["authorization"]["acls"][0]["resource"].update({"patterType": "prefix"}), "patterType",
    ),
    "PodMonitor endpoint typo": (
        "PodMonitor", "stockpipe-services",
        lambda o: o["spec"]["podMetricsEndpoints"][0].update({"paths": "/q/metrics"}), "paths",
    ),
    "PodMonitor without selector": (
        "PodMonitor", "stockpipe-kafka", lambda o: o["spec"].pop("selector"), "selector",
    ),
    "Kafka metricsConfig bad type": (
        "Kafka", "stockpipe", lambda o: o["spec"]["kafka"]["metricsConfig"].update({"type": "jmx"}), "jmx",
    ),
}


@pytest.mark.parametrize("overlay,case", [("dev", c) for c in sorted(MUTATIONS)] + [("prod", c) for c in sorted(PROD_MUTATIONS)])
def test_injected_mistake_fails_validation(rendered, overlay, case):
    kind, name, mutate, needle = {**MUTATIONS, **PROD_MUTATIONS}[case]
    obj = _first(rendered[overlay], kind, name)
    assert validation_errors(obj) == [], "the unmodified object must be valid for this test to mean anything"
    mutate(obj)
    errors = validation_errors(obj)
    assert errors, f"{case}: validation accepted the broken object"
    assert any(needle in e for e in errors), errors


def test_unknown_kind_is_not_silently_accepted():
    with pytest.raises(SchemaMissing):
        validation_errors({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}})


def test_crd_schema_origin_is_recorded():
    import json
    for file in set(CRD_SCHEMAS.values()):
        doc = json.loads((REPO / "k8s" / "crds" / file).read_text())
        assert "github.com/" in doc["origin"] and " tag " in doc["origin"], file
