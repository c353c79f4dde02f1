"""Runners: how one :class:`~stockpipe.steps.JobStep` is launched.

Both runners take the same templated argv and return the job's JSON summary as the task's XCom
``return_value``, so the sensor and ``log_completion`` do not care which one ran.

- :func:`kubernetes_task`: a ``KubernetesPodOperator`` running the step's image with the argv as
  container args; the job writes its summary to ``/airflow/xcom/return.json``, which the
  provider's sidecar reads (``do_xcom_push=True``).
- :func:`spark_application_task`: the Spark step as a ``SparkApplication`` of the spark-operator
  (``SparkKubernetesOperator``): driver and executors are pods of the cluster, sized by the template
  ``k8s/base/templates/daily-metrics-sparkapplication.yaml``; the same argv goes to the driver, and
  the same XCom sidecar reads its summary.
- :class:`LocalJobOperator`: runs ``<STOCKPIPE_HOME>/<launcher> <argv>`` as a child process
  (docker compose and the tests), with only the pipeline's runtime variables passed through.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator
from airflow.providers.cncf.kubernetes.utils.xcom_sidecar import PodDefaults
from airflow.sdk import BaseOperator
from airflow.sdk.exceptions import AirflowException, AirflowFailException
from kubernetes import client as k8s_client
from kubernetes.client import models as k8s

from stockpipe.settings import Settings
from stockpipe.steps import RUN_ID_TEMPLATE, JobStep

#: Where a job in a pod writes its summary; the provider's xcom sidecar reads this file.
KPO_XCOM_FILE = f"{PodDefaults.XCOM_MOUNT_PATH}/return.json"

#: Lake and Kafka settings every job reads (Java ``dev.stockpipe.contracts.RuntimeEnv``).
RUNTIME_ENV = (
    "KAFKA_BOOTSTRAP_SERVERS",
    "S3_ENDPOINT",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PATH_STYLE",
    "LAKE_BUCKET",
)
#: Process basics a JVM launcher needs.
PROCESS_ENV = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME", "JAVA_TOOL_OPTIONS")
#: Prefixes of job settings (warehouse connection, Spark, the pipeline's own) passed to local jobs.
PASSTHROUGH_PREFIXES = ("STOCKPIPE_", "WAREHOUSE_", "SNOWFLAKE_", "DUCKDB_", "POSTGRES_", "PG", "SPARK_", "INGEST_",
                        "LOADER_")
#: Comma-separated extra variable names to pass to local jobs.
EXTRA_ENV_VARIABLE = "STOCKPIPE_PASSTHROUGH_ENV"
_TAIL_LINES = 20


def kubernetes_task(step: JobStep, settings: Settings) -> KubernetesPodOperator:
    """The step as a pod: image per step kind, env from the ConfigMaps/Secrets, summary via XCom.

    With a pod template file for the step's kind, the provider merges this pod into the template:
    the values set here win, and the lists (env, envFrom, volumes, volumeMounts) are concatenated.
    """
    env_from = [k8s.V1EnvFromSource(config_map_ref=k8s.V1ConfigMapEnvSource(name=name))
                for name in settings.k8s_env_configmaps]
    env_from += [k8s.V1EnvFromSource(secret_ref=k8s.V1SecretEnvSource(name=name))
                 for name in settings.k8s_env_secrets]
    resources = settings.resources.get(step.image_kind, {})
    component = step.task_id.replace("_", "-")
    return KubernetesPodOperator(
        task_id=step.task_id,
        name=f"stockpipe-{component}",
        image=settings.images[step.image_kind],
        # Base pod (security context, volumes such as the Snowflake key): see Settings.k8s_pod_template_files.
        pod_template_file=settings.k8s_pod_template_files.get(step.image_kind),
        image_pull_policy="IfNotPresent",
        arguments=[*step.arguments, "--xcom-file", KPO_XCOM_FILE],
        env_vars=[
            k8s.V1EnvVar(name="STOCKPIPE_RUN_ID", value=RUN_ID_TEMPLATE),
            k8s.V1EnvVar(name="STOCKPIPE_STEP", value=step.task_id),
        ],
        env_from=env_from,
        namespace=settings.k8s_namespace,
        service_account_name=settings.k8s_service_account,
        container_resources=k8s.V1ResourceRequirements(
            requests=dict(resources.get("requests", {})) or None,
            limits=dict(resources.get("limits", {})) or None,
        ),
        labels={"app.kubernetes.io/part-of": "stockpipe", "app.kubernetes.io/component": component},
        kubernetes_conn_id=settings.k8s_conn_id,
        in_cluster=settings.k8s_in_cluster,
        startup_timeout_seconds=settings.k8s_startup_timeout_seconds,
        do_xcom_push=True,
        get_logs=True,
        on_finish_action="delete_succeeded_pod",
        execution_timeout=step.execution_timeout,
    )


def spark_application_task(step: JobStep, settings: Settings) -> SparkApplicationOperator:
    """The Spark step as a SparkApplication: the template's driver/executor pods run the step's argv."""
    return SparkApplicationOperator(
        task_id=step.task_id,
        name=f"stockpipe-{step.task_id.replace('_', '-')}",
        template_file=settings.k8s_spark_application_file,
        spark_image=settings.images[step.image_kind],
        spark_arguments=[*step.arguments, "--xcom-file", KPO_XCOM_FILE],
        namespace=settings.k8s_namespace,
        kubernetes_conn_id=settings.k8s_conn_id,
        in_cluster=settings.k8s_in_cluster,
        startup_timeout_seconds=settings.k8s_startup_timeout_seconds,
        do_xcom_push=True,
        get_logs=True,
        delete_on_termination=True,
        execution_timeout=step.execution_timeout,
    )


class SparkApplicationOperator(SparkKubernetesOperator):
    """``SparkKubernetesOperator`` on a SparkApplication template file, with the DAG's image and argv.

    The template (k8s/base/templates/daily-metrics-sparkapplication.yaml, mounted into Airflow) owns
    what a cluster operator tunes: driver/executor cores and memory, service account, security
    context, Spark conf. The DAG owns what a run needs: the image and the job's argv (templated,
    like every other step's), plus the provider's XCom sidecar on the driver, so the job's one-line
    summary reaches XCom exactly as from a KubernetesPodOperator pod.
    """

    template_fields = [*SparkKubernetesOperator.template_fields, "spark_arguments"]
    # the argv ends in "/airflow/xcom/return.json": no value is a template file to load
    template_ext: Sequence[str] = ()

    def __init__(self, *, template_file: str, spark_image: str, spark_arguments: Sequence[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.template_file = template_file
        self.spark_image = spark_image
        self.spark_arguments = list(spark_arguments)

    def manage_template_specs(self) -> dict[str, Any]:
        return {"spark": spark_application(self.template_file, self.spark_image, self.spark_arguments)}


def spark_application(template_file: str, image: str, arguments: Sequence[str]) -> dict[str, Any]:
    """The SparkApplication of a run: the template with the image, the argv and the XCom sidecar."""
    import yaml

    path = Path(template_file)
    if not path.is_file():
        raise AirflowFailException(
            f"The SparkApplication template {path} does not exist; mount the ConfigMap stockpipe-job-templates "
            "into Airflow (k8s/airflow/values.yaml) or set STOCKPIPE_K8S_SPARK_APPLICATION_FILE"
        )
    body = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(body, dict) or body.get("kind") != "SparkApplication":
        raise AirflowFailException(f"{path} is not a SparkApplication manifest")
    spec = body.setdefault("spec", {})
    spec["image"] = image
    spec["arguments"] = [str(a) for a in arguments]
    xcom_mount = {"name": "xcom", "mountPath": PodDefaults.XCOM_MOUNT_PATH}
    volumes = [v for v in spec.get("volumes", []) if v.get("name") != "xcom"]
    spec["volumes"] = [*volumes, {"name": "xcom", "emptyDir": {}}]
    driver = spec.setdefault("driver", {})
    mounts = [m for m in driver.get("volumeMounts", []) if m.get("name") != "xcom"]
    driver["volumeMounts"] = [*mounts, xcom_mount]
    sidecar = k8s_client.ApiClient().sanitize_for_serialization(PodDefaults.SIDECAR_CONTAINER)
    sidecar["volumeMounts"] = [xcom_mount]
    # the driver pod runs non-root with a read-only root filesystem; so does the sidecar
    sidecar["securityContext"] = {"runAsUser": 185, "runAsNonRoot": True, "allowPrivilegeEscalation": False,
                                  "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}}
    sidecars = [s for s in driver.get("sidecars", []) if s.get("name") != PodDefaults.SIDECAR_CONTAINER_NAME]
    driver["sidecars"] = [*sidecars, sidecar]
    return body


def local_task(step: JobStep, settings: Settings) -> LocalJobOperator:
    """The step as a local process under ``settings.home``."""
    if settings.home is None:
        raise ValueError("the local runner needs Settings.home (STOCKPIPE_HOME)")
    return LocalJobOperator(
        task_id=step.task_id,
        home=str(settings.home),
        launcher=step.launcher,
        arguments=list(step.arguments),
        execution_timeout=step.execution_timeout,
    )


def job_environment(environ: Mapping[str, str], home: Path) -> dict[str, str]:
    """The environment of a local job: the runtime variables only, never Airflow's own secrets."""
    extra = {name.strip() for name in environ.get(EXTRA_ENV_VARIABLE, "").split(",") if name.strip()}
    env = {
        name: value
        for name, value in environ.items()
        if name in RUNTIME_ENV or name in PROCESS_ENV or name in extra or name.startswith(PASSTHROUGH_PREFIXES)
    }
    env["STOCKPIPE_HOME"] = str(home)
    return env


