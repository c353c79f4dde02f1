"""What each Kafka client of the pipeline does, read from the modules' own sources, as the ACLs it
needs: the KafkaUsers of k8s/components/kafka-mtls must grant exactly these."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# An ACL as (resource type, resource name, pattern type, operation); the cluster resource has no name.
Acl = tuple[str, str, str, str]

# Who talks to Kafka in prod, and as which KafkaUser. "dag" = the DAG's pod for that image kind.
KAFKA_CLIENTS = {
    ("Deployment", "ingest"): "stockpipe-ingest",
    ("Deployment", "lake-writer"): "stockpipe-lake-writer",
    ("Deployment", "dashboard"): "stockpipe-dashboard",
    ("dag", "ingest"): "stockpipe-ingest-job",
    # the streaming job's Kafka sink runs in the executors; the driver checks the topic
    ("SparkApplication-driver", "window-metrics"): "stockpipe-window-metrics",
    ("SparkApplication-executor", "window-metrics"): "stockpipe-window-metrics",
}


def topics() -> dict[str, str]:
    """contracts' Topics: HISTORICAL / REALTIME / DLQ / METRICS_WINDOWS -> topic name."""
    src = (REPO / "contracts/src/main/java/dev/stockpipe/contracts/Topics.java").read_text()
    found = dict(re.findall(r'static final String (HISTORICAL|REALTIME|DLQ|METRICS_WINDOWS) = "([^"]+)";', src))
    if len(found) != 4:
        raise AssertionError(f"could not read the topic names of contracts' Topics, found {found}")
    return found


def properties(module: str) -> dict[str, str]:
    """A Quarkus module's application.properties (no profile-prefixed keys); ${ENV:default} -> default."""
    out = {}
    for line in (REPO / module / "src/main/resources/application.properties").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("%") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        out[key.strip()] = re.sub(r"\$\{[A-Z0-9_]+:([^}]*)\}", r"\1", value.strip())
    return out


def channel_topics(props: dict[str, str], direction: str) -> set[str]:
    """Topics of the SmallRye channels of one direction (incoming|outgoing)."""
    found = set()
    for key, value in props.items():
        if re.fullmatch(rf"mp\.messaging\.{direction}\.[^.]+\.topics?", key):
            found |= {t.strip() for t in value.split(",") if t.strip()}
    return found


def consumer_groups(props: dict[str, str]) -> set[str]:
    return {v for k, v in props.items() if re.fullmatch(r"mp\.messaging\.incoming\.[^.]+\.group\.id", k)}


def idempotent(props: dict[str, str]) -> bool:
    return any(k.endswith("enable.idempotence") and v == "true" for k, v in props.items())


def transactional_id_prefix() -> str:
    src = (REPO / "ingest-quarkus/src/main/java/dev/stockpipe/ingest/publish/RunProducers.java").read_text()
    m = re.search(r'TRANSACTIONAL_ID_PREFIX = "([^"]+)";', src)
    if not m:
        raise AssertionError("RunProducers has no TRANSACTIONAL_ID_PREFIX: align packaging-tests/kafka_access.py")
    return m.group(1)


def window_feed_idempotent() -> bool:
    """The window job's Kafka sink (WindowMetricsPublisher) asks for an idempotent producer."""
    src = (REPO / "spark/src/main/java/dev/stockpipe/spark/window/WindowMetricsPublisher.java").read_text()
    return '"kafka.enable.idempotence", "true"' in src


DASHBOARD_GROUP_PREFIX = "dashboard-"


def dashboard_acls() -> set[Acl]:
    """The dashboard reads its channels' topics in groups named dashboard-<pod>[-windows] and reads the
    lake-writer group's offsets (Describe) for the lag it shows."""
    props = properties("dashboard-quarkus")
    acls = set()
    for topic in channel_topics(props, "incoming"):
        acls |= consume(topic)
    raw = (REPO / "dashboard-quarkus/src/main/resources/application.properties").read_text()
    for group_id in re.findall(r"^mp\.messaging\.incoming\.[^.]+\.group\.id=(.*)$", raw, re.M):
        if not re.match(r"\$\{DASHBOARD_GROUP_ID:" + re.escape(DASHBOARD_GROUP_PREFIX), group_id):
            raise AssertionError(f"dashboard group id {group_id} does not start with {DASHBOARD_GROUP_PREFIX}")
        acls |= {("group", DASHBOARD_GROUP_PREFIX, "prefix", "Read"), ("group", DASHBOARD_GROUP_PREFIX, "prefix", "Describe")}
    acls.add(("group", props["dashboard.lake-writer-group"], "literal", "Describe"))
    return acls


def produce(topic: str) -> set[Acl]:
    return {("topic", topic, "literal", "Write"), ("topic", topic, "literal", "Describe")}


def consume(topic: str) -> set[Acl]:
    return {("topic", topic, "literal", "Read"), ("topic", topic, "literal", "Describe")}


def group(name: str) -> set[Acl]:
    return {("group", name, "literal", "Read"), ("group", name, "literal", "Describe")}


def transactions(prefix: str) -> set[Acl]:
    return {("transactionalId", prefix, "prefix", "Write"), ("transactionalId", prefix, "prefix", "Describe")}


IDEMPOTENT_WRITE: set[Acl] = {("cluster", "", "literal", "IdempotentWrite")}


def expected_acls() -> dict[str, set[Acl]]:
    """KafkaUser -> the ACLs its client needs, no more."""
    t = topics()
    ingest = properties("ingest-quarkus")
    lake = properties("lake-writer-quarkus")
    backfills = produce(t["HISTORICAL"]) | transactions(transactional_id_prefix())  # RunProducers: not a channel
    service = set(backfills)
    for topic in channel_topics(ingest, "outgoing"):
        service |= produce(topic)
    lake_acls = set()
    for topic in channel_topics(lake, "incoming"):
        lake_acls |= consume(topic)
    for name in consumer_groups(lake):
        lake_acls |= group(name)
    for topic in channel_topics(lake, "outgoing"):
        lake_acls |= produce(topic)
    return {
        "stockpipe-ingest": service | (IDEMPOTENT_WRITE if idempotent(ingest) else set()),
        "stockpipe-ingest-job": backfills | (IDEMPOTENT_WRITE if idempotent(ingest) else set()),
        "stockpipe-lake-writer": lake_acls | (IDEMPOTENT_WRITE if idempotent(lake) else set()),
        "stockpipe-dashboard": dashboard_acls(),
        "stockpipe-window-metrics": produce(t["METRICS_WINDOWS"]) | (IDEMPOTENT_WRITE if window_feed_idempotent() else set()),
    }


def granted_acls(kafka_user: dict) -> set[Acl]:
    """The ACLs a KafkaUser grants (allow rules), normalized like expected_acls()."""
    out = set()
    for acl in kafka_user["spec"]["authorization"]["acls"]:
        r = acl["resource"]
        for op in acl["operations"]:
            out.add((r["type"], r.get("name", "") if r["type"] != "cluster" else "", r.get("patternType", "literal"), op))
    return out


def may_write(kafka_user: dict, topic: str) -> bool:
    for acl in kafka_user["spec"]["authorization"]["acls"]:
        r = acl["resource"]
        if acl.get("type", "allow") != "allow" or r["type"] != "topic":
            continue
        name, pattern = r.get("name", ""), r.get("patternType", "literal")
        matches = name == "*" or (topic.startswith(name) if pattern == "prefix" else topic == name)
        if matches and {"Write", "All"} & set(acl["operations"]):
            return True
    return False
