"""`doxwacht connect`: a folder and a feed stored end to end on the embedded default (restart stores
nothing twice), `--redis` hands records to the stream sink, Dutch errors for missing credentials and bad
input, `connect token` prints a token and its hash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from doxwacht.cli import app as cli
from doxwacht.ingest.sink import ListSink
from doxwacht.web.ingest_api import token_sha256
from tests.test_connectors_support import DATA, LoopbackServer, require


def tiny_engine(**kw):
    from doxwacht.pipeline import Engine

    return Engine(threshold=kw.get("threshold", 0.5), max_chars=kw.get("max_chars", 100_000))


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(cli, "make_engine", tiny_engine)
    for v in ("DOXWACHT_EVIDENCE_DIR", "DOXWACHT_REDIS_URL", "DOXWACHT_STATE_DIR", "DOXWACHT_TELEGRAM_API_ID",
              "DOXWACHT_TELEGRAM_API_HASH", "DOXWACHT_TELEGRAM_CONFIG"):
        monkeypatch.delenv(v, raising=False)
    return CliRunner()


def stored(db: Path) -> list[tuple[str, str, str, str]]:
    from doxwacht.store import Store
    from doxwacht.store.models import Message

    with Store(str(db)).transaction() as s:
        return sorted(s.execute(select(Message.source, Message.platform, Message.channel, Message.message_key)).all())


def test_folder_once_stores_and_restart_adds_nothing(runner: CliRunner, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.jsonl").write_text('{"id": "m1", "text": "bel 06-12345678"}\n{kapot\n{"id": "m2", "text": "hoi"}\n')
    os.utime(inbox / "a.jsonl", (1, 1))
    args = ["connect", "folder", str(inbox), "--once", "--db", str(tmp_path / "dw.db"), "--state-dir",
            str(tmp_path / "state"), "--user", "tester"]
    r = runner.invoke(cli.app, args)
    assert r.exit_code == 0, r.output
    assert "folder: 2 berichten naar de database, 1 problemen" in r.output
    assert "a.jsonl:2" in r.output
    rows = stored(tmp_path / "dw.db")
    assert [(s, k) for s, _, _, k in rows] == [("folder", "m1"), ("folder", "m2")]
    assert json.loads((tmp_path / "state" / "folder.json").read_text())["positions"]
    r = runner.invoke(cli.app, args)
    assert r.exit_code == 0 and "folder: 0 berichten" in r.output
    assert stored(tmp_path / "dw.db") == rows


def test_rss_once_into_the_database(runner: CliRunner, tmp_path: Path) -> None:
    require("feedparser")
    with LoopbackServer() as server:
        body = (DATA / "feed_rss.xml").read_bytes()
        server.routes["/rss"] = lambda p, q, h: (200, {"Content-Type": "application/rss+xml"}, body)
        args = ["connect", "rss", server.url + "/rss", "--once", "--db", str(tmp_path / "dw.db"), "--state-dir",
                str(tmp_path / "state"), "-q"]
        r = runner.invoke(cli.app, args)
        assert r.exit_code == 0, r.output
        r = runner.invoke(cli.app, args)
        assert r.exit_code == 0
    rows = stored(tmp_path / "dw.db")
    assert rows == [("rss", "rss", server.url + "/rss", "voorbeeld-nieuws-1000"),
                    ("rss", "rss", server.url + "/rss", "voorbeeld-nieuws-1001")]


def test_redis_option_uses_the_stream_sink(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, str, ListSink]] = []

    class FakeStreamSink(ListSink):
        def __init__(self, url: str, stream: str = "doxwacht:in", maxlen: int | None = None) -> None:
            super().__init__()
            made.append((url, stream, self))

    import doxwacht.live.stream as stream_mod

    monkeypatch.setattr(stream_mod, "RedisStreamSink", FakeStreamSink)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "b.csv").write_text("id,text\nc1,hallo\n")
    os.utime(inbox / "b.csv", (1, 1))
    r = runner.invoke(cli.app, ["connect", "folder", str(inbox), "--once", "--redis", "redis://127.0.0.1:1/0",
                                "--stream", "test:in", "--state-dir", str(tmp_path / "state")])
    assert r.exit_code == 0, r.output
    assert "Redis-stream test:in" in r.output
    (url, stream, sink), = made
    assert (url, stream, [x.id for x in sink.records]) == ("redis://127.0.0.1:1/0", "test:in", ["c1"])
    assert not (tmp_path / "dw.db").exists()


def test_dutch_errors(runner: CliRunner, tmp_path: Path) -> None:
    r = runner.invoke(cli.app, ["connect", "telegram", "@kanaal", "--state-dir", str(tmp_path)])
    assert r.exit_code == 2 and "DOXWACHT_TELEGRAM_API_ID" in r.output
    r = runner.invoke(cli.app, ["connect", "folder", str(tmp_path / "weg"), "--once", "--state-dir", str(tmp_path)])
    assert r.exit_code == 2 and "map bestaat niet" in r.output
    r = runner.invoke(cli.app, ["connect", "rss", "https://voorbeeld.nl/feed", "--interval", "0"])
    assert r.exit_code == 2


def test_rss_broken_state_file(runner: CliRunner, tmp_path: Path) -> None:
    require("feedparser")
    (tmp_path / "rss.json").write_text("{kapot")
    r = runner.invoke(cli.app, ["connect", "rss", "https://voorbeeld.nl/feed", "--state-dir", str(tmp_path)])
    assert r.exit_code == 2 and "geen geldige JSON" in r.output


def test_a_missing_connector_library_is_a_clear_error(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the connectors extra (feedparser), `connect rss` says what to install instead of a traceback."""
    import sys

    monkeypatch.setitem(sys.modules, "feedparser", None)  # (importing it raises ModuleNotFoundError)
    monkeypatch.delitem(sys.modules, "doxwacht.ingest.connectors.feeds", raising=False)
    r = runner.invoke(cli.app, ["connect", "rss", "https://voorbeeld.nl/feed", "--once", "--state-dir", str(tmp_path)])
    assert r.exit_code == 2, r.output
    assert "feedparser" in r.output and "doxwacht[connectors]" in r.output
    assert "Traceback" not in r.output


def test_token_prints_token_and_matching_hash(runner: CliRunner) -> None:
    r = runner.invoke(cli.app, ["connect", "token"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    tok = lines[0].rsplit(" ", 1)[1]
    assert lines[1].endswith("DOXWACHT_INGEST_TOKEN_SHA256=" + token_sha256(tok)) and len(tok) >= 40
