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
) -> tuple[Image.Image, list[Bubble]]:
    rnd = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size, (236, 229, 221))
    d = ImageDraw.Draw(img)
    head = font(font_size + 4)
    d.rectangle((0, 0, w, 56 + font_size), fill=(7, 94, 84))
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
        fill = (220, 248, 198) if outgoing else (255, 255, 255)
        d.rounded_rectangle((x0, y, x0 + bw, y + bh), radius=10, fill=fill)
        for k, line in enumerate(lines):
            d.text((x0 + 12, y + 10 + k * line_h), line, fill=(20, 20, 20), font=fnt)
        d.text((x0 + bw - 38, y + bh - small.size - 4 if hasattr(small, "size") else y + bh - 14),
               f"{9 + i % 12:02d}:{rnd.randint(0, 59):02d}", fill=(120, 120, 120), font=small)
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
