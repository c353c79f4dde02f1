"""The DAG's Kubernetes steps as real containers, end to end (opt-in: ``STOCKPIPE_CONTAINER_E2E=1``).

Each job step is built exactly as it would run on a cluster — by the cncf provider's own code, for
one logical date: ``KubernetesPodOperator.build_pod_request_obj`` (merged into the pod template) for
``fetch_historical`` and ``load_to_warehouse``, ``SparkKubernetesOperator``'s template body for
``spark_daily_metrics`` — with the ConfigMaps and Secrets ``kubectl kustomize k8s/overlays/dev``
renders, given this machine's test values (devstack endpoints, the local PostgreSQL). Then each
step's main container runs with Docker, honouring its image, command, args, env, envFrom, volumes
(Secrets as files), security context, memory limit and the ``/airflow/xcom/return.json`` path;
the SparkApplication's driver runs as spark-operator starts it (``driver`` + spark-submit), in
``local[*]``. ``check_market_open``, ``wait_for_lake`` and ``log_completion`` run in-process, as in
Airflow. The lake-writer runs as its image too. All five steps run in DAG order; the test checks
every XCom summary and the warehouse rows.

``./pipeline test`` sets the variable after building the images (docker/build-images.sh); with it
set, a missing engine, image or kubectl fails the test instead of skipping it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_e2e import http_up, require_prerequisites, start, stop, wait_until

from conftest import REPO, free_port

pytestmark = pytest.mark.skipif(os.environ.get("STOCKPIPE_CONTAINER_E2E") != "1",
                                reason="container end-to-end test is opt-in: set STOCKPIPE_CONTAINER_E2E=1")

TAG = os.environ.get("STOCKPIPE_IMAGE_TAG", "0.1.0")
IMAGES = {"ingest": f"stockpipe/ingest:{TAG}", "lake-writer": f"stockpipe/lake-writer:{TAG}",
          "spark": f"stockpipe/spark-jobs:{TAG}", "loader": f"stockpipe/warehouse-loader:{TAG}"}
DATE = "2024-01-05"
AIRFLOW_RUN_ID = "manual__2024-01-05T21:30:00+00:00"
SYMBOLS = "AAPL,MSFT,NVDA"
ROWS_OF_THE_DATE = f"SELECT symbol, trade_date, bar_count FROM daily_stock_metrics WHERE trade_date = DATE '{DATE}' ORDER BY symbol"  # noqa: S608, E501
PG = {"url": os.environ.get("STOCKPIPE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/stockpipe_test"),
      "user": os.environ.get("STOCKPIPE_PG_USER", "stockpipe_test"),
      "password": os.environ.get("STOCKPIPE_PG_PASSWORD", "stockpipe_test")}


# ---- the cluster objects: kustomize's dev overlay with this machine's test values ----------------

def rendered_objects() -> dict[tuple[str, str], dict[str, Any]]:
    """(kind, name) -> object of ``kubectl kustomize k8s/overlays/dev`` (ConfigMaps and Secrets)."""
    if shutil.which("kubectl") is None:
        pytest.fail("STOCKPIPE_CONTAINER_E2E=1 but kubectl is not on PATH")
    out = subprocess.run(["kubectl", "kustomize", str(REPO / "k8s" / "overlays" / "dev")],  # noqa: S603, S607
                         capture_output=True, text=True, check=True).stdout
    objects = {}
    for doc in yaml.safe_load_all(out):
        if doc and doc["kind"] in ("ConfigMap", "Secret"):
            name = doc["metadata"]["name"]
            data = dict(doc.get("data") or {})
            if doc["kind"] == "Secret":
                import base64

                data = {k: base64.b64decode(v).decode() for k, v in data.items()}
                data.update(doc.get("stringData") or {})
            objects[(doc["kind"], name)] = data
    return objects


def with_test_values(objects: dict, lake_env: dict[str, str]) -> dict:
    """Point the rendered settings at devstack and the local PostgreSQL; keep every key the overlay has."""
    runtime = objects[("ConfigMap", "stockpipe-runtime")]
    for key in ("KAFKA_BOOTSTRAP_SERVERS", "S3_ENDPOINT", "S3_REGION", "S3_PATH_STYLE", "LAKE_BUCKET"):
        assert key in runtime, f"the dev overlay's stockpipe-runtime has no {key}"
        runtime[key] = lake_env[key]
    credentials = objects[("Secret", "stockpipe-lake-credentials")]
    for key in ("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"):
        assert key in credentials, f"the dev overlay's stockpipe-lake-credentials has no {key}"
        credentials[key] = lake_env[key]
    warehouse = objects[("ConfigMap", "stockpipe-warehouse")]
    warehouse_credentials = objects[("Secret", "stockpipe-warehouse-credentials")]
    url_key = next(k for k in warehouse if k.endswith(("JDBC_URL", "PG_URL")))
    user_key = next(k for k in warehouse_credentials if k.endswith("USER"))
    password_key = next(k for k in warehouse_credentials if k.endswith("PASSWORD"))
    warehouse[url_key] = PG["url"]
    warehouse_credentials[user_key] = PG["user"]
    warehouse_credentials[password_key] = PG["password"]
    return objects


# ---- running a pod's container with Docker --------------------------------------------------------

def _value_from(source: Any, objects: dict) -> str | None:
    if source.secret_key_ref is not None:
        ref = source.secret_key_ref
        data = objects.get(("Secret", ref.name))
        if data is None and ref.optional:
            return None
        return data[ref.key]
    if source.config_map_key_ref is not None:
        ref = source.config_map_key_ref
        return objects[("ConfigMap", ref.name)][ref.key]
    raise AssertionError(f"unsupported valueFrom {source}")


def container_env(container: Any, objects: dict) -> dict[str, str]:
    """envFrom first, then env (which wins), as the kubelet resolves them."""
    env: dict[str, str] = {}
    for source in container.env_from or []:
        if source.config_map_ref is not None:
            env.update(objects[("ConfigMap", source.config_map_ref.name)])
        if source.secret_ref is not None:
            env.update(objects[("Secret", source.secret_ref.name)])
    for var in container.env or []:
        value = var.value if var.value_from is None else _value_from(var.value_from, objects)
        if value is not None:
            env[var.name] = value
    return env


def docker_run(image: str, args: list[str], env: dict[str, str], mounts: list[tuple[Path, str, bool]],
               user: str | None, read_only: bool, memory: str | None, command: list[str] | None = None,
               timeout: float = 600) -> subprocess.CompletedProcess:
    argv = ["docker", "run", "--rm", "--network", "host"]
    if user:
        argv += ["--user", user]
    if read_only:
        # /tmp as a pod's emptyDir mounts it: writable and exec (Kafka's zstd/lz4 natives are unpacked there)
        argv += ["--read-only", "--tmpfs", "/tmp:rw,exec,size=2g"]
    if memory:
        argv += ["--memory", memory.replace("Gi", "g").replace("Mi", "m")]
    for source, target, ro in mounts:
        argv += ["-v", f"{source}:{target}:{'ro' if ro else 'rw'}"]
    env_file = Path(tempfile.mkstemp(prefix="stockpipe-env-")[1])
    env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()), encoding="utf-8")
    argv += ["--env-file", str(env_file)]
    if command:
        argv += ["--entrypoint", command[0]]
    argv += [image, *(command[1:] if command else []), *args]
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    finally:
        env_file.unlink()


def pod_mounts(pod: Any, container: Any, objects: dict, work: Path) -> list[tuple[Path, str, bool]]:
    """Each volume mount of the container as a host directory: Secrets/ConfigMaps as files, emptyDirs empty."""
    volumes = {v.name: v for v in pod.spec.volumes or []}
    mounts = []
    for m in container.volume_mounts or []:
        if m.mount_path == "/tmp":
            continue  # the --read-only container's tmpfs
        volume = volumes[m.name]
        directory = work / f"volume-{m.name}"
        directory.mkdir(parents=True, exist_ok=True)
        directory.chmod(0o777)
        if volume.secret is not None:
            data = objects.get(("Secret", volume.secret.secret_name))
            if data is None and volume.secret.optional:
                continue
            for key, value in data.items():
                (directory / key).write_text(value, encoding="utf-8")
        elif volume.config_map is not None:
            for key, value in objects[("ConfigMap", volume.config_map.name)].items():
                (directory / key).write_text(value, encoding="utf-8")
        mounts.append((directory, m.mount_path, bool(m.read_only)))
    return mounts


def summary(work: Path, volume: str = "xcom") -> dict[str, Any]:
    xcom = work / f"volume-{volume}" / "return.json"
    assert xcom.is_file(), f"the job wrote no {xcom.name} into /airflow/xcom"
    return json.loads(xcom.read_text(encoding="utf-8"))


def run_kpo_step(dag, task_id: str, context: dict, objects: dict, work: Path) -> dict[str, Any]:
    task = dag.get_task(task_id)
    task.render_template_fields(context, jinja_env=dag.get_template_env())
    pod = task.build_pod_request_obj(dry_run=True)
    (container,) = [c for c in pod.spec.containers if c.name == "base"]
    step_dir = work / task_id
    mounts = pod_mounts(pod, container, objects, step_dir)
    security = pod.spec.security_context
    user = f"{security.run_as_user}:{security.run_as_group or security.run_as_user}" if security.run_as_user else None
    read_only = bool(container.security_context and container.security_context.read_only_root_filesystem)
    limits = (container.resources.limits or {}) if container.resources else {}
    result = docker_run(container.image, list(container.args or []), container_env(container, objects), mounts,
                        user, read_only, limits.get("memory"), command=list(container.command or []) or None)
    assert result.returncode == 0, (f"{task_id}: {container.image} {container.args} exited {result.returncode}\n"
                                    f"stderr:\n{result.stderr[-4000:]}")
    return summary(step_dir)


def run_spark_application(dag, context: dict, objects: dict, work: Path) -> dict[str, Any]:
    """The driver as spark-operator starts it (``driver`` + spark-submit args), in local mode."""
    task = dag.get_task("spark_daily_metrics")
    task.render_template_fields(context, jinja_env=dag.get_template_env())
    app = task.template_body["spark"]
    spec = app["spec"]
    driver = spec["driver"]
    from kubernetes.client import ApiClient
    from kubernetes.client import models as k8s

    container = ApiClient()._ApiClient__deserialize(  # the same model classes the pod spec uses
        {"name": "spark-kubernetes-driver", "env": driver.get("env", []), "envFrom": driver.get("envFrom", []),
         "volumeMounts": driver.get("volumeMounts", [])}, "V1Container")
    pod = k8s.V1Pod(spec=ApiClient()._ApiClient__deserialize(
        {"containers": [], "volumes": spec.get("volumes", [])}, "V1PodSpec"))
    step_dir = work / "spark_daily_metrics"
    mounts = pod_mounts(pod, container, objects, step_dir)
    conf = [item for k, v in (spec.get("sparkConf") or {}).items() for item in ("--conf", f"{k}={v}")]
    args = ["driver", "--master", "local[2]", "--conf", f"spark.driver.memory={driver['memory']}", *conf,
            "--class", spec["mainClass"], spec["mainApplicationFile"], *spec["arguments"]]
    env = {**container_env(container, objects), "SPARK_DRIVER_BIND_ADDRESS": "127.0.0.1"}
    user = str(driver.get("podSecurityContext", {}).get("runAsUser", "")) or None
    result = docker_run(spec["image"], args, env, mounts, user, read_only=False, memory="3g", timeout=900)
    assert result.returncode == 0, f"spark driver exited {result.returncode}\nstderr:\n{result.stderr[-4000:]}"
    return summary(step_dir)


def psql(sql: str) -> list[list[str]]:
    url = PG["url"].removeprefix("jdbc:postgresql://")
    host_port, database = url.split("/", 1)
    host, port = host_port.split(":")
    argv = ["psql", "-h", host, "-p", port, "-U", PG["user"], "-d", database.split("?")[0], "-At", "-F", "|", "-c", sql]
    result = subprocess.run(argv, capture_output=True, text=True, check=True,  # noqa: S603
                            env={**os.environ, "PGPASSWORD": PG["password"]})
    return [line.split("|") for line in result.stdout.splitlines() if line]


# ---- the stack: devstack (child JVMs) and the lake-writer image ------------------------------------

@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    jar = require_prerequisites()
    if subprocess.run(["docker", "info"], capture_output=True, check=False).returncode != 0:  # noqa: S603, S607
        pytest.fail("STOCKPIPE_CONTAINER_E2E=1 but no Docker engine answers (docker/standins/engine.sh starts one)")
    for image in IMAGES.values():
        if subprocess.run(["docker", "image", "inspect", image], capture_output=True,  # noqa: S603, S607
                          check=False).returncode != 0:
            pytest.fail(f"STOCKPIPE_CONTAINER_E2E=1 but the image {image} is missing: run docker/build-images.sh")
    work = tmp_path_factory.mktemp("pods")
    work.chmod(0o777)
    env_file = work / "devstack.env"
    devstack = start(["java", "-jar", str(jar), "--data-dir", str(work / "devstack"), "--kafka-port", str(free_port()),
                      "--kafka-controller-port", str(free_port()), "--s3-port", str(free_port()),
                      "--env-file", str(env_file)], work / "devstack.log", dict(os.environ))
    writer_name = f"stockpipe-e2e-lake-writer-{os.getpid()}"
    try:
        wait_until(env_file.exists, "devstack to write its env file", devstack, work / "devstack.log")
        lake_env = dict(line.split("=", 1) for line in env_file.read_text().splitlines()
                        if "=" in line and not line.startswith("#"))
        port = free_port()
        env = {**lake_env, "QUARKUS_HTTP_PORT": str(port), "LAKE_ROTATION_MAX_AGE": "2s"}
        # /tmp like a pod's emptyDir: writable and exec (Kafka's zstd/lz4 natives are unpacked there)
        run = ["docker", "run", "-d", "--name", writer_name, "--network", "host", "--read-only", "--tmpfs", "/tmp:exec",
               "--memory", "1g", *[x for k, v in env.items() for x in ("-e", f"{k}={v}")], IMAGES["lake-writer"]]
        subprocess.run(run, check=True, capture_output=True)  # noqa: S603
        deadline = time.monotonic() + 180
        while not http_up(f"http://127.0.0.1:{port}/q/health/ready"):
            if time.monotonic() > deadline:
                logs = subprocess.run(["docker", "logs", writer_name], capture_output=True, text=True,  # noqa: S603, S607
                                      check=False)
                output = (logs.stdout + logs.stderr)[-3000:]
                pytest.fail(f"the lake-writer container was not ready within 180 s:\n{output}")
            time.sleep(1)
        yield {"work": work, "lake_env": lake_env}
    finally:
        subprocess.run(["docker", "rm", "-f", writer_name], capture_output=True, check=False)  # noqa: S603, S607
        stop(devstack)


def test_the_five_steps_run_as_their_pods_in_dag_order(stack, airflow_db, monkeypatch):
    from check_minio_file import LakeManifestSensor
    from stock_market_batch_dag import build_dag
    from stockpipe.completion import LOADED, completion_report, report_line
    from stockpipe.exchange_calendar import closure
    from stockpipe.run_ids import pipeline_run_id
    from stockpipe.settings import Settings

    work: Path = stack["work"]
    objects = with_test_values(rendered_objects(), stack["lake_env"])
    templates = work / "pod-templates"
    templates.mkdir()
    for name, text in objects[("ConfigMap", "stockpipe-job-templates")].items():
        (templates / name).write_text(text, encoding="utf-8")
    settings = Settings.resolve(env={
        "STOCKPIPE_RUNNER": "kubernetes",
        "STOCKPIPE_K8S_POD_TEMPLATE_FILE": str(templates / "batch-pod.yaml"),
        "STOCKPIPE_K8S_SPARK_APPLICATION_FILE": str(templates / "daily-metrics-sparkapplication.yaml"),
        "STOCKPIPE_WAREHOUSE": "postgresql",
        "STOCKPIPE_INGEST_SYMBOLS": SYMBOLS,
        "STOCKPIPE_IMAGE_INGEST": IMAGES["ingest"],
        "STOCKPIPE_IMAGE_SPARK": IMAGES["spark"],
        "STOCKPIPE_IMAGE_LOADER": IMAGES["loader"],
    })
    dag = build_dag(settings)
    run_id = pipeline_run_id(AIRFLOW_RUN_ID)
    context = {"ds": DATE, "run_id": AIRFLOW_RUN_ID}

    # 1. check_market_open: a trading day
    assert closure(date.fromisoformat(DATE)) is None

    # 2. fetch_historical: the ingest image in job mode, as the pod template + DAG build it
    fetch = run_kpo_step(dag, "fetch_historical", context, objects, work)
    assert (fetch["status"], fetch["run_id"], fetch["bars_sent"]) == ("success", run_id, 3)

    # 3. wait_for_lake: the real sensor against the lake the lake-writer container fills
    for key, value in stack["lake_env"].items():
        monkeypatch.setenv(key, value)
    sensor = dag.get_task("wait_for_lake")
    assert isinstance(sensor, LakeManifestSensor)
    sensor.render_template_fields(context, jinja_env=dag.get_template_env())

    class TaskInstance:
        @staticmethod
        def xcom_pull(task_ids):
            assert task_ids == "fetch_historical"
            return fetch

    deadline = time.monotonic() + 120
    landed = sensor.poke({"ti": TaskInstance()})
    while landed is False:
        assert time.monotonic() < deadline, "the run manifest did not appear within 120 s"
        time.sleep(2)
        landed = sensor.poke({"ti": TaskInstance()})
    lake = landed.xcom_value
    assert (lake["records_sent"], lake["records_landed"]) == (3, 3)

    # 4. spark_daily_metrics: the SparkApplication's driver, spark-submit in the spark image
    spark = run_spark_application(dag, context, objects, work)
    assert (spark["status"], spark["run_id"], spark["rows_written"], spark["invalid_rows"]) == ("success", run_id, 3, 0)

    # 5. load_to_warehouse: the loader image into PostgreSQL
    load = run_kpo_step(dag, "load_to_warehouse", context, objects, work)
    assert load["status"] == "success"
    assert load["inserted"] + load["updated"] + load["unchanged"] == 3

    # log_completion
    report = completion_report(run_id, DATE, {"fetch_historical": fetch, "wait_for_lake": lake,
                                              "spark_daily_metrics": spark, "load_to_warehouse": load})
    assert report["outcome"] == LOADED, report_line(report)
    rows = psql(ROWS_OF_THE_DATE)
    assert rows == [[s, DATE, "1"] for s in SYMBOLS.split(",")]
