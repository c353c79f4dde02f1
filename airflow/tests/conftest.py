"""Test setup: an isolated AIRFLOW_HOME with a SQLite metadata DB, the DAG folder on sys.path,
and a real S3-compatible server (moto in server mode, over a socket) for the sensor tests.

scripts/run-tests.sh sets AIRFLOW_HOME and migrates the DB; the defaults here make a plain
``pytest`` from the venv work the same way.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

AIRFLOW_DIR = Path(__file__).resolve().parents[1]
DAGS = AIRFLOW_DIR / "dags"
REPO = AIRFLOW_DIR.parent
FAKE_HOME = Path(__file__).resolve().parent / "fixtures" / "fake_home"

# Airflow reads its configuration on first import: set it before anything imports airflow.
os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="stockpipe-airflow-home-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
# The DAG file must never pick up a developer's runner choice while tests parse it; only the test
# switches and the test PostgreSQL's coordinates (warehouse-loader/scripts/test-setup.sh) stay.
_TEST_SETTINGS = {"STOCKPIPE_E2E", "STOCKPIPE_CONTAINER_E2E", "STOCKPIPE_IMAGE_TAG", "STOCKPIPE_PG_URL",
                  "STOCKPIPE_PG_USER", "STOCKPIPE_PG_PASSWORD"}
for _name in [n for n in os.environ if n.startswith("STOCKPIPE_") and n not in _TEST_SETTINGS]:
    del os.environ[_name]
if str(DAGS) not in sys.path:
    sys.path.insert(0, str(DAGS))

import pytest  # noqa: E402


def _airflow_db() -> Path:
    return Path(os.environ["AIRFLOW_HOME"]) / "airflow.db"


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """A migrated SQLite metadata DB (``airflow db migrate`` once per AIRFLOW_HOME)."""
    db = _airflow_db()
    marker = db.with_suffix(".migrated")
    if not marker.exists():
        result = subprocess.run(
            [sys.executable, "-m", "airflow", "db", "migrate"], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            pytest.fail(f"`airflow db migrate` failed in {os.environ['AIRFLOW_HOME']}:\n{result.stderr[-3000:]}")
        marker.touch()
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """A real S3 HTTP server on 127.0.0.1 (moto server mode); yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def lake(s3_server, request):
    """A fresh bucket on the S3 server, and a LakeConnection pointing at it."""
    from check_minio_file import LakeConnection

    bucket = ("lake-" + re.sub(r"[^a-z0-9-]+", "-", request.node.name.lower()))[:50].strip("-")
    connection = LakeConnection(
        endpoint=s3_server,
        region="us-east-1",
        access_key_id="test-key",
        secret_access_key="test-secret",  # noqa: S106 - the test server's dummy credentials
        path_style=True,
        bucket=bucket,
    )
    client = connection.client()
    client.create_bucket(Bucket=bucket)
    return connection
