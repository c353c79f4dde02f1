"""Lake-completeness check behind the ``wait_for_lake`` task.

"Some file exists" is not enough: the lake-writer writes
``raw/_manifests/historical/run_id=<id>.json`` only when every Kafka partition's end-of-run marker
of a historical run has landed, and the manifest records what was sent and what landed. The run
is complete when ``records_landed == records_sent == bars_sent``, where ``bars_sent`` is what the
ingest job reported in its summary (XCom of ``fetch_historical``).

A run with 0 bars (a market holiday with ``--source yahoo``, a weekend) is not waited for: ingest
still sends its end-of-run markers and the lake-writer still writes a manifest with 0 records sent
and landed, but there is nothing downstream can use, so the sensor skips at once (see
``LakeManifestSensor``).

The S3 client reads the pipeline's runtime variables (Java ``RuntimeEnv``): ``S3_ENDPOINT``,
``S3_REGION``, ``S3_ACCESS_KEY_ID``, ``S3_SECRET_ACCESS_KEY``, ``S3_PATH_STYLE``,
``LAKE_BUCKET``; works against MinIO, S3Proxy and AWS S3.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from airflow.sdk import BaseSensorOperator, PokeReturnValue
from airflow.sdk.exceptions import AirflowFailException, AirflowSensorTimeout, AirflowSkipException

from stockpipe.run_ids import is_valid
from stockpipe.timestamps import parse_instant

#: Default bucket and region (Java ``RuntimeEnv.DEFAULT_BUCKET`` / ``DEFAULT_REGION``).
DEFAULT_BUCKET = "stock-lake"
DEFAULT_REGION = "us-east-1"
DEFAULT_RAW_ROOT = "raw"
#: Summary field of the ingest job holding how many bars it sent.
BARS_SENT = "bars_sent"
#: Manifest fields (Java ``Fields``).
RUN_ID = "run_id"
RECORDS_SENT = "records_sent"
RECORDS_LANDED = "records_landed"
PARTITION_COUNT = "partition_count"
OBJECTS = "objects"
WRITTEN_AT = "written_at"
#: S3 error codes that no amount of waiting fixes.
_FATAL_S3_CODES = frozenset(
    {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "NoSuchBucket", "AuthorizationHeaderMalformed"}
)


def manifest_key(run_id: str, raw_root: str = DEFAULT_RAW_ROOT) -> str:
    """``raw/_manifests/historical/run_id=<id>.json`` (Java ``LakeLayout.manifestKey``)."""
    if not is_valid(run_id):
        raise ValueError(f"Invalid run id {run_id!r}: use 1-128 characters from A-Z a-z 0-9 . _ -")
    return f"{raw_root}/_manifests/historical/run_id={run_id}.json"


@dataclass(frozen=True)
class LakeConnection:
    """Where the lake is and how to sign requests to it; secrets are never part of ``repr``."""

    endpoint: str | None
    region: str
    access_key_id: str | None
    secret_access_key: str | None
    path_style: bool
    bucket: str

    def __repr__(self) -> str:
        return (f"LakeConnection(endpoint={self.endpoint!r}, region={self.region!r}, "
                f"path_style={self.path_style}, bucket={self.bucket!r})")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LakeConnection:
        env = os.environ if env is None else env
        return cls(
            endpoint=env.get("S3_ENDPOINT") or None,
            region=env.get("S3_REGION") or DEFAULT_REGION,
            access_key_id=env.get("S3_ACCESS_KEY_ID") or None,
            secret_access_key=env.get("S3_SECRET_ACCESS_KEY") or None,
            # Path-style unless told otherwise: MinIO and S3Proxy need it, AWS accepts it.
            path_style=(env.get("S3_PATH_STYLE") or "true").strip().lower() in ("1", "true", "yes"),
            bucket=env.get("LAKE_BUCKET") or DEFAULT_BUCKET,
        )

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
            config=Config(
                s3={"addressing_style": "path" if self.path_style else "auto"},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
            ),
        )


class State(Enum):
    MISSING = "missing"
    UNREACHABLE = "unreachable"
    WAITING_FOR_RERUN = "waiting_for_rerun"
    COMPLETE = "complete"


@dataclass(frozen=True)
class ManifestCheck:
    """Outcome of one look at the lake; ``message`` is the sentence to log or fail with."""

    state: State
    message: str
    manifest: Mapping[str, Any] | None = None

    @property
    def complete(self) -> bool:
        return self.state is State.COMPLETE


class LakeIncomplete(AirflowFailException):
    """The lake-writer reported fewer (or more) records landed than sent: waiting cannot fix it."""


def read_manifest(client: Any, bucket: str, key: str) -> Mapping[str, Any] | None:
    """The manifest as a dict, ``None`` when the object does not exist yet.

    Raises ``AirflowFailException`` for errors waiting cannot fix (credentials, bucket, a manifest
    that is not JSON) and lets connection errors through for the caller to treat as transient.
    """
    from botocore.exceptions import ClientError

    try:
        response = client.get_object(Bucket=bucket, Key=key)
    except ClientError as e:
        code = str(e.response.get("Error", {}).get("Code", ""))
        if code in ("NoSuchKey", "404", "NotFound"):
            return None
        if code in _FATAL_S3_CODES:
            raise AirflowFailException(
                f"Cannot read s3://{bucket}/{key}: the lake answered {code}; check LAKE_BUCKET and the "
                f"S3 credentials (S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY). Cause: {e}"
            ) from e
        raise
    body = response["Body"].read()
    try:
        manifest = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise AirflowFailException(
            f"The run manifest s3://{bucket}/{key} is not valid JSON; inspect the lake-writer that wrote it. Cause: {e}"
        ) from e
    if not isinstance(manifest, dict):
        raise AirflowFailException(f"The run manifest s3://{bucket}/{key} is not a JSON object")
    return manifest


def evaluate(manifest: Mapping[str, Any] | None, run_id: str, bars_sent: int, location: str) -> ManifestCheck:
    """Compare the manifest with what ingest sent. Raises :class:`LakeIncomplete` on data loss."""
    if manifest is None:
        return ManifestCheck(State.MISSING, f"No manifest yet at {location} for run {run_id} "
                                            f"(ingest sent {bars_sent} bars); is the lake-writer running?")
    try:
        sent = _count(manifest, RECORDS_SENT)
        landed = _count(manifest, RECORDS_LANDED)
    except ValueError as e:
        raise AirflowFailException(f"The run manifest {location} is malformed: {e}") from e
    if manifest.get(RUN_ID) not in (None, run_id):
        raise AirflowFailException(
            f"The run manifest {location} names run {manifest.get(RUN_ID)!r}, not {run_id!r}; the lake is inconsistent"
        )
    try:
        written_at = parse_instant(manifest.get(WRITTEN_AT))
    except ValueError as e:
        raise AirflowFailException(f"The run manifest {location} is malformed: {WRITTEN_AT}: {e}") from e
    if sent != bars_sent:
        # Not this attempt's manifest (yet): an earlier attempt with the same run id left it, or the
        # lake-writer has rebuilt it from this attempt's markers on some partitions and the earlier
        # attempt's on the others (README "Reruns"). It is rewritten as this attempt's markers
        # land, so keep waiting; its landed count says nothing about this attempt.
        return ManifestCheck(
            State.WAITING_FOR_RERUN,
            f"The manifest {location} counts {sent} records sent but ingest reported {bars_sent} bars for run "
            f"{run_id}; waiting for the lake-writer to write this attempt's manifest",
            manifest,
        )
    if landed != sent:
        raise LakeIncomplete(
            f"The lake is incomplete for run {run_id}: the manifest {location} says {landed} records landed but "
            f"{sent} were sent; inspect the lake-writer and the stock.dlq topic, then clear fetch_historical to rerun"
        )
    return ManifestCheck(
        State.COMPLETE,
        f"Run {run_id} is complete in the lake: {landed} records landed in "
        f"{len(manifest.get(OBJECTS) or [])} objects ({location}, written {written_at.isoformat()})",
        manifest,
    )


def check_lake(
    client: Any, bucket: str, run_id: str, bars_sent: int, raw_root: str = DEFAULT_RAW_ROOT
) -> ManifestCheck:
    """One look at the lake for ``run_id``; connection failures count as "not yet"."""
    from botocore.exceptions import BotoCoreError, ClientError

    key = manifest_key(run_id, raw_root)
    location = f"s3://{bucket}/{key}"
    try:
        manifest = read_manifest(client, bucket, key)
    except (BotoCoreError, ClientError) as e:
        return ManifestCheck(State.UNREACHABLE, f"Could not read {location}: {e}; is the S3 endpoint up?")
    return evaluate(manifest, run_id, bars_sent, location)


def _count(manifest: Mapping[str, Any], name: str) -> int:
    value = manifest.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"field {name} must be a non-negative integer, got {value!r}")
    return value


def bars_sent_from(summary: Any, ingest_task_id: str) -> int:
    """``bars_sent`` from the ingest summary XCom, or a clear failure naming what is wrong."""
    if not isinstance(summary, Mapping):
        raise AirflowFailException(
            f"No summary from {ingest_task_id} in XCom (got {summary!r}); it must print its JSON summary last"
        )
    value = summary.get(BARS_SENT)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AirflowFailException(
            f"The summary of {ingest_task_id} has no valid {BARS_SENT} (got {value!r}); cannot check the lake"
        )
    return value


def no_bars_message(run_id: str, ingest_task_id: str) -> str:
    return (f"{ingest_task_id} sent 0 bars for run {run_id} (market closed, or the source had no data for the "
            "date): nothing to wait for in the lake; skipping the downstream steps")


class LakeManifestSensor(BaseSensorOperator):
    """Waits until the lake holds every record the ingest run sent (see module docstring).

    When ingest sent 0 bars the sensor skips at once, without looking at the lake: the downstream
    steps have nothing to process (DailyMetricsJob fails on empty input, the loader on a weekday
    without data), so the DAG short-circuits them instead of failing.

    Pushes the manifest's counts as its XCom. Fails at once on data loss or a configuration error,
    and with a message naming the manifest and the last observation when it times out.
    """

    template_fields: Sequence[str] = ("run_id",)
    ui_color = "#fdebd0"

    def __init__(
        self,
        *,
        run_id: str,
        ingest_task_id: str,
        raw_root: str = DEFAULT_RAW_ROOT,
        connection: LakeConnection | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.run_id = run_id
        self.ingest_task_id = ingest_task_id
        self.raw_root = raw_root
        self.connection = connection
        self._last: ManifestCheck | None = None

    def poke(self, context: Any) -> bool | PokeReturnValue:
        bars_sent = bars_sent_from(context["ti"].xcom_pull(task_ids=self.ingest_task_id), self.ingest_task_id)
        connection = self.connection or LakeConnection.from_env()
        check = check_lake(connection.client(), connection.bucket, self.run_id, bars_sent, self.raw_root)
        self._last = check
        self.log.info("%s", check.message)
        if not check.complete:
            return False
        manifest = check.manifest or {}
        return PokeReturnValue(
            is_done=True,
            xcom_value={
                RUN_ID: self.run_id,
                BARS_SENT: bars_sent,
                RECORDS_SENT: manifest.get(RECORDS_SENT),
                RECORDS_LANDED: manifest.get(RECORDS_LANDED),
                PARTITION_COUNT: manifest.get(PARTITION_COUNT),
                "object_count": len(manifest.get(OBJECTS) or []),
                WRITTEN_AT: manifest.get(WRITTEN_AT),
                "manifest": f"s3://{connection.bucket}/{manifest_key(self.run_id, self.raw_root)}",
            },
        )

    def execute(self, context: Any) -> Any:
        bars_sent = bars_sent_from(context["ti"].xcom_pull(task_ids=self.ingest_task_id), self.ingest_task_id)
        if bars_sent == 0:
            # A market holiday (or a weekend, or symbols without data): nothing reached the lake, so
            # there is nothing to wait for, aggregate or load. Skipping (not failing) lets the
            # downstream job steps skip too, and log_completion (trigger rule none_failed) report it.
            raise AirflowSkipException(no_bars_message(self.run_id, self.ingest_task_id))
        try:
            return super().execute(context)
        except AirflowSensorTimeout as e:
            last = self._last.message if self._last else "the lake was never checked"
            raise AirflowSensorTimeout(
                f"Timed out after {self.timeout:.0f}s waiting for the lake to complete run {self.run_id}. "
                f"Last check: {last}"
            ) from e
