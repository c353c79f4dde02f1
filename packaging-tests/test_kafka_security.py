"""Prod Kafka accepts only clients with a certificate (mTLS) and lets each do only what its
KafkaUser's ACLs grant; every client is wired to its own identity. Dev stays PLAINTEXT."""
from __future__ import annotations

import pytest
import yaml

from conftest import REPO
from contract import airflow_env, container_env, dag_pod, job_templates, mounted_files
from kafka_access import KAFKA_CLIENTS, expected_acls, granted_acls, may_write, topics

PROD_VALUES = ("values.yaml", "values-prod.yaml")
PKCS12 = "PKCS12"


def _objects(objects, kind):
    return [o for o in objects if o["kind"] == kind]


def _one(objects, kind, name):
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name} rendered {len(found)} times"
    return found[0]


def _kafka(objects):
    (kafka,) = _objects(objects, "Kafka")
    return kafka


def _client(objects, workload):
    """(pod spec, container) of a Kafka client of KAFKA_CLIENTS."""
    kind, name = workload
    if kind == "dag":
        return dag_pod(objects, airflow_env(*PROD_VALUES), name)
    if kind.startswith("SparkApplication-"):
        # the operator builds the pods: spec.volumes are the pod's, spec.driver / spec.executor its container
        spec = _one(objects, "SparkApplication", name)["spec"]
        return spec, spec[kind.split("-", 1)[1]]
    spec = _one(objects, kind, name)["spec"]["template"]["spec"]
    (container,) = [c for c in spec["containers"] if c["name"] == name]
    return spec, container


def _env_value(container, name):
    for e in container.get("env") or []:
        if e["name"] == name:
            return e
    return None


def _runtime(objects):
    return _one(objects, "ConfigMap", "stockpipe-runtime")["data"]


# ---- the broker ---------------------------------------------------------------------------------

def test_prod_kafka_accepts_only_authenticated_tls_clients(rendered):
    kafka = _kafka(rendered["prod"])["spec"]
    listeners = kafka["kafka"]["listeners"]
    assert listeners, "prod Kafka has no listener"
    for listener in listeners:
        assert listener["tls"] is True, f"listener {listener['name']} is not TLS"
        assert (listener.get("authentication") or {}).get("type") == "tls", \
            f"listener {listener['name']} lets clients in without a certificate"
    authorization = kafka["kafka"].get("authorization") or {}
    assert authorization.get("type") == "simple", "without authorization every authenticated client may do anything"
    assert not authorization.get("superUsers"), "no super users of ours: every client has a KafkaUser with ACLs"
    assert "userOperator" in kafka["entityOperator"], "KafkaUsers need Strimzi's User Operator"


def test_dev_kafka_stays_plaintext(rendered):
    objects = rendered["dev"]
    kafka = _kafka(objects)["spec"]["kafka"]
    assert [(l["tls"], l.get("authentication")) for l in kafka["listeners"]] == [(False, None)]
    assert "authorization" not in kafka
    assert not _objects(objects, "KafkaUser")
    for name in ("ingest", "lake-writer", "dashboard"):
        _, container = _client(objects, ("Deployment", name))
        protocol = _env_value(container, "KAFKA_SECURITY_PROTOCOL")
        assert protocol is None or protocol.get("value") == "PLAINTEXT", f"dev {name} is not PLAINTEXT"


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_bootstrap_address_is_the_client_listener(rendered, overlay):
    objects = rendered[overlay]
    kafka = _kafka(objects)
    host, port = _runtime(objects)["KAFKA_BOOTSTRAP_SERVERS"].rsplit(":", 1)
    assert host == f"{kafka['metadata']['name']}-kafka-bootstrap"
    (listener,) = [l for l in kafka["spec"]["kafka"]["listeners"] if l["port"] == int(port)]
    assert listener["type"] == "internal"
    assert listener["tls"] is (overlay == "prod")


