"""stock_market_batch_dag: the daily batch of the stock pipeline.

check_market_open → fetch_historical → wait_for_lake → spark_daily_metrics → load_to_warehouse → log_completion

Runs on weekdays after the US market close (16:30 America/New_York by default). On an NYSE holiday
(``stockpipe.exchange_calendar``, the rules of contracts' ``ExchangeCalendar``) ``check_market_open``
skips with the reason ``market closed: <holiday>``, every step after it skips, and
``log_completion`` reports it. Every step gets
the logical date (``--date {{ ds }}``) and the pipeline run id derived from the Airflow run id, so
rerunning or backfilling a date repeats the same work under the same id: the lake keys, the
processed partition (overwritten) and the warehouse MERGE make that idempotent.

A trading day without bars (symbols the source has no data for) is not an error either: ingest
reports ``bars_sent: 0``, ``wait_for_lake`` skips, the job steps after it are skipped, and
``log_completion`` (trigger rule ``none_failed``) logs that the market was closed or the source had
no data.

The job steps run as KubernetesPodOperator pods by default, or as local processes with
``STOCKPIPE_RUNNER=local`` (or the Airflow Variable ``stockpipe_runner``); see airflow/README.md.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from airflow.sdk import DAG, CronTriggerTimetable, TriggerRule, chain, task
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

from check_minio_file import LakeManifestSensor
from stockpipe.completion import INCOMPLETE, STEPS, completion_report, report_line
from stockpipe.exchange_calendar import closure, session
from stockpipe.run_ids import pipeline_run_id
from stockpipe.runners import kubernetes_task, local_task, spark_application_task
from stockpipe.settings import RUNNER_LOCAL, Settings, airflow_variable
from stockpipe.steps import (
    CHECK_MARKET_OPEN,
    FETCH_HISTORICAL,
    LOG_COMPLETION,
    RUN_ID_MACRO,
    RUN_ID_TEMPLATE,
    WAIT_FOR_LAKE,
    job_steps,
)

DAG_ID = "stock_market_batch_dag"
log = logging.getLogger(__name__)


def build_dag(settings: Settings) -> DAG:
    """The DAG for the given settings; tests build both runner variants through this."""
    def launch(step, settings):
        if settings.runner == RUNNER_LOCAL:
            return local_task(step, settings)
        # the Spark step runs on the cluster as a SparkApplication (driver + executor pods)
        return spark_application_task(step, settings) if step.image_kind == "spark" else kubernetes_task(step, settings)

    with DAG(
        dag_id=DAG_ID,
        description="Daily stock bars: ingest → lake (verified by manifest) → Spark daily metrics → warehouse MERGE",
        schedule=CronTriggerTimetable(settings.schedule_cron, timezone=settings.schedule_timezone),
        start_date=settings.start_date,
        catchup=settings.catchup,
        max_active_runs=settings.max_active_runs,
        dagrun_timeout=timedelta(seconds=settings.dagrun_timeout_seconds),
        user_defined_macros={RUN_ID_MACRO: pipeline_run_id},
        default_args={
            "owner": "stockpipe",
            "retries": settings.retries,
            "retry_delay": timedelta(seconds=settings.retry_delay_seconds),
            "retry_exponential_backoff": settings.retry_exponential_backoff,
            "max_retry_delay": timedelta(seconds=settings.max_retry_delay_seconds),
        },
        tags=["stockpipe", f"runner:{settings.runner}"],
        doc_md=__doc__,
    ) as dag:

        @task(task_id=CHECK_MARKET_OPEN, retries=0, multiple_outputs=False)
        def check_market_open(**context: Any) -> dict[str, Any]:
            day = date.fromisoformat(context["ds"])
            reason = closure(day)
            if reason is not None:
                # every step after this one skips (all_success); log_completion (none_failed) reports it
                raise AirflowSkipException(f"market closed: {reason} ({day})")
            opens, closes = session(day)
            return {"date": day.isoformat(), "open": opens.isoformat(), "close": closes.isoformat(),
                    "early_close": closes.hour < 16}

        fetch, metrics, load = (launch(step, settings) for step in job_steps(settings))
        wait = LakeManifestSensor(
            task_id=WAIT_FOR_LAKE,
            run_id=RUN_ID_TEMPLATE,
            ingest_task_id=FETCH_HISTORICAL,
            raw_root=settings.lake_raw_root,
            mode=settings.lake_sensor_mode,
            poke_interval=settings.lake_poke_interval_seconds,
            timeout=settings.lake_timeout_seconds,
            # Each poke is one small GET; in poke mode the whole wait counts against this.
            execution_timeout=timedelta(seconds=settings.lake_timeout_seconds + 300),
        )

        # none_failed: also runs when the steps before it were skipped because ingest sent 0 bars
        # (wait_for_lake skips, the job steps after it skip by their all_success rule); a failed
        # step still leaves it upstream_failed, so the DAG run fails.
        @task(task_id=LOG_COMPLETION, retries=0, multiple_outputs=False, trigger_rule=TriggerRule.NONE_FAILED)
        def log_completion(**context: Any) -> dict[str, Any]:
            ti = context["ti"]
            summaries = {step: ti.xcom_pull(task_ids=step) for step in STEPS}
            report = completion_report(pipeline_run_id(context["run_id"]), context["ds"], summaries,
                                       market_closed=closure(date.fromisoformat(context["ds"])))
            line = report_line(report)
            if report["outcome"] == INCOMPLETE:
                raise AirflowFailException(line)
            log.info("%s", line)
            return report

        chain(check_market_open(), fetch, wait, metrics, load, log_completion())
    return dag


dag = build_dag(Settings.resolve(variable=airflow_variable))
