"""Input readers: Telegram exports, JSONL, CSV, plain text; problems; sniffing; streaming; scan loop."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from doxwacht import Engine
from doxwacht.detectors import DetectorRegistry
from doxwacht.ingest import (
    InputSource,
    Problem,
    ReadOptions,
    Record,
    ScannedRecord,
    ScanStats,
    detect_format,
    flatten_text,
    read_inputs,
    read_path,
    read_source,
    scan_paths,
    scan_records,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "telegram_export" / "result.json"


class DigitsDetector:
    """A tiny test detector: every run of 8 or more digits (dashes allowed after two) is a PHONE."""

    name = "test.digits.v1"
    labels = frozenset({"PHONE"})
    _re = re.compile(r"\b\d{2}-?\d{8}\b|\b\d{8,}\b")

    def detect(self, doc):
        for m in self._re.finditer(doc.norm):
            yield doc.finding("PHONE", m.start(), m.end(), value=m.group(), score=0.9, detector=self.name)


def tiny_engine(**kw) -> Engine:
    return Engine(DetectorRegistry([DigitsDetector()]), **kw)


def split(items):
    records = [i for i in items if isinstance(i, Record)]
    problems = [i for i in items if isinstance(i, Problem)]
    return records, problems


def read(path, **options) -> tuple[list[Record], list[Problem]]:
    return split(list(read_path(path, ReadOptions(**options))))


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


# -- Telegram ------------------------------------------------------------------------------------


def telegram_chat(messages, chat_id=42, name="Expose test") -> dict:
    return {"name": name, "type": "private_group", "id": chat_id, "messages": messages}


def test_flatten_text_joins_strings_and_entities():
    assert flatten_text("hoi") == "hoi"
    assert flatten_text(None) is None
    assert flatten_text(["bel ", {"type": "phone", "text": "0612345678"}, "!"]) == "bel 0612345678!"
    with pytest.raises(ValueError):
        flatten_text(["ok", {"type": "bold"}])
    with pytest.raises(ValueError):
        flatten_text(12)


def test_telegram_single_chat_ids_meta_and_skips(tmp_path):
    export = telegram_chat(
        [
            {"id": 1, "type": "service", "action": "create_group", "text": ""},
            {"id": 2, "type": "message", "date": "2024-01-02T10:00:00", "from": "Jan", "from_id": "user1", "text": "hallo"},
            {"id": 3, "type": "message", "from": "Jan", "text": "", "photo": "photos/1.jpg"},
            {"id": 4, "type": "message", "from": "Piet", "text": ["bel ", {"type": "phone", "text": "0612345678"}]},
        ]
    )
    p = write(tmp_path, "result.json", json.dumps(export))
    records, problems = read(p)
    assert problems == []
    assert [r.id for r in records] == ["42/2", "42/4"]
    first = records[0]
    assert first.format == "telegram"
    assert first.location == f"{p}:messages[1]"
    assert first.meta["chat"] == "Expose test"
    assert first.meta["date"] == "2024-01-02T10:00:00"
    assert first.meta["from"] == "Jan"
    assert records[1].text == "bel 0612345678"


def test_telegram_entity_spans_point_into_joined_text(tmp_path):
    text = ["Zijn nummer: ", {"type": "phone", "text": "06-12345678"}, " en ", {"type": "bold", "text": "0687654321"}, " 😈"]
    p = write(tmp_path, "result.json", json.dumps(telegram_chat([{"id": 7, "type": "message", "text": text}])))
    items = list(scan_records(tiny_engine(), read_path(p)))
    (scanned,) = items
    assert isinstance(scanned, ScannedRecord)
    original = "Zijn nummer: 06-12345678 en 0687654321 😈"
    assert scanned.result.document.original == original
    assert [f.text for f in scanned.result.findings] == ["06-12345678", "0687654321"]
    for f in scanned.result.findings:
        assert original[f.start : f.end] == f.text


def test_telegram_whole_account_export_with_left_chats(tmp_path):
    export = {
        "about": "export",
        "personal_information": {"first_name": "X"},
        "chats": {
            "about": "chats",
            "list": [
                telegram_chat([{"id": 1, "type": "message", "text": "a"}], chat_id=10, name="Een"),
                {"name": "Zonder berichten", "type": "personal_chat", "id": 11},
                telegram_chat([{"id": 5, "type": "message", "text": "b"}, "kapot"], chat_id=12, name="Twee"),
            ],
        },
        "left_chats": {"about": "left", "list": [telegram_chat([{"id": 9, "type": "message", "text": "c"}], chat_id=13, name="Weg")]},
    }
    p = write(tmp_path, "result.json", json.dumps(export))
    records, problems = read(p)
    assert [r.id for r in records] == ["10/1", "12/5", "13/9"]
    assert [r.meta["chat"] for r in records] == ["Een", "Twee", "Weg"]
    assert records[2].location == f"{p}:left_chats.list[0].messages[0]"
    (problem,) = problems
    assert problem.location == f"{p}:chats.list[2].messages[1]"
    assert problem.kind == "malformed"


def test_telegram_bad_message_text_is_reported_and_rest_read(tmp_path):
    export = telegram_chat(
        [
            {"id": 1, "type": "message", "text": "goed"},
            {"id": 2, "type": "message", "text": {"oeps": 1}},
            {"id": 3, "type": "message", "text": ["x", 5]},
            {"id": 4, "type": "message", "text": "ook goed"},
        ]
    )
    p = write(tmp_path, "result.json", json.dumps(export))
    records, problems = read(p)
    assert [r.id for r in records] == ["42/1", "42/4"]
    assert [pr.location for pr in problems] == [f"{p}:messages[1]", f"{p}:messages[2]"]


def test_telegram_invalid_json_names_line(tmp_path):
    p = write(tmp_path, "result.json", '{\n "name": "x",\n "messages": [\n  {"id": 1,, }\n ]\n}\n')
    records, (problem,) = read(p)
    assert records == []
    assert problem.location == f"{p}:4"
    assert "ongeldige JSON" in problem.message


def test_json_that_is_not_an_export_is_explained(tmp_path):
    p = write(tmp_path, "other.json", json.dumps({"hello": "world"}, indent=2))
    records, (problem,) = read(p)
    assert records == [] and problem.kind == "unsupported"
    assert "Telegram" in problem.message


def test_example_export_reads_cleanly():
    records, problems = read(EXAMPLE)
    assert problems == []
    assert 15 <= len(records) <= 30
    assert all(r.id.startswith("1789456123/") for r in records)
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert any(isinstance(m.get("text"), list) for m in raw["messages"])
    assert any(m.get("type") == "service" for m in raw["messages"])


# -- JSONL ---------------------------------------------------------------------------------------


def test_jsonl_malformed_line_is_reported_and_others_read(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "eerste", "chat": "x"}),
        '{"id": "b", "text": "kapot',
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "c", "bericht": "geen tekstveld"}),
        json.dumps({"text": "zonder id"}),
        json.dumps({"id": 7, "text": ""}),
        json.dumps({"id": 8, "text": ["lijst ", {"type": "bold", "text": "tekst"}]}),
    ]
    p = write(tmp_path, "data.jsonl", "\n".join(lines) + "\n")
    records, problems = read(p)
    assert [r.id for r in records] == ["a", f"{p}:6", 8]
    assert records[0].meta == {"chat": "x"}
    assert records[0].location == f"{p}:1"
    assert records[2].text == "lijst tekst"
    assert [(pr.location, pr.kind) for pr in problems] == [
        (f"{p}:2", "malformed"),
        (f"{p}:4", "malformed"),
        (f"{p}:5", "missing_field"),
    ]


def test_jsonl_custom_and_nested_fields(tmp_path):
    p = write(tmp_path, "d.ndjson", json.dumps({"msg": {"body": "hoi", "nr": 3}, "key": {"a": 1}}) + "\n")
    records, problems = read(p, text_field="msg.body", id_field="key")
    assert problems == []
    assert records[0].text == "hoi"
    assert records[0].id == '{"a": 1}'


def test_jsonl_is_streamed_not_loaded_whole():
    line = (json.dumps({"text": "x" * 200}) + "\n").encode()
    data = line * 50_000  # ~10 MB
    raw = io.BytesIO(data)
    source = InputSource(name="big.jsonl", fileobj=raw, size=len(data), owned=True)
    it = read_source(source)
    first = next(it)
    assert isinstance(first, Record)
    assert source.bytes_read < 1_000_000
    assert raw.tell() < 1_000_000


# -- CSV -----------------------------------------------------------------------------------------


def test_csv_reads_rows_with_multiline_fields_and_ids(tmp_path):
    p = write(
        tmp_path,
        "berichten.csv",
        'id,afzender,text\n1,jan,"regel een\nregel twee"\n,piet,los bericht\n3,kees,\n4,klaas,"te veel",velden\n5,ed,laatste\n',
    )
    records, problems = read(p)
    assert [r.id for r in records] == ["1", f"{p}:4", "5"]
    assert records[0].text == "regel een\nregel twee"
    assert records[0].meta == {"afzender": "jan"}
    (problem,) = problems
    assert problem.location == f"{p}:6"
    assert "velden" in problem.message


def test_csv_semicolon_delimiter_and_case_insensitive_column(tmp_path):
    p = write(tmp_path, "export.csv", "Nummer;Tekst\n1;hallo daar\n")
    records, problems = read(p, text_field="tekst", id_field="nummer")
    assert problems == []
    assert [(r.id, r.text) for r in records] == [("1", "hallo daar")]


def test_csv_without_text_column_is_a_clear_error(tmp_path):
    p = write(tmp_path, "x.csv", "id,bericht\n1,hoi\n")
    records, (problem,) = read(p)
    assert records == []
    assert problem.kind == "missing_field"
    assert "kolom 'text' ontbreekt" in problem.message
    assert "--text-field" in problem.message
    assert "'bericht'" in problem.message


def test_csv_long_field_beyond_csv_module_default(tmp_path):
    big = "a" * 200_000
    p = write(tmp_path, "lang.csv", f"id,text\n1,{big}\n")
    records, problems = read(p)
    assert problems == [] and len(records[0].text) == 200_000


# -- plain text ----------------------------------------------------------------------------------


def test_text_whole_lines_and_paragraphs(tmp_path):
    p = write(tmp_path, "notities.txt", "eerste regel\ntweede regel\n\n\nderde\nvierde\n")
    (whole,), _ = read(p)
    assert whole.id == str(p) and whole.text.startswith("eerste regel\n")
    lines, _ = read(p, split="lines")
    assert [(r.id, r.text) for r in lines] == [
        (f"{p}:1", "eerste regel"),
        (f"{p}:2", "tweede regel"),
        (f"{p}:5", "derde"),
        (f"{p}:6", "vierde"),
    ]
    paras, _ = read(p, split="paragraphs")
    assert [(r.id, r.text) for r in paras] == [(f"{p}:1", "eerste regel\ntweede regel"), (f"{p}:5", "derde\nvierde")]


def test_text_whole_file_certainly_too_long_is_skipped_unread(tmp_path):
    p = write(tmp_path, "groot.txt", "x" * 5000)
    records, (problem,) = read(p, max_chars=1000)
    assert records == [] and problem.kind == "too_long"


# -- encodings and broken files ------------------------------------------------------------------


def test_invalid_utf8_is_replaced_and_reported_once_per_file(tmp_path):
    data = b'{"id": 1, "text": "goed"}\n{"id": 2, "text": "caf\xe9 0612345678"}\n{"id": 3, "text": "ook \xff"}\n'
    p = write(tmp_path, "latin.jsonl", data)
    records, problems = read(p)
    assert [r.id for r in records] == [1, 2, 3]
    assert records[1].text == "caf\ufffd 0612345678"
    (problem,) = problems
    assert problem.kind == "encoding" and problem.skipped is False
    assert problem.location == f"{p}:2"
    assert "UTF-8" in problem.message


def test_invalid_utf8_in_telegram_export(tmp_path):
    data = json.dumps(telegram_chat([{"id": 1, "type": "message", "text": "XX"}]), indent=1).encode()
    data = data.replace(b"XX", b"\xe9\xe9")
    p = write(tmp_path, "result.json", data)
    records, (problem,) = read(p)
    assert records[0].text == "\ufffd\ufffd"
    assert problem.kind == "encoding"


def test_utf8_bom_and_utf16_are_decoded(tmp_path):
    p = write(tmp_path, "bom.csv", "\ufeffid,text\n1,hoi\n".encode())
    records, problems = read(p)
    assert problems == [] and records[0].text == "hoi"
    p16 = write(tmp_path, "windows.txt", "regel één\r\nregel twee\r\n".encode("utf-16"))
    records, problems = read(p16, split="lines")
    assert problems == [] and [r.text for r in records] == ["regel één", "regel twee"]


def test_empty_and_whitespace_files(tmp_path):
    for name, data in (("leeg.jsonl", b""), ("wit.txt", b"  \n\n ")):
        records, (problem,) = read(write(tmp_path, name, data))
        assert records == [] and problem.kind == "empty" and problem.skipped is False


def test_binary_files_are_skipped_with_a_clear_message(tmp_path):
    p = write(tmp_path, "foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 10)
    records, (problem,) = read(p)
    assert records == [] and problem.kind == "binary"
    assert "binair" in problem.message
    noise = bytes((i * 37 + 11) % 256 for i in range(4000) if (i * 37 + 11) % 256 not in (0, 10))
    records, (problem,) = read(write(tmp_path, "ruis.bin", noise))
    assert problem.kind == "binary"


def test_missing_file_raises_for_the_api(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(read_path(tmp_path / "bestaat-niet.json"))


# -- sniffing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.jsonl", "anything", "jsonl"),
        ("a.csv", "anything", "csv"),
        ("a.txt", '{"text": 1}', "text"),
        ("result.json", '{\n "name": "x"', "telegram"),
        ("a.json", '{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ("a.json", '{"name": "x", "messages": []}', "telegram"),
        ("<stdin>", '{"text": "a"}\n', "jsonl"),
        ("<stdin>", "{\n", "telegram"),
        ("<stdin>", "id;text\n1;hoi\n", "csv"),
        ("<stdin>", "gewoon een bericht, met komma\n", "text"),
        ("data", "datum,afzender,text\n", "csv"),
    ],
)
def test_detect_format(name, head, expected):
    assert detect_format(name, head) == expected


def test_forced_input_format(tmp_path):
    p = write(tmp_path, "berichten.log", '{"text": "a"}\n')
    records, _ = read(p, input_format="text")
    assert records[0].text == '{"text": "a"}\n'


def test_read_options_validate():
    with pytest.raises(ValueError):
        ReadOptions(input_format="xml")
    with pytest.raises(ValueError):
        ReadOptions(split="zinnen")


# -- the scan loop -------------------------------------------------------------------------------


def test_scan_records_skips_too_long_messages_and_counts(tmp_path):
    p = write(tmp_path, "d.jsonl", "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(["bel 0612345678", "x" * 50, "niks"])))
    items = list(scan_paths(tiny_engine(max_chars=20), [p]))
    stats = ScanStats()
    for item in items:
        stats.update(item)
    assert [type(i).__name__ for i in items] == ["ScannedRecord", "Problem", "ScannedRecord"]
    too_long = items[1]
    assert too_long.kind == "too_long" and too_long.location == f"{p}:2"
    assert "--max-chars" in too_long.message
    assert (stats.messages, stats.with_findings, stats.findings, stats.problems, stats.skipped) == (2, 1, 1, 1, 1)
    assert items[0].to_dict()["id"] == 0
    assert items[0].to_dict()["source"] == {"file": str(p), "location": f"{p}:1", "format": "jsonl"}


def test_engine_message_too_long_is_caught_even_without_precheck(tmp_path):
    from doxwacht.pipeline import MessageTooLong

    class Strict:
        def scan(self, doc):
            raise MessageTooLong(len(doc.original), 3)

    items = list(scan_records(Strict(), [Record(id=1, text="abcdef", source="s", location="s:1", format="text")]))
    assert items[0].kind == "too_long"


def test_read_inputs_several_paths(tmp_path):
    a = write(tmp_path, "a.txt", "een")
    b = write(tmp_path, "b.txt", "twee")
    records, _ = split(list(read_inputs([a, b])))
    assert [r.text for r in records] == ["een", "twee"]
