"""The DAG's timestamp rule agrees with the Java validator and Spark: all read the same vectors.

``contracts/src/test/resources/vectors/timestamps.json`` is owned by contracts; its
``TimestampVectorsTest`` and spark's ``RawJsonTest`` read the same file.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from stockpipe.timestamps import is_valid, parse_instant

VECTORS_DIR = Path(__file__).resolve().parents[2] / "contracts" / "src" / "test" / "resources" / "vectors"
VECTORS = json.loads((VECTORS_DIR / "timestamps.json").read_text(encoding="utf-8"))


def _utc(text: str) -> datetime:
    # the vectors' "utc" is always YYYY-MM-DDTHH:MM:SS.ffffffZ
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("vector", VECTORS["accepted"], ids=lambda v: v["case"])
def test_accepted_texts_mean_their_instant(vector):
    assert parse_instant(vector["text"]) == _utc(vector["utc"])


@pytest.mark.parametrize("vector", VECTORS["rejected"], ids=lambda v: v["case"])
def test_rejected_texts_fail_naming_the_text(vector):
    assert not is_valid(vector["text"])
    with pytest.raises(ValueError, match="not an ISO-8601 instant"):
        parse_instant(vector["text"])


def test_the_vectors_are_not_empty():
    assert len(VECTORS["accepted"]) >= 15
    assert len(VECTORS["rejected"]) >= 20
