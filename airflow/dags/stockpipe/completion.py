"""The end-of-run report ``log_completion`` logs: one line an operator can read at a glance."""

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


def completion_report(run_id: str, date: str, summaries: Mapping[str, Any]) -> dict[str, Any]:
    """Key figures of every step plus the steps' full summaries; a missing figure is ``None``."""
    report: dict[str, Any] = {"run_id": run_id, "date": date}
    for field, step, key in REPORT_FIELDS:
        summary = summaries.get(step)
        report[field] = summary.get(key) if isinstance(summary, Mapping) else None
    inserted, updated = report["rows_inserted"], report["rows_updated"]
    # The loader's MERGE reports inserted and updated rows; together they are the rows merged.
    report["rows_merged"] = inserted + updated if isinstance(inserted, int) and isinstance(updated, int) else None
    report["steps"] = {step: summaries.get(step) for step in (FETCH_HISTORICAL, WAIT_FOR_LAKE, SPARK_DAILY_METRICS,
                                                               LOAD_TO_WAREHOUSE)}
    return report


def report_line(report: Mapping[str, Any]) -> str:
    names = [field for field, _step, _key in REPORT_FIELDS] + ["rows_merged"]
    figures = ", ".join(f"{name}={report.get(name)}" for name in names)
    return f"stockpipe run {report.get('run_id')} for {report.get('date')} completed: {figures}"
