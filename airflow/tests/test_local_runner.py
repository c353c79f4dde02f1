"""The local runner: launches a step's argv as a process and returns its JSON summary.

Uses a fake job (tests/fixtures/fake_home) that follows the job contract; it tests the runner,
not the pipeline's jobs.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException

from conftest import FAKE_HOME
from stockpipe.runners import LocalJobOperator, job_environment, parse_summary

RUN_ID = "manual__2024-01-05T21_30_00_00_00"


@pytest.fixture(autouse=True)
def fake_job_env(monkeypatch):
    monkeypatch.setenv("STOCKPIPE_FAKE_PYTHON", sys.executable)
    monkeypatch.setenv("S3_ENDPOINT", "http://127.0.0.1:1")
    monkeypatch.setenv("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "postgresql://airflow:secret@db/airflow")
    monkeypatch.setenv("SOME_UNRELATED_TOKEN", "secret")


def operator(launcher="bin/ingest", home=FAKE_HOME, arguments=None):
    return LocalJobOperator(
        task_id="fetch_historical",
        home=str(home),
        launcher=launcher,
        arguments=arguments or ["historical", "--date", "2024-01-05", "--run-id", RUN_ID],
    )


def test_returns_the_summary_and_passes_the_argv_and_runtime_env():
    summary = operator().execute({})
    assert summary["status"] == "success"
    assert summary["bars_sent"] == 42
    assert summary["run_id"] == RUN_ID
    assert summary["argv"][:5] == ["historical", "--date", "2024-01-05", "--run-id", RUN_ID]
    assert summary["argv"][5] == "--xcom-file"
    assert summary["stockpipe_home"] == str(FAKE_HOME)
    assert summary["cwd"] == str(FAKE_HOME)
    assert summary["s3_endpoint"] == "http://127.0.0.1:1"
    assert "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" not in summary["env"]
    assert "SOME_UNRELATED_TOKEN" not in summary["env"]


def test_summary_from_the_last_stdout_line_when_no_xcom_file_was_written(tmp_path):
    # A job that ignores --xcom-file: the runner falls back to the last stdout line.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "loader"
    script.write_text('#!/usr/bin/env bash\necho "loading"\necho \'{"status": "success", "inserted": 5}\'\n')
    script.chmod(0o755)
    summary = operator("bin/loader", home=tmp_path, arguments=["load"]).execute({})
    assert summary == {"status": "success", "inserted": 5}


def test_non_zero_exit_fails_with_the_jobs_error(monkeypatch):
    monkeypatch.setenv("STOCKPIPE_FAKE_MODE", "fail")
    with pytest.raises(AirflowException, match="exited with code 1.*Cause: the fake job was told to fail"):
        operator().execute({})


def test_exit_zero_without_a_summary_fails(monkeypatch):
    monkeypatch.setenv("STOCKPIPE_FAKE_MODE", "no-summary")
    with pytest.raises(AirflowException, match="printed no JSON summary as its last stdout line"):
        operator().execute({})


def test_missing_launcher_fails_without_retry(tmp_path):
    with pytest.raises(AirflowFailException, match="launcher .*bin/ingest is missing or not executable"):
        operator(home=tmp_path).execute({})


def test_on_kill_stops_the_whole_process_group(monkeypatch, tmp_path):
    pidfile = tmp_path / "job.pid"
    monkeypatch.setenv("STOCKPIPE_FAKE_MODE", "hang")
    monkeypatch.setenv("STOCKPIPE_FAKE_PIDFILE", str(pidfile))
    op = operator()
    errors: list[BaseException] = []

    def run():
        try:
            op.execute({})
        except BaseException as e:  # noqa: BLE001 - handed to the test thread
            errors.append(e)

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    wait_until(pidfile.exists, "the fake job to start")
    job_pid = int(pidfile.read_text())
    op.on_kill()
    runner.join(timeout=30)
    assert not runner.is_alive()
    assert errors and "exited with code -15" in str(errors[0])
    wait_until(lambda: not Path(f"/proc/{job_pid}").exists() or _zombie(job_pid), "the job process to end")


def test_environment_filter():
    env = job_environment(
        {"PATH": "/bin", "KAFKA_BOOTSTRAP_SERVERS": "k:9092", "LAKE_BUCKET": "b", "DUCKDB_FILE": "/d.duckdb",
         "LOADER_WAREHOUSE": "duckdb", "SNOWFLAKE_PASSWORD": "p", "AIRFLOW__CORE__FERNET_KEY": "f",
         "AWS_SECRET_ACCESS_KEY": "x", "MY_EXTRA": "1", "STOCKPIPE_PASSTHROUGH_ENV": "MY_EXTRA"},
        Path("/repo"),
    )
    assert env["STOCKPIPE_HOME"] == "/repo"
    for kept in ("PATH", "KAFKA_BOOTSTRAP_SERVERS", "LAKE_BUCKET", "DUCKDB_FILE", "LOADER_WAREHOUSE",
                 "SNOWFLAKE_PASSWORD", "MY_EXTRA"):
        assert kept in env
    assert "AIRFLOW__CORE__FERNET_KEY" not in env
    assert "AWS_SECRET_ACCESS_KEY" not in env


def test_parse_summary():
    assert parse_summary('log\n{"a": 1}\n\n') == {"a": 1}
    assert parse_summary('{"a": 1}\nlast words') is None
    assert parse_summary("[1]") is None
    assert parse_summary("") is None


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def wait_until(condition, what: str, seconds: float = 30) -> None:
    """Poll until ``condition()`` holds; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)