# ---- identities and ACLs ------------------------------------------------------------------------

@pytest.mark.parametrize("user", sorted(expected_acls()))
def test_kafka_user_grants_exactly_what_its_client_does(rendered, user):
    kafka_user = _one(rendered["prod"], "KafkaUser", user)
    assert kafka_user["metadata"]["labels"]["strimzi.io/cluster"] == _kafka(rendered["prod"])["metadata"]["name"]
    assert kafka_user["spec"]["authentication"]["type"] == "tls"
    acls = kafka_user["spec"]["authorization"]["acls"]
    assert all(a.get("type", "allow") == "allow" and a.get("host", "*") == "*" for a in acls)
    granted, needed = granted_acls(kafka_user), expected_acls()[user]
    assert granted == needed, (f"{user}: grants beyond what it does {sorted(granted - needed)}, "
                               f"lacks {sorted(needed - granted)}")


def test_every_kafka_user_belongs_to_a_client(rendered):
    users = {u["metadata"]["name"] for u in _objects(rendered["prod"], "KafkaUser")}
    assert users == set(KAFKA_CLIENTS.values()) == set(expected_acls())


@pytest.mark.parametrize("topic_key", ["HISTORICAL", "REALTIME"])
def test_only_ingest_writes_the_market_data_topics(rendered, topic_key):
    topic = topics()[topic_key]
    writers = {u["metadata"]["name"] for u in _objects(rendered["prod"], "KafkaUser") if may_write(u, topic)}
    expected = {"stockpipe-ingest", "stockpipe-ingest-job"} if topic_key == "HISTORICAL" else {"stockpipe-ingest"}
    assert writers == expected


def test_acls_name_the_sources_topics_and_group():
    """The source readers see what the services use (guards kafka_access.py itself)."""
    t = topics()
    acls = expected_acls()
    assert ("topic", t["REALTIME"], "literal", "Write") in acls["stockpipe-ingest"]
    assert ("transactionalId", "ingest-historical-", "prefix", "Write") in acls["stockpipe-ingest"]
    assert ("group", "lake-writer", "literal", "Read") in acls["stockpipe-lake-writer"]
    assert ("topic", t["DLQ"], "literal", "Write") in acls["stockpipe-lake-writer"]
    assert {a for a in acls["stockpipe-lake-writer"] if a[3] == "Read" and a[0] == "topic"} == {
        ("topic", t["HISTORICAL"], "literal", "Read"), ("topic", t["REALTIME"], "literal", "Read")}


def test_lake_writer_group_is_not_renamed_by_the_environment(rendered):
    _, container = _client(rendered["prod"], ("Deployment", "lake-writer"))
    assert _env_value(container, "LAKE_CONSUMER_GROUP") is None, "the KafkaUser grants the group of application.properties"


# ---- wiring of each client ----------------------------------------------------------------------

@pytest.mark.parametrize("workload", sorted(KAFKA_CLIENTS), ids=lambda w: f"{w[0]}-{w[1]}")
def test_kafka_client_uses_its_own_identity_over_tls(rendered, workload):
    objects = rendered["prod"]
    user = KAFKA_CLIENTS[workload]
    ca_secret = f"{_kafka(objects)['metadata']['name']}-cluster-ca-cert"
    pod_spec, container = _client(objects, workload)
    names, problems = container_env(container, objects, "prod")
    assert not problems, problems
    env = {e["name"]: e for e in container.get("env") or []}
    assert env["KAFKA_SECURITY_PROTOCOL"]["value"] == "SSL"
    assert "KAFKA_BOOTSTRAP_SERVERS" in names
    files = mounted_files(pod_spec, container, objects, "prod")
    for store, secret, file_key, password_key in (("KEYSTORE", user, "user.p12", "user.password"),
                                                  ("TRUSTSTORE", ca_secret, "ca.p12", "ca.password")):
        assert env[f"KAFKA_SSL_{store}_TYPE"]["value"] == PKCS12
        location = env[f"KAFKA_SSL_{store}_LOCATION"]["value"]
        assert files.get(location) == ("Secret", secret, file_key), \
            f"{location} is not Secret {secret}'s {file_key} in this pod (mounted: {files})"
        ref = env[f"KAFKA_SSL_{store}_PASSWORD"]["valueFrom"]["secretKeyRef"]
        assert (ref["name"], ref["key"]) == (secret, password_key)
    for mount in container["volumeMounts"]:
        if any(path.startswith(mount["mountPath"]) for path in files):
            assert mount.get("readOnly") is True


