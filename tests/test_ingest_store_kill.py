"""A `doxwacht ingest` killed with SIGKILL half-way and started again ends with every message exactly once
(a real subprocess, on SQLite)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

N = 3000


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM message").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def test_kill_9_and_restart(tmp_path):
    src = tmp_path / "big.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(N):
            text = (f"Agent nummer {i} woont op Lindelaan {i % 90 + 1}, 7411 XB Deventer. We weten waar je woont"
                    if i % 10 == 0 else f"Bericht {i}: niets bijzonders vandaag, groet uit Zwolle")
            f.write(json.dumps({"id": str(i), "channel": "c1", "platform": "telegram", "text": text}) + "\n")
    db = tmp_path / "dw.db"
    env = {**os.environ, "DOXWACHT_DB": str(db), "DOXWACHT_USER": "test", "DOXWACHT_WATCHLIST_KEY": ""}
    env.pop("DOXWACHT_WATCHLIST_KEY")
    cmd = [sys.executable, "-m", "doxwacht.cli", "ingest", str(src), "--batch", "100", "-q"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        n = _count(db)
        if n >= 300 or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; raise N"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _count(db)
    assert 0 < killed_at < N
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), count(DISTINCT message_key) FROM message").fetchone() == (N, N)
    assert con.execute("SELECT count(*) FROM evidence_record").fetchone()[0] == con.execute(
        "SELECT count(*) FROM message WHERE level != 'none'").fetchone()[0] > 0
    assert con.execute("SELECT count(*), count(DISTINCT message_id) FROM evidence_record").fetchone()[0] == \
        con.execute("SELECT count(DISTINCT message_id) FROM evidence_record").fetchone()[0]
    # one case per campaign: the doxing messages share no identifier here, so they group per target hash;
    # every doxing message is linked exactly once
    assert con.execute("SELECT count(*) FROM case_message").fetchone()[0] == N // 10
    con.close()
