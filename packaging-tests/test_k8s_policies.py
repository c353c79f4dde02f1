"""Operational rules of the rendered overlays: how ingest is replaced, what PodDisruptionBudgets
allow, and that every container has its memory bounded (k8s/README.md, "Sizing" and "Disruptions")."""
from __future__ import annotations

import ast
import math
import re

import pytest

from conftest import OVERLAYS, REPO
from contract import airflow_values, job_templates, selector_matches

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "ReplicaSet", "DaemonSet")
# Our JVM services: the heap is a share of the container's limit (-XX:MaxRAMPercentage)
JVM_SERVICES = ("ingest", "lake-writer", "dashboard")


def _one(objects, kind, name):
    (found,) = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    return found


# ---- ingest: a singleton replaced, never surged ------------------------------------------------

@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ingest_is_recreated_not_rolled(rendered, overlay):
    """Two ingest pods at once would run two tick simulators: duplicate ticks, clashing sequence numbers."""
    spec = _one(rendered[overlay], "Deployment", "ingest")["spec"]
    assert spec["strategy"] == {"type": "Recreate"}
    assert spec.get("replicas", 1) == 1


# ---- PodDisruptionBudgets ----------------------------------------------------------------------

def _scaled(value, replicas: int) -> int:
    """An int-or-percent of a PDB as the disruption controller reads it (percentages round up)."""
    if isinstance(value, str) and value.endswith("%"):
        return math.ceil(int(value[:-1]) * replicas / 100)
    return int(value)


def allowed_evictions(pdb_spec: dict, replicas: int) -> int:
    """How many of `replicas` healthy pods a voluntary disruption may take down at once."""
    if "maxUnavailable" in pdb_spec:
        return min(replicas, _scaled(pdb_spec["maxUnavailable"], replicas))
    return max(0, replicas - _scaled(pdb_spec.get("minAvailable", 0), replicas))


def pdb_problem(pdb_spec: dict, replicas: int) -> str | None:
    """The rule: a drain may always evict one pod, and at least one pod stays up."""
    allowed = allowed_evictions(pdb_spec, replicas)
    if allowed < 1:
        return f"allows no eviction of {replicas} pod(s): every node drain blocks"
    if allowed >= replicas:
        return f"allows evicting all {replicas} pod(s): it protects nothing (a singleton gets no PDB)"
    return None


def _workloads(objects, pdb):
    selector = pdb["spec"]["selector"]
    return [o for o in objects if o["kind"] in WORKLOAD_KINDS
            and selector_matches(selector, o["spec"]["template"]["metadata"].get("labels") or {})]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pdb_lets_a_drain_proceed_and_keeps_a_pod(rendered, overlay):
    objects = rendered[overlay]
    problems = []
    for pdb in (o for o in objects if o["kind"] == "PodDisruptionBudget"):
        workloads = _workloads(objects, pdb)
        name = pdb["metadata"]["name"]
        if len(workloads) != 1:
            problems.append(f"PDB {name} selects {len(workloads)} workloads; it must count the pods of exactly one")
            continue
        problem = pdb_problem(pdb["spec"], workloads[0]["spec"].get("replicas", 1))
        if problem:
            problems.append(f"PDB {name}: {problem}")
    assert not problems, "\n".join(problems)


def test_prod_protects_every_replicated_workload(rendered):
    objects = rendered["prod"]
    pdbs = [o for o in objects if o["kind"] == "PodDisruptionBudget"]
    for w in (o for o in objects if o["kind"] in WORKLOAD_KINDS and o["spec"].get("replicas", 1) > 1):
        labels = w["spec"]["template"]["metadata"]["labels"]
        assert any(selector_matches(p["spec"]["selector"], labels) for p in pdbs), f"{w['kind']}/{w['metadata']['name']} has no PDB"
    assert _one(objects, "Deployment", "lake-writer")["spec"]["replicas"] == 3


