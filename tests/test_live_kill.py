"""A `doxwacht worker` killed with SIGKILL mid-batch and started again loses and duplicates nothing: every
published message is stored exactly once, every entry acknowledged, every alert recorded once and sent
(a real redis-server, real worker subprocesses, a webhook receiver on loopback). The restarted worker is
then stopped with SIGTERM: it exits 0 and closes its ingest run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("redis")

from doxwacht.ingest.records import Record
from doxwacht.live.alerts import (
    ALERT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify_signature,
)
from doxwacht.live.stream import RedisStreamSink, connect
from tests.test_live import Receiver

N = 600
SECRET = b"een-lang-genoeg-webhookgeheim-456"


def _count(db: Path, sql: str = "SELECT count(*) FROM message") -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def _messages() -> list[Record]:
    out = []
    for i in range(N):
        text = (f"Agent nummer {i} woont op Lindelaan {i % 90 + 1}, 7411 XB Deventer. Ga hem opzoeken, we weten "
                "waar je woont" if i % 25 == 0 else f"Bericht {i}: niets bijzonders vandaag, groet uit Zwolle")
        out.append(Record(id=str(i), text=text, source="kill", location=f"kill:{i}", format="jsonl",
                          meta={"channel": "c1", "platform": "telegram"}))
    return out


def _env(tmp_path: Path, redis_url: str) -> dict[str, str]:
    env = {**os.environ, "DOXWACHT_DB": str(tmp_path / "dw.db"), "DOXWACHT_USER": "test",
           "DOXWACHT_REDIS_URL": redis_url}
    env.pop("DOXWACHT_WATCHLIST_KEY", None)
    env.pop("DOXWACHT_WATCHLIST_KEY_FILE", None)
    return env


def test_kill_9_mid_batch_loses_and_duplicates_nothing(redis_url: str, tmp_path: Path) -> None:
    RedisStreamSink(redis_url).put(_messages())
    db = tmp_path / "dw.db"
    secret = tmp_path / "geheim"
    secret.write_bytes(SECRET + b"\n")
    receiver = Receiver()
    try:
        cmd = [sys.executable, "-m", "doxwacht.cli", "worker", "--consumer", "w1", "--batch", "50",
               "--block-ms", "200", "--webhook", receiver.url, "--webhook-secret-file", str(secret),
               "--no-console-alerts", "--drain", "-q"]
        env = _env(tmp_path, redis_url)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        client = connect(redis_url)
        # kill it while it holds a batch (delivered, not yet acknowledged)
        while time.monotonic() < deadline and proc.poll() is None and (
                _count(db) < 150 or client.xpending("doxwacht:in", "doxwacht")["pending"] == 0):
            time.sleep(0.01)
        assert proc.poll() is None, "worker finished before it could be killed; raise N"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = _count(db)
        assert 0 < killed_at < N
        # restart under the same consumer name (no --drain: it runs until SIGTERM)
        again = subprocess.Popen([c for c in cmd if c not in ("--drain", "-q")], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and again.poll() is None and (
                _count(db) < N or client.xpending("doxwacht:in", "doxwacht")["pending"]
                or _count(db, "SELECT count(*) FROM live_alert WHERE status != 'sent'")
                or _count(db, "SELECT count(*) FROM live_alert")
                < _count(db, "SELECT count(*) FROM message WHERE level = 'doxing'")):
            time.sleep(0.05)
        again.send_signal(signal.SIGTERM)  # stops cleanly after its batch
        _out, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
        assert "gestopt:" in err and f"{N - killed_at} nieuw opgeslagen" in err
        assert _count(db, "SELECT count(*) FROM ingest_run WHERE finished_at IS NOT NULL") == 1
        con = sqlite3.connect(db)
        try:
            assert con.execute("SELECT count(*), count(DISTINCT message_key) FROM message").fetchone() == (N, N)
            doxing = con.execute("SELECT count(*) FROM message WHERE level = 'doxing'").fetchone()[0]
            assert doxing >= N // 50  # every 25th message is a doxing message; the verdict may miss a few
            assert con.execute("SELECT count(*), count(DISTINCT message_id) FROM live_alert").fetchone() == (doxing,
                                                                                                          doxing)
            assert con.execute("SELECT DISTINCT status FROM live_alert").fetchall() == [("sent",)]
        finally:
            con.close()
        assert client.xpending("doxwacht:in", "doxwacht")["pending"] == 0
        assert client.xinfo_groups("doxwacht:in")[0]["lag"] == 0
        assert client.xlen("doxwacht:dead") == 0
        # every alert arrived, signed; one delivered just before the kill may arrive once more, same id
        ids = Counter(h[ALERT_HEADER] for h, _ in receiver.requests)
        assert len(ids) == doxing
        assert sum(ids.values()) - len(ids) <= 1
        for h, body in receiver.requests:
            assert verify_signature(SECRET, body, h[TIMESTAMP_HEADER], h[SIGNATURE_HEADER])
            assert json.loads(body)["level"] == "doxing"
    finally:
        receiver.close()

