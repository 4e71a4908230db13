"""Irreversible redaction of an image, and a before/after picture.

* Faces and licence plates: the box (grown by `GROW`, faces a little more for hair and ears) is
  pixelated to blocks of about 1/6 of the box's short side (at least 8 px), then blurred with a
  Gaussian of radius ~ block size, then given light noise: the original pixels cannot be recovered
  (each block keeps only an average colour), and the blocks do not hint at the shape.
* Other personal data in the image (OCR'd addresses, phone numbers, names...): the box is FILLED
  with black.
* The result is a new RGB image built from pixels only: no EXIF, XMP, ICC or text chunks are
  copied (`save_clean`), so GPS, device and owner fields are gone.

`redact(image, findings) -> Image`; `side_by_side(before, after, findings) -> Image` (the original
on the left with red boxes, the redacted copy on the right, a Dutch caption).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from doxwacht.images.finding import Box, ImageFinding

BLUR_LABELS = frozenset({"FACE", "LICENSE_PLATE"})
GROW = 0.10  # plates: 10% of the box's size on each side
GROW_FACE = 0.20


def _grow(box: Box, frac: float, size: tuple[int, int]) -> Box:
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) * frac, (y1 - y0) * frac
    return (max(0, int(x0 - dx)), max(0, int(y0 - dy)), min(size[0], int(x1 + dx + 1)), min(size[1], int(y1 + dy + 1)))


def _scaled(box: Box, scale: float) -> Box:
    return tuple(round(v * scale) for v in box)  # type: ignore[return-value]


def obliterate(img: Image.Image, box: Box, seed: int = 0) -> None:
    """Pixelate + blur + noise `box` of `img` in place."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w < 2 or h < 2:
        return
    region = img.crop(box)
    block = max(8, min(w, h) // 6)
    small = region.resize((max(1, w // block), max(1, h // block)), Image.Resampling.BOX)
    pix = small.resize((w, h), Image.Resampling.NEAREST)
    pix = pix.filter(ImageFilter.GaussianBlur(radius=block * 0.8))
    rng = np.random.default_rng(seed)
    arr = np.asarray(pix, dtype=np.int16) + rng.integers(-6, 7, size=(h, w, 3), dtype=np.int16)
    img.paste(Image.fromarray(arr.clip(0, 255).astype(np.uint8)), (x0, y0))


def redact(image: Image.Image, findings: Iterable[ImageFinding], *, scale: float = 1.0) -> Image.Image:
    """A redacted RGB copy. Finding boxes are in ORIGINAL image pixels; `scale` maps them to `image`
    (`LoadedImage.scale`)."""
    out = Image.new("RGB", image.size)
    out.paste(image.convert("RGB"))
    draw = ImageDraw.Draw(out)
    for k, f in enumerate(findings):
        if f.box is None:
            continue
        box = _scaled(f.box, scale)
        if f.label in BLUR_LABELS:
            obliterate(out, _grow(box, GROW_FACE if f.label == "FACE" else GROW, out.size), seed=k)
        else:
            draw.rectangle(_grow(box, 0.04, out.size), fill=(0, 0, 0))
    return out


def save_clean(image: Image.Image, path: str | Path, quality: int = 90) -> None:
    """Save pixels only (no EXIF/XMP/ICC/text); format from the suffix (JPEG, PNG or WebP)."""
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    suffix = Path(path).suffix.lower()
    if suffix in (".jpg", ".jpeg"):
        clean.save(path, "JPEG", quality=quality)
    elif suffix == ".webp":
        clean.save(path, "WEBP", quality=quality)
    else:
        clean.save(path, "PNG")


def side_by_side(before: Image.Image, after: Image.Image, findings: Iterable[ImageFinding], *, scale: float = 1.0,
                 max_height: int = 720) -> Image.Image:
    """Original with red boxes (left) next to the redacted copy (right), with a Dutch caption."""
    from doxwacht.images.synth import font

    factor = min(1.0, max_height / before.height)
    size = (max(1, int(before.width * factor)), max(1, int(before.height * factor)))
    left = before.convert("RGB").resize(size)
    right = after.convert("RGB").resize(size)
    d = ImageDraw.Draw(left)
    fnt = font(max(12, size[1] // 40))
    for f in findings:
        if f.box is None:
            continue
        b = _scaled(f.box, scale * factor)
        colour = (230, 30, 30) if f.label in BLUR_LABELS else (255, 140, 0)
        d.rectangle(b, outline=colour, width=max(2, size[1] // 200))
        d.text((b[0], max(0, b[1] - fnt.size - 2) if hasattr(fnt, "size") else b[1]), _DUTCH.get(f.label, f.label),
               fill=colour, font=fnt)
    cap = max(24, size[1] // 18)
    canvas = Image.new("RGB", (size[0] * 2 + 12, size[1] + cap), (255, 255, 255))
    canvas.paste(left, (0, cap))
    canvas.paste(right, (size[0] + 12, cap))
    dc = ImageDraw.Draw(canvas)
    head = font(max(12, cap // 2))
    dc.text((8, cap // 4), "Origineel (gevonden)", fill=(0, 0, 0), font=head)
    dc.text((size[0] + 20, cap // 4), "Na bewerking (te publiceren)", fill=(0, 0, 0), font=head)
    return canvas


_DUTCH = {
    "FACE": "gezicht", "LICENSE_PLATE": "kenteken", "ADDRESS": "adres", "PHONE": "telefoon", "EMAIL": "e-mail",
    "PERSON": "naam", "IBAN": "IBAN", "POSTCODE": "postcode", "BSN": "BSN", "BIRTHDATE": "geboortedatum",
}


def dutch_label(label: str) -> str:
    return _DUTCH.get(label, label.lower())
