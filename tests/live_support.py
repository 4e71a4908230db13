"""A real `redis-server` (Debian's package) for the live tests: one per test session, on a unix socket in a
temporary folder, without persistence. Missing server or client: the tests skip locally and fail under
CI=true (where `.ci/run` installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: .ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """The URL (unix://...) of a running redis-server for this test session."""
    try:
        import redis
    except ImportError:
        _missing("Python package 'redis' missing (pip install -e '.[live]')")
    exe = shutil.which("redis-server")
    if exe is None:
        _missing("redis-server not installed (apt-get install redis-server)")
    folder = Path(tempfile.mkdtemp(prefix="dw-redis-"))
    sock = folder / "redis.sock"
    proc = subprocess.Popen([exe, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
                             "--save", "", "--appendonly", "no", "--dir", str(folder), "--logfile", str(folder / "log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"unix://{sock}"
    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis.from_url(url).ping()
            break
        except (redis.ConnectionError, FileNotFoundError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start: {(folder / 'log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The session's server, emptied for this test."""
    import redis

    redis.Redis.from_url(redis_server).flushall()
    return redis_server
