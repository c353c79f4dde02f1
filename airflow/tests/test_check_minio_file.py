"""The lake-completeness check against a real S3 server over HTTP (moto in server mode)."""

from __future__ import annotations

import json

import pytest
from airflow.sdk import PokeReturnValue
from airflow.sdk.exceptions import AirflowFailException, AirflowSensorTimeout, AirflowSkipException

from check_minio_file import (
    LakeConnection,
    LakeIncomplete,
    LakeManifestSensor,
    State,
    check_lake,
    manifest_key,
)
from conftest import free_port

RUN_ID = "scheduled__2024-01-05T21_30_00_00_00"


def put_manifest(lake, records_sent, records_landed, run_id=RUN_ID, body=None):
    manifest = {
        "run_id": run_id,
        "records_sent": records_sent,
        "records_landed": records_landed,
        "partition_count": 3,
        "objects": [
            {"key": "raw/historical/year=2024/month=01/day=05/stock.historical+0+00000000000000000000.jsonl.gz",
             "partition": 0, "records": records_landed},
        ],
        "written_at": "2024-01-05T21:31:02Z",
    }
    lake.client().put_object(Bucket=lake.bucket, Key=manifest_key(run_id),
                             Body=body if body is not None else json.dumps(manifest).encode())


class FakeTaskInstance:
    """Only what the sensor reads from its context: the ingest summary in XCom."""

    def __init__(self, summary):
        self.summary = summary

    def xcom_pull(self, task_ids):
        assert task_ids == "fetch_historical"
        return self.summary


def sensor(lake, **kwargs):
    return LakeManifestSensor(task_id="wait_for_lake", run_id=RUN_ID, ingest_task_id="fetch_historical",
                              connection=lake, mode="poke", **kwargs)


def test_manifest_key_follows_the_lake_layout():
    assert manifest_key(RUN_ID) == f"raw/_manifests/historical/run_id={RUN_ID}.json"
    assert manifest_key("r1", raw_root="zones/raw") == "zones/raw/_manifests/historical/run_id=r1.json"
    with pytest.raises(ValueError, match="Invalid run id"):
        manifest_key("a:b")


def test_missing_manifest_means_keep_waiting(lake):
    check = check_lake(lake.client(), lake.bucket, RUN_ID, 10)
    assert check.state is State.MISSING
    assert f"s3://{lake.bucket}/raw/_manifests/historical/run_id={RUN_ID}.json" in check.message


def test_another_runs_manifest_does_not_count(lake):
    put_manifest(lake, 10, 10, run_id="some-other-run")
    assert check_lake(lake.client(), lake.bucket, RUN_ID, 10).state is State.MISSING


def test_complete_when_landed_equals_sent_equals_bars_sent(lake):
    put_manifest(lake, 120, 120)
    check = check_lake(lake.client(), lake.bucket, RUN_ID, 120)
    assert check.complete
    assert check.manifest["records_landed"] == 120
    assert "120 records landed in 1 objects" in check.message


def test_fewer_records_landed_than_sent_fails_at_once(lake):
    put_manifest(lake, 120, 119)
    with pytest.raises(LakeIncomplete, match="119 records landed but 120 were sent"):
        check_lake(lake.client(), lake.bucket, RUN_ID, 120)


def test_manifest_of_an_earlier_attempt_with_other_counts_means_keep_waiting(lake):
    put_manifest(lake, 100, 100)
    check = check_lake(lake.client(), lake.bucket, RUN_ID, 120)
    assert check.state is State.WAITING_FOR_RERUN
    assert "counts 100 records sent but ingest reported 120 bars" in check.message


def test_a_manifest_mixing_attempts_means_keep_waiting_not_data_loss(lake):
    # Rebuilt after the first marker of a rerun: records_sent is the largest of the attempts'
    # counts, landed mixes both; only a manifest whose records_sent is this attempt's is judged.
    put_manifest(lake, 130, 125)
    check = check_lake(lake.client(), lake.bucket, RUN_ID, 120)
    assert check.state is State.WAITING_FOR_RERUN


def test_manifest_of_an_earlier_attempt_with_the_same_count_is_accepted(lake):
    # Documented in the README: the count is the only link to the attempt; a rerun of a
    # deterministic source sends the same bars, so the earlier manifest describes the same data.
    put_manifest(lake, 120, 120)
    assert check_lake(lake.client(), lake.bucket, RUN_ID, 120).complete


def test_zero_bars_skips_at_once_without_looking_at_the_lake():
    # The endpoint is closed: a sensor that looked at the lake would keep waiting and time out.
    closed = LakeConnection(f"http://127.0.0.1:{free_port()}", "us-east-1", "k", "s", True, "b")
    with pytest.raises(AirflowSkipException, match=f"fetch_historical sent 0 bars for run {RUN_ID}"):
        sensor(closed, timeout=1, poke_interval=0.2).execute({"ti": FakeTaskInstance({"bars_sent": 0})})


