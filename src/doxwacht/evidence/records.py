"""Small records the case layer stores: what was captured (`CaptureRecord`) and what happened to it
since (`CustodyEvent`: captured, exported, verified). Plain data with `to_dict`/`from_dict`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def check_sha256(value: str) -> str:
    if not isinstance(value, str) or not SHA256_RE.match(value):
        raise ValueError(f"not a lower-case hex SHA-256: {value!r}")
    return value


def to_utc(value: datetime, name: str = "time") -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")
    return value.astimezone(UTC)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_iso(value: str) -> datetime:
    return to_utc(datetime.fromisoformat(value))


class CaptureKind(StrEnum):
    TEXT = "text"  # a message's text, UTF-8
    RECORD = "record"  # the raw export record (JSON bytes)
    ATTACHMENT = "attachment"  # a photo, video, document


@dataclass(frozen=True)
class CaptureRecord:
    sha256: str
    size: int
    media_type: str
    captured_at: datetime
    source: str  # URL or file the original came from
    captured_by: str
    tool_version: str
    kind: CaptureKind = CaptureKind.ATTACHMENT
    filename: str = ""  # the attachment's original name, if any

    def __post_init__(self) -> None:
        check_sha256(self.sha256)
        object.__setattr__(self, "captured_at", to_utc(self.captured_at, "captured_at"))
        object.__setattr__(self, "kind", CaptureKind(self.kind))
        if self.size < 0:
            raise ValueError("size must not be negative")
        for name in ("media_type", "source", "captured_by", "tool_version"):
            if not getattr(self, name):
                raise ValueError(f"capture record {self.sha256[:12]}: {name} is empty")

    def to_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size, "media_type": self.media_type,
                "captured_at": iso(self.captured_at), "source": self.source, "captured_by": self.captured_by,
                "tool_version": self.tool_version, "kind": str(self.kind), "filename": self.filename}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CaptureRecord:
        return cls(str(d["sha256"]), int(d["size"]), str(d["media_type"]), parse_iso(str(d["captured_at"])),
                   str(d["source"]), str(d["captured_by"]), str(d["tool_version"]), CaptureKind(d.get("kind", "attachment")),
                   str(d.get("filename", "")))


class CustodyAction(StrEnum):
    CAPTURED = "captured"
    EXPORTED = "exported"
    VERIFIED = "verified"


@dataclass(frozen=True)
class CustodyEvent:
    action: CustodyAction
    at: datetime
    actor: str
    sha256: tuple[str, ...] = ()  # the blobs concerned
    manifest_sha256: str | None = None  # exported / verified: the package's manifest hash
    package_sha256: str | None = None  # exported: the hash of the zip file as written
    ok: bool | None = None  # verified: the outcome
    detail: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", CustodyAction(self.action))
        object.__setattr__(self, "at", to_utc(self.at, "at"))
        object.__setattr__(self, "sha256", tuple(check_sha256(s) for s in self.sha256))
        for name in ("manifest_sha256", "package_sha256"):
            if getattr(self, name) is not None:
                check_sha256(getattr(self, name))

    def to_dict(self) -> dict[str, Any]:
        return {"action": str(self.action), "at": iso(self.at), "actor": self.actor, "sha256": list(self.sha256),
                "manifest_sha256": self.manifest_sha256, "package_sha256": self.package_sha256, "ok": self.ok,
                "detail": self.detail}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CustodyEvent:
        return cls(CustodyAction(d["action"]), parse_iso(str(d["at"])), str(d["actor"]), tuple(d.get("sha256", ())),
                   d.get("manifest_sha256"), d.get("package_sha256"), d.get("ok"), str(d.get("detail", "")))
