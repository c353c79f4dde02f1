"""Config contract: every variable a unit reads without a default is provided wherever the unit
runs (compose, both overlays, the DAG's pods); every image is pinned and ours are buildable."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import OVERLAYS, REPO
from contract import (OWN_IMAGES, PROD_REGISTRY, SNOWFLAKE_AUTH, WAREHOUSE_ENV, airflow_env, container_env,
                      job_templates, required_env, runtime_env)

K8S_UNITS = {"ingest": ("Deployment", "ingest"), "lake-writer": ("Deployment", "lake-writer"),
             "dashboard": ("Deployment", "dashboard")}
COMPOSE_UNITS = {"ingest": "ingest", "lake-writer": "lake-writer", "dashboard": "dashboard", "spark": "spark-streaming",
                 "airflow-jobs": "airflow-scheduler"}


def _find(objects, kind, name):
    matches = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert matches, f"{kind}/{name} is not rendered"
    return matches[0]


def _warehouse(objects):
    cm = _find(objects, "ConfigMap", "stockpipe-warehouse")
    return cm["data"]["STOCKPIPE_WAREHOUSE"]


def test_runtime_env_names_are_read_from_contracts():
    assert {"KAFKA_BOOTSTRAP_SERVERS", "S3_ENDPOINT", "LAKE_BUCKET"} <= runtime_env()


def test_warehouse_env_names_are_the_ones_the_loader_reads():
    # the names the loader reads are the string constants of its LoaderEnv (a mention elsewhere,
    # e.g. in a test, is not a read: compose and k8s once set STOCKPIPE_PG_* the loader never read)
    import re

    loader_env = (REPO / "warehouse-loader" / "src" / "main" / "java" / "dev" / "stockpipe" / "warehouse" / "config"
                  / "LoaderEnv.java").read_text()
    read = set(re.findall(r'static final String \w+ = "([A-Z0-9_]+)"', loader_env))
    names = set().union(*WAREHOUSE_ENV.values(), *SNOWFLAKE_AUTH)
    missing = sorted(names - read)
    assert not missing, f"the loader's LoaderEnv does not read {missing}: align packaging-tests/contract.py"


# ---- compose ---------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", sorted(COMPOSE_UNITS))
def test_compose_provides_required_env(compose_config, unit):
    service = compose_config["services"][COMPOSE_UNITS[unit]]
    env = service.get("environment") or {}
    warehouse = env.get("STOCKPIPE_WAREHOUSE")
    need = required_env(unit, warehouse)
    missing = sorted(n for n in need if not str(env.get(n) or ""))
    assert not missing, f"compose service {COMPOSE_UNITS[unit]} lacks {missing}"


def test_compose_env_example_has_no_real_looking_secret():
    for line in (REPO / ".env.example").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            if any(word in key for word in ("PASSWORD", "SECRET", "PASSPHRASE")) and value:
                assert value.startswith("change-me"), f"{key} in .env.example must be a change-me placeholder"


def test_compose_start_order(compose_config):
    services = compose_config["services"]
    for name, svc in services.items():
        for dep, cond in (svc.get("depends_on") or {}).items():
            assert dep in services, f"{name} depends on unknown service {dep}"
            if cond["condition"] == "service_healthy":
                assert "healthcheck" in services[dep], f"{name} waits for {dep} to be healthy, but {dep} has no healthcheck"
    assert services["lake-writer"]["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    assert services["ingest"]["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"
    assert services["airflow-scheduler"]["environment"]["STOCKPIPE_RUNNER"] == "local"


# third-party images: a variable each, whose default is the pinned official image (docker/standins
# builds local stand-ins to put in them where no registry answers)
COMPOSE_IMAGE_VARIABLES = {"kafka": "KAFKA_IMAGE", "kafka-init": "KAFKA_IMAGE", "minio": "MINIO_IMAGE",
                           "minio-init": "MC_IMAGE", "postgres": "POSTGRES_IMAGE"}
# our images' base images: compose build args whose defaults are the Dockerfiles' own ARG defaults
BASE_ARGS = ("BUILDER_IMAGE", "JRE_IMAGE", "SPARK_IMAGE", "AIRFLOW_IMAGE")


def _raw_compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.mark.parametrize("service", sorted(COMPOSE_IMAGE_VARIABLES))
def test_compose_third_party_images_are_variables_with_official_defaults(service):
    image = _raw_compose()["services"][service]["image"]
    variable = COMPOSE_IMAGE_VARIABLES[service]
    m = re.fullmatch(r"\$\{(\w+):-([^}]+)\}", image)
    assert m and m.group(1) == variable, f"{service}: image {image!r} is not ${{{variable}:-<official image>}}"
    assert not image_problems({m.group(2)}) and not m.group(2).startswith("stockpipe"), m.group(2)


def test_compose_base_image_args_default_to_the_dockerfiles_defaults():
    args = _raw_compose()["x-build-args"]
    for name in BASE_ARGS:
        m = re.fullmatch(r"\$\{(\w+):-([^}]+)\}", str(args.get(name, "")))
        assert m and m.group(1) == name, f"x-build-args.{name} is {args.get(name)!r}, not ${{{name}:-<image>}}"
        defaults = {re.search(rf"^ARG {name}=(\S+)", (REPO / f).read_text(), re.M).group(1)
                    for f in OWN_IMAGES.values() if re.search(rf"^ARG {name}=", (REPO / f).read_text(), re.M)}
        assert defaults == {m.group(2)}, f"{name}: compose default {m.group(2)} vs the Dockerfiles' {defaults}"


def test_compose_apps_use_their_own_minio_user_not_root(compose_config):
    services = compose_config["services"]
    root = services["minio"]["environment"]["MINIO_ROOT_USER"]
    for name, svc in services.items():
        env = svc.get("environment") or {}
        if name not in ("minio", "minio-init"):
            assert not {"MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"} & set(env), f"{name} gets MinIO's root credentials"
        if "S3_ACCESS_KEY_ID" in env:
            assert env["S3_ACCESS_KEY_ID"] != root, f"{name} uses the MinIO root user as its S3 key"
    init = " ".join(services["minio-init"]["command"])
    assert "mc admin user add" in init and "mc admin policy attach" in init


def test_compose_fits_in_8_gib(compose_config):
    services = {n: s for n, s in compose_config["services"].items() if "build-only" not in (s.get("profiles") or [])}
    missing = sorted(n for n in services if "mem_limit" not in services[n])
    assert not missing, f"services without mem_limit: {missing}"
    long_running = [n for n, s in services.items() if s.get("restart") != "no"]
    total = sum(int(services[n]["mem_limit"]) for n in long_running)
    assert total <= 8 * 1024**3, f"the long-running services' mem_limit sum is {total / 1024**3:.2f} GiB"


def test_compose_postgres_ready_only_after_initdb(compose_config):
    # pg_isready without -h asks the Unix socket, which answers while initdb's temporary server runs
    test = " ".join(compose_config["services"]["postgres"]["healthcheck"]["test"])
    assert re.search(r"pg_isready -h \S+", test), test


def test_compose_topics_match_contracts(repo):
    compose = (repo / "docker-compose.yml").read_text()
    source = (repo / "contracts/src/main/java/dev/stockpipe/contracts/Topics.java").read_text()
    topics = re.findall(r'String (?:HISTORICAL|REALTIME|DLQ|METRICS_WINDOWS) = "([^"]+)"', source)
    assert len(topics) == 4
    for topic in topics:
        assert topic in compose
    # the compacted ones (Topics.COMPACTED) are created with that policy
    assert re.search(r'COMPACTED = Set\.of\(METRICS_WINDOWS\)', source)
    assert re.search(r'--topic stock\.metrics\.windows [^\n]*--config cleanup\.policy=compact', compose)


# ---- Kubernetes ------------------------------------------------------------------------------

@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("unit", sorted(K8S_UNITS))
def test_k8s_services_get_required_env(rendered, overlay, unit):
    objects = rendered[overlay]
    deployment = _find(objects, *K8S_UNITS[unit])
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    names, problems = container_env(container, objects, overlay)
    assert not problems, problems
    missing = sorted(required_env(unit) - names)
    assert not missing, f"{overlay}: {unit} lacks {missing}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_k8s_streaming_job_gets_required_env(rendered, overlay):
    objects = rendered[overlay]
    app = _find(objects, "SparkApplication", "window-metrics")
    for role in ("driver", "executor"):
        names, problems = container_env(app["spec"][role], objects, overlay)
        assert not problems, problems
        missing = sorted(required_env("spark") - names)
        assert not missing, f"{overlay}: window-metrics {role} lacks {missing}"


def _airflow_env(values_files):
    return airflow_env(*values_files)


@pytest.mark.parametrize("overlay,values", [("dev", ["values.yaml"]), ("prod", ["values.yaml", "values-prod.yaml"])])
def test_dag_pods_get_required_env(rendered, overlay, values):
    """The DAG's KubernetesPodOperator pods get envFrom the ConfigMaps/Secrets Airflow names."""
    objects = rendered[overlay]
    env = _airflow_env(values)
    container = {"envFrom": [{"configMapRef": {"name": n}} for n in env["STOCKPIPE_K8S_ENV_CONFIGMAPS"].split(",")]
                 + [{"secretRef": {"name": n}} for n in env["STOCKPIPE_K8S_ENV_SECRETS"].split(",")]}
    names, problems = container_env(container, objects, overlay)
    assert not problems, problems
    warehouse = _warehouse(objects)
    assert env["STOCKPIPE_WAREHOUSE"] == warehouse, "Airflow's warehouse setting and the overlay disagree"
    missing = sorted(required_env("airflow-jobs", warehouse) - names)
    assert not missing, f"{overlay}: the DAG's pods lack {missing}"
    if warehouse == "snowflake":
        assert any(auth <= names for auth in SNOWFLAKE_AUTH), "Snowflake needs a password or a private key file"
    sa = env["STOCKPIPE_K8S_SERVICE_ACCOUNT"]
    _find(objects, "ServiceAccount", sa)


