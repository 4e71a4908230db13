"""POST /api/ingest: bearer token checked against its hash, size and count limits, per-item validation
with Dutch errors, 202 with counts; mounted in the web app, where the embedded default scans and stores
(idempotent: sending the same messages again stores nothing new)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from doxwacht.ingest.sink import ListSink
from doxwacht.web.ingest_api import TOKEN_HASH_ENV, ingest_router, token_sha256

TOKEN = "s3cr3t-token-voor-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class Broken:
    def put(self, records):
        raise ConnectionError("redis weg")


def client(sink, token_hash: str | None = token_sha256(TOKEN), **kw) -> TestClient:
    app = FastAPI()
    app.include_router(ingest_router(lambda: sink, token_hash, **kw))
    return TestClient(app)


def test_valid_and_invalid_items_are_counted_separately() -> None:
    sink = ListSink()
    body = {"messages": [
        {"id": "a1", "text": "Jan woont op Dorpsstraat 12", "platform": "x", "channel": "@boos", "date": "2026-11-23"},
        {"id": 7, "text": "tweede", "meta": {"lang": "nl"}},
        {"text": "geen id"},
        {"id": "a3", "text": "   "},
        {"id": "a4", "text": "x", "meta": [1]},
        "geen object",
        {"id": True, "text": "bool is geen id"},
    ]}
    r = client(sink).post("/api/ingest", json=body, headers=AUTH)
    assert r.status_code == 202
    out = r.json()
    assert (out["accepted"], out["rejected"]) == (2, 5)
    assert [e["index"] for e in out["errors"]] == [2, 3, 4, 5, 6]
    assert "'id'" in out["errors"][0]["error"] and "leeg" in out["errors"][1]["error"]
    assert [(x.id, x.format, x.source) for x in sink.records] == [("a1", "api", "api"), ("7", "api", "api")]
    assert sink.records[0].meta == {"platform": "x", "channel": "@boos", "date": "2026-11-23"}
    assert sink.records[1].meta == {"lang": "nl"}


def test_bare_list_is_accepted() -> None:
    sink = ListSink()
    r = client(sink).post("/api/ingest", json=[{"id": "1", "text": "hoi"}], headers=AUTH)
    assert r.status_code == 202 and r.json()["accepted"] == 1


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer fout"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": "Bearer "}])
def test_wrong_or_missing_token_is_refused(headers) -> None:
    sink = ListSink()
    r = client(sink).post("/api/ingest", json=[{"id": "1", "text": "x"}], headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and sink.records == []


def test_switched_off_without_a_configured_hash() -> None:
    r = client(ListSink(), token_hash=None).post("/api/ingest", json=[], headers=AUTH)
    assert r.status_code == 503 and "staat uit" in r.json()["error"]


def test_limits_and_bad_json() -> None:
    sink = ListSink()
    c = client(sink, max_bytes=200, max_items=2)
    big = [{"id": str(i), "text": "x" * 50} for i in range(5)]
    assert c.post("/api/ingest", json=big, headers=AUTH).status_code == 413
    three = [{"id": str(i), "text": "x"} for i in range(3)]
    r = c.post("/api/ingest", json=three, headers=AUTH)
    assert r.status_code == 413 and "hoogstens 2" in r.json()["error"]
    r = c.post("/api/ingest", content=b"{kapot", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 400 and "geen geldige JSON" in r.json()["error"]
    assert c.post("/api/ingest", json={"berichten": []}, headers=AUTH).status_code == 400
    assert sink.records == []


def test_sink_down_answers_503_so_the_caller_retries() -> None:
    r = client(Broken()).post("/api/ingest", json=[{"id": "1", "text": "x"}], headers=AUTH)
    assert r.status_code == 503 and r.headers["retry-after"] == "30"


def test_mounted_in_the_app_stores_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import func, select

    from doxwacht.intent import IntentAnalyzer
    from doxwacht.pipeline import Engine
    from doxwacht.store.models import Message
    from doxwacht.verdict import VerdictAnalyzer
    from doxwacht.web import Settings, create_app

    monkeypatch.setenv(TOKEN_HASH_ENV, token_sha256(TOKEN))
    monkeypatch.delenv("DOXWACHT_EVIDENCE_DIR", raising=False)
    monkeypatch.delenv("DOXWACHT_INGEST_REDIS", raising=False)
    app = create_app(Settings(db=str(tmp_path / "dw.db"), secret_key="k" * 40,
                              engine=Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])))
    c = TestClient(app)
    body = [{"id": "p1", "text": "Die agent Jan de Vries woont op Lindelaan 14, 7411 XB Deventer. We weten waar je woont",
             "platform": "x", "channel": "@boos"}, {"id": "p2", "text": "Goedemorgen", "platform": "x", "channel": "@boos"}]
    for _ in range(2):
        r = c.post("/api/ingest", json=body, headers=AUTH)
        assert r.status_code == 202 and r.json()["accepted"] == 2
    with app.state.store.transaction() as s:
        rows = s.execute(select(Message.source, Message.platform, Message.channel, Message.message_key)).all()
        assert sorted(rows) == [("api", "x", "@boos", "p1"), ("api", "x", "@boos", "p2")]
        assert s.scalar(select(func.count()).select_from(Message)) == 2
    assert c.post("/api/ingest", json=body).status_code == 401
