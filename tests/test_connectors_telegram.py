"""Telegram live, against RECORDED messages (tests/data/connectors/telegram_updates.json) built into real
telethon `Message`/`PeerChannel` objects and a fake client: catch-up from the last id, new messages
through events.NewMessage, gaps read from history, media kept as evidence by SHA-256, resume after a
restart without loss or repeats, a failing sink and failing client retried."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.test_connectors_support import require

require("telethon")

from telethon import events
from telethon.tl.types import (
    Channel,
    ChatPhotoEmpty,
    Document,
    DocumentAttributeFilename,
    Message,
    MessageActionPinMessage,
    MessageMediaDocument,
    MessageMediaPhoto,
    MessageReplyHeader,
    PeerChannel,
    PeerUser,
    Photo,
    PhotoSize,
)

from doxwacht.evidence import BlobStore
from doxwacht.ingest.connectors import (
    Backoff,
    ConnectorConfigError,
    PositionStore,
    Runner,
)
from doxwacht.ingest.connectors.telegram_live import (
    ConfigError,
    TelegramConnector,
    load_config,
)
from doxwacht.ingest.sink import ListSink
from tests.test_connectors_support import DATA, FailingSink, Sleeps

REC = json.loads((DATA / "telegram_updates.json").read_text(encoding="utf-8"))
CHAT = REC["chat"]
MEDIA = {int(k): base64.b64decode(v) for k, v in REC["media"].items()}


def message(m: dict[str, Any]) -> Message:
    date = datetime.fromisoformat(m["date"])
    media = None
    if m.get("media", {}).get("type") == "photo":
        media = MessageMediaPhoto(photo=Photo(id=m["id"], access_hash=1, file_reference=b"", date=date, dc_id=4,
                                              sizes=[PhotoSize(type="x", w=800, h=600, size=m["media"]["size"])]))
    elif m.get("media", {}).get("type") == "document":
        media = MessageMediaDocument(document=Document(
            id=m["id"], access_hash=1, file_reference=b"", date=date, mime_type=m["media"]["mime_type"],
            size=m["media"]["size"], dc_id=4, attributes=[DocumentAttributeFilename(m["media"]["name"])]))
    return Message(id=m["id"], peer_id=PeerChannel(CHAT["channel_id"]), date=date, message=m["message"],
                   from_id=PeerUser(m["from_user_id"]), media=media,
                   reply_to=MessageReplyHeader(reply_to_msg_id=m["reply_to_msg_id"]) if m.get("reply_to_msg_id") else None,
                   action=MessageActionPinMessage() if m.get("action") else None)


CHANNEL = Channel(id=CHAT["channel_id"], title=CHAT["title"], photo=ChatPhotoEmpty(), date=datetime(2020, 1, 1),
                  access_hash=CHAT["access_hash"], username=CHAT["username"])


class FakeClient:
    """The few telethon client methods the connector uses, over recorded messages."""

    def __init__(self, history: list[Message]) -> None:
        self.history = {m.id: m for m in history}
        self.handlers: list[tuple[Any, Any]] = []
        self.history_calls: list[int] = []
        self.fail_downloads: set[int] = set()
        self.fail_history = 0

    async def get_entity(self, chat: Any) -> Channel:
        if chat in (CHAT["username"], "@" + CHAT["username"], CHAT["channel_id"]):
            return CHANNEL
        raise ValueError(f"No user has {chat!r} as username")

    def add_event_handler(self, callback: Any, event: Any) -> None:
        assert isinstance(event, events.NewMessage)
        self.handlers.append((callback, event))

    async def iter_messages(self, entity: Any, *, min_id: int = 0, reverse: bool = False, limit: int | None = None):
        assert entity is CHANNEL and reverse
        self.history_calls.append(min_id)
        if self.fail_history:
            self.fail_history -= 1
            raise ConnectionError("verbinding verbroken")
        for m in sorted((m for i, m in self.history.items() if i > min_id), key=lambda m: m.id)[:limit]:
            yield m

    async def download_media(self, msg: Message, file: Any = None) -> bytes:
        assert file is bytes
        if msg.id in self.fail_downloads:
            raise TimeoutError("download")
        return MEDIA[msg.id]

    def deliver(self, loop: asyncio.AbstractEventLoop, m: Message) -> None:
        """A NewMessage update arrives (and the message is in the history from now on)."""
        self.history[m.id] = m
        for callback, _ in self.handlers:
            loop.run_until_complete(callback(events.NewMessage.Event(m)))


@pytest.fixture()
def setup(tmp_path: Path):
    client = FakeClient([message(m) for m in REC["history"]])
    blobs = BlobStore(tmp_path / "evidence")
    loop = asyncio.new_event_loop()
    yield client, blobs, loop, tmp_path / "telegram.json"
    loop.close()


def make(client, blobs, loop, state, **kw) -> TelegramConnector:
    return TelegramConnector(client, ["@" + CHAT["username"]], PositionStore(state), blobs=blobs, loop=loop, **kw)


def test_catch_up_builds_records_and_keeps_media_as_evidence(setup) -> None:
    client, blobs, loop, state = setup
    sink, problems = ListSink(), []
    Runner(make(client, blobs, loop, state), sink, interval=0, sleep=Sleeps(), on_problem=problems.append).run(once=True)
    cid = CHAT["channel_id"]
    assert [r.id for r in sink.records] == [f"{cid}/101", f"{cid}/102", f"{cid}/104", f"{cid}/105"]  # 103: pin
    r = sink.records[1]
    assert r.text.startswith("Hier is zijn adres: Dorpsstraat 12") and r.format == "telegram"
    assert r.meta["platform"] == "telegram" and r.meta["chat_id"] == cid and r.meta["chat"] == "Kanaal Voorbeeld"
    assert r.meta["url"] == "https://t.me/kanaalvoorbeeld/102" and r.meta["from_id"] == 5002
    assert r.meta["date"] == "2026-11-23T07:05:00+00:00"
    photo, doc = sink.records[2], sink.records[3]
    assert photo.meta["reply_to"] == f"{cid}/102"
    assert photo.meta["media"] == [{"kind": "photo", "mime_type": "image/jpeg", "size": 22,
                                    "sha256": hashlib.sha256(MEDIA[104]).hexdigest()}]
    assert doc.text == "" and doc.meta["media"][0]["name"] == "lijst.pdf"
    for rec in (photo, doc):
        sha = rec.meta["media"][0]["sha256"]
        assert blobs.get(sha) == MEDIA[int(rec.id.split("/")[1])]
    assert problems == []
    assert PositionStore(state).load(f"telegram:-100{cid}") == {"last_id": 105}


def test_new_messages_arrive_as_events_and_gaps_are_read_from_history(setup) -> None:
    client, blobs, loop, state = setup
    conn = make(client, blobs, loop, state)
    conn.commit(conn.poll())  # caught up to 105
    assert client.history_calls == [0] and len(client.handlers) == 1
    live = {m["id"]: message(m) for m in REC["live"]}
    client.deliver(loop, live[106])
    client.deliver(loop, live[107])
    assert conn._wake is not None and conn._wake.is_set()  # the handler woke the connector
    conn.wait(5.0, lambda: False)  # returns at once: a message is waiting
    assert not conn._wake.is_set()
    batch = conn.poll()
    assert [r.meta["message_id"] for r in batch.records] == [106, 107]
    assert client.history_calls == [0]  # used as delivered, no history request
    conn.commit(batch)
    for m in REC["history_after_gap"]:  # 108 and 109 were missed (no update); 110 arrives
        client.history[m["id"]] = message(m)
    client.deliver(loop, live[110])
    batch = conn.poll()
    assert [r.meta["message_id"] for r in batch.records] == [108, 109, 110]
    assert client.history_calls == [0, 107]
    conn.commit(batch)
    assert conn.poll().records == []


def test_restart_resumes_from_last_id_without_repeats(setup) -> None:
    client, blobs, loop, state = setup
    first = ListSink()
    Runner(make(client, blobs, loop, state, page=2), first, interval=0, sleep=Sleeps()).run(once=True)
    assert len(first.records) == 4 and client.history_calls == [0, 102, 104]  # pages of 2, oldest first
    for m in REC["live"][:2]:
        client.history[m["id"]] = message(m)  # posted while we were down
    second = ListSink()
    Runner(make(client, blobs, loop, state), second, interval=0, sleep=Sleeps()).run(once=True)
    assert [r.meta["message_id"] for r in second.records] == [106, 107]
    assert client.history_calls[-1] == 105


def test_failing_sink_and_client_lose_and_repeat_nothing(setup) -> None:
    client, blobs, loop, state = setup
    client.fail_history = 1
    client.fail_downloads = {105}
    sink, problems, sleeps = FailingSink(1), [], Sleeps()
    stats = Runner(make(client, blobs, loop, state), sink, interval=0, sleep=sleeps, on_problem=problems.append,
                   backoff=Backoff(base=1, jitter=0)).run(once=True)
    assert [r.meta["message_id"] for r in sink.records] == [101, 102, 104, 105]
    assert stats.errors == 2 and sleeps.delays == [1, 2]
    assert sink.records[3].meta["media"][0]["note"] == "download mislukt"  # the message itself is kept
    assert [p.kind for p in problems] == ["unreadable"] and "media niet gedownload" in problems[0].message


def test_unknown_chat_is_a_clear_error(setup) -> None:
    client, blobs, loop, state = setup
    conn = TelegramConnector(client, ["@bestaatniet"], PositionStore(state), blobs=blobs, loop=loop)
    sleeps = Sleeps()
    with pytest.raises(ConnectorConfigError, match="niet gevonden"):
        Runner(conn, ListSink(), sleep=sleeps).run(once=True)
    assert sleeps.delays == []  # no retries: a retry cannot fix it


def test_credentials_from_env_or_file_never_shown(tmp_path: Path) -> None:
    cfg = load_config(env={"DOXWACHT_TELEGRAM_API_ID": "12345", "DOXWACHT_TELEGRAM_API_HASH": "geheimehash"})
    assert cfg.api_id == 12345 and "geheimehash" not in repr(cfg) and "12345" not in repr(cfg)
    f = tmp_path / "tg.toml"
    f.write_text('[telegram]\napi_id = 777\napi_hash = "uitbestand"\nsession = "/var/lib/dw/tg"\n')
    cfg = load_config(f, env={})
    assert (cfg.api_id, cfg.api_hash, cfg.session) == (777, "uitbestand", "/var/lib/dw/tg")
    with pytest.raises(ConfigError, match="ontbreken"):
        load_config(env={})
    with pytest.raises(ConfigError, match="getal"):
        load_config(env={"DOXWACHT_TELEGRAM_API_ID": "abc", "DOXWACHT_TELEGRAM_API_HASH": "x"})


def test_media_over_the_limit_is_referenced_not_downloaded(setup) -> None:
    client, blobs, loop, state = setup
    sink = ListSink()
    Runner(make(client, blobs, loop, state, max_media_bytes=21), sink, interval=0, sleep=Sleeps()).run(once=True)
    photo, doc = sink.records[2].meta["media"][0], sink.records[3].meta["media"][0]
    assert "sha256" not in photo and photo["note"].startswith("niet bewaard") and photo["size"] == 22
    assert doc["sha256"] == hashlib.sha256(MEDIA[105]).hexdigest()  # 20 bytes: under the limit
