"""Run ids follow the Java RunIds rule, so the DAG and the jobs agree on names in the lake."""

from __future__ import annotations

import pytest

from stockpipe.run_ids import is_valid, pipeline_run_id, sanitize


@pytest.mark.parametrize(
    ("airflow_run_id", "expected"),
    [
        ("scheduled__2024-01-05T21:30:00+00:00", "scheduled__2024-01-05T21_30_00_00_00"),
        ("manual__2024-01-05T21:30:00.123456+00:00", "manual__2024-01-05T21_30_00.123456_00_00"),
        ("backfill run #1 / ü", "backfill_run__1____"),
        ("already.safe-ID_1", "already.safe-ID_1"),
    ],
)
def test_sanitize_replaces_every_unsafe_character(airflow_run_id, expected):
    assert sanitize(airflow_run_id) == expected
    assert is_valid(expected)


def test_sanitize_truncates_to_128_characters():
    assert sanitize("a" * 200) == "a" * 128
    assert sanitize("é" * 130) == "_" * 128


def test_validity_matches_the_java_rule():
    assert not is_valid("")
    assert not is_valid(".")
    assert not is_valid("..")
    assert not is_valid("a" * 129)
    assert not is_valid("a:b")
    assert is_valid("a" * 128)


def test_pipeline_run_id_refuses_what_cannot_be_made_valid():
    with pytest.raises(ValueError, match="Cannot derive a pipeline run id"):
        pipeline_run_id("")
    with pytest.raises(ValueError, match="Cannot derive a pipeline run id"):
        pipeline_run_id("..")
    assert pipeline_run_id("scheduled__2024-01-05T21:30:00+00:00") == "scheduled__2024-01-05T21_30_00_00_00"
