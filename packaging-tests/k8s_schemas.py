"""Offline validation of Kubernetes objects: built-in kinds against the Kubernetes OpenAPI
schemas shipped by the `kubernetes-validate` package (strict variant: unknown fields are
errors), custom resources (Strimzi, spark-operator, prometheus-operator) against the CRD schemas
vendored in k8s/crds/ (made strict here).

Why strict: the API server prunes unknown fields of CRDs silently and `kubectl apply` only
warns by default, so a typo'd field would deploy as if it were absent. Validating with
`additionalProperties: false` turns such a typo into a test failure.
"""
from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
import kubernetes_validate
from kubernetes_validate import utils as kv_utils

KUBERNETES_VERSION = "1.32.0"
REPO = Path(__file__).resolve().parents[1]
CRD_DIR = REPO / "k8s" / "crds"

# (apiVersion, kind) -> vendored schema file (see k8s/crds/README.md for their origin)
CRD_SCHEMAS = {
    ("kafka.strimzi.io/v1", "Kafka"): "strimzi-1.2.0-kafka.schema.json",
    ("kafka.strimzi.io/v1", "KafkaNodePool"): "strimzi-1.2.0-kafkanodepool.schema.json",
    ("kafka.strimzi.io/v1", "KafkaTopic"): "strimzi-1.2.0-kafkatopic.schema.json",
    ("kafka.strimzi.io/v1", "KafkaUser"): "strimzi-1.2.0-kafkauser.schema.json",
    ("monitoring.coreos.com/v1", "PodMonitor"): "prometheus-operator-0.85.0-podmonitor.schema.json",
    ("sparkoperator.k8s.io/v1beta2", "SparkApplication"): "spark-operator-2.5.2-sparkapplication.schema.json",
}


class SchemaMissing(Exception):
    """No schema is known for an object's apiVersion/kind: it cannot be validated, so it fails."""


def make_strict(schema: Any) -> Any:
    """Returns a copy where every object schema that lists its properties rejects any other.

    Objects declared open (`additionalProperties` given, or `x-kubernetes-preserve-unknown-fields`)
    stay open, as the API server treats them.
    """
    if isinstance(schema, list):
        return [make_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: make_strict(sub) for name, sub in value.items()}
        else:
            out[key] = make_strict(value)
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


OBJECT_META_REF = "/api/_definitions.json#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"


@functools.cache
def _kubernetes_definitions() -> Registry:
    """The strict Kubernetes definitions as a registry, so CRD schemas can $ref ObjectMeta."""
    defs = kv_utils.schema_contents(
        f"kubernetes-json-schema/v{KUBERNETES_VERSION}-local-strict/_definitions.json", KUBERNETES_VERSION
    )
    return Resource.from_contents(defs) @ Registry()


@functools.cache
def _crd_validator(api_version: str, kind: str) -> jsonschema.protocols.Validator:
    file = CRD_SCHEMAS[(api_version, kind)]
    doc = json.loads((CRD_DIR / file).read_text())
    version = api_version.split("/")[1]
    if version not in doc["versions"]:
        raise SchemaMissing(f"{file} has no schema for {api_version} (served: {sorted(doc['versions'])})")
    schema = make_strict(copy.deepcopy(doc["versions"][version]))
    # the CRD describes metadata as a bare object: check it as the API server does, as ObjectMeta
    schema.setdefault("properties", {})["metadata"] = {"$ref": OBJECT_META_REF}
    schema["$id"] = f"https://kubernetes.io/api/crds/{file}"
    return jsonschema.Draft202012Validator(schema, registry=_kubernetes_definitions())


def validation_errors(obj: dict) -> list[str]:
    """Every schema violation of one object, as readable strings (empty list = valid)."""
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    name = (obj.get("metadata") or {}).get("name") or (obj.get("metadata") or {}).get("generateName")
    where = f"{kind}/{name} ({api_version})"
    if (api_version, kind) in CRD_SCHEMAS:
        validator = _crd_validator(api_version, kind)
        return [
            f"{where}: {'.'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
            for e in sorted(validator.iter_errors(obj), key=lambda e: list(map(str, e.absolute_path)))
        ]
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as e:
        return [f"{where}: {'.'.join(str(p) for p in e.path) or '<root>'}: {e.message}"]
    except kubernetes_validate.SchemaNotFoundError as e:
        raise SchemaMissing(f"{where}: {e.message}") from e
    return []
