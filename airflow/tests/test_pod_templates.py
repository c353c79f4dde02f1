"""The chart values in k8s/airflow/ give the DAG's steps their templates (the ConfigMap
stockpipe-job-templates, as each overlay renders it), so the prod loader pod gets the Snowflake key
Secret mounted and the Spark step its SparkApplication. Rendered like test_pod_specs.py: the values'
environment → Settings → DAG → ``build_pod_request_obj(dry_run=True)`` / the SparkApplication body,
no cluster.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

import pytest
import yaml

from conftest import REPO
from stock_market_batch_dag import build_dag
from stockpipe.settings import Settings

K8S = REPO / "k8s"
DATE = "2024-01-05"
AIRFLOW_RUN_ID = "scheduled__2024-01-05T21:30:00+00:00"
KEY_DIR = "/var/run/secrets/stockpipe/snowflake"


def chart_env(*values_files: str) -> dict[str, str]:
    """The Airflow containers' env as Helm computes it: a later values file replaces the whole list."""
    env: list[dict] = []
    for name in values_files:
        values = yaml.safe_load((K8S / "airflow" / name).read_text())
        if "env" in values:
            env = values["env"]
    return {e["name"]: e["value"] for e in env}


def templates_mount() -> str:
    """Where the values mount the ConfigMap stockpipe-job-templates into Airflow."""
    values = yaml.safe_load((K8S / "airflow" / "values.yaml").read_text())
    (volume,) = [v for v in values["volumes"] if v.get("configMap", {}).get("name") == "stockpipe-job-templates"]
    (mount,) = [m for m in values["volumeMounts"] if m["name"] == volume["name"]]
    return mount["mountPath"]


OVERLAY = {("values.yaml",): "dev", ("values.yaml", "values-prod.yaml"): "prod"}


def rendered_templates(overlay: str, into: Path) -> Path:
    """The ConfigMap stockpipe-job-templates of ``kubectl kustomize k8s/overlays/<overlay>``, as files."""
    out = subprocess.run(["kubectl", "kustomize", str(K8S / "overlays" / overlay)],  # noqa: S603, S607
                         capture_output=True, text=True, check=True).stdout
    (config_map,) = [d for d in yaml.safe_load_all(out)
                     if d and d["kind"] == "ConfigMap" and d["metadata"]["name"] == "stockpipe-job-templates"]
    into.mkdir(parents=True, exist_ok=True)
    for name, text in config_map["data"].items():
        (into / name).write_text(text, encoding="utf-8")
    return into


def dag_for(*values_files: str, tmp: Path):
    """The DAG as the chart's env configures it, with the mounted ConfigMap's files where Airflow reads them."""
    env = chart_env(*values_files)
    mount = templates_mount()
    files = rendered_templates(OVERLAY[values_files], tmp / OVERLAY[values_files])
    env = {name: str(files / PurePosixPath(value).relative_to(mount)) if value.startswith(mount + "/") else value
           for name, value in env.items()}
    return build_dag(Settings.resolve(env=env))


def pod(dag, task_id):
    task = dag.get_task(task_id)
    task.render_template_fields({"ds": DATE, "run_id": AIRFLOW_RUN_ID}, jinja_env=dag.get_template_env())
    return task.build_pod_request_obj(dry_run=True)


def base(pod_obj):
    (container,) = [c for c in pod_obj.spec.containers if c.name == "base"]
    return container


def prod_key_file() -> str:
    kustomization = yaml.safe_load((K8S / "overlays" / "prod" / "kustomization.yaml").read_text())
    (generator,) = [g for g in kustomization["configMapGenerator"] if g["name"] == "stockpipe-warehouse"]
    literals = dict(item.split("=", 1) for item in generator["literals"])
    return literals["SNOWFLAKE_PRIVATE_KEY_FILE"]


def test_every_job_step_has_its_template_in_both_environments(tmp_path):
    cases = ((("values.yaml",), "batch-pod.yaml"), (("values.yaml", "values-prod.yaml"), "ingest-job-pod.yaml"))
    for files, ingest in cases:
        dag = dag_for(*files, tmp=tmp_path)
        assert dag.get_task("fetch_historical").pod_template_file.endswith(f"/{ingest}"), files
        assert dag.get_task("load_to_warehouse").pod_template_file.endswith("/batch-pod.yaml"), files
        spark = dag.get_task("spark_daily_metrics")
        assert spark.template_file.endswith("/daily-metrics-sparkapplication.yaml"), files
        assert Path(spark.template_file).is_file()


def prod_tag() -> str:
    env = chart_env("values.yaml", "values-prod.yaml")
    return env["STOCKPIPE_IMAGE_LOADER"].rsplit(":", 1)[1]


def test_prod_loader_pod_mounts_the_snowflake_key_where_the_loader_reads_it(tmp_path):
    loader = pod(dag_for("values.yaml", "values-prod.yaml", tmp=tmp_path), "load_to_warehouse")
    container = base(loader)
    volumes = {v.name: v for v in loader.spec.volumes}
    assert volumes["snowflake-key"].secret.secret_name == "stockpipe-snowflake-key"  # noqa: S105 - a Secret's name
    (mount,) = [m for m in container.volume_mounts if m.name == "snowflake-key"]
    assert (mount.mount_path, mount.read_only) == (KEY_DIR, True)
    assert prod_key_file() == f"{mount.mount_path}/rsa_key.p8"
    # The DAG's own values win over the template's: image, args, resources.
    assert container.image == f"registry.example.com/stockpipe/warehouse-loader:{prod_tag()}"
    assert container.args[:8] == ["load", "--date", DATE, "--run-id", "scheduled__2024-01-05T21_30_00_00_00",
                                  "--warehouse", "snowflake", "--xcom-file"]
    assert container.resources.limits == {"memory": "1536Mi"}
    config_maps = {s.config_map_ref.name for s in container.env_from if s.config_map_ref}
    assert {"stockpipe-runtime", "stockpipe-warehouse"} <= config_maps
    # The template's hardening survives the merge, and the XCom sidecar still reads the summary.
    assert loader.spec.security_context.run_as_non_root is True
    assert container.security_context.read_only_root_filesystem is True
    assert any(m.mount_path == "/tmp" for m in container.volume_mounts)
    assert any(m.mount_path == "/airflow/xcom" for m in container.volume_mounts)
    assert "airflow-xcom-sidecar" in [c.name for c in loader.spec.containers]
    assert loader.spec.service_account_name == "stockpipe-jobs"


@pytest.mark.parametrize("files", [("values.yaml",), ("values.yaml", "values-prod.yaml")])
def test_the_spark_application_gets_the_values_image_and_the_template_sizing(files, tmp_path):
    task = dag_for(*files, tmp=tmp_path).get_task("spark_daily_metrics")
    task.render_template_fields({"ds": DATE, "run_id": AIRFLOW_RUN_ID}, jinja_env=task.dag.get_template_env())
    spec = task.template_body["spark"]["spec"]
    assert spec["image"] == chart_env(*files)["STOCKPIPE_IMAGE_SPARK"]
    assert spec["arguments"][0] == "daily-metrics"
    assert "snowflake-key" not in {v["name"] for v in spec.get("volumes", [])}
    assert spec["driver"]["serviceAccount"] == "spark-driver"
