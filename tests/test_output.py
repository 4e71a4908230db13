"""Output writers: JSONL, CSV and the Rich table."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

from doxwacht import Document, Evidence
from doxwacht.ingest import Record, ScannedRecord, ScanStats
from doxwacht.output import CSV_COLUMNS, CsvWriter, JsonlWriter, TableWriter, make_writer
from doxwacht.output.table import safe, snippet
from doxwacht.pipeline import ScanResult


def scanned(text: str, spans: list[tuple[str, int, int]], rid="42/7", meta=None) -> ScannedRecord:
    record = Record(id=rid, text=text, source="result.json", location="result.json:messages[3]", format="telegram", meta=meta or {})
    doc = Document(text, id=rid, meta=record.meta)
    findings = tuple(
        doc.finding(
            label,
            s,
            e,
            value=text[s:e],
            score=0.87,
            detector="test.v1",
            evidence=[Evidence("pattern", "proef", 0.0), Evidence("context+", "bel", 0.25)],
        )
        for label, s, e in spans
    )
    return ScannedRecord(record, ScanResult(doc, findings, {"verdict": {"level": "laag"}}))


def test_jsonl_writer_keeps_id_source_meta_and_extras():
    out = io.StringIO()
    w = JsonlWriter(out)
    w.write(scanned("bel 0612345678 nu", [("PHONE", 4, 14)], meta={"chat": "x"}))
    w.write(scanned("niks", [], rid=5))
    w.close(ScanStats())
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["id"] == "42/7"
    assert first["findings"][0]["text"] == "0612345678"
    assert first["findings"][0]["start"] == 4
    assert first["source"] == {"file": "result.json", "location": "result.json:messages[3]", "format": "telegram"}
    assert first["meta"] == {"chat": "x"}
    assert first["verdict"] == {"level": "laag"}
    assert second["id"] == 5 and second["findings"] == []
    assert "meta" not in second


def test_csv_writer_one_row_per_finding():
    out = io.StringIO()
    w = CsvWriter(out)
    w.write(scanned("bel 0612345678 of\n0687654321", [("PHONE", 4, 14), ("PHONE", 18, 28)]))
    w.write(scanned("niks", []))
    w.close()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["text"] for r in rows] == ["0612345678", "0687654321"]
    assert rows[0]["id"] == "42/7" and rows[0]["score"] == "0.870" and rows[0]["start"] == "4"
    assert rows[0]["evidence"] == "pattern: proef; context+: bel (+0.25)"


def test_table_writer_shows_headers_rows_and_summary():
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    w = TableWriter(console)
    item = scanned("Zijn nummer is 0612345678 echt", [("PHONE", 15, 25)])
    w.write(item)
    w.write(scanned("gewoon praten", [], rid="42/8"))
    stats = ScanStats()
    stats.update(item)
    w.close(stats)
    text = out.getvalue()
    for header in ("Bericht", "Label", "Tekst", "Score", "Detector", "Bewijs"):
        assert header in text
    assert "42/7" in text and "PHONE" in text and "0612345678" in text and "0.87" in text
    assert "test.v1" in text and "context+: bel +0.25" in text
    assert "geen vondsten" in text and "42/8" in text
    assert "1 bericht gescand" in text


def test_table_is_safe_against_markup_and_control_characters():
    out = io.StringIO()
    w = TableWriter(Console(file=out, width=200, color_system=None))
    text = "[bold red]nep[/] \x1b[31m 0612345678 \u202e"
    w.write(scanned(text, [("PHONE", text.index("06"), text.index("06") + 10)]))
    w.close()
    rendered = out.getvalue()
    assert "[bold red]nep[/]" in rendered  # shown literally, not interpreted
    assert "\x1b" not in rendered and "\u202e" not in rendered
    assert "\\u001b" in rendered


def test_snippet_and_safe():
    item = scanned("a" * 100 + "0612345678" + "b" * 100, [("PHONE", 100, 110)])
    s = snippet(item.result.document.original, item.result.findings[0]).plain
    assert s.startswith("…") and s.endswith("…") and "0612345678" in s
    assert safe("a\nb\tc") == "a⏎b c"


def test_make_writer():
    assert isinstance(make_writer("jsonl", io.StringIO()), JsonlWriter)
    assert isinstance(make_writer("csv", io.StringIO()), CsvWriter)
    assert isinstance(make_writer("table", io.StringIO()), TableWriter)
    with pytest.raises(ValueError):
        make_writer("xml", io.StringIO())
