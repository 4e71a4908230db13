"""Telegram channels and groups, live, through `telethon` (the user's own account or bot).

On start the connector catches up per chat from the last message id it handed over
(`iter_messages(min_id=…, reverse=True)`, a page of `page` messages per poll, oldest first); after that
it follows new messages through `events.NewMessage`. A new message is used as delivered when it is the
next id after the position; when an id is skipped (a gap: missed updates, deleted messages) the chat is
read from history again, so nothing falls between. Positions per chat: `telegram:<peer id>`.

Media (photos, documents up to `max_media_bytes`) are downloaded and kept as evidence in the
content-addressed `BlobStore`; the record's meta refers to them by SHA-256 (`media: [{sha256, …}]`).

The client is any object with telethon's `get_entity`, `iter_messages`, `add_event_handler` and
`download_media` (tests drive a fake one with recorded messages). Credentials (api id, api hash,
session file) come from the user's configuration, `load_config`; they are never logged.
"""

from __future__ import annotations

import asyncio
import os
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doxwacht.ingest.connectors.base import (
    Batch,
    ConnectorConfigError,
    ConnectorError,
    PositionedConnector,
)
from doxwacht.ingest.connectors.position import PositionStore
from doxwacht.ingest.records import Problem, Record

FORMAT = "telegram"
ENV_API_ID = "DOXWACHT_TELEGRAM_API_ID"
ENV_API_HASH = "DOXWACHT_TELEGRAM_API_HASH"
ENV_SESSION = "DOXWACHT_TELEGRAM_SESSION"
MAX_MEDIA_BYTES = 20 * 1024 * 1024


class ConfigError(ValueError):
    """Telegram credentials missing or invalid (message in Dutch; never contains the secrets)."""


@dataclass(frozen=True)
class TelegramConfig:
    api_id: int
    api_hash: str
    session: str

    def __repr__(self) -> str:  # never print the hash
        return f"TelegramConfig(api_id=***, api_hash=***, session={self.session!r})"


