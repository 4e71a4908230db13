"""Shared helpers for the web tests (no tests here)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from doxwacht.response.clock import FixedClock

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
DOX = ("Die agent Jan de Vries woont op Lindelaan 14, 7411 XB Deventer, bel 06-21436587. "
       "We weten waar je woont")


def csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def report_data(token: str, **over: str) -> dict[str, str]:
    data = {"csrf": token, "what": DOX, "links": "https://t.me/expose_nl/1", "platform": "telegram",
            "reporter": "zelf", "contact_kind": "geen", "contact": "", "consent": "ja"}
    data.update(over)
    return data


@pytest.fixture(scope="session")
def engine():
    from doxwacht.intent import IntentAnalyzer
    from doxwacht.pipeline import Engine
    from doxwacht.verdict import VerdictAnalyzer

    return Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])


@pytest.fixture()
def web(tmp_path: Path, engine, monkeypatch):
    from fastapi.testclient import TestClient

    from doxwacht.web import Settings, create_app
    from doxwacht.web.models import ensure_tables
    from doxwacht.web.security import add_user

    monkeypatch.delenv("DOXWACHT_WEB_SECRET", raising=False)
    monkeypatch.delenv("DOXWACHT_EVIDENCE_DIR", raising=False)
    clock = FixedClock(T0)
    from doxwacht.watchlist import generate_key

    settings = Settings(db=str(tmp_path / "dw.db"), clock=clock, engine=engine, max_file_bytes=200_000,
                        max_image_pixels=1_000_000, watchlist_key=generate_key())
    app = create_app(settings)
    store = app.state.store
    ensure_tables(store)
    with store.transaction(write=True) as s:
        for name, role in (("anna", "analist"), ("cor", "coördinator"), ("otto", "auditor"), ("bea", "beheerder")):
            add_user(s, name, PASSWORD, role, T0)
    client = TestClient(app, base_url="http://testserver")
    client.app_ = app
    client.tmp = tmp_path
    client.clock = clock
    return client


def login(client, username: str, password: str = PASSWORD):
    page = client.get("/inloggen")
    return client.post("/inloggen", data={"csrf": csrf(page.text), "username": username, "password": password},
                       follow_redirects=False)


def submit_report(client, files=None, **over: str):
    page = client.get("/melden")
    return client.post("/melden", data=report_data(csrf(page.text), **over), files=files)
