"""Safe image loading.

`load_image(path_or_bytes)` returns a `LoadedImage` (an RGB Pillow image, oriented as shown) or raises
`ImageError` with a Dutch message and a machine-readable `reason`; it never lets a Pillow, zlib or
OS error escape for bad input.

Bounds (all per call, nothing global is changed):

* `max_bytes` (default 100 MiB): larger files are refused before decoding (`too_large`).
* `max_pixels` (default 120 megapixels): width x height from the header is checked BEFORE any pixel
  is decoded (`too_many_pixels`), so decompression bombs are refused cheaply. Pillow's own bomb
  check (`Image.MAX_IMAGE_PIXELS`, a module global) is not mutated: its warning is silenced for
  this call and its error (above 2 x MAX_IMAGE_PIXELS, about 179 MP by default) is reported as
  `too_many_pixels` too, so the effective limit is min(max_pixels, 2 x Image.MAX_IMAGE_PIXELS).
* `max_side` (default 4096): the decoded image is downscaled so its longest side is at most
  `max_side` (`LoadedImage.scale` < 1 then; `original_size` keeps the size before). JPEG is
  decoded at a reduced DCT scale (`Image.draft`) first, so a 100 MP JPEG never needs its full
  300 MB raster; for PNG/WebP the peak memory is about 4 bytes x max_pixels.
* Animated images (GIF, animated WebP/PNG): the FIRST frame only; `frames` tells how many there are.
* EXIF orientation is applied (`ImageOps.exif_transpose`); `exif` keeps the raw EXIF of the file.
* Formats: PNG, JPEG, WebP, GIF, and HEIF/HEIC/AVIF when `pillow-heif` is installed.

Reasons: `empty`, `unreadable`, `too_large`, `unknown_format`, `unsupported_format`,
`too_many_pixels`, `bad_size`, `truncated`, `corrupt`.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_PIXELS = 120_000_000
DEFAULT_MAX_SIDE = 4096

BASE_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
HEIF_FORMATS = ("HEIF", "AVIF")
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".jpe", ".webp", ".gif", ".heic", ".heif", ".avif"})

_heif: bool | None = None


def heif_available() -> bool:
    """Registers pillow-heif's opener once (when installed); True when HEIC can be read."""
    global _heif
    if _heif is None:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
            _heif = True
        except Exception:  # not installed or broken: HEIC is refused as unsupported
            _heif = False
    return _heif


def allowed_formats() -> tuple[str, ...]:
    return BASE_FORMATS + (HEIF_FORMATS if heif_available() else ())


class ImageError(Exception):
    """A file that is not a usable image. `reason` is one of the reasons in the module docstring."""

    def __init__(self, reason: str, message: str, source: str = "") -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.reason = reason
        self.message = message
        self.source = source


