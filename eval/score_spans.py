"""Score predicted PII spans against gold spans, per label, in two modes.

* exact: a prediction is correct when a gold span has the same start, end and label;
* overlap: a prediction is correct when a gold span of the same label overlaps it (shares at least
  one character). Each gold span and each prediction is matched at most once; the matching is a
  maximum bipartite matching per document and label, so one long prediction covering two gold
  spans counts once, and two predictions inside one gold span count once.

Gold records: ``{"id", "text", "spans": [{"start", "end", "label"}]}`` (see build_gold.py).
Prediction records: ``{"id", "findings": [{"label", "start", "end", ...}]}`` (the scanner's JSONL).
Either key ("spans" or "findings") is accepted on both sides.

Usage::

    python eval/score_spans.py --gold eval/data/pii_dev.jsonl --pred out.jsonl \
        [--labels PHONE EMAIL] [--json report.json] [--errors 20]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Report order; labels not listed here follow alphabetically.
LABEL_ORDER: tuple[str, ...] = (
    "PHONE",
    "EMAIL",
    "POSTCODE",
    "IBAN",
    "BSN",
    "LICENSE_PLATE",
    "ADDRESS",
    "PERSON",
    "DATE_OF_BIRTH",
    "IP_ADDRESS",
    "URL",
    "SOCIAL_HANDLE",
    "GEO_COORDINATE",
)

Record = Mapping[str, Any]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int
    label: str

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def overlap_size(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, with derived P/R/F1 (0.0 if undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class LabelScore:
    label: str
    support: int = 0  # gold spans
    predicted: int = 0  # predicted spans
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "support": self.support,
            "predicted": self.predicted,
            "exact": self.exact.to_dict(),
            "overlap": self.overlap.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One scoring error, judged in overlap mode.

    kind: "FN" (gold span without an overlapping prediction), "FP" (prediction without an
    overlapping gold span) or "BOUNDARY" (matched in overlap mode but not exactly; `start`/`end`
    are the prediction's, `gold_start`/`gold_end` the gold span's).
    """

    kind: str
    id: str
    label: str
    start: int
    end: int
    text: str
    context: str
    gold_start: int | None = None
    gold_end: int | None = None
    gold_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(slots=True)
class ScoreReport:
    labels: dict[str, LabelScore]
    micro_exact: Counts
    micro_overlap: Counts
    documents: int
    errors: list[ErrorItem] = field(default_factory=list)

    def macro_f1(self, mode: str) -> float:
        """Mean F1 over the labels that have gold support."""
        scores = [getattr(s, mode).f1 for s in self.labels.values() if s.support]
        return sum(scores) / len(scores) if scores else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "labels": {k: v.to_dict() for k, v in self.labels.items()},
            "micro": {"exact": self.micro_exact.to_dict(), "overlap": self.micro_overlap.to_dict()},
            "macro_f1": {
                "exact": round(self.macro_f1("exact"), 4),
                "overlap": round(self.macro_f1("overlap"), 4),
            },
            "errors": [e.to_dict() for e in self.errors],
        }


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


def spans_of(record: Record) -> list[Span]:
    """The spans of a gold or prediction record ("spans" or "findings")."""
    items = record.get("spans")
    if items is None:
        items = record.get("findings", [])
    spans: list[Span] = []
    for item in items:
        start, end, label = int(item["start"]), int(item["end"]), str(item["label"])
        if not 0 <= start <= end:
            raise ValueError(f"record {record.get('id')!r}: invalid span {start}:{end}")
        spans.append(Span(start, end, label))
    return spans


def match_exact(gold: Sequence[Span], pred: Sequence[Span]) -> int:
    """Number of exact matches; duplicates match at most once each (multiset intersection)."""
    return sum((Counter(gold) & Counter(pred)).values())


