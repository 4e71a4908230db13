"""Live intake through a real redis-server: the stream sink, the worker (store, acknowledge, dead-letter,
claim, share), and the alerts (outbox without repeats, signed webhook checked by a local receiver, e-mail
to a local aiosmtpd server)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

pytest.importorskip("redis")

from doxwacht.cases import Ingestor
from doxwacht.ingest.records import Record
from doxwacht.ingest.sink import Sink, record_from_fields
from doxwacht.live.alerts import (
    ALERT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    AlertOutbox,
    MailChannel,
    WebhookChannel,
    alert_payload,
    sign,
    verify_signature,
)
from doxwacht.live.stream import RedisStreamSink, connect
from doxwacht.live.worker import StreamWorker
from doxwacht.store import Store
from doxwacht.store.models import LiveAlert, Message

DOXING = "Jan de Vries woont op Lindelaan {n}, 7411 XB Deventer. Ga hem maar opzoeken, we weten waar je woont"
PLAINTEXT = ("Jan de Vries", "Lindelaan", "7411")
SECRET = b"een-lang-genoeg-webhookgeheim-123"


@pytest.fixture(scope="module")
def live_engine() -> Any:
    from doxwacht.cli.app import make_engine

    return make_engine(threshold=0.5, max_chars=5000)


def rec(i: int, text: str | None = None, channel: str = "kanaal1") -> Record:
    return Record(id=str(i), text=text or f"Bericht {i}: niets bijzonders vandaag, groet uit Zwolle", source="test",
                  location=f"test:{i}", format="jsonl", meta={"channel": channel, "platform": "telegram"})


def make_worker(url: str, store: Store, engine: Any, consumer: str, channels: list[Any] | None = None,
                **kw: Any) -> StreamWorker:
    evidence = kw.pop("evidence_dir", None) or Path(str(store.path)).parent / "ev"
    ing = Ingestor(store, engine, user="test", source="live", evidence_dir=evidence)
    outbox = AlertOutbox(store, channels, owner=consumer) if channels else None
    kw.setdefault("block_ms", 200)
    return StreamWorker(connect(url), ing, consumer=consumer, outbox=outbox, **kw)


def counts(store: Store) -> tuple[int, int]:
    with store.transaction() as s:
        return s.execute(select(func.count(), func.count(func.distinct(Message.message_key))).select_from(Message)).one()


class Recorder:
    """A channel that keeps what it is given."""

    name = "console"

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, payload: dict[str, Any]) -> None:
        self.sent.append(payload)


# -------------------------------------------------------------------------------------------- sink
def test_sink_publishes_the_wire_form(redis_url: str) -> None:
    sink = RedisStreamSink(redis_url, "s1")
    assert isinstance(sink, Sink)
    records = [rec(i) for i in range(1200)]  # more than one pipelined round trip
    assert sink.put(records) == 1200 and len(sink.last_ids) == 1200
    entries = connect(redis_url).xrange("s1")
    assert [record_from_fields(f) for _, f in entries] == records
    trimmed = RedisStreamSink(redis_url, "s2", maxlen=100)
    trimmed.put(records)
    assert connect(redis_url).xlen("s2") < 1200


# -------------------------------------------------------------------------------------------- worker
def test_worker_stores_acknowledges_and_dead_letters(redis_url: str, tmp_path: Path, live_engine: Any) -> None:
    client = connect(redis_url)
    RedisStreamSink(redis_url).put([rec(i) for i in range(40)] + [rec(99, DOXING.format(n=5))])
    client.xadd("doxwacht:in", {"v": "1", "id": "x1"})  # no text
    client.xadd("doxwacht:in", {"v": "1", "id": "x2", "text": "hoi", "meta": "{niet json"})
    client.xadd("doxwacht:in", {"v": "7", "id": "x3", "text": "hoi"})  # unknown version
    client.xadd("doxwacht:in", {"v": "1", "id": "x4", "text": "lang " * 2000, "meta": "{}"})  # over max_chars
    store = Store(tmp_path / "dw.db")
    reported: list[Any] = []
    w = make_worker(redis_url, store, live_engine, "w1", batch=16, on_problem=reported.append)
    stats = w.run(drain=True)
    assert counts(store) == (41, 41)
    dead = client.xrange("doxwacht:dead")
    kinds = sorted(f[b"dead_kind"].decode() for _, f in dead)
    assert kinds == sorted(["missing_field", "malformed", "unsupported", "too_long"])
    assert {f[b"dead_stream"] for _, f in dead} == {b"doxwacht:in"} and all(f[b"dead_reason"] for _, f in dead)
    assert len(reported) == 4 and stats.dead == 4 and stats.stored == 41 and stats.entries == 45
    assert client.xpending("doxwacht:in", "doxwacht")["pending"] == 0
    # a second run finds nothing left to do
    again = make_worker(redis_url, store, live_engine, "w1").run(drain=True)
    assert again.entries == 0 and counts(store) == (41, 41)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        store = Store(tmp_path / "dw.db")
        yield store
        store.close()
        return
    from tests.test_cases_support import PG_URL, pg_guard, reset_pg_schema

    pg_guard()  # skipped without DOXWACHT_TEST_PG_URL; fails when CI=true
    reset_pg_schema(PG_URL)
    store = Store(PG_URL)
    yield store
    store.close()
    reset_pg_schema(PG_URL)


def test_redelivered_and_repeated_messages_store_and_alert_once(redis_url: str, tmp_path: Path, live_engine: Any,
                                                                any_store: Store) -> None:
    client = connect(redis_url)
    store = any_store
    sink = RedisStreamSink(redis_url)
    batch = [rec(1, DOXING.format(n=1)), rec(2), rec(3, DOXING.format(n=3), channel="kanaal2")]
    sink.put(batch)
    # a consumer that read the batch and died before acknowledging it
    w0 = make_worker(redis_url, store, live_engine, "dood", evidence_dir=tmp_path / "ev")
    w0.ensure_group()
    client.xreadgroup("doxwacht", "dood", {"doxwacht:in": ">"}, count=10)
    assert client.xpending("doxwacht:in", "doxwacht")["pending"] == 3
    channel = Recorder()
    w = make_worker(redis_url, store, live_engine, "levend", [channel], claim_idle_ms=0,
                    evidence_dir=tmp_path / "ev")
    stats = w.run(drain=True)
    assert stats.claimed == 3 and stats.stored == 3
    assert client.xpending("doxwacht:in", "doxwacht")["pending"] == 0
    assert len(channel.sent) == 2 and {p["message"] for p in channel.sent} == {"1", "3"}
    # the same messages published again (a connector repeating its last batch)
    sink.put(batch)
    stats = make_worker(redis_url, store, live_engine, "levend", [channel],
                        evidence_dir=tmp_path / "ev").run(drain=True)
    assert stats.entries == 3 and stats.stored == 0 and stats.duplicates == 3
    assert counts(store) == (3, 3) and len(channel.sent) == 2
    with store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(LiveAlert)) == 2
        assert set(s.scalars(select(LiveAlert.status))) == {"sent"}


def test_two_workers_share_the_stream(redis_url: str, tmp_path: Path, live_engine: Any) -> None:
    store_a, store_b = Store(tmp_path / "dw.db"), Store(tmp_path / "dw.db")
    a = make_worker(redis_url, store_a, live_engine, "a", batch=10, block_ms=100)
    b = make_worker(redis_url, store_b, live_engine, "b", batch=10, block_ms=100)
    a.ensure_group()
    threads = [threading.Thread(target=w.run) for w in (a, b)]
    for t in threads:
        t.start()
    try:
        RedisStreamSink(redis_url).put([rec(i) for i in range(300)])
        client = connect(redis_url)
        deadline = datetime.now(UTC).timestamp() + 120
        while (a.stats.entries + b.stats.entries < 300 or client.xpending("doxwacht:in", "doxwacht")["pending"]) \
                and datetime.now(UTC).timestamp() < deadline:
            threading.Event().wait(0.05)
    finally:
        a.stop()
        b.stop()
        for t in threads:
            t.join(30)
    assert a.stats.entries > 0 and b.stats.entries > 0
    assert a.stats.entries + b.stats.entries == 300
    assert a.stats.stored + b.stats.stored == 300 and counts(store_a) == (300, 300)
    assert connect(redis_url).xpending("doxwacht:in", "doxwacht")["pending"] == 0
    assert connect(redis_url).xinfo_consumers("doxwacht:in", "doxwacht") == []  # both left the group cleanly


# -------------------------------------------------------------------------------------------- alerts
def test_signature_round_trip_and_rejections() -> None:
    body = b'{"alert":"x"}'
    sig = sign(SECRET, body, 1_700_000_000)
    assert sig.startswith("sha256=") and len(sig) == 7 + 64
    assert verify_signature(SECRET, body, "1700000000", sig, now=1_700_000_010)
    assert not verify_signature(SECRET, body + b" ", "1700000000", sig, now=1_700_000_010)  # body changed
    assert not verify_signature(b"ander-geheim-van-voldoende-lengte", body, "1700000000", sig, now=1_700_000_010)
    assert not verify_signature(SECRET, body, "1700000001", sig, now=1_700_000_010)  # timestamp changed
    assert not verify_signature(SECRET, body, "1700000000", sig, now=1_700_000_000 + 3600)  # too old: replay
    assert not verify_signature(SECRET, body, None, sig) and not verify_signature(SECRET, body, "abc", sig)


def test_alert_payload_rules_and_no_plaintext() -> None:
    now = datetime(2026, 11, 24, tzinfo=UTC)
    base = dict(id=1, source="live", platform="telegram", channel="c", message_key="7", url=None, posted_at=None,
                ingested_at=now, run_id=1, text_sha256="0" * 64, text_length=10, category="overig", gtpa=False,
                findings=[], intent=[])
    quiet = Message(**base, level="hostile", severity=40, verdict={"watchlist": [
        {"person": "P1", "kind": "name", "strength": "medium"}]})
    assert alert_payload(quiet) is None
    strong = Message(**base, level="personal_data", severity=10, verdict={
        "watchlist": [{"person": "P1", "kind": "phone", "strength": "strong"}],
        "targets": [{"key": "wl:P1", "label": "Wethouder A", "protected": True, "kind": "watchlist"}]})
    p = alert_payload(strong, ["DW-2026-000007"])
    assert p is not None and p["kinds"] == ["watchlist"] and p["label"] == "Wethouder A" and p["protected"]
    assert p["cases"] == ["DW-2026-000007"] and "sterke overeenkomst met de watchlist: telefoonnummer" in p["reasons"]


class Receiver:
    """A tiny HTTP server on loopback that answers `codes` in turn (then 200) and keeps each request."""

    def __init__(self, codes: list[int] | None = None) -> None:
        self.codes = list(codes or [])
        self.requests: list[tuple[dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append(({k: v for k, v in self.headers.items()}, body))
                code = outer.codes.pop(0) if outer.codes else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver([503])  # the first delivery fails: the webhook retries
    yield r
    r.close()


def test_webhook_alert_is_signed_verified_and_retried(redis_url: str, tmp_path: Path, live_engine: Any,
                                                      receiver: Receiver) -> None:
    store = Store(tmp_path / "dw.db")
    RedisStreamSink(redis_url).put([rec(1, DOXING.format(n=12)), rec(2)])
    hook = WebhookChannel(receiver.url, SECRET, backoff=0.01, timeout=5)
    stats = make_worker(redis_url, store, live_engine, "w", [hook]).run(drain=True)
    assert stats.alerts == 1
    assert len(receiver.requests) == 2  # 503, then 200
    ids = {h[ALERT_HEADER] for h, _ in receiver.requests}
    assert len(ids) == 1
    headers, body = receiver.requests[-1]
    assert verify_signature(SECRET, body, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER])
    assert not verify_signature(SECRET, body.replace(b"doxing", b"niets"), headers[TIMESTAMP_HEADER],
                                headers[SIGNATURE_HEADER])
    payload = json.loads(body)
    assert payload["level"] == "doxing" and payload["severity"] > 0 and payload["message"] == "1"
    assert payload["cases"] and payload["cases"][0].startswith("DW-") and payload["label"]
    assert payload["reasons"] and not any(t in body.decode() for t in PLAINTEXT)
    with store.transaction() as s:
        row = s.scalars(select(LiveAlert)).one()
        assert (row.channel, row.status, row.attempts) == ("webhook", "sent", 1)


def test_failing_webhook_stays_pending_and_is_sent_later(redis_url: str, tmp_path: Path, live_engine: Any) -> None:
    down = Receiver([500, 500])
    try:
        store = Store(tmp_path / "dw.db")
        RedisStreamSink(redis_url).put([rec(1, DOXING.format(n=14))])
        hook = WebhookChannel(down.url, SECRET, backoff=0.01, retries=2)
        w = make_worker(redis_url, store, live_engine, "w", [hook])
        w.ensure_group()
        w.step()  # stored and acknowledged; the alert could not go out
        assert connect(redis_url).xpending("doxwacht:in", "doxwacht")["pending"] == 0
        with store.transaction() as s:
            row = s.scalars(select(LiveAlert)).one()
            assert (row.status, row.attempts) == ("pending", 1) and "HTTP 500" in (row.last_error or "")
        outbox = AlertOutbox(store, [hook], owner="w", lease_s=0)
        with store.transaction(write=True) as s:  # the backoff has passed
            s.execute(LiveAlert.__table__.update().values(claimed_at=datetime(2000, 1, 1, tzinfo=UTC)))
        assert outbox.deliver() == 1 and outbox.deliver() == 0
        assert len(down.requests) == 3 and len({h[ALERT_HEADER] for h, _ in down.requests}) == 1
    finally:
        down.close()


class StuckChannel:
    """A channel whose first send hangs until released (a webhook that does not answer)."""

    name = "webhook"

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.sent: list[dict[str, Any]] = []

    def send(self, payload: dict[str, Any]) -> None:
        self.entered.set()
        assert self.release.wait(30)
        self.sent.append(payload)


def test_a_hanging_alert_channel_does_not_hold_up_storing(redis_url: str, tmp_path: Path, live_engine: Any) -> None:
    store = Store(tmp_path / "dw.db")
    stuck = StuckChannel()
    worker = make_worker(redis_url, store, live_engine, "w", [stuck], batch=1)
    sink = RedisStreamSink(redis_url)
    sink.put([rec(1, DOXING.format(n=21))])
    runner = threading.Thread(target=worker.run, daemon=True)
    runner.start()
    try:
        assert stuck.entered.wait(30)  # the alert for message 1 is being sent, and hangs
        sink.put([rec(2), rec(3, DOXING.format(n=23))])
        deadline = time.monotonic() + 30
        while counts(store)[0] < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert counts(store)[0] == 3 and not stuck.sent  # stored while the first alert still hangs
    finally:
        stuck.release.set()
        deadline = time.monotonic() + 30
        while len(stuck.sent) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        worker.stop()
        runner.join(30)
    assert not runner.is_alive()
    assert sorted(p["message"] for p in stuck.sent) == ["1", "3"] and worker.stats.alerts == 2
    with store.transaction() as s:
        assert sorted(s.scalars(select(LiveAlert.status)).all()) == ["sent", "sent"]


def test_mail_alert_reaches_a_local_smtp_server(redis_url: str, tmp_path: Path, live_engine: Any) -> None:
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller

    from doxwacht.response import Security, SmtpConfig
    from tests.test_response_mailer import Inbox, free_port

    inbox = Inbox()
    port = free_port()
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        cfg = SmtpConfig(host="127.0.0.1", port=port, from_address="doxwacht@gemeente.example",
                         security=Security.NONE, timeout=10)
        store = Store(tmp_path / "dw.db")
        RedisStreamSink(redis_url).put([rec(1, DOXING.format(n=21)), rec(2)])
        stats = make_worker(redis_url, store, live_engine, "w", [MailChannel(cfg, ["team@gemeente.example"])]
                            ).run(drain=True)
        assert stats.alerts == 1 and len(inbox.envelopes) == 1
        msg = inbox.message()
        assert "DW-" in msg["Subject"] and "doxing" in msg["Subject"]
        assert msg["To"] == "team@gemeente.example"
        text = msg.get_content()
        assert "Zaak: DW-" in text and "Redenen:" in text and not any(t in text for t in PLAINTEXT)
    finally:
        ctl.stop()


# -------------------------------------------------------------------------------------------- CLI
def test_publish_command_reports_bad_lines_and_publishes_the_rest(redis_url: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from doxwacht.cli import app as cli

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "1", "text": "hallo", "channel": "c"}\n{kapot\n{"id": "2", "text": "daar"}\n',
                   encoding="utf-8")
    res = CliRunner().invoke(cli.app, ["publish", str(src), "--redis", redis_url, "--stream", "p1"])
    assert res.exit_code == 3
    assert "2 berichten in p1 gezet" in res.output and "in.jsonl" in res.output
    got = [record_from_fields(f) for _, f in connect(redis_url).xrange("p1")]
    assert [(r.id, r.text, r.meta.get("channel")) for r in got] == [("1", "hallo", "c"), ("2", "daar", None)]


def test_worker_command_refuses_bad_options_in_dutch(redis_url: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from doxwacht.cli import app as cli

    r = CliRunner().invoke(cli.app, ["worker", "--redis", redis_url, "--webhook", "https://x.example/h"])
    assert r.exit_code == 2 and "--webhook-secret-file" in r.output
    short = tmp_path / "kort"
    short.write_text("kort")
    r = CliRunner().invoke(cli.app, ["worker", "--redis", redis_url, "--webhook", "https://x.example/h",
                                     "--webhook-secret-file", str(short)])
    assert r.exit_code == 2 and "minstens 16 bytes" in r.output
    r = CliRunner().invoke(cli.app, ["worker", "--redis", "redis://127.0.0.1:1/0", "--db", str(tmp_path / "d.db")])
    assert r.exit_code == 2 and "Redis niet bereikbaar" in r.output


def test_strong_watchlist_match_alerts_with_the_pseudonym_only(redis_url: str, tmp_path: Path) -> None:
    from doxwacht import Engine
    from doxwacht.intent import IntentAnalyzer
    from doxwacht.verdict import VerdictAnalyzer
    from doxwacht.watchlist import WatchlistAnalyzer
    from tests.test_watchlist_support import make_register, sample_person

    reg = make_register(tmp_path, name="dw.db")
    reg.add(sample_person())  # label "Agent A", phone 06-12345678
    engine = Engine(analyzers=[WatchlistAnalyzer.from_register(reg, refresh_interval=None), IntentAnalyzer(),
                               VerdictAnalyzer()])
    store = Store(tmp_path / "dw.db")
    RedisStreamSink(redis_url).put([rec(1, "Mooi weer vandaag"), rec(2, "Bel hem gerust: 0612345678, groetjes")])
    channel = Recorder()
    stats = make_worker(redis_url, store, engine, "w", [channel]).run(drain=True)
    assert stats.stored == 2 and len(channel.sent) == 1
    p = channel.sent[0]
    assert "watchlist" in p["kinds"] and p["label"] == "Agent A" and p["protected"] and p["message"] == "2"
    assert "sterke overeenkomst met de watchlist: telefoonnummer" in p["reasons"]
    dumped = json.dumps(p)
    assert "12345678" not in dumped and "de Vries" not in dumped
