"""The web layer under concurrency: scans serialised (and only scans), SQLite writers from many threads and
from two server processes (`doxwacht serve --workers 2`) with an intact audit chain, and the session cache
(logout and expiry take effect at once)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from tests import test_web_support as support
from tests.test_web_support import DOX, PASSWORD, csrf, login, report_data

engine, web = support.engine, support.web  # the shared fixtures


class _Probe:
    """A stand-in engine that notices two scans at once."""

    max_chars = 1000

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.calls = 0
        self._count = threading.Lock()

    def scan_batch(self, docs):
        with self._count:
            self.inside += 1
            self.most = max(self.most, self.inside)
        time.sleep(0.01)
        with self._count:
            self.inside -= 1
            self.calls += 1
        return [f"scanned:{d}" for d in docs]

    def scan(self, text, *, id=None):
        return self.scan_batch([text])[0]


def test_serial_engine_never_scans_twice_at_once():
    from doxwacht.web.serial_engine import SerialEngine

    probe = _Probe()
    serial = SerialEngine(probe)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: serial.scan(f"t{i}"), range(24)))
    assert results == [f"scanned:t{i}" for i in range(24)]
    assert probe.most == 1 and probe.calls == 24
    assert list(serial.scan_many([f"m{i}" for i in range(5)], batch_size=2)) == [f"scanned:m{i}" for i in range(5)]
    assert serial.max_chars == 1000  # everything else is the wrapped engine's


def test_audit_chain_intact_with_many_writer_threads(tmp_path):
    from doxwacht.cases import audit
    from doxwacht.store import Store

    store = Store(tmp_path / "dw.db")

    def write(i: int) -> int:
        with store.transaction(write=True) as s:
            return audit.record(store, s, actor=f"user{i % 3}", action="case.list", object_type="case",
                                details={"page": i}).id

    with ThreadPoolExecutor(12) as pool:
        ids = list(pool.map(write, range(60)))
    assert sorted(ids) == list(range(min(ids), min(ids) + 60))
    report = audit.verify(store)
    assert report.ok and report.entries == 60
    store.close()


def test_logout_ends_the_session_at_once(web):
    assert login(web, "anna").status_code == 303
    page = web.get("/console", follow_redirects=False)  # the session is now cached
    assert page.status_code == 200
    token = web.cookies.get("dw_session")
    r = web.post("/uitloggen", data={"csrf": csrf(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    web.cookies.set("dw_session", token)  # the old cookie again, as a stolen copy would be
    assert web.get("/console", follow_redirects=False).headers["location"] == "/inloggen"


def test_expired_session_is_refused_even_when_cached(web):
    assert login(web, "anna").status_code == 303
    assert web.get("/console", follow_redirects=False).status_code == 200
    web.clock.advance(timedelta(hours=9))  # past the 8 h session lifetime
    assert web.get("/console", follow_redirects=False).status_code == 303


# ---------------------------------------------------------------------- two server processes
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_two_workers_keeps_every_report_and_the_audit_chain(tmp_path):
    import httpx
    from typer.testing import CliRunner

    from doxwacht.cases import audit
    from doxwacht.cli.app import app
    from doxwacht.store import Store

    db = str(tmp_path / "dw.db")
    r = CliRunner().invoke(app, ["web", "user-add", "anna", "--role", "analist", "--db", db, "--password", PASSWORD])
    assert r.exit_code == 0, r.output
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOXWACHT_")}
    env["DOXWACHT_WEB_SECRET"] = "test-secret-of-the-two-workers"
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-c", "from doxwacht.cli.app import main; main()", "serve", "--db", db,
                             "--port", str(port), "--workers", "2", "--geen-access-log"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/melden", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)

        def post(i: int) -> str:
            with httpx.Client(base_url=base, timeout=60) as c:  # a new connection each: both workers get some
                token = csrf(c.get("/melden").text)
                resp = c.post("/melden", data=report_data(token, what=f"{DOX} (melding {i})"))
                assert resp.status_code == 200, resp.text[:300]
                m = re.search(r"/status/[A-Za-z0-9_-]+", resp.text)
                assert m
                return m.group(0)

        with ThreadPoolExecutor(6) as pool:
            links = list(pool.map(post, range(12)))
        assert len(set(links)) == 12
        with httpx.Client(base_url=base, timeout=60) as c:
            token = csrf(c.get("/inloggen").text)
            assert c.post("/inloggen", data={"csrf": token, "username": "anna", "password": PASSWORD}).status_code \
                in (200, 303)
            for _ in range(6):
                assert "open zaken" in c.get("/console").text
            assert all(c.get(link).status_code == 200 for link in links[:3])
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
    store = Store(db)
    report = audit.verify(store)
    assert report.ok, report
    from sqlalchemy import func, select

    from doxwacht.store.models import AccessLogEntry

    with store.transaction() as s:
        received = s.scalar(select(func.count()).select_from(AccessLogEntry)
                            .where(AccessLogEntry.action == "report.received"))
        listed = s.scalar(select(func.count()).select_from(AccessLogEntry).where(AccessLogEntry.action == "case.list"))
    assert received == 12 and listed == 6
    store.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