def load_config(path: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None) -> TelegramConfig:
    """Credentials from a TOML file (`[telegram] api_id, api_hash, session`) or, per field, from
    DOXWACHT_TELEGRAM_API_ID / _API_HASH / _SESSION (the environment wins)."""
    env = dict(os.environ) if env is None else env
    section: dict[str, Any] = {}
    if path is not None:
        try:
            section = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("telegram", {})
        except FileNotFoundError:
            raise ConfigError(f"configuratiebestand bestaat niet: {path}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"configuratiebestand {path} is geen geldige TOML: {err}") from None
    api_id = env.get(ENV_API_ID) or section.get("api_id")
    api_hash = env.get(ENV_API_HASH) or section.get("api_hash")
    session = env.get(ENV_SESSION) or section.get("session") or "doxwacht-telegram"
    if not api_id or not api_hash:
        raise ConfigError(f"Telegram-gegevens ontbreken: zet {ENV_API_ID} en {ENV_API_HASH} (van my.telegram.org) "
                          "of geef een configuratiebestand met [telegram] api_id en api_hash")
    try:
        api_id = int(api_id)
    except (TypeError, ValueError):
        raise ConfigError("api_id moet een getal zijn") from None
    return TelegramConfig(api_id, str(api_hash), str(session))


def make_client(config: TelegramConfig, loop: asyncio.AbstractEventLoop) -> Any:  # pragma: no cover - network
    """A telethon client for `config`, bound to `loop`; `start()` asks for a login code the first time."""
    from telethon import TelegramClient  # type: ignore[import-untyped]

    asyncio.set_event_loop(loop)
    client = TelegramClient(config.session, config.api_id, config.api_hash, loop=loop)
    started = client.start()  # outside a running loop telethon runs the login itself (on `loop`)
    if asyncio.iscoroutine(started):
        loop.run_until_complete(started)
    return client


def _peer_ids(peer: Any) -> tuple[int, int]:
    """(marked id, bare id) of a peer or entity."""
    from telethon import utils  # type: ignore[import-untyped]

    marked = utils.get_peer_id(peer)
    return marked, utils.resolve_id(marked)[0]


class TelegramConnector(PositionedConnector):
    name = "telegram"

    def __init__(self, client: Any, chats: Iterable[str | int], positions: PositionStore, *, blobs: Any = None,
                 loop: asyncio.AbstractEventLoop | None = None, page: int = 200,
                 max_media_bytes: int = MAX_MEDIA_BYTES, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(positions)
        self.client = client
        self.chats = list(dict.fromkeys(chats))
        if not self.chats:
            raise ValueError("geef minstens één chat of kanaal")
        self.blobs = blobs
        self.loop = loop or asyncio.new_event_loop()
        self.page = max(1, page)
        self.max_media_bytes = max_media_bytes
        self.clock = clock
        self.entities: dict[str, Any] = {}  # key -> entity
        self.info: dict[str, dict[str, Any]] = {}  # key -> chat meta
        self.last: dict[str, int] = {}
        self.pending: dict[str, dict[int, Any]] = {}
        self.dirty: set[str] = set()  # chats to read from history (start, gaps)
        self._complete: set[str] = set()
        self._wake: asyncio.Event | None = None

    # ------------------------------------------------------------------ setup
    def _run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    async def _resolve(self) -> None:
        from telethon import events  # type: ignore[import-untyped]

        for chat in self.chats:
            try:
                entity = await self.client.get_entity(chat)
            except (ValueError, TypeError) as err:
                raise ConnectorConfigError(f"chat {chat!r} niet gevonden of niet toegankelijk: {err}") from None
            marked, bare = _peer_ids(entity)
            key = f"telegram:{marked}"
            self.entities[key] = entity
            self.info[key] = {"chat_id": bare, "chat": getattr(entity, "title", None) or getattr(entity, "username", None)
                              or str(chat), "username": getattr(entity, "username", None)}
            self.last[key] = int((self.load(key, {}) or {}).get("last_id", 0))
            self.pending.setdefault(key, {})
            self.dirty.add(key)
        self._wake = asyncio.Event()
        self.client.add_event_handler(self._on_new_message, events.NewMessage(chats=list(self.entities.values())))

    async def _on_new_message(self, event: Any) -> None:
        msg = event.message
        key = f"telegram:{_peer_ids(msg.peer_id)[0]}"
        if key in self.pending and msg.id > self.last.get(key, 0):
            self.pending[key][msg.id] = msg
            if self._wake is not None:
                self._wake.set()

    # ------------------------------------------------------------------ polling
    def poll(self) -> Batch:
        try:
            return self._run(self._poll())
        except (ConnectorConfigError, ConnectorError):
            raise
        except OSError as err:
            raise ConnectorError(f"Telegram niet bereikbaar: {err}") from err
        except Exception as err:  # telethon's RPC errors (FloodWaitError carries .seconds)
            raise ConnectorError(f"Telegram: {type(err).__name__}: {err}",
                                 retry_after=getattr(err, "seconds", None)) from err

    async def _poll(self) -> Batch:
        if not self.entities:
            await self._resolve()
        batch = Batch()
        self._complete = set()
        for key, entity in self.entities.items():
            last = self.last[key]
            messages: list[Any] = []
            if key not in self.dirty:
                run = last
                waiting = sorted(i for i in self.pending[key] if i > last)
                for i in waiting:
                    if i != run + 1:
                        self.dirty.add(key)  # a gap: read the history instead
                        break
                    run = i
                if key not in self.dirty:
                    messages = [self.pending[key][i] for i in waiting]
            if key in self.dirty:
                messages = [m async for m in self.client.iter_messages(entity, min_id=last, reverse=True,
                                                                        limit=self.page)]
                if len(messages) < self.page:
                    self._complete.add(key)
                else:
                    batch.more = True
            messages = sorted((m for m in messages if m.id > last), key=lambda m: m.id)
            for m in messages:
                item = await self._record(key, m, batch.problems)
                if isinstance(item, Problem):
                    batch.problems.append(item)
                elif item is not None:
                    batch.records.append(item)
            if messages:
                batch.position[key] = {"last_id": messages[-1].id}
        return batch

    async def _record(self, key: str, m: Any, problems: list[Problem]) -> Record | Problem | None:
        info = self.info[key]
        where = f"{info['chat']}#{m.id}"
        if getattr(m, "action", None) is not None:
            return None  # service message: joined, pinned, renamed, ...
        text = getattr(m, "message", None) or ""
        if not isinstance(text, str):
            return Problem("malformed", "telegram", where, "bericht heeft geen tekst; overgeslagen")
        media = await self._media(m, where, problems) if getattr(m, "media", None) is not None else []
        if not text.strip() and not media:
            return None
        date = getattr(m, "date", None)
        sender = getattr(m, "from_id", None)
        meta: dict[str, Any] = {"platform": "telegram", "chat_id": info["chat_id"], "chat": info["chat"],
                                "message_id": m.id, "date": date.isoformat() if date else None,
                                "from_id": _peer_ids(sender)[1] if sender is not None else None}
        if info.get("username"):
            meta["url"] = f"https://t.me/{info['username']}/{m.id}"
        reply = getattr(getattr(m, "reply_to", None), "reply_to_msg_id", None)
        if reply:
            meta["reply_to"] = f"{info['chat_id']}/{reply}"
        if media:
            meta["media"] = media
        return Record(id=f"{info['chat_id']}/{m.id}", text=text, source=f"telegram:{info['chat']}", location=where,
                      format=FORMAT, meta={k: v for k, v in meta.items() if v is not None})

    async def _media(self, m: Any, where: str, problems: list[Problem]) -> list[dict[str, Any]]:
        """Download the message's media into the blob store; returns references (sha256, kind, size)."""
        f = getattr(m, "file", None)
        size = getattr(f, "size", None)
        ref: dict[str, Any] = {"kind": type(m.media).__name__.removeprefix("MessageMedia").lower(),
                               "mime_type": getattr(f, "mime_type", None), "name": getattr(f, "name", None),
                               "size": size}
        if self.blobs is None:
            ref["note"] = "niet bewaard (geen bewijsopslag ingesteld)"
        elif size is not None and size > self.max_media_bytes:
            ref["note"] = f"niet bewaard: groter dan {self.max_media_bytes // (1024 * 1024)} MB"
        else:
            try:
                data = await self.client.download_media(m, file=bytes)
            except Exception as err:  # noqa: BLE001 - the message itself is still handed over
                problems.append(Problem("unreadable", "telegram", where,
                                        f"media niet gedownload ({type(err).__name__}); bericht wel bewaard",
                                        skipped=False))
                ref["note"] = "download mislukt"
            else:
                if isinstance(data, bytes | bytearray) and data:
                    ref["sha256"] = self.blobs.put(bytes(data))
                    ref["size"] = len(data)
        return [{k: v for k, v in ref.items() if v is not None}]

    def committed(self, batch: Batch) -> None:
        for key, pos in batch.position.items():
            if key in self.last:
                self.last[key] = int(pos["last_id"])
        for key, pending in self.pending.items():
            for i in [i for i in pending if i <= self.last[key]]:
                del pending[i]
        self.dirty -= self._complete
        self._complete = set()

    # ------------------------------------------------------------------ waiting
    def wait(self, timeout: float, stopped: Callable[[], bool]) -> None:
        """Let the client receive updates for up to `timeout` seconds; return early on a new message or stop."""
        deadline = self.clock() + timeout

        async def waiter() -> None:
            while not stopped():
                left = deadline - self.clock()
                if left <= 0 or self._wake is None:
                    return
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=min(0.5, left))
                except TimeoutError:
                    continue
                self._wake.clear()
                return

        if self._wake is None:
            time.sleep(min(timeout, 0.5))
            return
        self._run(waiter())

    def close(self) -> None:
        disconnect = getattr(self.client, "disconnect", None)
        if callable(disconnect):
            result = disconnect()
            if asyncio.iscoroutine(result):
                self._run(result)
