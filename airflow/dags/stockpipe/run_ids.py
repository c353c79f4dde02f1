"""Run ids as the pipeline's jobs accept them.

Run ids end up in S3 keys and file names, so the jobs accept only ``[A-Za-z0-9._-]{1,128}``
(Java ``dev.stockpipe.contracts.RunIds``). Airflow's own run ids contain ``:`` and ``+``
(``scheduled__2024-01-05T21:30:00+00:00``), so the DAG passes them through :func:`sanitize`,
which applies exactly the rule of ``RunIds.sanitize``: every other character becomes ``_`` and
the result is truncated to 128 characters. The same Airflow run id therefore always maps to the
same pipeline run id, which is what makes a rerun of a DAG run idempotent.
"""

from __future__ import annotations

import re

MAX_LENGTH = 128
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_VALID = re.compile(r"[A-Za-z0-9._-]{1,128}")


def sanitize(raw: str) -> str:
    """Replace every character outside ``A-Za-z0-9._-`` with ``_`` and truncate to 128."""
    return _UNSAFE.sub("_", raw)[:MAX_LENGTH]


def is_valid(run_id: str | None) -> bool:
    """Mirror of ``RunIds.isValid``: the safe alphabet, 1-128 characters, not ``.`` or ``..``."""
    return run_id is not None and _VALID.fullmatch(run_id) is not None and run_id not in (".", "..")


def pipeline_run_id(airflow_run_id: str) -> str:
    """The pipeline run id for an Airflow run id; fails with the rule when none can be made."""
    run_id = sanitize(airflow_run_id)
    if not is_valid(run_id):
        raise ValueError(
            f"Cannot derive a pipeline run id from Airflow run id {airflow_run_id!r}: "
            "the result must be 1-128 characters from A-Z a-z 0-9 . _ - and not '.' or '..'"
        )
    return run_id
