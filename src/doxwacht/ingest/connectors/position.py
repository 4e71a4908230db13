"""Where each connector stands: one JSON state file, written atomically (temp file, fsync, os.replace).

A file holds positions under keys (`rss:https://…`, `mastodon:social.example/tag:x`, `folder:/data/in`,
`telegram:1234`). `save` re-reads the file under an exclusive lock and replaces only its own keys, so two
connectors (two processes) may share one file without undoing each other's progress. No database, no
migration: the file is small, human-readable and may be deleted to start over.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from doxwacht.files import write_atomic

try:  # POSIX; elsewhere the file is still replaced atomically, just without the cross-process lock
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


class PositionError(RuntimeError):
    """The state file exists but cannot be read as positions (message in Dutch, for the user)."""


class PositionStore:
    """`load(key)` and `save({key: position})` on one JSON file; positions are JSON values."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover
            yield
            return
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as err:
            raise PositionError(f"statusbestand {self.path} is niet leesbaar: {err.strerror or err}") from None
        try:
            data = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError:
            raise PositionError(f"statusbestand {self.path} is geen geldige JSON; herstel of verwijder het "
                                f"(dan begint de connector opnieuw)") from None
        if not isinstance(data, dict) or not isinstance(data.get("positions", {}), dict):
            raise PositionError(f"statusbestand {self.path} heeft een onbekende vorm; herstel of verwijder het")
        return dict(data.get("positions", {}))

    def load_all(self) -> dict[str, Any]:
        return self._read()

    def load(self, key: str, default: Any = None) -> Any:
        return self._read().get(key, default)

    def save(self, updates: Mapping[str, Any]) -> None:
        """Replace the positions under `updates`' keys (others are kept; a key given None is removed),
        atomically and durably."""
        with self._locked():
            positions = self._read()
            positions.update(updates)
            for k in [k for k, v in updates.items() if v is None]:
                positions.pop(k, None)
            payload = json.dumps({"version": 1, "positions": positions}, ensure_ascii=False, indent=1,
                                 sort_keys=True)
            write_atomic(self.path, payload.encode("utf-8"), durable=True)
