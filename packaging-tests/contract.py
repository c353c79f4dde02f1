"""What each runnable unit needs in its environment, read from the modules' own sources, and
how to resolve the environment a compose service or a Kubernetes container actually gets."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

# Images built from this repository: short name -> Dockerfile
OWN_IMAGES = {
    "ingest": "ingest-quarkus/src/main/docker/Dockerfile.jvm",
    "lake-writer": "lake-writer-quarkus/src/main/docker/Dockerfile.jvm",
    "dashboard": "dashboard-quarkus/src/main/docker/Dockerfile.jvm",
    "spark-jobs": "spark/Dockerfile",
    "warehouse-loader": "warehouse-loader/Dockerfile",
    "airflow": "airflow/Dockerfile",
}
PROD_REGISTRY = "registry.example.com/"

# Warehouse connection settings the loader reads per dialect (each must be a constant of the
# loader's LoaderEnv: see test_contract.py).
WAREHOUSE_ENV = {
    "duckdb": set(),
    "postgresql": {"POSTGRES_JDBC_URL", "POSTGRES_USER", "POSTGRES_PASSWORD"},
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


# RuntimeEnv names a unit may go without, by the credential rule: no S3_ENDPOINT means AWS S3 itself,
# no static keys mean the AWS default chain (IRSA, instance role), S3_PATH_STYLE follows the endpoint.
OPTIONAL_RUNTIME_ENV = {"S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PATH_STYLE"}
# ingest reads and writes no S3 at all
NO_LAKE_UNITS = {"ingest"}
LAKE_ENV = {"S3_REGION", "LAKE_BUCKET"}


def required_env(unit: str, warehouse: str | None = None) -> set[str]:
    need = set(runtime_env()) - OPTIONAL_RUNTIME_ENV
    if unit in NO_LAKE_UNITS:
        need -= LAKE_ENV
    if unit in ("ingest", "lake-writer", "dashboard"):
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


# Secrets Strimzi creates (documented keys): per KafkaUser with TLS authentication a Secret named like
# the user, and per Kafka cluster "<cluster>-cluster-ca-cert" with the CA the clients trust.
KAFKA_USER_TLS_SECRET_KEYS = {"ca.crt", "user.crt", "user.key", "user.p12", "user.password"}
CLUSTER_CA_CERT_SECRET_KEYS = {"ca.crt", "ca.p12", "ca.password"}


def operator_secret_keys(objects: list[dict], name: str) -> set[str] | None:
    """Keys of a Secret that Strimzi creates from a rendered Kafka or KafkaUser, else None."""
    for o in objects:
        if o["kind"] == "KafkaUser" and o["metadata"]["name"] == name:
            if ((o.get("spec") or {}).get("authentication") or {}).get("type") == "tls":
                return set(KAFKA_USER_TLS_SECRET_KEYS)
        if o["kind"] == "Kafka" and name == f"{o['metadata']['name']}-cluster-ca-cert":
            return set(CLUSTER_CA_CERT_SECRET_KEYS)
    return None


def secret_keys(objects: list[dict], name: str, overlay: str) -> set[str] | None:
    """Keys of a Secret: rendered (dev), created by Strimzi from a rendered Kafka/KafkaUser, or, for
    secrets created out of band (prod), the keys listed in k8s/overlays/<overlay>/secrets.example/<name>.env."""
    rendered = _keys_of(objects, "Secret", name, None)
    if rendered is not None:
        return rendered
    created = operator_secret_keys(objects, name)
    if created is not None:
        return created
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


def mounted_files(pod_spec: dict, container: dict, objects: list[dict], overlay: str) -> dict[str, tuple[str, str, str]]:
    """Files a container sees from Secrets and ConfigMaps: path -> (kind, name, key). A source whose
    keys are unknown (neither rendered, nor created by Strimzi, nor in secrets.example) contributes nothing."""
    volumes = {v["name"]: v for v in pod_spec.get("volumes") or []}
    files: dict[str, tuple[str, str, str]] = {}
    for mount in container.get("volumeMounts") or []:
        volume = volumes.get(mount["name"]) or {}
        sources = []
        if "secret" in volume:
            sources.append(("Secret", volume["secret"]["secretName"], volume["secret"].get("items")))
        if "configMap" in volume:
            sources.append(("ConfigMap", volume["configMap"]["name"], volume["configMap"].get("items")))
        for source in (volume.get("projected") or {}).get("sources") or []:
            if "secret" in source:
                sources.append(("Secret", source["secret"]["name"], source["secret"].get("items")))
            if "configMap" in source:
                sources.append(("ConfigMap", source["configMap"]["name"], source["configMap"].get("items")))
        for kind, name, items in sources:
            if items is not None:
                pairs = [(item["key"], item["path"]) for item in items]
            else:
                keys = secret_keys(objects, name, overlay) if kind == "Secret" else configmap_keys(objects, name)
                pairs = [(key, key) for key in sorted(keys or ())]
            for key, path in pairs:
                if mount.get("subPath"):
                    if mount["subPath"] == path:
                        files[mount["mountPath"]] = (kind, name, key)
                else:
                    files[f"{mount['mountPath'].rstrip('/')}/{path}"] = (kind, name, key)
    return files


# ---- the DAG's pods ----------------------------------------------------------------------------

def airflow_env(*values_files: str) -> dict[str, str]:
    """The Airflow containers' env as Helm computes it: a later values file replaces the whole list."""
    env: list[dict] = []
    for name in values_files:
        values = yaml.safe_load((REPO / "k8s/airflow" / name).read_text())
        if "env" in values:
            env = values["env"]
    return {e["name"]: e["value"] for e in env}


