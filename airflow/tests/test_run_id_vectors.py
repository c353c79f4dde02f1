"""The run-id rule and the manifest key agree with the Java side (contracts ``RunIds``, ``LakeLayout``).

``run_id_vectors.json`` is shared: contracts' ``RunIdVectorsTest`` reads the same file (see the
README, "Run ids"), so a change on either side that breaks the agreement fails a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from check_minio_file import manifest_key
from stockpipe.run_ids import is_valid, sanitize

VECTORS = json.loads((Path(__file__).resolve().parent / "run_id_vectors.json").read_text(encoding="utf-8"))


def test_the_vectors_cover_the_cases_that_matter():
    raws = [v["raw"] for v in VECTORS["sanitize"]]
    assert any(len(r) > 128 for r in raws), "truncation"
    assert any(any(ord(c) > 0xFFFF for c in r) for r in raws), "a code point outside the BMP (a UTF-16 pair in Java)"
    assert {"", ".", ".."} <= set(VECTORS["invalid"])
    assert len(VECTORS["manifest_key"]) >= 3


@pytest.mark.parametrize("vector", VECTORS["sanitize"], ids=lambda v: repr(v["raw"][:40]))
def test_sanitize_matches_the_java_rule(vector):
    assert sanitize(vector["raw"]) == vector["run_id"]


@pytest.mark.parametrize("run_id", VECTORS["valid"])
def test_valid_run_ids(run_id):
    assert is_valid(run_id)


@pytest.mark.parametrize("run_id", VECTORS["invalid"])
def test_invalid_run_ids_are_refused_and_have_no_manifest_key(run_id):
    assert not is_valid(run_id)
    with pytest.raises(ValueError, match="Invalid run id"):
        manifest_key(run_id)


@pytest.mark.parametrize("vector", VECTORS["manifest_key"], ids=lambda v: v["key"][:60])
def test_manifest_key_matches_the_java_layout(vector):
    assert manifest_key(vector["run_id"], raw_root=vector["raw_root"]) == vector["key"]
