"""End to end against the real jobs: devstack (real Kafka + S3), lake-writer, and the DAG's local
runner launching bin/ingest, bin/spark-job and bin/loader into DuckDB, via ``dag.test()``.

Opt-in: runs only with ``STOCKPIPE_E2E=1`` (scripts/run-tests.sh says so on every run). With the
variable set, a missing prerequisite FAILS the test with the command to build it — it never skips.
Prerequisites: ``./mvnw -q install -DskipTests`` (devstack jar, job artifacts), the launchers
bin/ingest, bin/lake-writer, bin/spark-job, bin/loader, and ``java`` on PATH.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest
from airflow.sdk import DagRunState, TaskInstanceState

from conftest import REPO, free_port
from stock_market_batch_dag import build_dag
from stockpipe.settings import Settings

pytestmark = pytest.mark.skipif(
    os.environ.get("STOCKPIPE_E2E") != "1",
    reason="end-to-end test against the real jobs is opt-in: set STOCKPIPE_E2E=1",
)

LAUNCHERS = ("bin/ingest", "bin/lake-writer", "bin/spark-job", "bin/loader")
SYMBOLS = "AAPL,MSFT,NVDA"
DATE = datetime(2024, 1, 5, 21, 30, tzinfo=timezone.utc)
QUIET_DATE = datetime(2024, 1, 8, 21, 30, tzinfo=timezone.utc)
#: An NYSE holiday: check_market_open skips the whole run.
HOLIDAY = datetime(2024, 1, 15, 21, 30, tzinfo=timezone.utc)  # Martin Luther King Jr. Day
ALL_TASKS = ("check_market_open", "fetch_historical", "wait_for_lake", "spark_daily_metrics", "load_to_warehouse",
             "log_completion")
METRIC_COLUMNS = ("symbol, trade_date, daily_open, daily_high, daily_low, daily_close, daily_volume, pct_change, "
                  "bar_count")


def require_prerequisites() -> Path:
    missing = [name for name in LAUNCHERS if not os.access(REPO / name, os.X_OK)]
    if missing:
        pytest.fail(f"STOCKPIPE_E2E=1 but {', '.join(missing)} missing under {REPO}; build the modules "
                    "(./mvnw -q install -DskipTests) and make sure their launchers exist")
    if shutil.which("java") is None:
        pytest.fail("STOCKPIPE_E2E=1 but java is not on PATH")
    jars = sorted(p for p in (REPO / "devstack" / "devstack" / "target").glob("devstack-*.jar")
                  if not p.name.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar")))
    if not jars:
        pytest.fail("STOCKPIPE_E2E=1 but the devstack jar is missing; run ./mvnw -q -pl devstack/devstack -am "
                    "install -DskipTests")
    return jars[-1]


def wait_until(condition, what: str, process: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"{what}: the process exited with {process.returncode}; log {log}:\n{tail(log)}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds}s waiting for {what}; log {log}:\n{tail(log)}")
        time.sleep(0.5)


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"


def start(argv: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(argv, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,  # noqa: S603
                                stdin=subprocess.DEVNULL, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def http_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - a local URL
            return response.status == 200
    except urllib.error.HTTPError:
        return False
    except OSError:
        return False


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """devstack + lake-writer as child processes, and the environment the jobs need."""
    jar = require_prerequisites()
    work = tmp_path_factory.mktemp("e2e")
    env_file = work / "devstack.env"
    devstack = start(["java", "-jar", str(jar), "--data-dir", str(work / "devstack"), "--kafka-port",
                      str(free_port()), "--kafka-controller-port", str(free_port()), "--s3-port", str(free_port()),
                      "--env-file", str(env_file)], work / "devstack.log", dict(os.environ))
    lake_writer = None
    saved = dict(os.environ)
    try:
        wait_until(env_file.exists, "devstack to write its env file", devstack, work / "devstack.log")
        for line in env_file.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                os.environ[key.strip()] = value.strip()
        os.environ.update({
            "STOCKPIPE_DATA_DIR": str(work / "data"),
            "DUCKDB_FILE": str(work / "warehouse.duckdb"),
            "LOADER_WAREHOUSE": "duckdb",
            "SPARK_LOCAL_IP": "127.0.0.1",
        })
        http_port = free_port()
        lake_writer = start([str(REPO / "bin/lake-writer")], work / "lake-writer.log",
                            {**os.environ, "QUARKUS_HTTP_PORT": str(http_port)})
        wait_until(lambda: http_up(f"http://127.0.0.1:{http_port}/q/health/ready"), "the lake-writer to be ready",
                   lake_writer, work / "lake-writer.log")
        yield {"work": work, "lake_writer": lake_writer, "duckdb": work / "warehouse.duckdb"}
    finally:
        if lake_writer is not None:
            stop(lake_writer)
        stop(devstack)
        os.environ.clear()
        os.environ.update(saved)


def e2e_dag(lake_timeout_seconds: int):
    return build_dag(Settings.resolve(env={
        "STOCKPIPE_RUNNER": "local",
        "STOCKPIPE_HOME": str(REPO),
        "STOCKPIPE_RETRIES": "0",
        "STOCKPIPE_INGEST_SOURCE": "synthetic",
        "STOCKPIPE_INGEST_SYMBOLS": SYMBOLS,
        "STOCKPIPE_WAREHOUSE": "duckdb",
        "STOCKPIPE_LAKE_SENSOR_MODE": "poke",
        "STOCKPIPE_LAKE_POKE_INTERVAL_SECONDS": "2",
        "STOCKPIPE_LAKE_TIMEOUT_SECONDS": str(lake_timeout_seconds),
    }))


def warehouse_rows(duckdb_file: Path) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        (schema, table), = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE lower(table_name) = 'daily_stock_metrics'").fetchall()
        query = f'SELECT {METRIC_COLUMNS} FROM "{schema}"."{table}" ORDER BY symbol, trade_date'  # noqa: S608
        return con.execute(query).fetchall()


def states(dag_run) -> dict[str, str]:
    return {ti.task_id: ti.state for ti in dag_run.get_task_instances()}


def test_daily_batch_loads_the_warehouse_and_a_rerun_changes_nothing(airflow_db, stack):
    first = e2e_dag(lake_timeout_seconds=180).test(logical_date=DATE)
    assert states(first) == dict.fromkeys(ALL_TASKS, TaskInstanceState.SUCCESS), (
        f"task states {states(first)}; logs under {os.environ['AIRFLOW_HOME']}, services under {stack['work']}")
    rows = warehouse_rows(stack["duckdb"])
    assert sorted({row[0] for row in rows}) == sorted(SYMBOLS.split(","))
    assert {str(row[1]) for row in rows} == {"2024-01-05"}
    for row in rows:
        daily_open, daily_high, daily_low, daily_close = row[2:6]
        assert daily_low <= min(daily_open, daily_close) <= max(daily_open, daily_close) <= daily_high
        assert row[8] > 0

    second = e2e_dag(lake_timeout_seconds=180).test(logical_date=DATE)
    assert second.state == DagRunState.SUCCESS, f"rerun task states {states(second)}"
    assert warehouse_rows(stack["duckdb"]) == rows


def test_without_the_lake_writer_wait_for_lake_fails_after_its_timeout(airflow_db, stack, capfd):
    stop(stack["lake_writer"])
    dag_run = e2e_dag(lake_timeout_seconds=20).test(logical_date=QUIET_DATE)
    result = states(dag_run)
    assert result["fetch_historical"] == TaskInstanceState.SUCCESS
    assert result["wait_for_lake"] == TaskInstanceState.FAILED
    assert result["spark_daily_metrics"] == TaskInstanceState.UPSTREAM_FAILED
    output = "".join(capfd.readouterr())
    assert "Timed out after 20s waiting for the lake to complete run" in output
    assert "is the lake-writer running?" in output


def test_a_market_holiday_skips_every_step(airflow_db, stack, caplog):
    # Runs after the lake-writer was stopped: a sensor that waited for the lake would time out.
    rows_before = warehouse_rows(stack["duckdb"]) if stack["duckdb"].exists() else None
    dag_run = e2e_dag(lake_timeout_seconds=20).test(logical_date=HOLIDAY)
    assert states(dag_run) == {
        "check_market_open": TaskInstanceState.SKIPPED,
        "fetch_historical": TaskInstanceState.SKIPPED,
        "wait_for_lake": TaskInstanceState.SKIPPED,
        "spark_daily_metrics": TaskInstanceState.SKIPPED,
        "load_to_warehouse": TaskInstanceState.SKIPPED,
        "log_completion": TaskInstanceState.SUCCESS,
    }, f"task states {states(dag_run)}; logs under {os.environ['AIRFLOW_HOME']}"
    assert dag_run.state == DagRunState.SUCCESS
    assert "for 2024-01-15: market closed: Martin Luther King Jr. Day" in caplog.text
    if rows_before is None:
        assert not stack["duckdb"].exists(), "the loader must not run on a holiday"
    else:
        assert warehouse_rows(stack["duckdb"]) == rows_before