def match_overlap(gold: Sequence[Span], pred: Sequence[Span]) -> dict[int, int]:
    """Maximum one-to-one matching between overlapping spans (same label assumed).

    Returns {pred index: gold index}. Kuhn's augmenting-path algorithm; candidates are tried
    largest overlap first, so among maximum matchings the closer pairs are preferred.
    """
    candidates: list[list[int]] = []
    for p in pred:
        options = [g for g in range(len(gold)) if gold[g].overlaps(p)]
        options.sort(key=lambda g: (-gold[g].overlap_size(p), gold[g].start))
        candidates.append(options)
    gold_to_pred: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in candidates[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_to_pred or augment(gold_to_pred[g], seen):
                gold_to_pred[g] = p
                return True
        return False

    for p in range(len(pred)):
        augment(p, set())
    return {p: g for g, p in gold_to_pred.items()}


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    snippet = f"{left}[{text[start:end]}]{right}"
    prefix = "…" if start > width else ""
    suffix = "…" if end + width < len(text) else ""
    return (prefix + snippet + suffix).replace("\n", " ⏎ ")


def _order(labels: Iterable[str]) -> list[str]:
    rank = {label: i for i, label in enumerate(LABEL_ORDER)}
    return sorted(set(labels), key=lambda label: (rank.get(label, len(rank)), label))


def score(
    gold_records: Iterable[Record],
    pred_records: Iterable[Record],
    labels: Iterable[str] | None = None,
) -> ScoreReport:
    """Per-label precision/recall/F1 in exact and overlap mode, plus micro averages and errors.

    A gold document without a prediction record counts as predicted empty. A prediction for an id
    that is not in the gold set, or a repeated id on either side, raises ValueError.
    """
    gold_by_id: dict[str, Record] = {}
    for record in gold_records:
        key = str(record["id"])
        if key in gold_by_id:
            raise ValueError(f"duplicate gold id {key!r}")
        gold_by_id[key] = record
    pred_by_id: dict[str, Record] = {}
    for record in pred_records:
        key = str(record["id"])
        if key in pred_by_id:
            raise ValueError(f"duplicate prediction id {key!r}")
        if key not in gold_by_id:
            raise ValueError(f"prediction for id {key!r} which is not in the gold set")
        pred_by_id[key] = record

    wanted = set(labels) if labels is not None else None
    per_doc: list[tuple[str, str, list[Span], list[Span]]] = []
    seen_labels: set[str] = set()
    for key, record in gold_by_id.items():
        gold = spans_of(record)
        pred = spans_of(pred_by_id[key]) if key in pred_by_id else []
        if wanted is not None:
            gold = [s for s in gold if s.label in wanted]
            pred = [s for s in pred if s.label in wanted]
        seen_labels.update(s.label for s in gold)
        seen_labels.update(s.label for s in pred)
        per_doc.append((key, str(record.get("text", "")), gold, pred))

    report_labels = _order(wanted if wanted is not None else seen_labels)
    scores = {label: LabelScore(label) for label in report_labels}
    errors: list[ErrorItem] = []

    for key, text, gold_all, pred_all in per_doc:
        for label in report_labels:
            gold = sorted(s for s in gold_all if s.label == label)
            pred = sorted(s for s in pred_all if s.label == label)
            if not gold and not pred:
                continue
            entry = scores[label]
            entry.support += len(gold)
            entry.predicted += len(pred)

            tp = match_exact(gold, pred)
            entry.exact.add(Counts(tp, len(pred) - tp, len(gold) - tp))

            matching = match_overlap(gold, pred)
            entry.overlap.add(Counts(len(matching), len(pred) - len(matching), len(gold) - len(matching)))

            matched_gold = set(matching.values())
            for g, span in enumerate(gold):
                if g not in matched_gold:
                    errors.append(
                        ErrorItem("FN", key, label, span.start, span.end, text[span.start : span.end],
                                  _context(text, span.start, span.end))
                    )
            for p, span in enumerate(pred):
                if p not in matching:
                    errors.append(
                        ErrorItem("FP", key, label, span.start, span.end, text[span.start : span.end],
                                  _context(text, span.start, span.end))
                    )
                    continue
                g_span = gold[matching[p]]
                if (g_span.start, g_span.end) != (span.start, span.end):
                    errors.append(
                        ErrorItem("BOUNDARY", key, label, span.start, span.end,
                                  text[span.start : span.end], _context(text, span.start, span.end),
                                  g_span.start, g_span.end, text[g_span.start : g_span.end])
                    )

    micro_exact, micro_overlap = Counts(), Counts()
    for entry in scores.values():
        micro_exact.add(entry.exact)
        micro_overlap.add(entry.overlap)
    errors.sort(key=lambda e: (e.label, e.id, e.start, e.kind))
    return ScoreReport(scores, micro_exact, micro_overlap, len(per_doc), errors)


# --------------------------------------------------------------------------------------------
# Presentation
# --------------------------------------------------------------------------------------------


def format_table(report: ScoreReport, title: str | None = None) -> str:
    """A plain-text table: support, predictions, then P/R/F1 exact and overlap per label."""
    header = (
        f"{'label':<15} {'gold':>5} {'pred':>5} | {'P':>6} {'R':>6} {'F1':>6} (exact) |"
        f" {'P':>6} {'R':>6} {'F1':>6} (overlap)"
    )
    rule = "-" * len(header)
    lines = []
    if title:
        lines.append(title)
    lines += [header, rule]

    def row(name: str, support: int, predicted: int, exact: Counts, overlap: Counts) -> str:
        return (
            f"{name:<15} {support:>5} {predicted:>5} | {exact.precision:>6.3f} {exact.recall:>6.3f}"
            f" {exact.f1:>6.3f}         | {overlap.precision:>6.3f} {overlap.recall:>6.3f}"
            f" {overlap.f1:>6.3f}"
        )

    for entry in report.labels.values():
        lines.append(row(entry.label, entry.support, entry.predicted, entry.exact, entry.overlap))
    lines.append(rule)
    support = sum(e.support for e in report.labels.values())
    predicted = sum(e.predicted for e in report.labels.values())
    lines.append(row("micro avg", support, predicted, report.micro_exact, report.micro_overlap))
    lines.append(
        f"{'macro F1':<15} {'':>5} {'':>5} | {'':>6} {'':>6} {report.macro_f1('exact'):>6.3f}"
        f"         | {'':>6} {'':>6} {report.macro_f1('overlap'):>6.3f}"
    )
    lines.append(f"({report.documents} documents)")
    return "\n".join(lines)


def format_errors(report: ScoreReport, limit: int) -> str:
    """Up to `limit` errors per label (misses, false positives and boundary differences)."""
    by_label: dict[str, list[ErrorItem]] = defaultdict(list)
    for error in report.errors:
        by_label[error.label].append(error)
    lines: list[str] = []
    for label in _order(by_label):
        items = by_label[label]
        kinds = Counter(e.kind for e in items)
        summary = ", ".join(f"{kinds[k]} {k}" for k in ("FN", "FP", "BOUNDARY") if kinds[k])
        lines.append(f"== {label}: {summary}")
        for error in items[:limit]:
            detail = f"  {error.kind:<8} {error.id:<10} {error.text!r}"
            if error.kind == "BOUNDARY":
                detail += f" (gold {error.gold_text!r})"
            lines.append(detail)
            lines.append(f"           {error.context}")
        if len(items) > limit:
            lines.append(f"  ... {len(items) - limit} more")
    return "\n".join(lines) if lines else "no errors"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _split_labels(values: Sequence[str] | None) -> list[str] | None:
    if not values:
        return None
    return [label.strip().upper() for value in values for label in value.split(",") if label.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score predicted PII spans against gold spans.")
    parser.add_argument("--gold", required=True, type=Path, help="gold JSONL (id, text, spans)")
    parser.add_argument("--pred", required=True, type=Path, help="prediction JSONL (id, findings)")
    parser.add_argument("--labels", nargs="+", help="only these labels (space or comma separated)")
    parser.add_argument("--json", type=Path, help="write the full report as JSON to this file")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list up to N errors per label")
    args = parser.parse_args(argv)

    try:
        report = score(read_jsonl(args.gold), read_jsonl(args.pred), _split_labels(args.labels))
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_table(report, title=f"gold {args.gold}  vs  pred {args.pred}"))
    if args.errors:
        print()
        print(format_errors(report, args.errors))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        args.json.write_text(payload + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
