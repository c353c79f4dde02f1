"""``docker compose up`` of docker-compose.yml, for real (opt-in: ``STOCKPIPE_COMPOSE_E2E=1``).

The compose file under test is the one users run; only its variables differ. Each run gets its own
project name, free host ports, generated secrets and, where no registry answers, the stand-in
images of docker/standins (``build.sh --env``: ``KAFKA_IMAGE``, ``MINIO_IMAGE``, ``MC_IMAGE``,
``POSTGRES_IMAGE`` and the base ARGs of our images). In order:

1. ``docker compose build`` then ``up -d --wait``: every long-running service is healthy within
   ``HEALTHY_WITHIN_S`` and every one-shot init exited 0;
2. through Airflow's REST API on the api-server (JWT from ``/auth/token``): unpause
   ``stock_market_batch_dag``, trigger it for ``DATE``, wait for success, then count the rows the
   loader merged into the PostgreSQL warehouse for that date;
3. the simulator has been ticking since the start (compressed event time): the streaming job on the
   compose Spark cluster wrote 15-minute and 1-hour window Parquet under ``processed/realtime/``,
   listed with ``mc`` as the pipeline's own least-privilege MinIO user;
4. the stack's memory: the sum of ``mem_limit`` fits in 8 GiB; the peak of ``docker stats`` is reported;
5. ``docker compose down -v`` leaves no container, network or volume of the project.

``./pipeline test`` sets the variable; with it set, a missing engine or Compose v2 fails the test.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(os.environ.get("STOCKPIPE_COMPOSE_E2E") != "1",
                                reason="compose end-to-end test is opt-in: set STOCKPIPE_COMPOSE_E2E=1")

DAG_ID = "stock_market_batch_dag"
DATE = "2026-11-24"  # a Tuesday, an NYSE trading day
RUN_ID = f"compose-e2e-{DATE}"
HEALTHY_WITHIN_S = 300
DAG_RUN_WITHIN_S = 1200
WINDOWS_WITHIN_S = 600
STACK_MEMORY_LIMIT = 8 * 1024**3
LONG_RUNNING = {"kafka", "minio", "postgres", "spark-master", "spark-worker", "spark-streaming", "ingest",
                "lake-writer", "dashboard", "airflow-api-server", "airflow-scheduler", "airflow-dag-processor"}
ONE_SHOT = {"kafka-init", "minio-init", "airflow-init"}
PORT_VARIABLES = ("AIRFLOW_PORT", "INGEST_PORT", "LAKE_WRITER_PORT", "DASHBOARD_PORT", "SPARK_MASTER_UI_PORT", "SPARK_WORKER_UI_PORT",
                  "SPARK_STREAMING_UI_PORT", "MINIO_PORT", "MINIO_CONSOLE_PORT", "POSTGRES_PORT", "KAFKA_HOST_PORT")


def log(message: str) -> None:
    print(f"[compose-e2e {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_symbols() -> list[str]:
    """ingest's default symbol list (``ingest.symbols`` in its application.properties)."""
    text = (REPO / "ingest-quarkus/src/main/resources/application.properties").read_text()
    match = re.search(r"^ingest\.symbols=\$\{INGEST_SYMBOLS:([^}]*)\}", text, re.M)
    assert match, "ingest.symbols not found in ingest's application.properties"
    return match.group(1).split(",")


