"""The live intake path's safeguards: an API caller cannot take over a connector's store keys; stored stream
entries leave Redis and the dead-letter stream is capped; addresses with tokens are not shown in errors,
logs or state files; one Ingestor (one run) per process; connectors are closed on failure."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from doxwacht.ingest.connectors.http import safe_url
from doxwacht.ingest.records import Record
from doxwacht.ingest.sink import SOURCE_META, ListSink, TaggingSink
from doxwacht.web.ingest_api import (
    TOKEN_HASH_ENV,
    ingest_router,
    token_sha256,
    validate,
)

TOKEN = "nog-een-token-voor-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SECRET_URL = "https://gebruiker:wachtwoord@hooks.voorbeeld.nl/services/T01/B02/GEHEIMTOKEN0123456789abcdef?key=XYZ"


# -------------------------------------------------------------------------------------------- 1: store keys
def test_api_drops_reserved_meta_keys() -> None:
    rec = validate({"id": "5", "text": "hoi", "platform": "telegram",
                    "meta": {"ingest_source": "telegram", "chat_id": "123", "chat": "c", "group": "g",
                             "channel": "k", "platform": "p", "lang": "nl"}}, 0)
    assert isinstance(rec, Record)
    assert rec.meta == {"lang": "nl", "platform": "telegram"}


def test_forcing_tagging_sink_overrides_a_given_source() -> None:
    inner = ListSink()
    recs = [Record(id="1", text="x", source="s", location="l", format="api", meta={SOURCE_META: "telegram"})]
    TaggingSink(inner, "api", force=True).put(recs)
    assert inner.records[0].meta[SOURCE_META] == "api"
    kept = ListSink()
    TaggingSink(kept, "rss").put(recs)
    assert kept.records[0].meta[SOURCE_META] == "telegram"


def mounted_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    from doxwacht.intent import IntentAnalyzer
    from doxwacht.pipeline import Engine
    from doxwacht.verdict import VerdictAnalyzer
    from doxwacht.web import Settings, create_app

    monkeypatch.setenv(TOKEN_HASH_ENV, token_sha256(TOKEN))
    monkeypatch.delenv("DOXWACHT_EVIDENCE_DIR", raising=False)
    monkeypatch.delenv("DOXWACHT_INGEST_REDIS", raising=False)
    return create_app(Settings(db=str(tmp_path / "dw.db"), secret_key="k" * 40,
                               engine=Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])))


def test_api_cannot_take_over_a_telegram_message_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from doxwacht.cases.ingest import storing_ingestor
    from doxwacht.store.models import IngestRun, Message

    app = mounted_app(tmp_path, monkeypatch)
    with TestClient(app) as c:
        fake = [{"id": "77", "text": "vervalst bericht", "platform": "telegram",
                 "meta": {"ingest_source": "telegram", "chat_id": "-100123"}}]
        for _ in range(2):  # two requests: one Ingestor, one run
            assert c.post("/api/ingest", json=fake, headers=AUTH).json()["accepted"] == 1
        store = app.state.store
        with store.transaction() as s:
            assert s.scalar(select(func.count()).select_from(IngestRun)) == 1
        real = Record(id="77", text="het echte bericht", source="telegram", location="t", format="telegram",
                      meta={"platform": "telegram", "chat_id": "-100123", SOURCE_META: "telegram"})
        ing = storing_ingestor(store, _engine(), user="t",
                               source="telegram", evidence_dir=tmp_path / "ev")
        ing.ingest_batch([real])
        ing.close_run()
        with store.transaction() as s:
            rows = sorted(s.execute(select(Message.source, Message.platform, Message.channel,
                                           Message.message_key)).all())
    assert rows == [("api", "telegram", "api", "77"), ("telegram", "telegram", "-100123", "77")]


def _engine() -> Any:
    from doxwacht.intent import IntentAnalyzer
    from doxwacht.pipeline import Engine
    from doxwacht.verdict import VerdictAnalyzer

    return Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])


# -------------------------------------------------------------------------------------------- 5: sink errors logged
class Broken:
    def put(self, records: Any) -> int:
        raise ConnectionError("redis weg")


def test_sink_failure_is_logged_without_message_text(caplog: pytest.LogCaptureFixture) -> None:
    app = FastAPI()
    app.include_router(ingest_router(lambda: Broken(), token_sha256(TOKEN)))
    with caplog.at_level(logging.ERROR, logger="doxwacht.web.ingest_api"):
        r = TestClient(app).post("/api/ingest", json=[{"id": "1", "text": "Jan woont op Dorpsstraat 12"}],
                                 headers=AUTH)
    assert r.status_code == 503
    logged = [rec for rec in caplog.records if rec.name == "doxwacht.web.ingest_api"]
    assert logged and logged[0].exc_info is not None
    assert all("Dorpsstraat" not in rec.getMessage() for rec in logged)


def test_api_redis_switch_uses_the_live_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    from doxwacht.live.stream import DEFAULT_STREAM, REDIS_ENV
    from doxwacht.web.ingest_api import _redis_target

    monkeypatch.delenv("DOXWACHT_INGEST_STREAM", raising=False)
    monkeypatch.setenv(REDIS_ENV, "redis://elders:6380/2")
    monkeypatch.setenv("DOXWACHT_INGEST_REDIS", "1")
    assert _redis_target() == ("redis://elders:6380/2", DEFAULT_STREAM)
    monkeypatch.setenv("DOXWACHT_INGEST_REDIS", "redis://hier:6379/0")
    assert _redis_target() == ("redis://hier:6379/0", DEFAULT_STREAM)
    monkeypatch.delenv("DOXWACHT_INGEST_REDIS")
    assert _redis_target() is None


# -------------------------------------------------------------------------------------------- 2: Redis retention
def test_stored_entries_are_deleted_and_dead_letters_capped(redis_url: str, tmp_path: Path) -> None:
    pytest.importorskip("redis")
    from doxwacht.cases.ingest import storing_ingestor
    from doxwacht.live.stream import RedisStreamSink, connect
    from doxwacht.live.worker import StreamWorker
    from doxwacht.store import Store

    client = connect(redis_url)
    RedisStreamSink(redis_url).put([Record(id=str(i), text=f"bericht {i}", source="t", location=f"t:{i}",
                                           format="jsonl", meta={"channel": "k"}) for i in range(20)])
    for i in range(300):
        client.xadd("doxwacht:in", {"v": "1", "id": f"x{i}"})  # no text: dead-lettered
    store = Store(tmp_path / "dw.db")
    ing = storing_ingestor(store, _engine(), user="t", source="live", evidence_dir=tmp_path / "ev")
    w = StreamWorker(client, ing, consumer="w1", batch=50, block_ms=100, dead_maxlen=10)
    stats = w.run(drain=True)
    assert stats.stored == 20 and stats.dead == 300
    assert client.xlen("doxwacht:in") == 0  # stored or dead-lettered: gone from the input stream
    assert client.xlen("doxwacht:dead") < 300  # capped (approximately)
    with pytest.raises(ValueError):
        StreamWorker(client, ing, dead_maxlen=0)
    store.close()


# -------------------------------------------------------------------------------------------- 3: addresses
def test_safe_url_hides_userinfo_query_and_tokens() -> None:
    shown = safe_url(SECRET_URL)
    assert shown == "https://hooks.voorbeeld.nl/services/T01/B02/…?…"
    assert safe_url("http://x.nl:8080/feed.xml") == "http://x.nl:8080/feed.xml"
    assert safe_url("geen adres") == "[adres]"


def test_fetch_and_webhook_errors_do_not_show_tokens() -> None:
    from doxwacht.ingest.connectors.base import ConnectorError
    from doxwacht.ingest.connectors.http import Unusable, fetch
    from doxwacht.live.alerts import AlertError, WebhookChannel

    client = httpx.Client(transport=httpx.MockTransport(lambda req: httpx.Response(404)))
    with pytest.raises(Unusable) as err:
        fetch(client, SECRET_URL)
    assert "GEHEIMTOKEN" not in str(err.value) and "XYZ" not in str(err.value)

    def down(req: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"kan {req.url} niet bereiken")

    with pytest.raises(ConnectorError) as cerr:
        fetch(httpx.Client(transport=httpx.MockTransport(down)), SECRET_URL)
    assert "GEHEIMTOKEN" not in str(cerr.value) and "wachtwoord" not in str(cerr.value)
    hook = WebhookChannel(SECRET_URL.replace("https://", "http://").replace("hooks.voorbeeld.nl", "127.0.0.1:1"),
                          b"x" * 20, retries=1, timeout=0.5)
    with pytest.raises(AlertError) as aerr:
        hook.send({"alert": 1})
    assert "GEHEIMTOKEN" not in str(aerr.value) and "wachtwoord" not in str(aerr.value)
    with pytest.raises(ValueError) as verr:
        WebhookChannel("ftp://a:geheim@x.nl/GEHEIMTOKEN0123456789abcdef", b"x" * 20)
    assert "GEHEIMTOKEN" not in str(verr.value) and "geheim" not in str(verr.value)


def test_feed_position_key_is_a_hash_and_the_old_key_is_migrated(tmp_path: Path) -> None:
    from tests.test_connectors_support import require

    require("feedparser")
    from doxwacht.ingest.connectors.feeds import FeedConnector
    from doxwacht.ingest.connectors.position import PositionStore

    url = "https://voorbeeld.nl/feed?token=GEHEIM"
    assert "GEHEIM" not in FeedConnector.key(url)
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
           b'<item><guid>https://voorbeeld.nl/a</guid><title>een</title></item>'
           b'<item><guid>https://voorbeeld.nl/b</guid><title>twee</title></item>'
           b'</channel></rss>')
    positions = PositionStore(tmp_path / "rss.json")
    positions.save({FeedConnector.legacy_key(url): {"seen": ["https://voorbeeld.nl/a"]}})  # written by an older version
    client = httpx.Client(transport=httpx.MockTransport(
        lambda req: httpx.Response(200, content=rss, headers={"content-type": "application/rss+xml"})))
    conn = FeedConnector([url], positions, client=client)
    batch = conn.poll()
    assert [r.id for r in batch.records] == ["https://voorbeeld.nl/b"]  # the old position was used
    conn.commit(batch)
    assert "GEHEIM" not in (tmp_path / "rss.json").read_text()
    saved = json.loads((tmp_path / "rss.json").read_text())["positions"]
    assert saved == {FeedConnector.key(url): {"etag": None, "modified": None,
                                              "seen": ["https://voorbeeld.nl/a", "https://voorbeeld.nl/b"]}}


# -------------------------------------------------------------------------------------------- 6: closing
def test_runner_closes_the_connector_when_it_gives_up() -> None:
    from doxwacht.ingest.connectors.base import Backoff, ConnectorFailed, Runner

    class Failing:
        name = "kapot"
        closed = False

        def poll(self) -> Any:
            raise OSError("weg")

        def commit(self, batch: Any) -> None:  # pragma: no cover - never reached
            pass

        def close(self) -> None:
            self.closed = True

    conn = Failing()
    runner = Runner(conn, ListSink(), max_errors=1, backoff=Backoff(base=0.001, cap=0.001), sleep=lambda s: None)
    with pytest.raises(ConnectorFailed):
        runner.run()
    assert conn.closed


def test_connect_uses_one_run_and_telegram_redis_needs_an_evidence_dir(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from typer.testing import CliRunner

    from doxwacht.cli import app as cli
    from doxwacht.store import Store
    from doxwacht.store.models import IngestRun

    monkeypatch.setattr(cli, "make_engine", lambda **kw: _engine())
    for v in ("DOXWACHT_EVIDENCE_DIR", "DOXWACHT_REDIS_URL", "DOXWACHT_STATE_DIR", "DOXWACHT_TELEGRAM_CONFIG"):
        monkeypatch.delenv(v, raising=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(3):  # one batch per file: three puts
        (inbox / f"{n}.jsonl").write_text(json.dumps({"id": f"m{n}", "text": "hoi"}) + "\n")
        os.utime(inbox / f"{n}.jsonl", (1, 1))
    r = CliRunner().invoke(cli.app, ["connect", "folder", str(inbox), "--once", "--db", str(tmp_path / "dw.db"),
                                     "--state-dir", str(tmp_path / "state"), "--user", "t"])
    assert r.exit_code == 0, r.output
    assert r.output.count("berichten doorgegeven") == 3  # three batches ...
    store = Store(str(tmp_path / "dw.db"))
    with store.transaction() as s:
        runs = s.execute(select(IngestRun.finished_at)).all()
    store.close()
    assert len(runs) == 1 and runs[0][0] is not None  # ... one run for the process, closed at the end
    r = CliRunner().invoke(cli.app, ["connect", "telegram", "@kanaal", "--redis", "redis://127.0.0.1:1/0",
                                     "--state-dir", str(tmp_path)])
    assert r.exit_code == 2 and "--evidence-dir" in r.output
