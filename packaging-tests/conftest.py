"""Shared fixtures: the repository root, rendered kustomize overlays, the compose config."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parents[1]
OVERLAYS = ("dev", "prod")


def _need(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not on PATH; {hint}", pytrace=False)
    return path


def render_kustomize(directory: Path) -> list[dict]:
    kubectl = _need("kubectl", "install kubectl 1.32 (kustomize v5 built in)")
    proc = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"kubectl kustomize {directory} failed:\n{proc.stderr}")
    return [doc for doc in yaml.safe_load_all(proc.stdout) if doc]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[dict]]:
    """overlay name -> every object `kubectl kustomize k8s/overlays/<name>` renders."""
    return {name: render_kustomize(REPO / "k8s" / "overlays" / name) for name in OVERLAYS}


@pytest.fixture(scope="session")
def compose_config() -> dict:
    """`docker compose config` (v2) of docker-compose.yml with .env.example (interpolated, merged), every
    profile's services included."""
    _need("docker", "run docker/standins/engine.sh (Docker CLI with the compose v2 plugin)")
    proc = subprocess.run(
        ["docker", "compose", "--profile", "build-only", "--env-file", str(REPO / ".env.example"),
         "-f", str(REPO / "docker-compose.yml"), "config"],
        capture_output=True, text=True, cwd=REPO,
    )
    if proc.returncode != 0:
        raise AssertionError(f"docker compose config rejected docker-compose.yml:\n{proc.stderr}")
    return yaml.safe_load(proc.stdout)
