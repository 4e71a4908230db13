"""A readable Rich table for a terminal: one row per finding (and, unless only hits are asked for,
one dimmed row per message without findings), one table per input file, then a summary.

Rows are collected and printed when the scan ends (so a progress bar on the same terminal does not
interleave with them); this format is meant for people reading a screen, not for large inputs,
where JSONL or CSV stream instead.
"""

from __future__ import annotations

import unicodedata

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from doxwacht.findings import Finding
from doxwacht.ingest.records import ScannedRecord
from doxwacht.ingest.scan import ScanStats
from doxwacht.ingest.sources import dutch_int
from doxwacht.verdict.render import verdict_lines

CONTEXT = 24
HEADERS = ("Bericht", "Label", "Tekst", "Score", "Detector", "Bewijs")

_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def safe(text: str) -> str:
    """Text fit for one terminal cell: newlines shown as ⏎, tabs as spaces, other control and
    bidi-override characters (which could rewrite the terminal or reorder the line) as \\uXXXX."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("⏎")
        elif ch in "\t\r":
            out.append(" ")
        elif ch in _BIDI or unicodedata.category(ch) == "Cc":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def snippet(original: str, finding: Finding, context: int = CONTEXT) -> Text:
    """The finding in bold within a little of the surrounding text."""
    lo = max(0, finding.start - context)
    hi = min(len(original), finding.end + context)
    text = Text()
    if lo > 0:
        text.append("…", style="dim")
    text.append(safe(original[lo : finding.start]), style="dim")
    text.append(safe(finding.text), style="bold red")
    text.append(safe(original[finding.end : hi]), style="dim")
    if hi < len(original):
        text.append("…", style="dim")
    return text


def _evidence(f: Finding) -> Text:
    lines = []
    for e in f.evidence:
        weight = f" {e.weight:+.2f}" if e.weight else ""
        lines.append(f"{e.kind}: {e.detail}{weight}" if e.detail else f"{e.kind}{weight}")
    return Text(safe("\n".join(lines)).replace("⏎", "\n"))


class TableWriter:
    def __init__(self, console: Console) -> None:
        self.console = console
        self._tables: dict[str, Table] = {}

    def _table(self, source: str) -> Table:
        table = self._tables.get(source)
        if table is None:
            table = Table(
                title=Text(safe(source), style="bold"),
                box=box.SIMPLE_HEAVY,
                show_lines=False,
                expand=False,
            )
            table.add_column(HEADERS[0], style="cyan", no_wrap=True)
            table.add_column(HEADERS[1], style="magenta", no_wrap=True)
            table.add_column(HEADERS[2], overflow="fold", ratio=3)
            table.add_column(HEADERS[3], justify="right", no_wrap=True)
            table.add_column(HEADERS[4], style="green", no_wrap=True)
            table.add_column(HEADERS[5], overflow="fold", ratio=2)
            self._tables[source] = table
        return table

    def write(self, item: ScannedRecord) -> None:
        table = self._table(item.record.source)
        rid = Text(safe(str(item.record.id)))
        original = item.result.document.original
        judged = self._judgement(item)
        if not item.result.findings and judged is not None:
            table.add_row(rid, *judged, end_section=True)
            return
        if not item.result.findings:
            preview = safe(original[: 2 * CONTEXT]) + ("…" if len(original) > 2 * CONTEXT else "")
            table.add_row(
                rid,
                Text("–", style="dim"),
                Text(preview, style="dim"),
                "",
                "",
                Text("geen vondsten", style="dim"),
                end_section=True,
            )
            return
        last = len(item.result.findings) - 1
        for i, f in enumerate(item.result.findings):
            table.add_row(
                rid if i == 0 else Text(""),
                Text(f.label),
                snippet(original, f),
                Text(f"{f.score:.2f}"),
                Text(safe(f.detector)),
                _evidence(f),
                end_section=i == last and judged is None,
            )
        if judged is not None:
            table.add_row(Text(""), *judged, end_section=True)

    @staticmethod
    def _judgement(item: ScannedRecord) -> tuple[Text, Text, Text, Text, Text] | None:
        """A row with the verdict and the intent that fired, when the scan has them and they say
        something (a level above none, or intent hits)."""
        extras = item.result.extras
        if "verdict" not in extras and "intent" not in extras:
            return None
        record = item.result.to_dict()
        verdict = record.get("verdict") or {}
        if verdict.get("level") not in ("personal_data", "hostile", "doxing") and not record.get("intent"):
            return None
        lines = verdict_lines(record)
        style = "bold red" if verdict.get("level") == "doxing" else "yellow"
        return (
            Text("OORDEEL", style=style),
            Text(safe("\n".join(lines)).replace("⏎", "\n")),
            Text(str(verdict.get("severity", "")) if verdict else ""),
            Text("verdict"),
            Text(safe(", ".join(sorted({h.get("rule", "") for h in record.get("intent") or []})))),
        )

    def close(self, stats: ScanStats | None = None) -> None:
        for table in self._tables.values():
            self.console.print(table)
        if stats is not None:
            self.console.print(summary_line(stats))


def summary_line(stats: ScanStats) -> Text:
    parts = [
        f"{dutch_int(stats.messages)} {'bericht' if stats.messages == 1 else 'berichten'} gescand",
        f"{dutch_int(stats.with_findings)} met vondsten",
        f"{dutch_int(stats.findings)} {'vondst' if stats.findings == 1 else 'vondsten'}",
    ]
    if stats.by_label:
        parts.append(", ".join(f"{label} {n}" for label, n in sorted(stats.by_label.items())))
    if stats.problems:
        parts.append(f"{dutch_int(stats.problems)} {'probleem' if stats.problems == 1 else 'problemen'} (zie stderr)")
    return Text(" · ".join(parts), style="bold")
