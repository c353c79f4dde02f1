"""What each runnable unit needs in its environment, read from the modules' own sources, and
how to resolve the environment a compose service or a Kubernetes container actually gets."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Images built from this repository: short name -> Dockerfile
OWN_IMAGES = {
    "ingest": "ingest-quarkus/src/main/docker/Dockerfile.jvm",
    "lake-writer": "lake-writer-quarkus/src/main/docker/Dockerfile.jvm",
    "spark-jobs": "spark/Dockerfile",
    "warehouse-loader": "warehouse-loader/Dockerfile",
    "airflow": "airflow/Dockerfile",
}
PROD_REGISTRY = "registry.example.com/"

# Warehouse connection settings the loader reads per dialect (warehouse-loader's README/sources
# must name each of them: see test_contract.py).
WAREHOUSE_ENV = {
    "duckdb": set(),
    "postgresql": {"STOCKPIPE_PG_URL", "STOCKPIPE_PG_USER", "STOCKPIPE_PG_PASSWORD"},
    "snowflake": {"SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "SNOWFLAKE_ROLE", "SNOWFLAKE_WAREHOUSE",
                  "SNOWFLAKE_DATABASE", "SNOWFLAKE_SCHEMA"},
}
# Snowflake needs one of the two authentications
SNOWFLAKE_AUTH = ({"SNOWFLAKE_PASSWORD"}, {"SNOWFLAKE_PRIVATE_KEY_FILE"})


def runtime_env() -> set[str]:
    """The env var names of contracts' RuntimeEnv (every process reads them)."""
    src = (REPO / "contracts/src/main/java/dev/stockpipe/contracts/RuntimeEnv.java").read_text()
    names = {m.group(1) for m in re.finditer(r'static final String (\w+) = "(\w+)";', src) if m.group(1) == m.group(2)}
    if len(names) < 5:
        raise AssertionError(f"could not read RuntimeEnv's names, found {names}")
    return names


def properties_without_default(module: str) -> set[str]:
    """${NAME} placeholders without a default in a Quarkus module's application.properties."""
    props = REPO / module / "src/main/resources/application.properties"
    if not props.exists():
        return set()
    required = set()
    for line in props.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for expr in re.findall(r"\$\{([^}]*)\}", line):
            if ":" not in expr and re.fullmatch(r"[A-Z][A-Z0-9_]*", expr):
                required.add(expr)
    return required


def required_env(unit: str, warehouse: str | None = None) -> set[str]:
    need = set(runtime_env())
    if unit in ("ingest", "lake-writer"):
        need |= properties_without_default(f"{unit}-quarkus")
    if unit == "airflow-jobs":  # the DAG's steps: ingest job, Spark job, loader
        need |= properties_without_default("ingest-quarkus")
        need |= WAREHOUSE_ENV[warehouse or "duckdb"]
    return need


# ---- Kubernetes: the environment a container gets -------------------------------------------

def _keys_of(objects: list[dict], kind: str, name: str, fallback_env_file: Path | None) -> set[str] | None:
    for o in objects:
        if o["kind"] == kind and o["metadata"]["name"] == name:
            return set((o.get("data") or {}).keys()) | set((o.get("stringData") or {}).keys())
    if fallback_env_file is not None and fallback_env_file.exists():
        return {
            line.split("=", 1)[0].strip()
            for line in fallback_env_file.read_text().splitlines()
            if "=" in line and not line.lstrip().startswith("#")
        }
    return None


def secret_keys(objects: list[dict], name: str, overlay: str) -> set[str] | None:
    """Keys of a Secret: rendered (dev) or, for secrets created out of band (prod), the
    keys listed in k8s/overlays/<overlay>/secrets.example/<name>.env."""
    return _keys_of(objects, "Secret", name, REPO / "k8s/overlays" / overlay / "secrets.example" / f"{name}.env")


def configmap_keys(objects: list[dict], name: str) -> set[str] | None:
    return _keys_of(objects, "ConfigMap", name, None)


def container_env(container: dict, objects: list[dict], overlay: str) -> tuple[set[str], list[str]]:
    """(names the container gets, problems such as references to missing ConfigMaps/Secrets)."""
    names, problems = set(), []
    for e in container.get("env") or []:
        names.add(e["name"])
        ref = (e.get("valueFrom") or {}).get("secretKeyRef") or (e.get("valueFrom") or {}).get("configMapKeyRef")
        if ref and not ref.get("optional"):
            is_secret = "secretKeyRef" in e["valueFrom"]
            keys = secret_keys(objects, ref["name"], overlay) if is_secret else configmap_keys(objects, ref["name"])
            if keys is None or ref["key"] not in keys:
                problems.append(f"{e['name']} refers to {'Secret' if is_secret else 'ConfigMap'} "
                                f"{ref['name']} key {ref['key']}, which {overlay} does not provide")
    for source in container.get("envFrom") or []:
        if "configMapRef" in source:
            ref, keys = source["configMapRef"], configmap_keys(objects, source["configMapRef"]["name"])
        else:
            ref, keys = source["secretRef"], secret_keys(objects, source["secretRef"]["name"], overlay)
        if keys is None:
            if not ref.get("optional"):
                problems.append(f"envFrom {ref['name']} does not exist in {overlay}")
            continue
        names |= {source.get("prefix", "") + k for k in keys}
    return names, problems