def _helm_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = _helm_merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def airflow_values(*values_files: str) -> dict:
    """The chart values Helm computes from k8s/airflow files: maps merge key by key, anything else
    (lists too) is replaced by the later file."""
    values: dict = {}
    for name in values_files:
        values = _helm_merge(values, yaml.safe_load((REPO / "k8s/airflow" / name).read_text()))
    return values


def job_templates(objects: list[dict]) -> dict[str, dict]:
    """file name -> parsed template, from the rendered ConfigMap stockpipe-job-templates."""
    for o in objects:
        if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "stockpipe-job-templates":
            return {name: yaml.safe_load(text) for name, text in (o.get("data") or {}).items()}
    raise AssertionError("ConfigMap stockpipe-job-templates is not rendered")


def dag_pod(objects: list[dict], env: dict[str, str], kind: str) -> tuple[dict, dict]:
    """(pod spec, container "base") of the DAG's KubernetesPodOperator pod for an image kind
    (ingest|loader|spark): the template the settings name, plus the envFrom the DAG adds."""
    path = env.get(f"STOCKPIPE_K8S_POD_TEMPLATE_FILE_{kind.upper()}") or env.get("STOCKPIPE_K8S_POD_TEMPLATE_FILE")
    if not path:
        raise AssertionError(f"the Airflow values name no pod template for the DAG's {kind} pods")
    templates = job_templates(objects)
    file = path.rsplit("/", 1)[-1]
    if file not in templates:
        raise AssertionError(f"{path} (the {kind} pods' template) is not in ConfigMap stockpipe-job-templates")
    pod = copy.deepcopy(templates[file])
    (container,) = [c for c in pod["spec"]["containers"] if c["name"] == "base"]
    container.setdefault("envFrom", [])
    container["envFrom"] += [{"configMapRef": {"name": n}} for n in env["STOCKPIPE_K8S_ENV_CONFIGMAPS"].split(",")]
    container["envFrom"] += [{"secretRef": {"name": n}} for n in env["STOCKPIPE_K8S_ENV_SECRETS"].split(",")]
    return pod["spec"], container


def selector_matches(selector: dict, labels: dict) -> bool:
    """Whether a label selector (matchLabels + matchExpressions) selects these labels."""
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for e in selector.get("matchExpressions") or []:
        present, value = e["key"] in labels, labels.get(e["key"])
        if not {"In": present and value in e.get("values", []), "NotIn": not present or value not in e.get("values", []),
                "Exists": present, "DoesNotExist": not present}[e["operator"]]:
            return False
    return True
