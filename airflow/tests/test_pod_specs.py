"""Rendered pod specs (KPO dry-run build) and the SparkApplication of one logical date, without a cluster."""

from __future__ import annotations

import pytest

from conftest import REPO
from stock_market_batch_dag import build_dag
from stockpipe.settings import Settings

SPARK_TEMPLATE = str(REPO / "k8s" / "base" / "templates" / "daily-metrics-sparkapplication.yaml")
ENV = {"STOCKPIPE_K8S_SPARK_APPLICATION_FILE": SPARK_TEMPLATE}

DATE = "2024-01-05"
AIRFLOW_RUN_ID = "scheduled__2024-01-05T21:30:00+00:00"
RUN_ID = "scheduled__2024-01-05T21_30_00_00_00"

EXPECTED = {
    "fetch_historical": (
        "stockpipe/ingest:0.1.0",
        ["historical", "--date", DATE, "--run-id", RUN_ID, "--source", "synthetic"],
        {"requests": {"cpu": "250m", "memory": "768Mi"}, "limits": {"memory": "768Mi"}},
    ),
    "load_to_warehouse": (
        "stockpipe/warehouse-loader:0.1.0",
        ["load", "--date", DATE, "--run-id", RUN_ID, "--warehouse", "duckdb"],
        {"requests": {"cpu": "250m", "memory": "1536Mi"}, "limits": {"memory": "1536Mi"}},
    ),
}


def render(dag, task_id: str, date: str = DATE, run_id: str = AIRFLOW_RUN_ID):
    task = dag.get_task(task_id)
    task.render_template_fields({"ds": date, "run_id": run_id}, jinja_env=dag.get_template_env())
    return task


def job_container(pod):
    (container,) = [c for c in pod.spec.containers if c.name == "base"]
    return container


@pytest.fixture
def dag():
    return build_dag(Settings.resolve(env=ENV))


@pytest.mark.parametrize("task_id", sorted(EXPECTED))
def test_pod_spec_carries_image_arguments_env_and_resources(dag, task_id):
    image, args, resources = EXPECTED[task_id]
    pod = render(dag, task_id).build_pod_request_obj(dry_run=True)
    container = job_container(pod)
    assert container.image == image
    assert container.args == [*args, "--xcom-file", "/airflow/xcom/return.json"]
    env = {e.name: e.value for e in container.env}
    assert env == {"STOCKPIPE_RUN_ID": RUN_ID, "STOCKPIPE_STEP": task_id}
    assert [s.config_map_ref.name for s in container.env_from if s.config_map_ref] == [
        "stockpipe-runtime",
        "stockpipe-warehouse",
    ]
    assert [s.secret_ref.name for s in container.env_from if s.secret_ref] == [
        "stockpipe-lake-credentials",
        "stockpipe-warehouse-credentials",
    ]
    assert container.resources.requests == resources["requests"]
    assert container.resources.limits == resources["limits"]
    assert pod.metadata.namespace == "stockpipe"
    assert pod.spec.service_account_name == "stockpipe-jobs"
    assert pod.spec.restart_policy == "Never"
    assert pod.metadata.labels["app.kubernetes.io/part-of"] == "stockpipe"
    # do_xcom_push: the provider's sidecar reads /airflow/xcom/return.json from a shared volume.
    assert "airflow-xcom-sidecar" in [c.name for c in pod.spec.containers]
    assert any(m.mount_path == "/airflow/xcom" for m in container.volume_mounts)


def test_kpo_reads_the_summary_and_streams_logs(dag):
    for task_id in [*EXPECTED, "spark_daily_metrics"]:
        task = dag.get_task(task_id)
        assert task.do_xcom_push is True
        assert task.get_logs is True


def spark_application(dag, date: str = DATE, run_id: str = AIRFLOW_RUN_ID) -> dict:
    task = render(dag, "spark_daily_metrics", date, run_id)
    assert type(task).__name__ == "SparkApplicationOperator"
    return task.template_body["spark"]


