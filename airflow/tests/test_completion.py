"""The report log_completion logs, for a loaded day, a day without bars, and a day left incomplete."""

from __future__ import annotations

from stockpipe.completion import completion_report, report_line

RUN_ID = "scheduled__2024-07-04T20_30_00_00_00"
INGEST = {"bars_sent": 12, "status": "success"}
LAKE = {"records_landed": 12}
SPARK = {"rows_written": 3}
LOADER = {"inserted": 2, "updated": 1, "unchanged": 0}


def test_a_loaded_day_reports_every_figure():
    report = completion_report(RUN_ID, "2024-07-05", {"fetch_historical": INGEST, "wait_for_lake": LAKE,
                                                       "spark_daily_metrics": SPARK, "load_to_warehouse": LOADER})
    assert report["outcome"] == "loaded"
    assert (report["bars_sent"], report["records_landed"], report["metric_rows_written"]) == (12, 12, 3)
    assert report["rows_merged"] == 3
    assert report["steps_without_summary"] == []
    assert report_line(report) == (
        f"stockpipe run {RUN_ID} for 2024-07-05 completed: bars_sent=12, records_landed=12, metric_rows_written=3, "
        "rows_inserted=2, rows_updated=1, rows_unchanged=0, rows_merged=3")


def test_zero_bars_is_a_closed_market_not_a_failure():
    report = completion_report(RUN_ID, "2024-07-04", {"fetch_historical": {"bars_sent": 0, "status": "success"}})
    assert report["outcome"] == "no_data"
    assert report["steps_without_summary"] == ["wait_for_lake", "spark_daily_metrics", "load_to_warehouse"]
    line = report_line(report)
    assert line.startswith(f"stockpipe run {RUN_ID} for 2024-07-04: no bars for this date (market closed")
    assert "skipped: wait_for_lake, spark_daily_metrics, load_to_warehouse" in line


def test_a_skipped_step_after_bars_were_sent_is_incomplete():
    report = completion_report(RUN_ID, "2024-07-05", {"fetch_historical": INGEST, "wait_for_lake": LAKE})
    assert report["outcome"] == "incomplete"
    line = report_line(report)
    assert "is INCOMPLETE: no summary from spark_daily_metrics, load_to_warehouse (ingest sent 12 bars)" in line
    assert "the warehouse was not loaded" in line


def test_no_ingest_summary_at_all_is_incomplete_not_no_data():
    report = completion_report(RUN_ID, "2024-07-05", {})
    assert report["outcome"] == "incomplete"
    assert "(ingest reported no bar count)" in report_line(report)


def test_a_market_holiday_is_reported_with_its_name():
    report = completion_report("r1", "2026-11-26", {}, market_closed="Thanksgiving Day")
    assert report["outcome"] == "market_closed"
    assert report_line(report) == ("stockpipe run r1 for 2026-11-26: market closed: Thanksgiving Day; every step was "
                                   "skipped and nothing was written to the lake or the warehouse")