@pytest.mark.parametrize("spec,replicas,ok", [
    ({"maxUnavailable": 0}, 3, False),      # blocks every drain
    ({"minAvailable": 3}, 3, False),
    ({"maxUnavailable": 1}, 1, False),      # a singleton: protects nothing
    ({"minAvailable": 1}, 1, False),        # a singleton: blocks every drain
    ({"minAvailable": "100%"}, 2, False),
    ({"maxUnavailable": 1}, 3, True),
    ({"minAvailable": 2}, 3, True),
    ({"maxUnavailable": "34%"}, 3, True),   # ceil(1.02) = 2 of 3
])
def test_pdb_rule_itself(spec, replicas, ok):
    assert (pdb_problem(spec, replicas) is None) is ok


# ---- memory -----------------------------------------------------------------------------------

K8S_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m)?")
K8S_UNITS = {None: 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
             "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
JVM_SIZE = re.compile(r"(\d+)([kKmMgGtT])?[bB]?")  # Spark's memory strings: 512m, 2g (binary units)
JVM_UNITS = {None: 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


def k8s_bytes(quantity) -> float:
    m = K8S_QUANTITY.fullmatch(str(quantity))
    assert m, f"{quantity!r} is not a Kubernetes quantity"
    return float(m.group(1)) * K8S_UNITS[m.group(2)]


def jvm_bytes(size: str) -> int:
    m = JVM_SIZE.fullmatch(str(size))
    assert m, f"{size!r} is not a JVM memory size"
    return int(m.group(1)) * JVM_UNITS[(m.group(2) or "").lower() or None]


def resource_problems(where: str, resources: dict | None) -> list[str]:
    """Memory request and limit, and a CPU request; the request no larger than the limit."""
    resources = resources or {}
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    missing = [f"{part}.{name}" for part, part_map, name in
               (("requests", requests, "memory"), ("requests", requests, "cpu"), ("limits", limits, "memory"))
               if name not in part_map]
    if missing:
        return [f"{where}: no {', '.join(missing)}"]
    if k8s_bytes(requests["memory"]) > k8s_bytes(limits["memory"]):
        return [f"{where}: memory request {requests['memory']} above the limit {limits['memory']}"]
    return []


def _pod_spec_problems(where: str, spec: dict) -> list[str]:
    problems = []
    for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        problems += resource_problems(f"{where} container {c['name']}", c.get("resources"))
    return problems


def _spark_problems(where: str, spec: dict) -> list[str]:
    """Spark sizes its pods itself: memory (heap) + memoryOverhead is the pod's request and limit,
    cores its CPU request. Both must be explicit, so the limit is a figure someone chose."""
    problems = []
    for role in ("driver", "executor"):
        part = spec.get(role) or {}
        for key in ("cores", "memory", "memoryOverhead"):
            if key not in part:
                problems.append(f"{where} {role}: no {key}")
        for key in ("memory", "memoryOverhead"):
            if key in part:
                jvm_bytes(part[key])
        for sidecar in (part.get("sidecars") or []) + (part.get("initContainers") or []):
            problems += resource_problems(f"{where} {role} container {sidecar['name']}", sidecar.get("resources"))
    return problems


def _strimzi_problems(o: dict) -> list[str]:
    where = f"{o['kind']}/{o['metadata']['name']}"
    spec = o.get("spec") or {}
    if o["kind"] == "KafkaNodePool":
        return resource_problems(where, spec.get("resources"))
    if o["kind"] != "Kafka":
        return []
    problems = []
    for name, part in (spec.get("entityOperator") or {}).items():
        if name in ("topicOperator", "userOperator"):
            problems += resource_problems(f"{where} entityOperator.{name}", (part or {}).get("resources"))
    for name in ("kafkaExporter", "cruiseControl"):
        if name in spec:
            problems += resource_problems(f"{where} {name}", (spec[name] or {}).get("resources"))
    return problems


def memory_problems(objects: list[dict]) -> list[str]:
    problems = []
    for o in objects:
        where = f"{o['kind']}/{o['metadata']['name']}"
        spec = o.get("spec") or {}
        if o["kind"] in WORKLOAD_KINDS or o["kind"] == "Job":
            problems += _pod_spec_problems(where, spec["template"]["spec"])
        elif o["kind"] == "CronJob":
            problems += _pod_spec_problems(where, spec["jobTemplate"]["spec"]["template"]["spec"])
        elif o["kind"] == "Pod":
            problems += _pod_spec_problems(where, spec)
        elif o["kind"] == "SparkApplication":
            problems += _spark_problems(where, spec)
        else:
            problems += _strimzi_problems(o)
    for name, template in job_templates(objects).items():
        if template.get("kind") == "Pod":
            problems += _pod_spec_problems(f"template {name}", template["spec"])
        elif template.get("kind") == "SparkApplication":
            problems += _spark_problems(f"template {name}", template["spec"])
    return problems


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_has_its_memory_bounded(rendered, overlay):
    problems = memory_problems(rendered[overlay])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_jvm_services_size_their_heap_from_a_fixed_limit(rendered, overlay):
    """Heap = MaxRAMPercentage of the limit; request = limit, because a JVM keeps the memory its heap
    grew to, and a pod using more than its request is the first evicted under node pressure."""
    for name in JVM_SERVICES:
        (c,) = _one(rendered[overlay], "Deployment", name)["spec"]["template"]["spec"]["containers"]
        assert c["resources"]["requests"]["memory"] == c["resources"]["limits"]["memory"], name
        opts = {e["name"]: e.get("value", "") for e in c.get("env") or []}.get("JAVA_TOOL_OPTIONS")
        if opts is not None:  # the image sets -XX:MaxRAMPercentage=75; an override must keep a percentage
            assert "-XX:MaxRAMPercentage=" in opts and "-Xmx" not in opts, f"{name}: {opts}"


def test_dag_pods_have_their_memory_bounded():
    """The DAG's own resources win over the pod templates' (airflow/dags/stockpipe/settings.py)."""
    tree = ast.parse((REPO / "airflow/dags/stockpipe/settings.py").read_text())
    resources = None
    for node in ast.walk(tree):
        targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "DEFAULT_RESOURCES" for t in targets):
            resources = ast.literal_eval(node.value)
    assert resources, "settings.py has no DEFAULT_RESOURCES: align test_k8s_policies.py"
    problems = [p for kind, r in resources.items() for p in resource_problems(f"DAG {kind} pods", r)]
    assert not problems, "\n".join(problems)


# The Airflow chart's pods (k8s/airflow/values.yaml) and where the chart reads their resources.
AIRFLOW_CHART_RESOURCES = (
    "scheduler", "scheduler.logGroomerSidecar", "apiServer", "dagProcessor", "dagProcessor.logGroomerSidecar",
    "triggerer", "triggerer.logGroomerSidecar", "statsd", "migrateDatabaseJob", "createUserJob",
)


@pytest.mark.parametrize("values_files", [("values.yaml",), ("values.yaml", "values-prod.yaml")])
def test_airflow_chart_pods_have_their_memory_bounded(values_files):
    values = airflow_values(*values_files)
    paths = list(AIRFLOW_CHART_RESOURCES)
    if (values.get("postgresql") or {}).get("enabled"):
        paths.append("postgresql.primary")
    problems = []
    for path in paths:
        node = values
        for key in path.split("."):
            node = (node or {}).get(key)
        problems += resource_problems(f"Airflow chart {path}", (node or {}).get("resources"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("resources,needle", [
    ({"requests": {"cpu": "1", "memory": "1Gi"}}, "limits.memory"),
    ({"requests": {"memory": "1Gi"}, "limits": {"memory": "1Gi"}}, "requests.cpu"),
    ({"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"memory": "1Gi"}}, "above the limit"),
    (None, "requests.memory"),
])
def test_memory_rule_itself(resources, needle):
    problems = resource_problems("x", resources)
    assert problems and needle in problems[0], problems


def test_spark_rule_itself():
    problems = _spark_problems("app", {"driver": {"cores": 1, "memory": "1g"}, "executor": {"cores": 1, "memory": "1g",
                                                                                           "memoryOverhead": "512m"}})
    assert problems == ["app driver: no memoryOverhead"]