class Stack:
    """One compose project of docker-compose.yml with a generated env file."""

    def __init__(self, workdir: Path) -> None:
        self.project = f"stockpipe-e2e-{os.getpid()}"
        self.env_file = workdir / "compose.env"
        standins = subprocess.run(["bash", str(REPO / "docker/standins/build.sh"), "--env"],  # noqa: S603, S607
                                  capture_output=True, text=True, check=True).stdout
        values = dict(line.split("=", 1) for line in standins.splitlines() if "=" in line)
        # the images of a host build when there is one (./pipeline test has just built it)
        host_build = (REPO / "lake-writer-quarkus/target/quarkus-app/quarkus-run.jar").is_file()
        values.update({
            "STOCKPIPE_ARTIFACTS": os.environ.get("STOCKPIPE_ARTIFACTS", "host" if host_build else "build"),
            "MINIO_ROOT_USER": "e2e-root",
            "MINIO_ROOT_PASSWORD": secrets.token_hex(12),
            "S3_ACCESS_KEY_ID": "e2e-app",
            "S3_SECRET_ACCESS_KEY": secrets.token_hex(12),
            "POSTGRES_PASSWORD": secrets.token_hex(12),
            "AIRFLOW_DB_PASSWORD": secrets.token_hex(12),
            "WAREHOUSE_DB_PASSWORD": secrets.token_hex(12),
            "AIRFLOW_ADMIN_PASSWORD": secrets.token_hex(12),
            "AIRFLOW_JWT_SECRET": secrets.token_hex(32),
            # compressed event time: a 15-minute window closes every 7.5 s, an hour every 30 s
            "INGEST_SIMULATOR_TIME_SCALE": "120",
            "INGEST_SIMULATOR_RATE": "50",
            "STREAMING_TRIGGER_INTERVAL": "10s",
        })
        for name in PORT_VARIABLES:
            values[name] = str(free_port())
        self.values = values
        self.env_file.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        self.env_file.chmod(0o600)

    def compose(self, *args: str, check: bool = True, timeout: float = 1800) -> subprocess.CompletedProcess:
        command = ["docker", "compose", "-p", self.project, "--env-file", str(self.env_file),
                   "-f", str(REPO / "docker-compose.yml"), *args]
        proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=timeout)  # noqa: S603
        if check and proc.returncode != 0:
            raise AssertionError(f"docker compose {' '.join(args)} exited {proc.returncode}:\n"
                                 f"{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
        return proc

    def services(self) -> dict[str, dict[str, Any]]:
        out = self.compose("ps", "-a", "--format", "json").stdout
        rows = [json.loads(line) for line in out.splitlines() if line.strip()]
        return {row["Service"]: row for row in rows}

    def logs(self, *services: str) -> str:
        return self.compose("logs", "--no-color", "--tail", "60", *services, check=False).stdout[-8000:]

    def labelled(self, kind: str) -> list[str]:
        out = subprocess.run(["docker", kind, "ls", *(["-a"] if kind == "container" else []), "-q", "--filter",  # noqa: S603, S607
                              f"label=com.docker.compose.project={self.project}"],
                             capture_output=True, text=True, check=True).stdout
        return out.split()

    def memory(self) -> dict[str, int]:
        """Container name -> bytes in use (``docker stats``)."""
        out = subprocess.run(["docker", "stats", "--no-stream", "--format", "{{json .}}",  # noqa: S603, S607
                              *self.labelled("container")], capture_output=True, text=True).stdout
        usage = {}
        for line in out.splitlines():
            row = json.loads(line)
            usage[row["Name"]] = parse_size(row["MemUsage"].split("/")[0])
        return usage


def parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?i?B)\s*", text)
    assert match, f"unexpected docker stats size {text!r}"
    scale = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "TiB": 1024**4,
             "kB": 1000, "KB": 1000, "MB": 1000**2, "GB": 1000**3}[match.group(2)]
    return int(float(match.group(1)) * scale)


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Stack:
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0:  # noqa: S603, S607
        pytest.fail("STOCKPIPE_COMPOSE_E2E=1 but `docker compose` (v2) does not run: docker/standins/engine.sh "
                    "installs the engine and the compose plugin")
    s = Stack(tmp_path_factory.mktemp("compose"))
    s.peak_memory = 0
    yield s
    if s.labelled("container"):  # a test failed before test_down_leaves_nothing
        s.compose("down", "-v", "--remove-orphans", "--timeout", "20", check=False)


def test_stack_comes_up_healthy(stack: Stack) -> None:
    started = time.monotonic()
    stack.compose("build")
    built = time.monotonic()
    log(f"images built in {built - started:.0f} s (STOCKPIPE_ARTIFACTS={stack.values['STOCKPIPE_ARTIFACTS']})")
    proc = stack.compose("up", "-d", "--wait", "--wait-timeout", str(HEALTHY_WITHIN_S), check=False,
                         timeout=HEALTHY_WITHIN_S + 120)
    healthy_after = time.monotonic() - built
    services = stack.services()
    states = {name: f"{row['State']} {row.get('Health') or ''} exit={row.get('ExitCode')}" for name, row in services.items()}
    assert proc.returncode == 0, (f"docker compose up --wait failed after {healthy_after:.0f} s: {states}\n"
                                  f"{proc.stderr[-3000:]}\n{stack.logs()}")
    unhealthy = {n: states.get(n, "absent") for n in LONG_RUNNING if services.get(n, {}).get("Health") != "healthy"}
    assert not unhealthy, f"not healthy: {unhealthy}\n{stack.logs(*unhealthy)}"
    failed_init = {n: states.get(n, "absent") for n in ONE_SHOT
                   if services.get(n, {}).get("State") != "exited" or services[n].get("ExitCode") != 0}
    assert not failed_init, f"init containers did not complete: {failed_init}\n{stack.logs(*failed_init)}"
    assert healthy_after <= HEALTHY_WITHIN_S
    log(f"all {len(LONG_RUNNING)} long-running services healthy {healthy_after:.0f} s after `up` "
        f"(bound {HEALTHY_WITHIN_S} s); init containers exited 0")