def parse_summary(text: str) -> dict[str, Any] | None:
    """The JSON object on the last non-blank line of ``text``, or ``None`` when there is none."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    try:
        value = json.loads(lines[-1])
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


class LocalJobOperator(BaseOperator):
    """Runs one batch job as a local process and returns its JSON summary (pushed as XCom).

    The job's stdout and stderr go to the task log line by line. A non-zero exit fails the task
    (and Airflow retries it); a missing launcher fails it at once, since a retry cannot help.
    """

    template_fields: Sequence[str] = ("arguments",)
    ui_color = "#d6eaf8"

    def __init__(self, *, home: str, launcher: str, arguments: Sequence[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.home = home
        self.launcher = launcher
        self.arguments = list(arguments)
        self._process: subprocess.Popen[str] | None = None

    def execute(self, context: Any) -> dict[str, Any]:
        home = Path(self.home)
        launcher = home / self.launcher
        if not (launcher.is_file() and os.access(launcher, os.X_OK)):
            raise AirflowFailException(
                f"{self.task_id}: launcher {launcher} is missing or not executable; check STOCKPIPE_HOME "
                f"({home}) and build the job as the repository README says"
            )
        with TemporaryDirectory(prefix=f"stockpipe-{self.task_id}-") as tmp:
            xcom_file = Path(tmp) / "return.json"
            argv = [str(launcher), *self.arguments, "--xcom-file", str(xcom_file)]
            self.log.info("Running %s", " ".join(argv))
            exit_code, stdout_tail, stderr_tail = self._run(argv, home)
            summary = None
            if xcom_file.is_file():
                summary = parse_summary(xcom_file.read_text(encoding="utf-8"))
            if summary is None:
                summary = parse_summary("\n".join(stdout_tail))
        if exit_code != 0:
            reason = (summary or {}).get("error") or " | ".join(stderr_tail[-5:]) or "no output on stderr"
            raise AirflowException(
                f"{self.task_id}: {self.launcher} exited with code {exit_code}; see the task log above. Cause: {reason}"
            )
        if summary is None:
            raise AirflowException(
                f"{self.task_id}: {self.launcher} exited 0 but printed no JSON summary as its last stdout line "
                "(job contract); fix the job"
            )
        self.log.info("%s summary: %s", self.task_id, json.dumps(summary, sort_keys=True))
        return summary

    def _run(self, argv: list[str], home: Path) -> tuple[int, list[str], list[str]]:
        stdout_tail: deque[str] = deque(maxlen=_TAIL_LINES)
        stderr_tail: deque[str] = deque(maxlen=_TAIL_LINES)
        process = subprocess.Popen(  # noqa: S603 - argv is the step's own launcher and arguments
            argv,
            cwd=home,
            env=job_environment(os.environ, home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            start_new_session=True,
        )
        self._process = process
        err_reader = threading.Thread(
            target=self._pump, args=(process.stderr, stderr_tail, "stderr"), name=f"{self.task_id}-stderr", daemon=True
        )
        err_reader.start()
        try:
            self._pump(process.stdout, stdout_tail, "stdout")
            exit_code = process.wait()
        finally:
            if process.poll() is None:
                self._terminate(process)
            err_reader.join(timeout=10)
            self._process = None
        return exit_code, list(stdout_tail), list(stderr_tail)

    def _pump(self, stream: Any, tail: deque[str], name: str) -> None:
        for line in stream:
            text = line.rstrip("\n")
            tail.append(text)
            self.log.info("[%s] %s", name, text)
        stream.close()

    def on_kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._terminate(self._process)

    def _terminate(self, process: subprocess.Popen[str]) -> None:
        """Stop the job's whole process group: a launcher script starts a JVM as its child."""
        self.log.warning("Stopping %s (pid %s)", self.launcher, process.pid)
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue
