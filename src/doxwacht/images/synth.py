"""Synthetic test images drawn with Pillow (tests, eval and benchmarks; no downloads).

* `chat_screenshot(messages, ...)`: a Dutch chat screenshot (WhatsApp-like bubbles, left/right),
  returns the image and, per message, the bubble box.
* `pattern_image(seed, size)`: a photo-like picture (gradients, shapes, noise), distinct per seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from doxwacht.images.finding import Box


@dataclass(frozen=True, slots=True)
class Bubble:
    text: str
    box: Box
    outgoing: bool


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans when the system has it, else Pillow's built-in scalable font (Pillow >= 10.1)."""
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, fnt: ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=fnt) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def chat_screenshot(
    messages: list[str],
    *,
    size: tuple[int, int] = (720, 1280),
    font_size: int = 18,
    seed: int = 0,
    title: str = "Groepschat",
    dark: bool = False,
) -> tuple[Image.Image, list[Bubble]]:
    """`dark`: dark mode (light text on dark bubbles, as WhatsApp's dark theme)."""
    rnd = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size, (11, 20, 26) if dark else (236, 229, 221))
    d = ImageDraw.Draw(img)
    head = font(font_size + 4)
    d.rectangle((0, 0, w, 56 + font_size), fill=(32, 44, 51) if dark else (7, 94, 84))
    d.text((20, 20), title, fill=(255, 255, 255), font=head)
    fnt = font(font_size)
    small = font(max(10, font_size - 6))
    line_h = int(font_size * 1.35)
    y = 80 + font_size
    bubbles: list[Bubble] = []
    for i, text in enumerate(messages):
        outgoing = rnd.random() < 0.4
        max_w = int(w * 0.72)
        lines = _wrap(d, text, fnt, max_w - 24)
        tw = max(d.textlength(line, font=fnt) for line in lines)
        bw, bh = int(tw) + 24 + 40, line_h * len(lines) + 24
        if y + bh > h - 10:
            break
        x0 = w - bw - 16 if outgoing else 16
        if dark:
            fill, ink, stamp = ((0, 92, 75) if outgoing else (32, 44, 51)), (233, 237, 239), (140, 150, 155)
        else:
            fill, ink, stamp = ((220, 248, 198) if outgoing else (255, 255, 255)), (20, 20, 20), (120, 120, 120)
        d.rounded_rectangle((x0, y, x0 + bw, y + bh), radius=10, fill=fill)
        for k, line in enumerate(lines):
            d.text((x0 + 12, y + 10 + k * line_h), line, fill=ink, font=fnt)
        d.text((x0 + bw - 38, y + bh - small.size - 4 if hasattr(small, "size") else y + bh - 14),
               f"{9 + i % 12:02d}:{rnd.randint(0, 59):02d}", fill=stamp, font=small)
        bubbles.append(Bubble(text, (x0, y, x0 + bw, y + bh), outgoing))
        y += bh + 12
    return img, bubbles


def pattern_image(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A distinct photo-like picture per seed: smooth colour field, random shapes, blur and noise."""
    rnd = random.Random(seed)
    rng = np.random.default_rng(seed)
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.zeros((h, w, 3), dtype=np.float32)
    for c in range(3):
        fx, fy, ph = rnd.uniform(0.5, 4), rnd.uniform(0.5, 4), rnd.uniform(0, 6.28)
        base[..., c] = 127 + 100 * np.sin(xx / w * fx * 6.28 + ph) * np.cos(yy / h * fy * 6.28 + ph / 2)
    img = Image.fromarray(base.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for _ in range(rnd.randint(8, 20)):
        x0, y0 = rnd.randint(-50, w), rnd.randint(-50, h)
        x1, y1 = x0 + rnd.randint(20, w // 2), y0 + rnd.randint(20, h // 2)
        colour = tuple(rnd.randint(0, 255) for _ in range(3))
        shape = rnd.choice(("ellipse", "rectangle", "polygon"))
        if shape == "ellipse":
            d.ellipse((x0, y0, x1, y1), fill=colour)
        elif shape == "rectangle":
            d.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            d.polygon([(rnd.randint(0, w), rnd.randint(0, h)) for _ in range(rnd.randint(3, 6))], fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(rnd.uniform(0.5, 2.0)))
    noise = rng.normal(0, 6, (h, w, 3))
    return Image.fromarray((np.asarray(img, dtype=np.float32) + noise).clip(0, 255).astype(np.uint8))


# --- Dutch licence plates -------------------------------------------------------------------------

PLATE_YELLOW = (247, 200, 16)
PLATE_BLUE = (0, 51, 153)
_PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"  # RDW letters (M left out: rare on real plates' recent series)
_OLD_LETTERS = "BDFGHJKLMNPRSTVXZ"


def bold_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans Bold as shipped with matplotlib (a core dependency), else `font(size)`."""
    try:
        import matplotlib

        path = f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans-Bold.ttf"
        return ImageFont.truetype(path, size)
    except (ImportError, OSError):
        return font(size)


def random_plate(rnd: random.Random, sidecode: int) -> str:
    """A valid-looking plate text (with dashes) of the given sidecode (1-14)."""
    from doxwacht.detectors.nl.plate import FORBIDDEN, SIDECODES

    while True:
        groups = []
        for group in SIDECODES[sidecode].split("-"):
            if group[0] == "X":
                groups.append("".join(rnd.choice(_OLD_LETTERS if sidecode <= 3 else _PLATE_LETTERS) for _ in group))
            else:
                groups.append("".join(rnd.choice("0123456789") for _ in group))
        if not any(bad in g for g in groups for bad in FORBIDDEN):
            return "-".join(groups)


def plate_image(text: str, height: int = 110, *, eu_band: bool = True) -> Image.Image:
    """A Dutch licence plate (yellow, black characters, black rim, blue EU band with "NL"), 52:11."""
    scale = 4  # draw large, then reduce: smooth edges like a photographed plate
    h = height * scale
    w = int(h * 520 / 110)
    img = Image.new("RGB", (w, h), PLATE_YELLOW)
    d = ImageDraw.Draw(img)
    rim = max(2, h // 28)
    band = int(h * 0.38) if eu_band else 0
    if band:
        d.rectangle((0, 0, band, h), fill=PLATE_BLUE)
        d.text((band // 2, int(h * 0.78)), "NL", fill=(255, 255, 255), font=bold_font(int(h * 0.2)), anchor="mm")
    d.rectangle((0, 0, w - 1, h - 1), outline=(10, 10, 10), width=rim)
    fnt = bold_font(int(h * 0.72))
    avail = w - band - 4 * rim
    tw = d.textlength(text, font=fnt)
    if tw > avail:
        fnt = bold_font(int(h * 0.72 * avail / tw))
    d.text((band + (w - band) / 2, h / 2), text, fill=(12, 12, 12), font=fnt, anchor="mm")
    return img.resize((w // scale, height), Image.Resampling.LANCZOS)


def yellow_sign(text: str, size: tuple[int, int] = (300, 70)) -> Image.Image:
    """A yellow sign with black text (a plate look-alike that is NOT a plate), e.g. a shop or road sign."""
    img = Image.new("RGB", size, PLATE_YELLOW)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, size[0] - 1, size[1] - 1), outline=(10, 10, 10), width=max(2, size[1] // 25))
    fnt = bold_font(int(size[1] * 0.55))
    tw = d.textlength(text, font=fnt)
    if tw > size[0] * 0.9:
        fnt = bold_font(int(size[1] * 0.55 * size[0] * 0.9 / tw))
    d.text((size[0] / 2, size[1] / 2), text, fill=(12, 12, 12), font=fnt, anchor="mm")
    return img


def paste_rotated(scene: Image.Image, patch: Image.Image, center: tuple[int, int], angle: float = 0.0) -> Box:
    """Paste `patch` rotated by `angle` degrees (counter-clockwise) with its centre at `center`; returns
    the axis-aligned box of the pasted pixels in `scene`."""
    rgba = patch.convert("RGBA").rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    x0 = int(center[0] - rgba.width / 2)
    y0 = int(center[1] - rgba.height / 2)
    scene.paste(rgba, (x0, y0), rgba)
    alpha = np.asarray(rgba.getchannel("A")) > 128
    ys, xs = np.nonzero(alpha)
    return (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)


@dataclass(frozen=True, slots=True)
class PlacedPlate:
    text: str
    sidecode: int
    box: Box


SIGN_WORDS = ("SNACKBAR", "TAXI", "OPEN", "GESLOTEN", "UITRIT VRIJ", "A12", "N201", "APOTHEEK", "KAAS", "HEMA",
              "PAS OP", "OMLEIDING", "ZONE 30", "ZEEMAN", "FRITES", "B-12", "KASSA 3", "POSTNL", "DHL", "AH TO GO")


def plate_scene(
    seed: int,
    background: Image.Image | None = None,
    *,
    size: tuple[int, int] = (1280, 720),
    plates: int = 2,
    signs: int = 1,
    sidecodes: tuple[int, ...] = tuple(range(1, 15)),
    heights: tuple[int, int] = (16, 70),
    max_angle: float = 15.0,
) -> tuple[Image.Image, list[PlacedPlate]]:
    """A photo-like picture (or `background`, resized) with Dutch plates of random sidecodes, sizes and
    angles, and yellow look-alike signs that are not plates; returns the picture and the plates."""
    rnd = random.Random(seed)
    scene = (background.convert("RGB").resize(size) if background is not None else pattern_image(seed + 10_000, size))
    placed: list[PlacedPlate] = []
    taken: list[Box] = []

    def free(box: Box) -> bool:
        return all(box[2] + 8 < t[0] or t[2] + 8 < box[0] or box[3] + 8 < t[1] or t[3] + 8 < box[1] for t in taken)

    for k in range(plates + signs):
        is_plate = k < plates
        for _attempt in range(30):
            angle = rnd.uniform(-max_angle, max_angle)
            if is_plate:
                code = sidecodes[(seed * 3 + k) % len(sidecodes)]
                text = random_plate(rnd, code)
                patch = plate_image(text, rnd.randint(*heights))
            else:
                word = rnd.choice(SIGN_WORDS)
                hh = rnd.randint(*heights)
                patch = yellow_sign(word, (int(hh * rnd.uniform(2.5, 5.5)), hh))
            rw, rh = patch.size
            cx = rnd.randint(rw // 2 + 10, size[0] - rw // 2 - 10) if size[0] > rw + 20 else size[0] // 2
            cy = rnd.randint(rh // 2 + 20, size[1] - rh // 2 - 20) if size[1] > rh + 40 else size[1] // 2
            probe = (cx - rw // 2 - rh, cy - rh, cx + rw // 2 + rh, cy + rh)
            if not free(probe):
                continue
            box = paste_rotated(scene, patch, (cx, cy), angle)
            taken.append(probe)
            if is_plate:
                placed.append(PlacedPlate(text, code, box))
            break
    return scene, placed
