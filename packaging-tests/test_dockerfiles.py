"""Every Dockerfile whose builder stage runs Maven gives it the whole reactor.

Maven reads every ``<module>`` of the root pom even with ``-pl <module> -am``, so a builder stage that
copies only the root pom, ``contracts/`` and its own module fails (the native Dockerfiles once did). The
rule: the stage's COPY set covers the root ``pom.xml``, ``mvnw``, ``.mvn/`` and every module of the
default reactor, and ``.dockerignore`` keeps none of them (their ``pom.xml`` and ``src/``) out of the
build context. The JVM and native Dockerfiles of every module are checked, and the rule itself is tested
on a Dockerfile and an ignore file that break it.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO

POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
WRAPPER = ("pom.xml", "mvnw", ".mvn")


def reactor_modules() -> list[str]:
    """The modules of the default reactor (not those only a profile adds)."""
    root = ET.parse(REPO / "pom.xml").getroot()
    return [m.text.strip() for m in root.findall("m:modules/m:module", POM_NS)]


def maven_dockerfiles() -> list[str]:
    found = []
    for path in sorted(REPO.glob("**/Dockerfile*")):
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith((".venv", "docker/standins")) or "/target/" in rel or "node_modules" in rel:
            continue
        if "mvnw" in path.read_text():
            found.append(rel)
    return found


def builder_copy_sources(text: str) -> list[list[str]]:
    """Per stage that runs ./mvnw: the sources of its COPY instructions from the build context."""
    stages, current, runs_maven = [], [], False
    for line in re.sub(r"\\\n", " ", text).splitlines():
        words = line.split()
        if not words:
            continue
        keyword = words[0].upper()
        if keyword == "FROM":
            if runs_maven:
                stages.append(current)
            current, runs_maven = [], False
        elif keyword == "COPY" and not any(w.startswith("--from") for w in words[1:]):
            args = [w for w in words[1:] if not w.startswith("--")]
            current.extend(args[:-1])
        elif keyword == "RUN" and "mvnw" in line:
            runs_maven = True
    if runs_maven:
        stages.append(current)
    return stages


def missing_from_copy(sources: list[str], needed: list[str]) -> list[str]:
    copied = {s.rstrip("/").removeprefix("./") or "." for s in sources}
    if "." in copied:
        return []
    return [n for n in needed if not any(n == c or n.startswith(c + "/") for c in copied)]


def _pattern(rule: str) -> re.Pattern:
    out, i = "", 0
    while i < len(rule):
        if rule.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif rule.startswith("**", i):
            out, i = out + ".*", i + 2
        elif rule[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif rule[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(rule[i]), i + 1
    return re.compile(out)


def ignored(path: str, rules: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; excluding a directory excludes what is in it."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: k + 1]) for k in range(len(parts))]
    result = False
    for raw in rules:
        negated = raw.startswith("!")
        pattern = _pattern(raw.removeprefix("!").strip("/"))
        if any(pattern.fullmatch(p) for p in prefixes):
            result = not negated
    return result


def dockerignore_rules(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def needed_paths() -> list[str]:
    return [*WRAPPER, *reactor_modules()]


def test_the_reactor_is_read_from_the_root_pom():
    assert {"contracts", "ingest-quarkus", "lake-writer-quarkus", "spark", "warehouse-loader"} <= set(reactor_modules())


def test_native_and_jvm_dockerfiles_are_all_checked():
    files = maven_dockerfiles()
    for module in ("ingest-quarkus", "lake-writer-quarkus"):
        assert f"{module}/src/main/docker/Dockerfile.native" in files
        assert f"{module}/src/main/docker/Dockerfile.jvm" in files
    assert {"spark/Dockerfile", "warehouse-loader/Dockerfile", "airflow/Dockerfile"} <= set(files)


@pytest.mark.parametrize("dockerfile", maven_dockerfiles())
def test_builder_stage_copies_the_whole_reactor(dockerfile):
    stages = builder_copy_sources((REPO / dockerfile).read_text())
    assert stages, f"{dockerfile} runs ./mvnw in no stage I can find"
    for sources in stages:
        missing = missing_from_copy(sources, needed_paths())
        assert not missing, f"{dockerfile}: the Maven stage does not COPY {missing} (Maven reads every module)"


def test_dockerignore_keeps_the_reactor_in_the_context():
    rules = dockerignore_rules((REPO / ".dockerignore").read_text())
    needed = [*WRAPPER] + [f"{m}/{part}" for m in reactor_modules() for part in ("pom.xml", "src/main/java/X.java")]
    kept_out = [p for p in needed if ignored(p, rules)]
    assert not kept_out, f".dockerignore keeps {kept_out} out of the build context"
    # and it does keep out what must not ship: VCS, virtualenvs, local data, secrets, build output
    for path in (".git/config", ".venv/bin/python", "airflow/.venv/x", "data/demo/x", ".env", "spark/target/classes/x"):
        assert ignored(path, rules), f".dockerignore lets {path} into the build context"


def test_copy_rule_catches_a_partial_copy():
    partial = """
FROM builder AS build
COPY pom.xml mvnw ./
COPY .mvn/ .mvn/
COPY contracts/ contracts/
COPY ingest-quarkus ingest-quarkus
RUN ./mvnw -pl ingest-quarkus -am package
FROM runtime
COPY --from=build /build/app /app
"""
    missing = missing_from_copy(builder_copy_sources(partial)[0], needed_paths())
    assert "lake-writer-quarkus" in missing and "devstack" in missing and "contracts" not in missing


def test_ignore_rule_catches_an_excluded_module():
    rules = dockerignore_rules("**/target\nspark\n!spark/target/lib\n")
    assert ignored("spark/pom.xml", rules)
    assert ignored("ingest-quarkus/target/x.jar", rules)
    assert not ignored("ingest-quarkus/pom.xml", rules)
    assert not ignored("spark/target/lib/a.jar", rules)
