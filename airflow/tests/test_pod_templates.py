"""The chart values in k8s/airflow/ give the DAG's pods their pod templates (k8s/base/templates/),
so the prod loader pod gets the Snowflake key Secret mounted. Rendered like test_pod_specs.py: the
values' environment → Settings → DAG → ``build_pod_request_obj(dry_run=True)``, no cluster.
"""

from __future__ import annotations

from pathlib import PurePosixPath

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


def repo_template(path: str) -> str:
    """The repository file behind a path in the mounted ConfigMap (generated from k8s/base/templates/)."""
    relative = PurePosixPath(path).relative_to(templates_mount())
    kustomization = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    (generator,) = [g for g in kustomization["configMapGenerator"] if g["name"] == "stockpipe-job-templates"]
    assert f"templates/{relative}" in generator["files"], f"{path} is not in the ConfigMap stockpipe-job-templates"
    return str(K8S / "base" / "templates" / relative)


def dag_for(*values_files: str):
    env = chart_env(*values_files)
    env = {name: repo_template(value) if name.startswith("STOCKPIPE_K8S_POD_TEMPLATE_FILE") else value
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


def test_every_job_step_has_a_pod_template_in_both_environments():
    for files in (("values.yaml",), ("values.yaml", "values-prod.yaml")):
        dag = dag_for(*files)
        for task_id, template in (("fetch_historical", "batch-pod.yaml"),
                                  ("spark_daily_metrics", "spark-daily-pod.yaml"),
                                  ("load_to_warehouse", "batch-pod.yaml")):
            assert dag.get_task(task_id).pod_template_file.endswith(f"/k8s/base/templates/{template}"), files


def test_prod_loader_pod_mounts_the_snowflake_key_where_the_loader_reads_it():
    loader = pod(dag_for("values.yaml", "values-prod.yaml"), "load_to_warehouse")
    container = base(loader)
    volumes = {v.name: v for v in loader.spec.volumes}
    assert volumes["snowflake-key"].secret.secret_name == "stockpipe-snowflake-key"  # noqa: S105 - a Secret's name
    (mount,) = [m for m in container.volume_mounts if m.name == "snowflake-key"]
    assert (mount.mount_path, mount.read_only) == (KEY_DIR, True)
    assert prod_key_file() == f"{mount.mount_path}/rsa_key.p8"
    # The DAG's own values win over the template's: image, args, resources.
    assert container.image == "registry.example.com/stockpipe/warehouse-loader:0.1.0"
    assert container.args[:8] == ["load", "--date", DATE, "--run-id", "scheduled__2024-01-05T21_30_00_00_00",
                                  "--warehouse", "snowflake", "--xcom-file"]
    assert container.resources.limits == {"cpu": "1", "memory": "1Gi"}
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
def test_spark_pod_uses_the_spark_template_without_the_key(files):
    spark = pod(dag_for(*files), "spark_daily_metrics")
    volumes = {v.name for v in spark.spec.volumes}
    assert "spark-local" in volumes
    assert "snowflake-key" not in volumes
    assert base(spark).args[0] == "daily-metrics"
