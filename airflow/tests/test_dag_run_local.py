"""A whole DAG run in-process (``dag.test()``) with the local runner, fake jobs and a real S3 server.

The fake ingest job writes the run manifest the way the lake-writer would, so this checks the
DAG's wiring end to end: templated date and run id reach every job, XComs flow from ingest to
the sensor to ``log_completion``, and a missing manifest fails ``wait_for_lake`` clearly. The
same run against the real jobs is tests/test_e2e.py.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pytest
from airflow.sdk import DagRunState, TaskInstanceState

from conftest import FAKE_HOME
from stock_market_batch_dag import build_dag
from stockpipe.settings import Settings

LOGICAL_DATE = datetime(2024, 1, 5, 21, 30, tzinfo=timezone.utc)
FAST = {
    "STOCKPIPE_RUNNER": "local",
    "STOCKPIPE_HOME": str(FAKE_HOME),
    "STOCKPIPE_RETRIES": "0",
    "STOCKPIPE_LAKE_SENSOR_MODE": "poke",
    "STOCKPIPE_LAKE_POKE_INTERVAL_SECONDS": "1",
    "STOCKPIPE_LAKE_TIMEOUT_SECONDS": "3",
}


@pytest.fixture
def job_env(monkeypatch, lake):
    monkeypatch.setenv("STOCKPIPE_FAKE_PYTHON", sys.executable)
    monkeypatch.setenv("S3_ENDPOINT", lake.endpoint)
    monkeypatch.setenv("S3_ACCESS_KEY_ID", lake.access_key_id)
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", lake.secret_access_key)
    monkeypatch.setenv("S3_PATH_STYLE", "true")
    monkeypatch.setenv("LAKE_BUCKET", lake.bucket)
    return lake


def states(dag_run) -> dict[str, str]:
    return {ti.task_id: ti.state for ti in dag_run.get_task_instances()}


def xcom(dag_run, task_id):
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    with create_session() as session:
        row = session.query(XComModel).filter_by(dag_id=dag_run.dag_id, run_id=dag_run.run_id, task_id=task_id,
                                                 key="return_value").one()
        return XComModel.deserialize_value(row)


def test_all_five_tasks_succeed_and_log_completion_reports_every_step(airflow_db, job_env, monkeypatch):
    monkeypatch.setenv("STOCKPIPE_FAKE_WRITE_MANIFEST", "1")
    dag = build_dag(Settings.resolve(env=FAST))
    dag_run = dag.test(logical_date=LOGICAL_DATE)
    assert states(dag_run) == dict.fromkeys(
        ["check_market_open", "fetch_historical", "wait_for_lake", "spark_daily_metrics", "load_to_warehouse",
         "log_completion"],
        TaskInstanceState.SUCCESS,
    )
    assert dag_run.state == DagRunState.SUCCESS
    report = xcom(dag_run, "log_completion")
    run_id = report["run_id"]
    assert run_id == dag_run.run_id.replace(":", "_").replace("+", "_")
    assert (report["date"], report["bars_sent"], report["records_landed"]) == ("2024-01-05", 42, 42)
    assert (report["metric_rows_written"], report["rows_merged"]) == (3, 3)
    for step in ("fetch_historical", "spark_daily_metrics", "load_to_warehouse"):
        argv = report["steps"][step]["argv"]
        assert argv[argv.index("--date") + 1] == "2024-01-05"
        assert argv[argv.index("--run-id") + 1] == run_id


def test_without_the_manifest_wait_for_lake_fails_after_its_timeout(airflow_db, job_env, capfd):
    dag = build_dag(Settings.resolve(env=FAST))
    dag_run = dag.test(logical_date=LOGICAL_DATE)
    output = "".join(capfd.readouterr())
    run_id = dag_run.run_id.replace(":", "_").replace("+", "_")
    assert f"Timed out after 3s waiting for the lake to complete run {run_id}" in output
    assert "No manifest yet at s3://" in output
    result = states(dag_run)
    assert result["check_market_open"] == TaskInstanceState.SUCCESS
    assert result["fetch_historical"] == TaskInstanceState.SUCCESS
    assert result["wait_for_lake"] == TaskInstanceState.FAILED
    assert result["spark_daily_metrics"] == TaskInstanceState.UPSTREAM_FAILED
    assert result["load_to_warehouse"] == TaskInstanceState.UPSTREAM_FAILED
    # none_failed: a failure upstream is not "no data"; log_completion does not run.
    assert result["log_completion"] == TaskInstanceState.UPSTREAM_FAILED
    assert dag_run.state == DagRunState.FAILED


def test_zero_bars_skips_the_downstream_steps_and_log_completion_says_no_data(airflow_db, job_env, monkeypatch,
                                                                                tmp_path, capfd, caplog):
    # A trading day the source has no bars for: ingest sends 0 bars. No manifest is written either,
    # so a sensor that waited would fail after its 3 s timeout instead of skipping.
    calls = tmp_path / "calls.txt"
    monkeypatch.setenv("STOCKPIPE_FAKE_BARS", "0")
    monkeypatch.setenv("STOCKPIPE_FAKE_CALLS", str(calls))
    dag = build_dag(Settings.resolve(env=FAST))
    dag_run = dag.test(logical_date=LOGICAL_DATE)
    assert states(dag_run) == {
        "check_market_open": TaskInstanceState.SUCCESS,
        "fetch_historical": TaskInstanceState.SUCCESS,
        "wait_for_lake": TaskInstanceState.SKIPPED,
        "spark_daily_metrics": TaskInstanceState.SKIPPED,
        "load_to_warehouse": TaskInstanceState.SKIPPED,
        "log_completion": TaskInstanceState.SUCCESS,
    }
    assert dag_run.state == DagRunState.SUCCESS
    assert calls.read_text().split() == ["ingest"], "the Spark job and the loader must not be launched"
    report = xcom(dag_run, "log_completion")
    assert (report["outcome"], report["bars_sent"]) == ("no_data", 0)
    assert report["steps_without_summary"] == ["wait_for_lake", "spark_daily_metrics", "load_to_warehouse"]
    output = "".join(capfd.readouterr()) + caplog.text
    assert "fetch_historical sent 0 bars for run" in output
    assert "no bars for this date (market closed, or the source had no data)" in output
    assert "Timed out" not in output


def test_a_market_holiday_skips_every_step_with_the_holiday_named(airflow_db, job_env, monkeypatch, tmp_path,
                                                                 capfd, caplog):
    calls = tmp_path / "calls.txt"
    monkeypatch.setenv("STOCKPIPE_FAKE_CALLS", str(calls))
    dag = build_dag(Settings.resolve(env=FAST))
    dag_run = dag.test(logical_date=datetime(2026, 11, 26, 21, 30, tzinfo=timezone.utc))  # Thanksgiving
    assert states(dag_run) == {
        "check_market_open": TaskInstanceState.SKIPPED,
        "fetch_historical": TaskInstanceState.SKIPPED,
        "wait_for_lake": TaskInstanceState.SKIPPED,
        "spark_daily_metrics": TaskInstanceState.SKIPPED,
        "load_to_warehouse": TaskInstanceState.SKIPPED,
        "log_completion": TaskInstanceState.SUCCESS,
    }
    assert dag_run.state == DagRunState.SUCCESS
    assert not calls.exists(), "no job may be launched on a holiday"
    report = xcom(dag_run, "log_completion")
    assert (report["outcome"], report["market_closed"]) == ("market_closed", "Thanksgiving Day")
    output = "".join(capfd.readouterr()) + caplog.text
    assert "market closed: Thanksgiving Day" in output