@pytest.mark.parametrize("values", [["values.yaml"], ["values.yaml", "values-prod.yaml"]])
def test_airflow_settings_names_exist_in_the_dag(values):
    settings = (REPO / "airflow/dags/stockpipe/settings.py").read_text()
    for name in _airflow_env(values):
        if name.startswith("STOCKPIPE_IMAGE_"):
            assert "STOCKPIPE_IMAGE_" in settings
            continue
        key = name.removeprefix("STOCKPIPE_").lower()
        assert f'"{key}"' in settings or name in settings, f"the DAG has no setting for {name}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_job_templates_resolve(rendered, overlay):
    """Every reference of every job template (pod or SparkApplication) exists in the overlay; a
    Pod template's own env plus what the DAG adds (envFrom of the Airflow values) is complete."""
    objects = rendered[overlay]
    warehouse = _warehouse(objects)
    env = airflow_env(*(["values.yaml"] if overlay == "dev" else ["values.yaml", "values-prod.yaml"]))
    dag_env_from = ([{"configMapRef": {"name": n}} for n in env["STOCKPIPE_K8S_ENV_CONFIGMAPS"].split(",")]
                    + [{"secretRef": {"name": n}} for n in env["STOCKPIPE_K8S_ENV_SECRETS"].split(",")])
    templates = job_templates(objects)
    assert templates, "ConfigMap stockpipe-job-templates is empty"
    for file, template in templates.items():
        spec = template["spec"]
        if template["kind"] == "SparkApplication":
            parts = [spec["driver"], spec["executor"]]
            unit, accounts = "spark", [spec["driver"]["serviceAccount"]]
        else:
            parts = [dict(c, envFrom=(c.get("envFrom") or []) + dag_env_from)
                     for c in spec["containers"] if c["name"] == "base"]
            unit = "spark" if "spark" in file else "airflow-jobs"
            accounts = [spec["serviceAccountName"]]
        for part in parts:
            names, problems = container_env(part, objects, overlay)
            assert not problems, f"{file}: {problems}"
            missing = sorted(required_env(unit, warehouse if unit == "airflow-jobs" else None) - names)
            assert not missing, f"{overlay}: {file} lacks {missing}"
        for account in accounts:
            _find(objects, "ServiceAccount", account)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_are_hardened(rendered, overlay):
    for name in ("ingest", "lake-writer", "dashboard"):
        spec = _find(rendered[overlay], "Deployment", name)["spec"]["template"]["spec"]
        c = spec["containers"][0]
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        assert c["securityContext"]["allowPrivilegeEscalation"] is False
        assert c["readinessProbe"]["httpGet"]["path"] == "/q/health/ready"
        assert c["livenessProbe"]["httpGet"]["path"] == "/q/health/live"
        assert "memory" in c["resources"]["limits"]