def test_the_spark_step_is_a_spark_application_with_the_argv_and_the_xcom_sidecar(dag):
    app = spark_application(dag)
    assert app["kind"] == "SparkApplication"
    spec = app["spec"]
    assert spec["image"] == "stockpipe/spark-jobs:0.1.0"
    assert (spec["mainClass"], spec["mainApplicationFile"]) == ("dev.stockpipe.spark.SparkJobsMain",
                                                               "local:///opt/stockpipe/spark-jobs.jar")
    assert spec["arguments"] == ["daily-metrics", "--date", DATE, "--run-id", RUN_ID,
                                 "--xcom-file", "/airflow/xcom/return.json"]
    driver = spec["driver"]
    assert {"name": "xcom", "mountPath": "/airflow/xcom"} in driver["volumeMounts"]
    (sidecar,) = [s for s in driver["sidecars"] if s["name"] == "airflow-xcom-sidecar"]
    assert sidecar["volumeMounts"] == [{"name": "xcom", "mountPath": "/airflow/xcom"}]
    assert sidecar["securityContext"]["runAsNonRoot"] is True
    assert {"name": "xcom", "emptyDir": {}} in spec["volumes"]
    # sizing and identity stay the template's
    assert (driver["cores"], driver["memory"], driver["serviceAccount"]) == (1, "1g", "spark-driver")
    assert spec["executor"]["instances"] >= 1
    assert dag.get_task("spark_daily_metrics").namespace == "stockpipe"


def test_another_date_and_a_manual_run_render_their_own_values(dag):
    args = spark_application(dag, "2024-03-11", "manual__2024-03-11T12:00:00+00:00")["spec"]["arguments"]
    assert args[args.index("--date") + 1] == "2024-03-11"
    assert args[args.index("--run-id") + 1] == "manual__2024-03-11T12_00_00_00_00"


def test_a_missing_spark_application_template_fails_the_step_naming_the_setting(tmp_path):
    dag = build_dag(Settings.resolve(env={"STOCKPIPE_K8S_SPARK_APPLICATION_FILE": str(tmp_path / "none.yaml")}))
    from airflow.sdk.exceptions import AirflowFailException

    with pytest.raises(AirflowFailException, match="STOCKPIPE_K8S_SPARK_APPLICATION_FILE"):
        spark_application(dag)


def test_settings_change_images_namespace_and_env_sources():
    settings = Settings.resolve(env={
        "STOCKPIPE_IMAGE_INGEST": "registry.local/ingest:1.2.3",
        "STOCKPIPE_K8S_NAMESPACE": "prod-data",
        "STOCKPIPE_K8S_SERVICE_ACCOUNT": "runner",
        "STOCKPIPE_K8S_ENV_SECRETS": "lake-secret",
        "STOCKPIPE_INGEST_SOURCE": "yahoo",
        "STOCKPIPE_INGEST_SYMBOLS": "AAPL, MSFT",
        "STOCKPIPE_WAREHOUSE": "snowflake",
    })
    dag = build_dag(settings)
    assert spark_application(build_dag(Settings.resolve(env={**ENV, "STOCKPIPE_IMAGE_SPARK": "registry.local/spark:9"}))
                             )["spec"]["image"] == "registry.local/spark:9"
    pod = render(dag, "fetch_historical").build_pod_request_obj(dry_run=True)
    container = job_container(pod)
    assert container.image == "registry.local/ingest:1.2.3"
    assert container.args[:9] == ["historical", "--date", DATE, "--run-id", RUN_ID, "--source", "yahoo",
                                  "--symbols", "AAPL,MSFT"]
    assert pod.metadata.namespace == "prod-data"
    assert pod.spec.service_account_name == "runner"
    assert [s.secret_ref.name for s in container.env_from if s.secret_ref] == ["lake-secret"]
    load = job_container(render(dag, "load_to_warehouse").build_pod_request_obj(dry_run=True))
    assert load.args[load.args.index("--warehouse") + 1] == "snowflake"


def test_both_runners_launch_the_same_argv(tmp_path):
    kpo = build_dag(Settings.resolve(env=ENV))
    local = build_dag(Settings.resolve(env={"STOCKPIPE_RUNNER": "local", "STOCKPIPE_HOME": str(tmp_path)}))
    for task_id in [*EXPECTED, "spark_daily_metrics"]:
        task = render(kpo, task_id)
        kpo_args = task.spark_arguments if task_id == "spark_daily_metrics" else task.arguments
        local_task = render(local, task_id)
        assert type(local_task).__name__ == "LocalJobOperator"
        assert kpo_args == [*local_task.arguments, "--xcom-file", "/airflow/xcom/return.json"]
        assert local_task.launcher == {"fetch_historical": "bin/ingest", "spark_daily_metrics": "bin/spark-job",
                                       "load_to_warehouse": "bin/loader"}[task_id]