class Airflow:
    """Airflow's REST API on the compose api-server, authenticated as its admin user."""

    def __init__(self, port: str, password: str) -> None:
        self.base = f"http://127.0.0.1:{port}"
        token = self.call("POST", "/auth/token", {"username": "admin", "password": password}, auth=False)
        self.token = token["access_token"]

    def call(self, method: str, path: str, body: dict | None = None, auth: bool = True) -> dict:
        request = urllib.request.Request(self.base + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the local api-server
            return json.loads(response.read() or b"{}")


def test_dag_run_lands_rows_in_the_warehouse(stack: Stack) -> None:
    airflow = Airflow(stack.values["AIRFLOW_PORT"], stack.values["AIRFLOW_ADMIN_PASSWORD"])
    # the dag-processor parses the DAG shortly after it is healthy: until then the DAG is a 404
    deadline = time.monotonic() + 180
    while True:
        try:
            airflow.call("PATCH", f"/api/v2/dags/{DAG_ID}", {"is_paused": False})
            break
        except urllib.error.HTTPError as e:
            if e.code != 404 or time.monotonic() > deadline:
                raise AssertionError(f"unpausing {DAG_ID} failed: {e.code} {e.read()[:500]!r}") from e
            time.sleep(3)
    airflow.call("POST", f"/api/v2/dags/{DAG_ID}/dagRuns",
                 {"dag_run_id": RUN_ID, "logical_date": f"{DATE}T21:30:00Z"})
    log(f"triggered {DAG_ID} run {RUN_ID} for {DATE} through the REST API")

    deadline = time.monotonic() + DAG_RUN_WITHIN_S
    while True:
        run = airflow.call("GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{RUN_ID}")
        stack.peak_memory = max(stack.peak_memory, sum(stack.memory().values()))
        if run["state"] in ("success", "failed") or time.monotonic() > deadline:
            break
        time.sleep(10)
    tasks = airflow.call("GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{RUN_ID}/taskInstances")["task_instances"]
    summary = {t["task_id"]: f"{t['state']} ({t.get('duration') or 0:.0f} s, try {t['try_number']})" for t in tasks}
    assert run["state"] == "success", (f"DAG run {RUN_ID} ended {run['state']}: {summary}\n"
                                       f"{stack.logs('airflow-scheduler')}")
    log(f"DAG run {RUN_ID} succeeded in {run['duration']:.0f} s: {summary}")

    query = ("SELECT count(*), count(DISTINCT symbol), string_agg(DISTINCT run_id, ',') FROM daily_stock_metrics "
             f"WHERE trade_date = DATE '{DATE}'")
    out = stack.compose("exec", "-T", "postgres", "psql", "-U", "stockpipe", "-d", "stockpipe", "-At", "-c",
                        query).stdout.strip()
    rows, symbols, run_ids = out.split("|")
    expected = default_symbols()
    assert (int(rows), int(symbols), run_ids) == (len(expected), len(expected), RUN_ID), (
        f"warehouse rows for {DATE}: {out!r}; expected one per symbol {expected} from run {RUN_ID}")
    log(f"warehouse: {rows} rows in daily_stock_metrics for {DATE}, one per symbol, run_id {run_ids}")


def test_streaming_windows_land_in_the_lake(stack: Stack) -> None:
    # the README's command: mc, in the minio-init service, as the pipeline's own MinIO user
    listing = ('mc alias set lake http://minio:9000 "$APP_ACCESS_KEY" "$APP_SECRET_KEY" >/dev/null && '
               'mc ls --recursive "lake/$LAKE_BUCKET/processed/realtime/"')
    deadline = time.monotonic() + WINDOWS_WITHIN_S
    while True:
        out = stack.compose("run", "--rm", "--no-deps", "-T", "--entrypoint", "sh", "minio-init", "-c", listing,
                            check=False).stdout
        windows = {size: [line for line in out.splitlines()
                          if f"window={size}/" in line and line.rstrip().endswith(".parquet")]
                   for size in ("15m", "1h")}
        if all(windows.values()) or time.monotonic() > deadline:
            break
        time.sleep(15)
    assert all(windows.values()), (f"no window Parquet for {[s for s, f in windows.items() if not f]} under "
                                   f"processed/realtime/:\n{out[-2000:]}\n{stack.logs('spark-streaming')}")
    log(f"streaming windows in the lake: {len(windows['15m'])} 15m and {len(windows['1h'])} 1h Parquet files")


def test_stack_fits_in_8_gib(stack: Stack) -> None:
    config = yaml.safe_load(stack.compose("config").stdout)
    limits = {name: int(svc["mem_limit"]) for name, svc in config["services"].items() if "mem_limit" in svc}
    missing = sorted(set(config["services"]) - set(limits))
    assert not missing, f"services without mem_limit: {missing}"
    running = sum(limits[n] for n in LONG_RUNNING)
    assert running <= STACK_MEMORY_LIMIT, f"long-running services' mem_limit sum {running / 1024**3:.2f} GiB > 8 GiB"
    now = sum(stack.memory().values())
    stack.peak_memory = max(stack.peak_memory, now)
    log(f"memory: limits of the long-running services {running / 1024**3:.2f} GiB; in use now "
        f"{now / 1024**3:.2f} GiB, peak seen during the DAG run {stack.peak_memory / 1024**3:.2f} GiB")


def test_down_leaves_nothing(stack: Stack) -> None:
    started = time.monotonic()
    stack.compose("down", "-v", "--remove-orphans")
    left = {kind: stack.labelled(kind) for kind in ("container", "network", "volume")}
    assert not any(left.values()), f"docker compose down -v left {left}"
    log(f"docker compose down -v in {time.monotonic() - started:.0f} s: no container, network or volume left")
