"""Every image production runs is pinned and comes from a registry named in the reference.

The rule (k8s/README.md, "Images in production"), for every image reference in the rendered prod
overlay, in the job templates the DAG launches there, and in the Airflow values for prod:
  1. it names its registry host (first path component with a "." or ":", or "localhost"): no implicit
     Docker Hub;
  2. it is pinned: a digest "@sha256:<64 hex>", or a release tag MAJOR.MINOR.PATCH; never "latest",
     never without a tag, never the dev tag (the tag k8s/base gives our images, what compose builds);
  3. our own images (".../stockpipe/<name>") come from the production registry, and all of them carry
     one release tag, the same in k8s/overlays/prod and k8s/airflow/values-prod.yaml.
A job template's own image (container "base" of a Pod template, spec.image of a SparkApplication
template) is a placeholder the DAG replaces with its STOCKPIPE_IMAGE_* setting, so the setting is
what is checked for it; every other image in a template is checked as written.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import pytest
import yaml

from conftest import REPO
from contract import OWN_IMAGES, PROD_REGISTRY, airflow_values, job_templates

RELEASE_TAG = re.compile(r"\d+\.\d+\.\d+")
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
PROD_VALUES = ("values.yaml", "values-prod.yaml")


@dataclass(frozen=True)
class ImageRef:
    registry: str | None
    repository: str
    tag: str | None
    digest: str | None


def parse_image(ref: str) -> ImageRef:
    name, _, digest = ref.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        return ImageRef(first, rest, tag, digest or None)
    return ImageRef(None, name, tag, digest or None)


def dev_tag() -> str:
    kustomization = yaml.safe_load((REPO / "k8s/base/kustomization.yaml").read_text())
    tags = {i["newTag"] for i in kustomization["images"]}
    assert len(tags) == 1, f"k8s/base gives our images several dev tags: {tags}"
    return tags.pop()


def own_image(ref: ImageRef) -> str | None:
    """Short name of one of our images (stockpipe/<name>), else None."""
    parts = ref.repository.split("/")
    if len(parts) >= 2 and parts[-2] == "stockpipe" and parts[-1] in OWN_IMAGES:
        return parts[-1]
    return None


def prod_image_problems(ref: str, dev: str) -> list[str]:
    """Why an image reference may not run in production (empty: it may)."""
    if "$" in ref or "{{" in ref:
        return [f"{ref}: a template, not an image reference"]
    image = parse_image(ref)
    problems = []
    if image.registry is None:
        problems.append(f"{ref}: names no registry (it would be pulled from Docker Hub implicitly)")
    if image.digest is not None and not DIGEST.fullmatch(image.digest):
        problems.append(f"{ref}: {image.digest} is not a sha256 digest")
    elif image.digest is None:
        if image.tag is None:
            problems.append(f"{ref}: neither a tag nor a digest")
        elif image.tag == "latest":
            problems.append(f"{ref}: 'latest' is not pinned")
        elif image.tag == dev:
            problems.append(f"{ref}: {dev} is the dev tag (what compose and k8s/base build), not a release")
        elif not RELEASE_TAG.fullmatch(image.tag):
            problems.append(f"{ref}: tag {image.tag} is not a release MAJOR.MINOR.PATCH (or pin a digest)")
    if own_image(image) and not ref.startswith(PROD_REGISTRY):
        problems.append(f"{ref}: our image from outside the production registry {PROD_REGISTRY}")
    return problems


# ---- where prod names images --------------------------------------------------------------------

def _walk_images(node, where, out, skip=()):
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{where}.{key}"
            if key == "image" and isinstance(value, str):
                if path not in skip:
                    out.append((path, value))
            else:
                _walk_images(value, path, out, skip)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk_images(value, f"{where}[{i}]", out, skip)


def _template_job_image_paths(name: str, template: dict) -> set[str]:
    """Paths of the image the DAG replaces in a job template (see the module doc)."""
    root = f"template {name}"
    if template.get("kind") == "SparkApplication":
        return {f"{root}.spec.image"}
    containers = (template.get("spec") or {}).get("containers") or []
    return {f"{root}.spec.containers[{i}].image" for i, c in enumerate(containers) if c.get("name") == "base"}


def dag_image_kinds() -> set[str]:
    """The image kinds the DAG has a STOCKPIPE_IMAGE_<KIND> setting for (settings.py DEFAULT_IMAGES)."""
    tree = ast.parse((REPO / "airflow/dags/stockpipe/settings.py").read_text())
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "DEFAULT_IMAGES" for t in targets):
            return set(ast.literal_eval(node.value))
    raise AssertionError("airflow/dags/stockpipe/settings.py has no DEFAULT_IMAGES: align test_prod_images.py")


def airflow_image_refs(values: dict) -> list[tuple[str, str]]:
    refs = []
    for component, image in (values.get("images") or {}).items():
        if isinstance(image, dict) and image.get("repository"):
            refs.append((f"images.{component}", f"{image['repository']}:{image.get('tag')}"))
    if values.get("defaultAirflowRepository"):
        refs.append(("defaultAirflowRepository:defaultAirflowTag",
                     f"{values['defaultAirflowRepository']}:{values.get('defaultAirflowTag')}"))
    for e in values.get("env") or []:
        if e["name"].startswith("STOCKPIPE_IMAGE_"):
            refs.append((f"env {e['name']}", e["value"]))
    return refs


def prod_image_refs(objects: list[dict]) -> list[tuple[str, str]]:
    """(where, image) for every image production names."""
    refs: list[tuple[str, str]] = []
    for o in objects:
        if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "stockpipe-job-templates":
            continue
        _walk_images(o, f"{o['kind']}/{o['metadata']['name']}", refs)
    for name, template in job_templates(objects).items():
        _walk_images(template, f"template {name}", refs, skip=_template_job_image_paths(name, template))
    refs += [(f"k8s/airflow ({where})", ref) for where, ref in airflow_image_refs(airflow_values(*PROD_VALUES))]
    return refs


# ---- tests ------------------------------------------------------------------------------------

def test_prod_names_only_pinned_registry_images(rendered):
    refs = prod_image_refs(rendered["prod"])
    assert len(refs) >= 8, refs
    dev = dev_tag()
    problems = [f"{where}: {p}" for where, ref in refs for p in prod_image_problems(ref, dev)]
    assert not problems, "\n".join(problems)


def test_prod_rewrites_every_image_kustomize_renders(rendered):
    """The SparkApplication's image follows the overlay's `images:` like a Deployment's does."""
    (app,) = [o for o in rendered["prod"] if o["kind"] == "SparkApplication" and o["metadata"]["name"] == "window-metrics"]
    assert app["spec"]["image"].startswith(PROD_REGISTRY + "stockpipe/spark-jobs:")


