"""Uploaded files: streamed to disk with a running size check, type decided by content (not by name),
images opened with Pillow under a pixel limit (decompression bombs refused)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHUNK = 64 * 1024
ALLOWED = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP", "application/pdf": "PDF",
           "text/plain": "TXT"}


class UploadError(ValueError):
    """An upload that is refused, with a Dutch message for the form."""


@dataclass
class StoredUpload:
    path: Path
    size: int
    media_type: str
    filename: str


def sniff(head: bytes, path: Path) -> str | None:
    """The media type by content, or None when it is not on the allow-list."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    # plain text: valid UTF-8 without NUL or other control characters than tab and line ends
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in text):
        return None
    return "text/plain"


def check_image(path: Path, max_pixels: int) -> None:
    """Decode the image with the project's safe loader (header pixel count checked before decoding,
    decompression bombs refused, only image decoders used); Pillow's global limit is left alone."""
    from doxwacht.images.load import ImageError, load_image

    try:
        load_image(path, max_pixels=max_pixels, max_bytes=path.stat().st_size + 1)
    except ImageError as err:
        if err.reason in ("too_many_pixels", "too_large"):
            raise UploadError("de afbeelding is te groot (te veel beeldpunten)") from None
        raise UploadError("de afbeelding kan niet worden geopend; is het bestand beschadigd?") from None


async def receive(upload: Any, folder: Path, *, max_bytes: int, max_pixels: int) -> StoredUpload:
    """Copy an upload into `folder` chunk by chunk; stop and delete as soon as it passes `max_bytes`;
    then check the type by content. On any refusal nothing is left behind."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"upload-{secrets.token_hex(16)}.part"
    name = Path(upload.filename or "bestand").name[:200]
    size = 0
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out:
            while True:
                chunk = await upload.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise UploadError(f"het bestand {name} is groter dan {max_bytes // (1024 * 1024)} MB")
                out.write(chunk)
        if size == 0:
            raise UploadError(f"het bestand {name} is leeg")
        with path.open("rb") as fh:
            head = fh.read(16)
        media = sniff(head, path)
        if media is None:
            raise UploadError(f"het bestand {name} is geen PNG, JPEG, WebP, PDF of tekstbestand")
        if media.startswith("image/"):
            check_image(path, max_pixels)
        return StoredUpload(path, size, media, name)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