def test_prod_renders_no_secret(rendered):
    """Prod secrets are created out of band (secrets.example/) or by Strimzi (Kafka client certificates).
    Replicas and PodDisruptionBudgets: test_k8s_policies.py."""
    assert not [o for o in rendered["prod"] if o["kind"] == "Secret"], "prod must not render secrets from git"


# ---- images ----------------------------------------------------------------------------------

def _walk_images(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "image" and isinstance(v, str):
                out.add(v)
            else:
                _walk_images(v, out)
    elif isinstance(node, list):
        for v in node:
            _walk_images(v, out)


def _dockerfile_bases(path):
    """The images a Dockerfile builds FROM (ARG defaults substituted); `scratch` and the names of its
    own earlier stages (`FROM build AS artifacts`) are not images."""
    args, bases, stages = {}, [], set()
    for line in path.read_text().splitlines():
        m = re.match(r"\s*ARG\s+(\w+)=(\S+)", line)
        if m:
            args[m.group(1)] = m.group(2)
        m = re.match(r"\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", line, re.I)
        if m:
            ref = re.sub(r"\$\{?(\w+)\}?", lambda a: args.get(a.group(1), a.group(0)), m.group(1))
            if ref != "scratch" and ref.lower() not in stages:
                bases.append(ref)
            if m.group(2):
                stages.add(m.group(2).lower())
    return bases


def all_images(rendered, compose_config):
    images = set()
    for objects in rendered.values():
        _walk_images(objects, images)
        for o in objects:
            if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "stockpipe-job-templates":
                for text in o["data"].values():
                    _walk_images(yaml.safe_load(text), images)
    _walk_images(compose_config["services"], images)
    for f in ("values.yaml", "values-prod.yaml"):
        values = yaml.safe_load((REPO / "k8s/airflow" / f).read_text())
        air = values["images"]["airflow"]
        images.add(f"{air['repository']}:{air['tag']}")
        images |= {e["value"] for e in values.get("env") or [] if e["name"].startswith("STOCKPIPE_IMAGE_")}
    for dockerfile in OWN_IMAGES.values():
        path = REPO / dockerfile
        for base in _dockerfile_bases(path):
            images.add(base)
    for native in REPO.glob("*/src/main/docker/Dockerfile.native"):
        images |= set(_dockerfile_bases(native))
    return images


def image_problems(images):
    bad = []
    for image in sorted(images):
        last = image.split("/")[-1]
        name, tag = (image.rsplit(":", 1) if ":" in last else (image, ""))
        if not tag or tag == "latest" or "$" in image:
            bad.append(f"{image}: no pinned tag")
            continue
        short = name.removeprefix(PROD_REGISTRY)
        if short.startswith("stockpipe/"):
            dockerfile = OWN_IMAGES.get(short.removeprefix("stockpipe/"))
            if dockerfile is None or not (REPO / dockerfile).is_file():
                bad.append(f"{image}: no Dockerfile in this repository builds it")
    return bad


def test_every_image_is_pinned_or_built_here(rendered, compose_config):
    images = all_images(rendered, compose_config)
    assert len(images) > 8
    bad = image_problems(images)
    assert not bad, "\n".join(bad)


def test_injected_bad_images_are_caught():
    """The image rule itself can fail: :latest, no tag, and an own image without a Dockerfile."""
    bad = image_problems({"minio/minio:latest", "postgres", "stockpipe/unknown:1.0", "stockpipe/ingest:0.1.0"})
    assert len(bad) == 3, bad
    assert not any(b.startswith("stockpipe/ingest") for b in bad)


def test_compose_builds_our_images_from_this_repo(compose_config):
    for name, svc in compose_config["services"].items():
        if "build" in svc:
            context = REPO / svc["build"]["context"] if not str(svc["build"]["context"]).startswith("/") \
                else __import__("pathlib").Path(svc["build"]["context"])
            dockerfile = context / svc["build"].get("dockerfile", "Dockerfile")
            assert dockerfile.is_file(), f"compose service {name} builds from missing {dockerfile}"


def test_dockerfiles_run_as_non_root():
    for dockerfile in list(OWN_IMAGES.values()):
        text = (REPO / dockerfile).read_text()
        users = re.findall(r"^USER\s+(\S+)", text, re.M)
        assert users, f"{dockerfile} sets no USER"
        assert users[-1] not in ("root", "0", "0:0"), f"{dockerfile} ends as root"


def test_dev_environments_point_the_lake_at_their_own_s3_server(rendered, compose_config):
    # In dev nothing may fall back to AWS: the endpoint and both static keys are always given.
    runtime = _find(rendered["dev"], "ConfigMap", "stockpipe-runtime")
    assert runtime["data"]["S3_ENDPOINT"].startswith("http://")
    credentials = _find(rendered["dev"], "Secret", "stockpipe-lake-credentials")
    keys = set((credentials.get("data") or {}).keys()) | set((credentials.get("stringData") or {}).keys())
    assert {"S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"} <= keys
    for service in ("lake-writer", "spark-streaming", "airflow-scheduler"):
        env = compose_config["services"][service].get("environment") or {}
        assert str(env.get("S3_ENDPOINT", "")).startswith("http://"), service
        assert env.get("S3_ACCESS_KEY_ID") and env.get("S3_SECRET_ACCESS_KEY"), service