def test_prod_runs_one_release_of_our_images(rendered):
    tags = {}
    for where, ref in prod_image_refs(rendered["prod"]):
        image = parse_image(ref)
        if own_image(image):
            tags.setdefault(image.tag, []).append(where)
    assert len(tags) == 1, f"our images carry several tags in prod: {tags}"


def test_prod_airflow_values_pin_every_dag_image():
    env = {e["name"]: e["value"] for e in airflow_values(*PROD_VALUES).get("env") or []}
    kinds = dag_image_kinds()
    assert kinds >= {"ingest", "spark", "loader"}
    missing = sorted(f"STOCKPIPE_IMAGE_{k.upper()}" for k in kinds if f"STOCKPIPE_IMAGE_{k.upper()}" not in env)
    assert not missing, f"values-prod.yaml leaves the DAG's default (dev) images for {missing}"


def test_dev_keeps_the_dev_tag(rendered):
    """Dev runs what compose and docker/README.md build locally: stockpipe/<name>:<dev tag>."""
    dev = dev_tag()
    for o in rendered["dev"]:
        if o["kind"] == "Deployment" and o["metadata"]["name"] in ("ingest", "lake-writer"):
            assert o["spec"]["template"]["spec"]["containers"][0]["image"] == f"stockpipe/{o['metadata']['name']}:{dev}"


@pytest.mark.parametrize("ref,reason", [
    ("registry.example.com/stockpipe/ingest:0.1.0", "dev tag"),
    ("registry.example.com/stockpipe/ingest:latest", "'latest'"),
    ("registry.example.com/stockpipe/ingest", "neither a tag"),
    ("stockpipe/ingest:1.0.0", "names no registry"),
    ("ghcr.io/someone/stockpipe/lake-writer:1.0.0", "outside the production registry"),
    ("quay.io/strimzi/kafka:main", "not a release"),
    ("registry.example.com/stockpipe/ingest@sha256:abc", "not a sha256 digest"),
    ("${REGISTRY}/stockpipe/ingest:1.0.0", "a template"),
])
def test_injected_bad_prod_images_are_caught(ref, reason):
    problems = prod_image_problems(ref, "0.1.0")
    assert any(reason in p for p in problems), problems


@pytest.mark.parametrize("ref", [
    "registry.example.com/stockpipe/ingest:1.0.0",
    "registry.example.com/stockpipe/ingest@sha256:" + "0" * 64,
    "registry.example.com/stockpipe/ingest:1.0.0@sha256:" + "a" * 64,
    "quay.io/strimzi/kafka:0.46.0",
    "localhost:5000/tools/mc:2.1.3",
])
def test_pinned_registry_images_pass(ref):
    assert prod_image_problems(ref, "0.1.0") == []
