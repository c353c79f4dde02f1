"""Settings resolve env first, then the Airflow Variables, then defaults, and reject bad values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stockpipe.settings import Settings, SettingsError


def variables(**values):
    return lambda name: values.get(name)


def test_defaults():
    s = Settings.resolve(env={})
    assert s.runner == "kubernetes"
    assert s.images["spark"] == "stockpipe/spark-jobs:0.1.0"
    assert s.warehouse == "duckdb"
    assert s.catchup is False


def test_environment_wins_over_variables(tmp_path):
    config = json.dumps({"warehouse": "snowflake", "ingest_source": "yahoo", "runner": "kubernetes"})
    s = Settings.resolve(
        env={"STOCKPIPE_WAREHOUSE": "postgresql", "STOCKPIPE_RUNNER": "local", "STOCKPIPE_HOME": str(tmp_path)},
        variable=variables(stockpipe_config=config, stockpipe_runner="kubernetes"),
    )
    assert s.warehouse == "postgresql"
    assert s.runner == "local"
    assert s.ingest_source == "yahoo"
    assert s.home == Path(tmp_path).resolve()


def test_runner_variable_and_config_variable(tmp_path):
    config = json.dumps({"home": str(tmp_path), "images": {"loader": "registry.example/loader:9"},
                         "k8s_env_secrets": ["a", "b"], "lake_timeout_seconds": 60})
    s = Settings.resolve(env={}, variable=variables(stockpipe_runner="local", stockpipe_config=config))
    assert s.runner == "local"
    assert s.images["loader"] == "registry.example/loader:9"
    assert s.images["ingest"] == "stockpipe/ingest:0.1.0"
    assert s.k8s_env_secrets == ("a", "b")
    assert s.lake_timeout_seconds == 60


def test_image_override_from_environment():
    s = Settings.resolve(env={"STOCKPIPE_IMAGE_SPARK": "my/spark:2"})
    assert s.images["spark"] == "my/spark:2"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STOCKPIPE_RUNNER": "docker"}, "runner='docker' is not supported"),
        ({"STOCKPIPE_RUNNER": "local"}, "The local runner needs the repository root: set STOCKPIPE_HOME"),
        ({"STOCKPIPE_RETRIES": "many"}, "retries='many' must be an integer"),
        ({"STOCKPIPE_LAKE_TIMEOUT_SECONDS": "0"}, "lake_timeout_seconds=0 must be at least 1"),
        ({"STOCKPIPE_CATCHUP": "maybe"}, "catchup='maybe' must be true or false"),
        ({"STOCKPIPE_START_DATE": "yesterday"}, "start_date='yesterday' must be a date"),
    ],
)
def test_bad_values_fail_with_the_setting_named(env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.resolve(env=env)


def test_config_variable_must_be_a_json_object():
    with pytest.raises(SettingsError, match="stockpipe_config is not valid JSON"):
        Settings.resolve(env={}, variable=variables(stockpipe_config="{nope"))
    with pytest.raises(SettingsError, match="must be a JSON object"):
        Settings.resolve(env={}, variable=variables(stockpipe_config="[1]"))


def test_envfrom_defaults_match_the_k8s_base_names():
    s = Settings.resolve(env={})
    assert s.k8s_env_configmaps == ("stockpipe-runtime", "stockpipe-warehouse")
    assert s.k8s_env_secrets == ("stockpipe-lake-credentials", "stockpipe-warehouse-credentials")
    assert s.k8s_pod_template_files == {}


def test_pod_template_file_for_all_steps_and_per_kind(tmp_path):
    batch, ingest = tmp_path / "batch-pod.yaml", tmp_path / "ingest-job-pod.yaml"
    batch.write_text("kind: Pod\n")
    ingest.write_text("kind: Pod\n")
    s = Settings.resolve(env={"STOCKPIPE_K8S_POD_TEMPLATE_FILE": str(batch),
                              "STOCKPIPE_K8S_POD_TEMPLATE_FILE_INGEST": str(ingest)})
    # the Spark step is a SparkApplication: its template is k8s_spark_application_file
    assert s.k8s_pod_template_files == {"ingest": str(ingest), "loader": str(batch)}
    assert s.k8s_spark_application_file == "/opt/airflow/pod-templates/daily-metrics-sparkapplication.yaml"
    config = json.dumps({"k8s_pod_template_files": {"loader": str(batch)}})
    s = Settings.resolve(env={}, variable=variables(stockpipe_config=config))
    assert s.k8s_pod_template_files == {"loader": str(batch)}


@pytest.mark.parametrize(
    ("env", "config", "message"),
    [
        ({"STOCKPIPE_K8S_POD_TEMPLATE_FILE": "pod-templates/batch-pod.yaml"}, {},
         "STOCKPIPE_K8S_POD_TEMPLATE_FILE='pod-templates/batch-pod.yaml' must be an absolute path"),
        ({"STOCKPIPE_K8S_POD_TEMPLATE_FILE_LOADER": "/no/such/batch-pod.yaml"}, {},
         "STOCKPIPE_K8S_POD_TEMPLATE_FILE_LOADER='/no/such/batch-pod.yaml': the pod template file does not exist"),
        ({}, {"k8s_pod_template_files": {"ingest": "/no/such.yaml"}},
         r"k8s_pod_template_files.ingest='/no/such.yaml': the pod template file does not exist"),
        ({}, {"k8s_pod_template_files": {"spark": "/x.yaml"}},
         r"unknown kinds \['spark'\].*k8s_spark_application_file"),
        ({"STOCKPIPE_K8S_SPARK_APPLICATION_FILE": "templates/app.yaml"}, {}, "must be an absolute path"),
        ({}, {"k8s_pod_template_files": {"driver": "/x.yaml"}}, r"unknown kinds \['driver'\]"),
        ({}, {"k8s_pod_template_files": "/x.yaml"}, "must be a JSON object"),
    ],
)
def test_bad_pod_template_settings_fail_at_parse_time(env, config, message):
    with pytest.raises(SettingsError, match=message):
        Settings.resolve(env=env, variable=variables(stockpipe_config=json.dumps(config)))
