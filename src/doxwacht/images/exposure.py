"""The exposure audit of an account's own posts: how often its posts show licence plates, recognisable
people, exact addresses and companies (as in the audit of 5,000 police posts: 38 plates, 13 people
recognisable, 8 exact addresses, 4 companies).

`audit(posts, analyzer, engine) -> ExposureReport`: per post, the text goes through the text engine
and every image through `ImageAnalyzer` (OCR text too, when available). Counted:

* `kentekens`: LICENSE_PLATE findings (in images: read plates; in text: written plates);
* `herkenbare personen`: faces at least `RECOGNISABLE_PX` wide (smaller faces are counted apart as
  `kleine gezichten`: possibly recognisable);
* `adressen`: ADDRESS findings (street + number), in text or in an image;
* `bedrijven`: company names by their legal form (B.V., V.O.F., N.V., Holding, ...) or a KvK number, a
  simple rule, not a detector of its own.

Every count keeps the post ids, so each one can be checked by a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from doxwacht.images.archive import ArchiveProblem, Post

RECOGNISABLE_PX = 40  # face width in original pixels from which a face counts as recognisable
COMPANY = re.compile(
    r"\b(?:[A-Z][\w&'.-]*\s){0,3}[A-Z][\w&'.-]*\s(?:B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?|Holding|C\.?V\.?)(?![\w])"
    r"|\bKvK(?:-nummer|-nr\.?| nummer|)\s*:?\s*\d{8}\b"
)

CATEGORIES = (
    ("plates", "kentekens"),
    ("people", "herkenbare personen"),
    ("small_faces", "kleine gezichten (mogelijk herkenbaar)"),
    ("addresses", "exacte adressen"),
    ("companies", "bedrijven"),
)


@dataclass(slots=True)
class ExposureReport:
    posts: int = 0
    images: int = 0
    unreadable_images: int = 0
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {k: 0 for k, _ in CATEGORIES})
    posts_with: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k, _ in CATEGORIES})
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {k: [] for k, _ in CATEGORIES})
    skipped: list[str] = field(default_factory=list)

    def add(self, key: str, post: str, detail: dict[str, Any]) -> None:
        self.counts[key] += 1
        self.posts_with[key].add(post)
        if len(self.examples[key]) < 50:
            self.examples[key].append({"post": post, **detail})

    def to_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "images": self.images,
            "unreadable_images": self.unreadable_images,
            "counts": dict(self.counts),
            "posts_with": {k: len(v) for k, v in self.posts_with.items()},
            "examples": self.examples,
            "problems": self.problems[:200],
            "skipped": self.skipped,
        }

    def table(self) -> str:
        """A Dutch summary table (plain text)."""
        rows = [("categorie", "aantal", "in berichten")]
        rows += [(name, str(self.counts[k]), str(len(self.posts_with[k]))) for k, name in CATEGORIES]
        w0 = max(len(r[0]) for r in rows)
        lines = [f"Blootstelling in {self.posts} berichten ({self.images} afbeeldingen"
                 + (f", {self.unreadable_images} onleesbaar" if self.unreadable_images else "") + ")", ""]
        for i, (a, b, c) in enumerate(rows):
            lines.append(f"{a:<{w0}}  {b:>6}  {c:>12}")
            if i == 0:
                lines.append("-" * (w0 + 22))
        lines.append("")
        lines.append(f"Herkenbare persoon: gezicht van minstens {RECOGNISABLE_PX} pixels breed; "
                     "bedrijf: rechtsvorm (B.V., V.O.F., ...) of KvK-nummer.")
        return "\n".join(lines)


def companies_in(text: str) -> list[str]:
    return [m.group().strip() for m in COMPANY.finditer(text)]


def audit(posts: Iterable[Post | ArchiveProblem], analyzer: Any, engine: Any = None) -> ExposureReport:
    if engine is None:  # the analyzer's engine (the one its OCR text goes through), else a new one
        engine = getattr(analyzer, "engine", None)
    if engine is None:
        from doxwacht.pipeline import Engine

        engine = Engine()
    rep = ExposureReport(skipped=list(getattr(analyzer, "skipped", [])))
    for post in posts:
        if isinstance(post, ArchiveProblem):
            rep.problems.append(str(post))
            continue
        rep.posts += 1
        texts = [post.text] if post.text else []
        if post.text:
            for f in engine.scan(post.text).findings:
                if f.label == "LICENSE_PLATE":
                    rep.add("plates", post.id, {"where": "tekst", "value": f.value})
                elif f.label == "ADDRESS":
                    rep.add("addresses", post.id, {"where": "tekst", "value": f.value})
        for path in post.images:
            rep.images += 1
            r = analyzer.analyze(path)
            if r.error is not None:
                rep.unreadable_images += 1
                rep.problems.append(f"{path}: {r.error}; overgeslagen")
                continue
            if r.ocr_text:
                texts.append(r.ocr_text)
            for f in r.findings:
                where = {"where": "afbeelding", "image": str(path), "box": list(f.box) if f.box else None}
                if f.label == "LICENSE_PLATE":
                    rep.add("plates", post.id, {**where, "value": f.value})
                elif f.label == "FACE" and f.box is not None:
                    key = "people" if f.box[2] - f.box[0] >= RECOGNISABLE_PX else "small_faces"
                    rep.add(key, post.id, where)
                elif f.label == "ADDRESS":
                    rep.add("addresses", post.id, {**where, "value": f.value})
        seen: set[str] = set()
        for t in texts:
            for name in companies_in(t):
                if name not in seen:
                    seen.add(name)
                    rep.add("companies", post.id, {"value": name})
    return rep