@pytest.mark.parametrize("module,workloads", [
    ("ingest-quarkus", [("Deployment", "ingest"), ("dag", "ingest")]),
    ("lake-writer-quarkus", [("Deployment", "lake-writer")]),
    ("dashboard-quarkus", [("Deployment", "dashboard")]),
])
def test_services_read_the_kafka_settings_we_give_them(rendered, module, workloads):
    """Every KAFKA_* variable set for a client is one its application.properties reads."""
    text = (REPO / module / "src/main/resources/application.properties").read_text()
    for workload in workloads:
        _, container = _client(rendered["prod"], workload)
        unread = sorted(e["name"] for e in container.get("env") or []
                        if e["name"].startswith("KAFKA_") and "${" + e["name"] not in text)
        assert not unread, f"{module} reads none of {unread}: the setting would be silently ignored"


def test_dag_ingest_pod_template_is_batch_pod_plus_kafka(rendered):
    """The prod template of fetch_historical keeps every hardening of k8s/base/templates/batch-pod.yaml."""
    templates = job_templates(rendered["prod"])
    env = airflow_env(*PROD_VALUES)
    ingest_file = env["STOCKPIPE_K8S_POD_TEMPLATE_FILE_INGEST"].rsplit("/", 1)[-1]
    values = yaml.safe_load((REPO / "k8s/airflow/values.yaml").read_text())
    (mount,) = [m for m in values["volumeMounts"] if m["name"] == "stockpipe-job-templates"]
    assert env["STOCKPIPE_K8S_POD_TEMPLATE_FILE_INGEST"] == f"{mount['mountPath']}/{ingest_file}"
    batch, ingest = templates["batch-pod.yaml"]["spec"], templates[ingest_file]["spec"]
    for key in ("serviceAccountName", "automountServiceAccountToken", "restartPolicy", "securityContext"):
        assert ingest.get(key) == batch.get(key), f"{ingest_file} differs from batch-pod.yaml in spec.{key}"
    (b,) = [c for c in batch["containers"] if c["name"] == "base"]
    (i,) = [c for c in ingest["containers"] if c["name"] == "base"]
    assert i["securityContext"] == b["securityContext"]
    tmp = [m for m in b["volumeMounts"] if m["mountPath"] == "/tmp"]
    assert tmp and tmp[0] in i["volumeMounts"]
    assert all(v["name"] != "snowflake-key" for v in ingest["volumes"]), "the ingest job needs no warehouse key"


def test_streaming_job_reads_the_lake_and_writes_only_the_feed(rendered):
    """window-metrics reads the raw zone (--source files, the default) and publishes its windows to
    stock.metrics.windows: its KafkaUser may write that topic only (no Read on the tick topics)."""
    app = _one(rendered["prod"], "SparkApplication", "window-metrics")
    args = app["spec"].get("arguments") or []
    assert not any("kafka" in str(a) for a in args), args
    assert "--source" not in args or args[args.index("--source") + 1] == "files"
    assert "--no-publish" not in args
    user = _one(rendered["prod"], "KafkaUser", "stockpipe-window-metrics")
    assert {a for a in granted_acls(user) if a[0] == "topic"} == {
        ("topic", topics()["METRICS_WINDOWS"], "literal", "Write"), ("topic", topics()["METRICS_WINDOWS"], "literal", "Describe")}

