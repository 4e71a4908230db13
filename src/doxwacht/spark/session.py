"""The SparkSession doxwacht runs on.

Under `spark-submit` the session already has its master and settings; `make_session` then only
adds what doxwacht needs. Run from the command line (`doxwacht scan --engine spark`) it starts
one, `local[*]` unless told otherwise. In local mode the Python workers must run the interpreter
that has doxwacht installed, so PYSPARK_PYTHON is set to this interpreter when it is not set.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from typing import Any

DEFAULT_MASTER = "local[*]"

# settings for a quiet, single-machine run; spark-submit's own settings win where given
_LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
    # a local run is one short-lived JVM next to the Python workers on the same cores: the client
    # compiler only (C2's compile threads cost more CPU than they win back in a job of minutes) and
    # the serial collector (no parallel GC threads competing with the scanning workers)
    "spark.sql.inMemoryColumnarStorage.compressed": "false",  # the scanned rows are cached for minutes only
    "spark.driver.extraJavaOptions": "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
}


class SparkUnavailable(RuntimeError):
    """pyspark or Java is missing; the message is Dutch and says what to install."""


def spark_unavailable_reason() -> str | None:
    """Why Spark cannot run here (Dutch), or None when pyspark and Java are present."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is niet geïnstalleerd (pip install 'doxwacht[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and os.path.exists(os.path.join(java_home, "bin", "java"))) and shutil.which("java") is None:
        return "Java (17 of nieuwer) is niet gevonden; installeer bijvoorbeeld openjdk-17-jre-headless of zet JAVA_HOME"
    return None


def make_session(
    master: str | None = DEFAULT_MASTER,
    *,
    app_name: str = "doxwacht",
    conf: Mapping[str, str] | None = None,
) -> Any:
    """A SparkSession (an existing one is reused, as under `spark-submit`). `master` None leaves the
    master to `spark-submit`. Raises `SparkUnavailable` when pyspark or Java is missing."""
    reason = spark_unavailable_reason()
    if reason is not None:
        raise SparkUnavailable(reason)
    from pyspark.sql import SparkSession

    local = master is not None and master.startswith("local")
    if local:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings = dict(_LOCAL_CONF) if local else {}
    settings.update(conf or {})
    for name, value in settings.items():
        builder = builder.config(name, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