@dataclass(slots=True)
class LoadedImage:
    image: Image.Image  # RGB, oriented, at most max_side on its longest side
    source: str
    format: str
    original_size: tuple[int, int]  # (width, height) after orientation, before downscale
    scale: float = 1.0  # image size / original size
    frames: int = 1
    exif: Image.Exif = field(default_factory=Image.Exif)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def _read_bytes(src: str | os.PathLike[str] | bytes | IO[bytes], max_bytes: int) -> tuple[bytes, str]:
    if isinstance(src, (bytes, bytearray, memoryview)):
        data, name = bytes(src), "<bytes>"
    elif hasattr(src, "read"):
        name = str(getattr(src, "name", "<stream>"))
        data = src.read(max_bytes + 1)  # type: ignore[union-attr]
    else:
        name = str(src)
        try:
            with open(src, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except IsADirectoryError:
            raise ImageError("unreadable", "is een map, geen afbeelding", name) from None
        except OSError as err:
            raise ImageError("unreadable", f"kan niet lezen ({err.strerror or err})", name) from None
    if len(data) > max_bytes:
        raise ImageError("too_large", f"bestand groter dan {max_bytes // (1024 * 1024)} MiB", name)
    if not data:
        raise ImageError("empty", "leeg bestand (0 bytes)", name)
    return data, name


def load_image(
    src: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_side: int | None = DEFAULT_MAX_SIDE,
    name: str | None = None,
) -> LoadedImage:
    """Open, check, decode (first frame), orient and bound an image. Raises `ImageError`."""
    data, src_name = _read_bytes(src, max_bytes)
    source = name or src_name
    formats = allowed_formats()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            try:
                # only the allowed decoders ever see the bytes (no TIFF, PSD, ... parsers)
                im = Image.open(io.BytesIO(data), formats=list(formats))
            except Image.DecompressionBombError:
                raise ImageError("too_many_pixels", "te veel pixels (mogelijk een decompressiebom)", source) from None
            except UnidentifiedImageError:
                if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"hevc"):
                    raise ImageError(
                        "unsupported_format", "HEIC/AVIF wordt niet ondersteund (installeer pillow-heif)", source
                    ) from None
                raise ImageError(
                    "unknown_format", "geen ondersteunde afbeelding (PNG, JPEG, WebP, GIF, HEIC)", source
                ) from None
            fmt = (im.format or "").upper()
            w, h = im.size
            if w <= 0 or h <= 0:
                raise ImageError("bad_size", f"ongeldige afmetingen {w}x{h}", source)
            if w * h > max_pixels:
                raise ImageError(
                    "too_many_pixels",
                    f"{w}x{h} = {w * h / 1e6:.0f} megapixel, meer dan de grens van {max_pixels / 1e6:.0f}",
                    source,
                )
            frames = int(getattr(im, "n_frames", 1) or 1)
            if frames > 1:
                im.seek(0)
            exif = im.getexif()
            info = {k: v for k, v in im.info.items() if isinstance(k, str) and isinstance(v, str)}
            if max_side and fmt == "JPEG" and max(w, h) > max_side:
                im.draft("RGB", (max_side, max_side))  # decode at 1/2, 1/4 or 1/8 scale
            im.load()
            oriented = ImageOps.exif_transpose(im)
            if oriented is None:  # older Pillow returns None for in_place; be safe
                oriented = im
            # original size as shown (orientation 5..8 swap width and height)
            orientation = exif.get(0x0112, 1)
            ow, oh = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
            rgb = _to_rgb(oriented)
            if max_side and max(rgb.size) > max_side:
                rgb.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
            scale = rgb.size[0] / ow
    except ImageError:
        raise
    except Image.DecompressionBombError:
        raise ImageError("too_many_pixels", "te veel pixels (mogelijk een decompressiebom)", source) from None
    except (OSError, SyntaxError, EOFError) as err:
        text = str(err)
        if "truncated" in text or "broken data stream" in text or isinstance(err, EOFError):
            raise ImageError("truncated", "afgebroken bestand (onvolledig)", source) from None
        raise ImageError("corrupt", f"beschadigde afbeelding ({text[:120]})", source) from None
    except (ValueError, TypeError, MemoryError, IndexError, KeyError, ZeroDivisionError) as err:
        raise ImageError("corrupt", f"beschadigde afbeelding ({type(err).__name__}: {str(err)[:120]})", source) from None
    return LoadedImage(
        image=rgb, source=source, format=fmt, original_size=(ow, oh), scale=scale, frames=frames, exif=exif, info=info
    )


def _to_rgb(im: Image.Image) -> Image.Image:
    """RGB; transparency is composited on white (screenshots and stickers stay readable)."""
    if im.mode == "RGB":
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 256).convert("L") if im.mode != "I" else im.convert("L")
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA"):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im.convert("RGB")


def iter_image_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Image files under `folder` (recursive, by suffix, sorted; hidden files and folders skipped)."""
    root = Path(folder)
    out = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES:
            out.append(p)
    return out


__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "DEFAULT_MAX_SIDE",
    "IMAGE_SUFFIXES",
    "ImageError",
    "LoadedImage",
    "allowed_formats",
    "heif_available",
    "iter_image_files",
    "load_image",
]
