"""Typed settings of the DAG, resolved once when the DAG file is parsed.

Every setting is looked up in this order: the environment variable ``STOCKPIPE_<NAME>``, then the
key ``<name>`` of the JSON Airflow Variable ``stockpipe_config``, then the default below. The
runner is special-cased (the brief of the pipeline asks for it): ``STOCKPIPE_RUNNER``, then the
Airflow Variable ``stockpipe_runner``, then ``stockpipe_config["runner"]``, then ``kubernetes``.

Why parse time: the runner decides which operator class each step is, and the images,
namespace and timeouts are operator arguments. Only two Variables are read per parse (not one
per setting), which keeps the metadata-database load of parsing small.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

RUNNER_KUBERNETES = "kubernetes"
RUNNER_LOCAL = "local"
RUNNERS = (RUNNER_KUBERNETES, RUNNER_LOCAL)
INGEST_SOURCES = ("synthetic", "yahoo")
WAREHOUSES = ("duckdb", "postgresql", "snowflake")
SENSOR_MODES = ("poke", "reschedule")

CONFIG_VARIABLE = "stockpipe_config"
RUNNER_VARIABLE = "stockpipe_runner"

#: Default container resources per image kind; Spark needs the most memory.
DEFAULT_RESOURCES: dict[str, dict[str, dict[str, str]]] = {
    # JVM pods: memory request = limit (the heap is 75 % of it); the Spark step's sizing is its template's
    "ingest": {"requests": {"cpu": "250m", "memory": "768Mi"}, "limits": {"memory": "768Mi"}},
    "spark": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"memory": "2Gi"}},
    "loader": {"requests": {"cpu": "250m", "memory": "1536Mi"}, "limits": {"memory": "1536Mi"}},
}
DEFAULT_IMAGES = {
    "ingest": "stockpipe/ingest:0.1.0",
    "spark": "stockpipe/spark-jobs:0.1.0",
    "loader": "stockpipe/warehouse-loader:0.1.0",
}
#: Pod template file for every job pod (``pod_template_file`` of KubernetesPodOperator).
POD_TEMPLATE_ENV = "STOCKPIPE_K8S_POD_TEMPLATE_FILE"
#: Per image kind, overriding :data:`POD_TEMPLATE_ENV` (config key ``k8s_pod_template_files``).
#: (The Spark step is a SparkApplication with a template of its own: ``k8s_spark_application_file``.)
POD_TEMPLATE_KIND_ENV = {
    "ingest": "STOCKPIPE_K8S_POD_TEMPLATE_FILE_INGEST",
    "loader": "STOCKPIPE_K8S_POD_TEMPLATE_FILE_LOADER",
}


class SettingsError(ValueError):
    """A setting has a value the DAG cannot use; the message names the setting and the fix."""


@dataclass(frozen=True)
class Settings:
    """Everything the DAG file needs to build its tasks."""

    runner: str = RUNNER_KUBERNETES
    #: Repository root for the local runner (``bin/<job>`` lives there).
    home: Path | None = None
    ingest_source: str = "synthetic"
    #: Comma-separated symbols for ingest; empty means the ingest job's own default list.
    ingest_symbols: str = ""
    warehouse: str = "duckdb"
    catchup: bool = False
    start_date: datetime = datetime(2024, 1, 2, tzinfo=timezone.utc)
    #: Cron of the run, in ``schedule_timezone``: 16:30 New York on weekdays, after the close.
    schedule_cron: str = "30 16 * * 1-5"
    schedule_timezone: str = "America/New_York"
    max_active_runs: int = 1
    retries: int = 2
    retry_delay_seconds: int = 120
    retry_exponential_backoff: float = 2.0
    max_retry_delay_seconds: int = 1800
    dagrun_timeout_seconds: int = 4 * 3600
    ingest_timeout_seconds: int = 1800
    spark_timeout_seconds: int = 3600
    loader_timeout_seconds: int = 1800
    lake_sensor_mode: str = "reschedule"
    lake_poke_interval_seconds: int = 30
    lake_timeout_seconds: int = 1800
    lake_raw_root: str = "raw"
    k8s_namespace: str = "stockpipe"
    k8s_service_account: str = "stockpipe-jobs"
    k8s_conn_id: str = "kubernetes_default"
    k8s_in_cluster: bool | None = None
    #: ConfigMaps and Secrets whose keys become the job containers' environment (``envFrom``);
    #: the same names as k8s/base (``stockpipe-warehouse`` holds the loader's warehouse settings).
    k8s_env_configmaps: tuple[str, ...] = ("stockpipe-runtime", "stockpipe-warehouse")
    k8s_env_secrets: tuple[str, ...] = ("stockpipe-lake-credentials", "stockpipe-warehouse-credentials")
    k8s_startup_timeout_seconds: int = 300
    #: Pod template file per image kind (absent: no template). The provider merges the DAG's pod
    #: into it: what the DAG sets wins, lists (env, envFrom, volumes, mounts) are concatenated.
    #: This is how the prod loader pod gets the Snowflake key Secret mounted (k8s/base/templates).
    k8s_pod_template_files: Mapping[str, str] = field(default_factory=dict)
    #: SparkApplication template of the Spark step (driver/executor sizing, service account, Spark
    #: conf); the DAG sets the image and the argv. Mounted from the ConfigMap stockpipe-job-templates.
    k8s_spark_application_file: str = "/opt/airflow/pod-templates/daily-metrics-sparkapplication.yaml"
    images: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_IMAGES))
    resources: Mapping[str, Mapping[str, Mapping[str, str]]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_RESOURCES.items()}
    )

    @classmethod
    def resolve(
        cls,
        env: Mapping[str, str] | None = None,
        variable: Callable[[str], str | None] | None = None,
    ) -> Settings:
        """Resolve from ``env`` (default ``os.environ``) and Airflow Variables via ``variable``.

        ``variable(name)`` returns the Variable's value or ``None``; pass ``None`` to ignore
        Variables altogether (tests, or parsing without a metadata database).
        """
        env = os.environ if env is None else env
        lookup = variable or (lambda _name: None)
        config = _config_variable(lookup)

        def raw(name: str) -> Any:
            value = env.get("STOCKPIPE_" + name.upper())
            if value is not None and value != "":
                return value
            return config.get(name)

        runner = env.get("STOCKPIPE_RUNNER") or lookup(RUNNER_VARIABLE) or config.get("runner") or RUNNER_KUBERNETES
        defaults = cls()
        images = dict(DEFAULT_IMAGES)
        images.update(config.get("images") or {})
        for kind in DEFAULT_IMAGES:
            override = env.get(f"STOCKPIPE_IMAGE_{kind.upper()}")
            if override:
                images[kind] = override
        resources = {k: dict(v) for k, v in DEFAULT_RESOURCES.items()}
        resources.update(config.get("resources") or {})
        home = raw("home")
        pod_templates = _pod_template_files(env, config)
        settings = cls(
            runner=_choice("runner", str(runner).strip().lower(), RUNNERS),
            home=Path(home).resolve() if home else None,
            ingest_source=_choice("ingest_source", raw("ingest_source") or defaults.ingest_source, INGEST_SOURCES),
            ingest_symbols=str(raw("ingest_symbols") or "").replace(" ", ""),
            warehouse=_choice("warehouse", raw("warehouse") or defaults.warehouse, WAREHOUSES),
            catchup=_bool("catchup", raw("catchup"), defaults.catchup),
            start_date=_date("start_date", raw("start_date"), defaults.start_date),
            schedule_cron=str(raw("schedule_cron") or defaults.schedule_cron),
            schedule_timezone=str(raw("schedule_timezone") or defaults.schedule_timezone),
            max_active_runs=_int("max_active_runs", raw("max_active_runs"), defaults.max_active_runs, minimum=1),
            retries=_int("retries", raw("retries"), defaults.retries),
            retry_delay_seconds=_int("retry_delay_seconds", raw("retry_delay_seconds"), defaults.retry_delay_seconds),
            retry_exponential_backoff=_float(
                "retry_exponential_backoff", raw("retry_exponential_backoff"), defaults.retry_exponential_backoff
            ),
            max_retry_delay_seconds=_int(
                "max_retry_delay_seconds", raw("max_retry_delay_seconds"), defaults.max_retry_delay_seconds
            ),
            dagrun_timeout_seconds=_int(
                "dagrun_timeout_seconds", raw("dagrun_timeout_seconds"), defaults.dagrun_timeout_seconds, minimum=1
            ),
            ingest_timeout_seconds=_int(
                "ingest_timeout_seconds", raw("ingest_timeout_seconds"), defaults.ingest_timeout_seconds, minimum=1
            ),
            spark_timeout_seconds=_int(
                "spark_timeout_seconds", raw("spark_timeout_seconds"), defaults.spark_timeout_seconds, minimum=1
            ),
            loader_timeout_seconds=_int(
                "loader_timeout_seconds", raw("loader_timeout_seconds"), defaults.loader_timeout_seconds, minimum=1
            ),
            lake_sensor_mode=_choice("lake_sensor_mode", raw("lake_sensor_mode") or defaults.lake_sensor_mode,
                                     SENSOR_MODES),
            lake_poke_interval_seconds=_int(
                "lake_poke_interval_seconds", raw("lake_poke_interval_seconds"), defaults.lake_poke_interval_seconds,
                minimum=1,
            ),
            lake_timeout_seconds=_int(
                "lake_timeout_seconds", raw("lake_timeout_seconds"), defaults.lake_timeout_seconds, minimum=1
            ),
            lake_raw_root=str(raw("lake_raw_root") or defaults.lake_raw_root),
            k8s_namespace=str(raw("k8s_namespace") or defaults.k8s_namespace),
            k8s_service_account=str(raw("k8s_service_account") or defaults.k8s_service_account),
            k8s_conn_id=str(raw("k8s_conn_id") or defaults.k8s_conn_id),
            k8s_in_cluster=_bool("k8s_in_cluster", raw("k8s_in_cluster"), None),
            k8s_env_configmaps=_names(raw("k8s_env_configmaps"), defaults.k8s_env_configmaps),
            k8s_env_secrets=_names(raw("k8s_env_secrets"), defaults.k8s_env_secrets),
            k8s_startup_timeout_seconds=_int(
                "k8s_startup_timeout_seconds", raw("k8s_startup_timeout_seconds"),
                defaults.k8s_startup_timeout_seconds, minimum=1,
            ),
            k8s_pod_template_files=pod_templates,
            k8s_spark_application_file=_absolute("k8s_spark_application_file", raw("k8s_spark_application_file"),
                                                 defaults.k8s_spark_application_file),
            images=images,
            resources=resources,
        )
        if settings.runner == RUNNER_LOCAL and settings.home is None:
            raise SettingsError(
                "The local runner needs the repository root: set STOCKPIPE_HOME (or stockpipe_config.home) "
                "to the folder holding bin/ingest, bin/spark-job and bin/loader"
            )
        return settings


def _absolute(name: str, value: Any, default: str) -> str:
    if value is None or value == "":
        return default
    if not Path(str(value)).is_absolute():
        raise SettingsError(f"Setting {name}={value!r} must be an absolute path")
    return str(value)


def _pod_template_files(env: Mapping[str, str], config: Mapping[str, Any]) -> dict[str, str]:
    """Pod template per image kind: kind variable → ``STOCKPIPE_K8S_POD_TEMPLATE_FILE`` → config.

    Checked at parse time: the provider only logs a warning for a missing file and then builds the
    pod without it (e.g. without the Snowflake key mount), which would fail much later and obscurely.
    """
    configured = config.get("k8s_pod_template_files") or {}
    if not isinstance(configured, Mapping):
        raise SettingsError("Setting k8s_pod_template_files must be a JSON object {ingest|loader: path}")
    unknown = sorted(set(configured) - set(POD_TEMPLATE_KIND_ENV))
    if unknown:
        raise SettingsError(f"Setting k8s_pod_template_files has unknown kinds {unknown}; use ingest or loader "
                            "(the Spark step's template is k8s_spark_application_file)")
    common = env.get(POD_TEMPLATE_ENV) or config.get("k8s_pod_template_file") or ""
    files: dict[str, str] = {}
    for kind, variable in POD_TEMPLATE_KIND_ENV.items():
        if env.get(variable):
            name, path = variable, env[variable]
        elif configured.get(kind):
            name, path = f"k8s_pod_template_files.{kind}", configured[kind]
        elif common:
            name, path = POD_TEMPLATE_ENV, common
        else:
            continue
        path = str(path)
        if not Path(path).is_absolute():
            raise SettingsError(f"Setting {name}={path!r} must be an absolute path to a pod template file")
        if not Path(path).is_file():
            raise SettingsError(
                f"Setting {name}={path!r}: the pod template file does not exist; mount it into Airflow "
                "(k8s/airflow/values.yaml mounts the ConfigMap stockpipe-job-templates at /opt/airflow/pod-templates)"
            )
        files[kind] = path
    return files


def airflow_variable(name: str) -> str | None:
    """Read an Airflow Variable, or ``None`` when it is unset or Variables cannot be read here."""
    try:
        from airflow.sdk import Variable

        return Variable.get(name, default=None)
    except Exception:  # noqa: BLE001 - parsing must not fail because the metadata DB is unreachable
        return None


def _config_variable(lookup: Callable[[str], str | None]) -> dict[str, Any]:
    text = lookup(CONFIG_VARIABLE)
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise SettingsError(f"The Airflow Variable {CONFIG_VARIABLE} is not valid JSON; fix or delete it ({e})") from e
    if not isinstance(value, dict):
        raise SettingsError(f"The Airflow Variable {CONFIG_VARIABLE} must be a JSON object, got {type(value).__name__}")
    return value


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    if text not in allowed:
        raise SettingsError(f"Setting {name}={value!r} is not supported; use one of {', '.join(allowed)}")
    return text


def _bool(name: str, value: Any, default: bool | None) -> bool | None:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"Setting {name}={value!r} must be true or false")


def _int(name: str, value: Any, default: int, minimum: int = 0) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError) as e:
        raise SettingsError(f"Setting {name}={value!r} must be an integer") from e
    if number < minimum:
        raise SettingsError(f"Setting {name}={number} must be at least {minimum}")
    return number


def _float(name: str, value: Any, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError) as e:
        raise SettingsError(f"Setting {name}={value!r} must be a number") from e


def _date(name: str, value: Any, default: datetime) -> datetime:
    if value is None or value == "":
        return default
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as e:
        raise SettingsError(f"Setting {name}={value!r} must be a date YYYY-MM-DD") from e
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _names(value: Any, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if str(v))
    return tuple(part.strip() for part in str(value).split(",") if part.strip())
