"""The end-of-run report ``log_completion`` logs: one line an operator can read at a glance.

Four outcomes: ``loaded`` (every step ran), ``market_closed`` (the date is a weekend or an NYSE
holiday, so ``check_market_open`` skipped every step), ``no_data`` (ingest sent 0 bars on a
trading day, so ``wait_for_lake`` skipped and the job steps after it were skipped with it) and
``incomplete`` (a step has no summary although ingest sent bars, e.g. someone marked it skipped:
the warehouse was not loaded for the date, which ``log_completion`` must not report as success).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockpipe.steps import FETCH_HISTORICAL, LOAD_TO_WAREHOUSE, SPARK_DAILY_METRICS, WAIT_FOR_LAKE

#: (report field, step, summary field) — what each step contributes to the report.
REPORT_FIELDS = (
    ("bars_sent", FETCH_HISTORICAL, "bars_sent"),
    ("records_landed", WAIT_FOR_LAKE, "records_landed"),
    ("metric_rows_written", SPARK_DAILY_METRICS, "rows_written"),
    ("rows_inserted", LOAD_TO_WAREHOUSE, "inserted"),
    ("rows_updated", LOAD_TO_WAREHOUSE, "updated"),
    ("rows_unchanged", LOAD_TO_WAREHOUSE, "unchanged"),
)
STEPS = (FETCH_HISTORICAL, WAIT_FOR_LAKE, SPARK_DAILY_METRICS, LOAD_TO_WAREHOUSE)

LOADED = "loaded"
MARKET_CLOSED = "market_closed"
NO_DATA = "no_data"
INCOMPLETE = "incomplete"


def completion_report(run_id: str, date: str, summaries: Mapping[str, Any],
                      market_closed: str | None = None) -> dict[str, Any]:
    """Key figures of every step plus the steps' full summaries; a missing figure is ``None``.

    ``market_closed`` is the exchange calendar's reason the market was closed on ``date``, if it was.
    """
    report: dict[str, Any] = {"run_id": run_id, "date": date, "market_closed": market_closed}
    for field, step, key in REPORT_FIELDS:
        summary = summaries.get(step)
        report[field] = summary.get(key) if isinstance(summary, Mapping) else None
    inserted, updated = report["rows_inserted"], report["rows_updated"]
    # The loader's MERGE reports inserted and updated rows; together they are the rows merged.
    report["rows_merged"] = inserted + updated if isinstance(inserted, int) and isinstance(updated, int) else None
    report["steps"] = {step: summaries.get(step) for step in STEPS}
    report["steps_without_summary"] = [step for step in STEPS if not isinstance(summaries.get(step), Mapping)]
    if market_closed is not None and not isinstance(summaries.get(FETCH_HISTORICAL), Mapping):
        report["outcome"] = MARKET_CLOSED
    elif report["bars_sent"] == 0 and isinstance(summaries.get(FETCH_HISTORICAL), Mapping):
        report["outcome"] = NO_DATA
    elif report["steps_without_summary"]:
        report["outcome"] = INCOMPLETE
    else:
        report["outcome"] = LOADED
    return report


def report_line(report: Mapping[str, Any]) -> str:
    head = f"stockpipe run {report.get('run_id')} for {report.get('date')}"
    skipped = ", ".join(report.get("steps_without_summary") or []) or "none"
    if report.get("outcome") == MARKET_CLOSED:
        return (f"{head}: market closed: {report.get('market_closed')}; every step was skipped and nothing was "
                "written to the lake or the warehouse")
    if report.get("outcome") == NO_DATA:
        return (f"{head}: no bars for this date (market closed, or the source had no data); skipped: {skipped}; "
                "nothing was written to the lake's processed zone or the warehouse")
    names = [field for field, _step, _key in REPORT_FIELDS] + ["rows_merged"]
    figures = ", ".join(f"{name}={report.get(name)}" for name in names)
    if report.get("outcome") == INCOMPLETE:
        bars = report.get("bars_sent")
        sent = f"ingest sent {bars} bars" if isinstance(bars, int) else "ingest reported no bar count"
        return (f"{head} is INCOMPLETE: no summary from {skipped} ({sent}); the warehouse was not loaded for "
                f"this date, clear those steps to run them ({figures})")
    return f"{head} completed: {figures}"
