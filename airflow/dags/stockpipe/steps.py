"""The job steps of the batch DAG: one list, whatever runner launches them.

Each step is the argv of a batch job under the pipeline's job contract (DESIGN.md "Job
contract"): ``--date``, ``--run-id``, exit 0 only on success, a one-line JSON summary as the last
stdout line, also written to ``--xcom-file``. The Kubernetes runner passes the argv as container
args to the step's image (whose entrypoint is the same launcher); the local runner runs
``<STOCKPIPE_HOME>/<launcher> <argv>`` as a process. The argv is a list of Jinja templates, so
both runners render the same date and run id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from stockpipe.settings import Settings

#: Name of the DAG's user-defined macro turning an Airflow run id into a pipeline run id.
RUN_ID_MACRO = "stockpipe_run_id"
#: Template of the pipeline run id (see ``stockpipe.run_ids``).
RUN_ID_TEMPLATE = "{{ " + RUN_ID_MACRO + "(run_id) }}"
#: Template of the trading date: the logical date's ``ds``; the schedule fires after the close
#: in New York, so ``ds`` (UTC) is that trading day.
DATE_TEMPLATE = "{{ ds }}"

CHECK_MARKET_OPEN = "check_market_open"
FETCH_HISTORICAL = "fetch_historical"
WAIT_FOR_LAKE = "wait_for_lake"
SPARK_DAILY_METRICS = "spark_daily_metrics"
LOAD_TO_WAREHOUSE = "load_to_warehouse"
LOG_COMPLETION = "log_completion"

#: Task ids in execution order.
TASK_ORDER = (
    CHECK_MARKET_OPEN, FETCH_HISTORICAL, WAIT_FOR_LAKE, SPARK_DAILY_METRICS, LOAD_TO_WAREHOUSE, LOG_COMPLETION,
)


@dataclass(frozen=True)
class JobStep:
    """One batch job: what to run, in which image, and how long it may take."""

    task_id: str
    #: Launcher script relative to the repository root, e.g. ``bin/ingest``.
    launcher: str
    #: Key into ``Settings.images`` / ``Settings.resources``.
    image_kind: str
    #: Templated argv after the launcher (without ``--xcom-file``, which each runner adds).
    arguments: tuple[str, ...]
    execution_timeout: timedelta


def job_steps(settings: Settings) -> tuple[JobStep, JobStep, JobStep]:
    """The three job steps (fetch, metrics, load); ``wait_for_lake`` and ``log_completion`` run in Airflow."""
    common = ("--date", DATE_TEMPLATE, "--run-id", RUN_ID_TEMPLATE)
    symbols = ("--symbols", settings.ingest_symbols) if settings.ingest_symbols else ()
    return (
        JobStep(
            task_id=FETCH_HISTORICAL,
            launcher="bin/ingest",
            image_kind="ingest",
            arguments=("historical", *common, "--source", settings.ingest_source, *symbols),
            execution_timeout=timedelta(seconds=settings.ingest_timeout_seconds),
        ),
        JobStep(
            task_id=SPARK_DAILY_METRICS,
            launcher="bin/spark-job",
            image_kind="spark",
            arguments=("daily-metrics", *common),
            execution_timeout=timedelta(seconds=settings.spark_timeout_seconds),
        ),
        JobStep(
            task_id=LOAD_TO_WAREHOUSE,
            launcher="bin/loader",
            image_kind="loader",
            arguments=("load", *common, "--warehouse", settings.warehouse),
            execution_timeout=timedelta(seconds=settings.loader_timeout_seconds),
        ),
    )
