"""The DAG as Airflow's own parser sees it: loads, task ids and order, retries, timeouts, schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from airflow.dag_processing.dagbag import BundleDagBag
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

from conftest import DAGS, FAKE_HOME

EXPECTED_ORDER = [
    "check_market_open", "fetch_historical", "wait_for_lake", "spark_daily_metrics", "load_to_warehouse",
    "log_completion",
]


@pytest.fixture(scope="module")
def dagbag(airflow_db):
    return BundleDagBag(dag_folder=str(DAGS), bundle_path=DAGS, bundle_name="dags-folder")


def test_dagbag_loads_the_dag_without_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert list(dagbag.dags) == ["stock_market_batch_dag"]


def test_tasks_run_in_the_specified_order(dagbag):
    dag = dagbag.dags["stock_market_batch_dag"]
    assert sorted(dag.task_ids) == sorted(EXPECTED_ORDER)
    for upstream, downstream in zip(EXPECTED_ORDER, EXPECTED_ORDER[1:], strict=False):
        assert dag.get_task(upstream).downstream_task_ids == {downstream}
    assert dag.get_task("check_market_open").upstream_task_ids == set()
    assert dag.get_task("log_completion").downstream_task_ids == set()


def test_default_runner_is_kubernetes_pods(dagbag):
    dag = dagbag.dags["stock_market_batch_dag"]
    for task_id in ("fetch_historical", "spark_daily_metrics", "load_to_warehouse"):
        assert isinstance(dag.get_task(task_id), KubernetesPodOperator), task_id


def test_retries_backoff_and_timeouts(dagbag):
    dag = dagbag.dags["stock_market_batch_dag"]
    for task_id in ("fetch_historical", "wait_for_lake", "spark_daily_metrics", "load_to_warehouse"):
        task = dag.get_task(task_id)
        assert task.retries == 2, task_id
        assert task.retry_delay == timedelta(minutes=2), task_id
        assert task.retry_exponential_backoff == 2.0, task_id
        assert task.max_retry_delay == timedelta(minutes=30), task_id
    assert dag.get_task("log_completion").retries == 0
    assert dag.get_task("fetch_historical").execution_timeout == timedelta(minutes=30)
    assert dag.get_task("spark_daily_metrics").execution_timeout == timedelta(hours=1)
    assert dag.get_task("load_to_warehouse").execution_timeout == timedelta(minutes=30)
    sensor = dag.get_task("wait_for_lake")
    assert sensor.mode == "reschedule"
    assert sensor.timeout == 1800
    assert sensor.poke_interval == 30
    assert dag.dagrun_timeout == timedelta(hours=4)
    assert dag.max_active_runs == 1


def test_schedule_is_weekdays_after_the_new_york_close_without_catchup(dagbag):
    dag = dagbag.dags["stock_market_batch_dag"]
    assert dag.timetable.expression == "30 16 * * 1-5"
    assert str(dag.timetable.timezone) == "America/New_York"
    assert dag.catchup is False


def test_local_runner_is_selected_by_environment(monkeypatch, airflow_db):
    monkeypatch.setenv("STOCKPIPE_RUNNER", "local")
    monkeypatch.setenv("STOCKPIPE_HOME", str(FAKE_HOME))
    monkeypatch.setenv("STOCKPIPE_CATCHUP", "true")
    bag = BundleDagBag(dag_folder=str(DAGS), bundle_path=DAGS, bundle_name="dags-folder")
    assert bag.import_errors == {}
    dag = bag.dags["stock_market_batch_dag"]
    assert type(dag.get_task("fetch_historical")).__name__ == "LocalJobOperator"
    assert dag.catchup is True
    assert "runner:local" in dag.tags


def test_a_bad_setting_is_an_import_error_naming_the_setting(monkeypatch, airflow_db):
    monkeypatch.setenv("STOCKPIPE_WAREHOUSE", "oracle")
    bag = BundleDagBag(dag_folder=str(DAGS), bundle_path=DAGS, bundle_name="dags-folder")
    (error,) = bag.import_errors.values()
    assert "warehouse='oracle' is not supported; use one of duckdb, postgresql, snowflake" in error


def test_trigger_rules_short_circuit_a_day_without_bars(dagbag):
    """wait_for_lake skips on 0 bars; the job steps after it skip with it (all_success); only
    log_completion runs after skips (none_failed) — as the scheduler sees the DAG, i.e. serialized."""
    from airflow.sdk import TriggerRule
    from airflow.serialization.serialized_objects import DagSerialization

    dag = dagbag.dags["stock_market_batch_dag"]
    serialized = DagSerialization.from_dict(DagSerialization.to_dict(dag))
    for candidate in (dag, serialized):
        rules = {task_id: TriggerRule(candidate.get_task(task_id).trigger_rule).value for task_id in EXPECTED_ORDER}
        assert rules == {
            "check_market_open": "all_success",
            "fetch_historical": "all_success",
            "wait_for_lake": "all_success",
            "spark_daily_metrics": "all_success",
            "load_to_warehouse": "all_success",
            "log_completion": "none_failed",
        }
        assert candidate.get_task("log_completion").upstream_task_ids == {"load_to_warehouse"}