def test_zero_bars_skips_even_when_a_zero_record_manifest_exists(lake):
    # The lake-writer writes a 0/0 manifest for a run with 0 bars; it does not change the decision.
    put_manifest(lake, 0, 0)
    with pytest.raises(AirflowSkipException, match="market closed, or the source had no data"):
        sensor(lake, timeout=1, poke_interval=0.2).execute({"ti": FakeTaskInstance({"bars_sent": 0})})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "is not valid JSON"),
        (b"[1, 2]", "is not a JSON object"),
        (json.dumps({"run_id": RUN_ID, "records_sent": "7", "records_landed": 7}).encode(),
         "records_sent must be a non-negative integer"),
        (json.dumps({"run_id": "other", "records_sent": 7, "records_landed": 7}).encode(), "names run 'other'"),
        (json.dumps({"run_id": RUN_ID, "records_sent": 7, "records_landed": 7,
                     "written_at": "2024-01-05 21:31"}).encode(),
         "written_at: not an ISO-8601 instant: '2024-01-05 21:31'"),
    ],
)
def test_malformed_manifest_fails_clearly(lake, body, message):
    put_manifest(lake, 0, 0, body=body)
    with pytest.raises(AirflowFailException, match=message):
        check_lake(lake.client(), lake.bucket, RUN_ID, 7)


def test_missing_bucket_is_a_configuration_error(s3_server):
    lake = LakeConnection(s3_server, "us-east-1", "k", "s", True, "no-such-bucket")
    with pytest.raises(AirflowFailException, match="answered NoSuchBucket; check LAKE_BUCKET"):
        check_lake(lake.client(), lake.bucket, RUN_ID, 1)


def test_unreachable_endpoint_means_keep_waiting():
    lake = LakeConnection(f"http://127.0.0.1:{free_port()}", "us-east-1", "k", "s", True, "b")
    check = check_lake(lake.client(), lake.bucket, RUN_ID, 1)
    assert check.state is State.UNREACHABLE
    assert "is the S3 endpoint up?" in check.message


def test_connection_from_the_runtime_environment_hides_secrets():
    lake = LakeConnection.from_env({"S3_ENDPOINT": "http://minio:9000", "S3_ACCESS_KEY_ID": "AKIA-ID",
                                    "S3_SECRET_ACCESS_KEY": "very-secret", "LAKE_BUCKET": "lake"})
    assert (lake.endpoint, lake.region, lake.bucket) == ("http://minio:9000", "us-east-1", "lake")
    assert lake.path_style is True
    assert LakeConnection.from_env({"S3_PATH_STYLE": "false"}).path_style is False
    assert LakeConnection.from_env({}).bucket == "stock-lake"
    assert "very-secret" not in repr(lake)
    assert "AKIA-ID" not in repr(lake)


def test_sensor_pushes_the_manifest_counts_when_complete(lake):
    put_manifest(lake, 42, 42)
    result = sensor(lake).poke({"ti": FakeTaskInstance({"bars_sent": 42, "run_id": RUN_ID})})
    assert isinstance(result, PokeReturnValue)
    assert result.is_done
    assert result.xcom_value["records_landed"] == 42
    assert result.xcom_value["bars_sent"] == 42
    assert result.xcom_value["object_count"] == 1
    assert result.xcom_value["manifest"] == f"s3://{lake.bucket}/{manifest_key(RUN_ID)}"


def test_sensor_execute_returns_the_counts(lake):
    put_manifest(lake, 42, 42)
    value = sensor(lake, timeout=30, poke_interval=1).execute({"ti": FakeTaskInstance({"bars_sent": 42})})
    assert value["records_sent"] == 42


def test_sensor_without_a_usable_ingest_summary_fails(lake):
    with pytest.raises(AirflowFailException, match="No summary from fetch_historical"):
        sensor(lake).poke({"ti": FakeTaskInstance(None)})
    with pytest.raises(AirflowFailException, match="has no valid bars_sent"):
        sensor(lake).poke({"ti": FakeTaskInstance({"status": "success"})})


def test_sensor_times_out_with_a_message_naming_the_run_and_the_last_check(lake):
    put_manifest(lake, 40, 40)
    with pytest.raises(AirflowSensorTimeout) as failure:
        sensor(lake, timeout=1, poke_interval=0.2).execute({"ti": FakeTaskInstance({"bars_sent": 42})})
    message = str(failure.value)
    assert f"Timed out after 1s waiting for the lake to complete run {RUN_ID}" in message
    assert "counts 40 records sent but ingest reported 42 bars" in message
