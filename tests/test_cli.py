"""End-to-end tests of `doxwacht scan`: every input format, broken inputs, output formats, exit codes.

Most tests inject a tiny detector through `doxwacht.cli.app.make_engine`, so they do not depend on
which built-in detectors exist. Tests named `test_cli_real_engine_*` use the real engine.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doxwacht import Engine
from doxwacht.cli import app as cli
from doxwacht.detectors import DetectorRegistry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "telegram_export" / "result.json"


class PhoneishDetector:
    """Test detector: Dutch mobile numbers written as 06 + 8 digits (one dash allowed)."""

    name = "test.phoneish.v1"
    labels = frozenset({"PHONE"})
    _re = re.compile(r"\b06-?\d{8}\b")

    def detect(self, doc):
        for m in self._re.finditer(doc.norm):
            value = "+316" + re.sub(r"\D", "", m.group())[2:]
            yield doc.finding("PHONE", m.start(), m.end(), value=value, score=0.9, detector=self.name)


def tiny_engine(*, threshold: float, max_chars: int) -> Engine:
    return Engine(DetectorRegistry([PhoneishDetector()]), threshold=threshold, max_chars=max_chars)


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    monkeypatch.setattr(cli, "make_engine", tiny_engine)
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)
    return CliRunner()


def run(runner: CliRunner, *args: str, input: str | bytes | None = None):
    """`doxwacht scan ARGS` with the tiny test engine; images (which use the real image stages) are off
    unless a test turns them on with --images."""
    args = tuple(map(str, args))
    extra = () if "--images" in args else ("--no-images",)
    return runner.invoke(cli.app, ["scan", *args, *extra], input=input)


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def chat(messages, chat_id=555, name="Expose test") -> dict:
    return {"name": name, "type": "private_supergroup", "id": chat_id, "messages": messages}


# -- input formats -------------------------------------------------------------------------------


def test_cli_telegram_entity_list_ids_and_spans(runner, tmp_path):
    text = ["Nummer van ", {"type": "bold", "text": "Lotte"}, ": ", {"type": "phone", "text": "06-12345678"}, " 😈"]
    export = chat(
        [
            {"id": 1, "type": "service", "action": "create_group", "text": ""},
            {"id": 2, "type": "message", "from": "Jan", "date": "2024-12-01T10:00:00", "text": text},
            {"id": 3, "type": "message", "from": "Piet", "text": "geen nummer"},
        ]
    )
    p = write(tmp_path, "result.json", json.dumps(export))
    result = run(runner, p)
    assert result.exit_code == 0, result.output
    first, second = jsonl(result.stdout)
    assert [first["id"], second["id"]] == ["555/2", "555/3"]
    original = "Nummer van Lotte: 06-12345678 😈"
    (finding,) = first["findings"]
    assert finding["label"] == "PHONE" and finding["value"] == "+31612345678"
    assert original[finding["start"] : finding["end"]] == finding["text"] == "06-12345678"
    assert first["meta"]["from"] == "Jan" and first["meta"]["chat"] == "Expose test"
    assert first["source"]["format"] == "telegram"
    assert second["findings"] == []


def test_cli_whole_account_export(runner, tmp_path):
    export = {
        "personal_information": {"first_name": "Ik"},
        "chats": {"list": [chat([{"id": 1, "type": "message", "text": "bel 0611111111"}], chat_id=1, name="A")]},
        "left_chats": {"list": [chat([{"id": 9, "type": "message", "text": "bel 0622222222"}], chat_id=2, name="B")]},
    }
    p = write(tmp_path, "result.json", json.dumps(export, indent=1))
    result = run(runner, p)
    assert result.exit_code == 0, result.output
    rows = jsonl(result.stdout)
    assert [r["id"] for r in rows] == ["1/1", "2/9"]
    assert [r["findings"][0]["value"] for r in rows] == ["+31611111111", "+31622222222"]


def test_cli_telegram_export_folder_stands_for_result_json(runner, tmp_path):
    folder = tmp_path / "ChatExport_2024-12-01"
    folder.mkdir()
    write(folder, "result.json", json.dumps(chat([{"id": 4, "type": "message", "text": "hoi"}])))
    result = run(runner, folder)
    assert result.exit_code == 0, result.output
    assert jsonl(result.stdout)[0]["id"] == "555/4"


def test_cli_jsonl_with_fields(runner, tmp_path):
    p = write(
        tmp_path,
        "posts.jsonl",
        json.dumps({"post_id": "p1", "body": "bel 0612345678"}) + "\n" + json.dumps({"body": "niets"}) + "\n",
    )
    result = run(runner, p, "--text-field", "body", "--id-field", "post_id")
    assert result.exit_code == 0, result.output
    rows = jsonl(result.stdout)
    assert [r["id"] for r in rows] == ["p1", f"{p}:2"]
    assert rows[0]["findings"][0]["text"] == "0612345678"


def test_cli_csv_input(runner, tmp_path):
    p = write(tmp_path, "berichten.csv", "id;datum;text\nm1;2024-01-01;Bel 06-12345678\nm2;2024-01-02;niks\n")
    result = run(runner, p)
    assert result.exit_code == 0, result.output
    rows = jsonl(result.stdout)
    assert [r["id"] for r in rows] == ["m1", "m2"]
    assert rows[0]["meta"] == {"datum": "2024-01-01"}
    assert rows[0]["findings"][0]["value"] == "+31612345678"


def test_cli_plain_text_split_lines_and_paragraphs(runner, tmp_path):
    p = write(tmp_path, "notities.txt", "bel 0612345678\nniets\n\nnog 0687654321\n")
    whole = jsonl(run(runner, p).stdout)
    assert [r["id"] for r in whole] == [str(p)] and len(whole[0]["findings"]) == 2
    lines = jsonl(run(runner, p, "--split", "lines").stdout)
    assert [r["id"] for r in lines] == [f"{p}:1", f"{p}:2", f"{p}:4"]
    paras = jsonl(run(runner, p, "--split", "paragraphs").stdout)
    assert [r["id"] for r in paras] == [f"{p}:1", f"{p}:4"]


def test_cli_stdin_piped_and_dash(runner):
    result = run(runner, input="mijn nummer is 0612345678\n")
    assert result.exit_code == 0, result.output
    (row,) = jsonl(result.stdout)
    assert row["id"] == "<stdin>" and row["findings"][0]["text"] == "0612345678"
    assert row["source"]["format"] == "text"
    lines = '{"id": 1, "text": "bel 0611111111"}\n{"id": 2, "text": "x"}\n'
    rows = jsonl(run(runner, "-", input=lines).stdout)
    assert [r["id"] for r in rows] == [1, 2]


def test_cli_stdin_telegram_export(runner):
    export = json.dumps(chat([{"id": 3, "type": "message", "text": "bel 0612345678"}]), indent=1)
    rows = jsonl(run(runner, "-", input=export).stdout)
    assert rows[0]["id"] == "555/3" and rows[0]["findings"]


def test_cli_forced_input_format(runner, tmp_path):
    p = write(tmp_path, "export.dat", '{"text": "bel 0612345678"}\n')
    rows = jsonl(run(runner, p, "--input-format", "text").stdout)
    assert rows[0]["id"] == str(p)
    rows = jsonl(run(runner, p, "-i", "jsonl").stdout)
    assert rows[0]["id"] == f"{p}:1"


def test_cli_several_files_in_order(runner, tmp_path):
    a = write(tmp_path, "a.txt", "een 0611111111")
    b = write(tmp_path, "b.jsonl", '{"id": "x", "text": "twee"}\n')
    rows = jsonl(run(runner, a, b).stdout)
    assert [r["id"] for r in rows] == [str(a), "x"]


# -- broken inputs -------------------------------------------------------------------------------


def test_cli_jsonl_malformed_line_in_the_middle(runner, tmp_path):
    lines = [
        json.dumps({"id": 1, "text": "bel 0611111111"}),
        json.dumps({"id": 2, "text": "ook 0622222222"}),
        '{"id": 3, "text": "kapot',
        json.dumps({"id": 4, "text": "laatste 0644444444"}),
    ]
    p = write(tmp_path, "data.jsonl", "\n".join(lines) + "\n")
    result = run(runner, p)
    assert result.exit_code == 3
    assert [r["id"] for r in jsonl(result.stdout)] == [1, 2, 4]
    assert all(r["findings"] for r in jsonl(result.stdout))
    assert f"{p}:3" in result.stderr
    assert "ongeldige JSON" in result.stderr


def test_cli_csv_without_text_column(runner, tmp_path):
    p = write(tmp_path, "export.csv", "id,bericht\n1,bel 0612345678\n")
    result = run(runner, p)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "kolom 'text' ontbreekt" in result.stderr and "--text-field" in result.stderr
    fixed = run(runner, p, "--text-field", "bericht")
    assert fixed.exit_code == 0 and jsonl(fixed.stdout)[0]["findings"]


def test_cli_invalid_utf8_is_repaired_and_reported(runner, tmp_path):
    p = write(tmp_path, "latin1.jsonl", b'{"id": 1, "text": "caf\xe9, bel 0612345678"}\n{"id": 2, "text": "ok"}\n')
    result = run(runner, p)
    assert result.exit_code == 3
    rows = jsonl(result.stdout)
    assert [r["id"] for r in rows] == [1, 2]
    assert rows[0]["findings"][0]["text"] == "0612345678"
    assert f"{p}:1" in result.stderr and "UTF-8" in result.stderr


def test_cli_empty_file(runner, tmp_path):
    p = write(tmp_path, "leeg.jsonl", b"")
    result = run(runner, p)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "leeg bestand" in result.stderr


def test_cli_binary_file(runner, tmp_path):
    p = write(tmp_path, "foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    good = write(tmp_path, "goed.txt", "bel 0612345678")
    result = run(runner, p, good)
    assert result.exit_code == 3
    assert "binair bestand" in result.stderr and str(p) in result.stderr
    assert [r["id"] for r in jsonl(result.stdout)] == [str(good)]


def test_cli_too_long_message(runner, tmp_path):
    lines = [json.dumps({"id": 1, "text": "x" * 500}), json.dumps({"id": 2, "text": "bel 0612345678"})]
    p = write(tmp_path, "lang.jsonl", "\n".join(lines))
    result = run(runner, p, "--max-chars", "100")
    assert result.exit_code == 3
    assert [r["id"] for r in jsonl(result.stdout)] == [2]
    assert f"{p}:1" in result.stderr and "--max-chars" in result.stderr and "500" in result.stderr


def test_cli_missing_file_is_a_usage_error(runner, tmp_path):
    good = write(tmp_path, "goed.txt", "bel 0612345678")
    result = run(runner, good, tmp_path / "bestaat-niet.json")
    assert result.exit_code == 2
    assert "bestand niet gevonden" in result.stderr
    assert result.stdout == ""  # nothing is scanned before the inputs are checked


def test_cli_usage_errors(runner, tmp_path, monkeypatch):
    assert run(runner, "--format", "xml", tmp_path).exit_code == 2
    assert run(runner, "--min-score", "2", tmp_path).exit_code == 2
    result = run(runner, tmp_path)  # a folder without result.json
    assert result.exit_code == 2 and "is een map" in result.stderr
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    result = run(runner)
    assert result.exit_code == 2 and "geen invoer" in result.stderr


def test_cli_many_problems_are_capped_per_file(runner, tmp_path):
    p = write(tmp_path, "kapot.jsonl", "{\n" * 30)
    result = run(runner, p)
    assert result.exit_code == 3
    assert result.stderr.count("ongeldige JSON") == cli.MAX_PROBLEMS_SHOWN
    assert "nog 10 meldingen niet getoond" in result.stderr


# -- output formats and options ------------------------------------------------------------------


def test_cli_table_format(runner):
    result = run(runner, EXAMPLE, "--format", "table")
    assert result.exit_code == 0, result.output
    for header in ("Bericht", "Label", "Tekst", "Score", "Detector", "Bewijs"):
        assert header in result.stdout
    assert "1789456123/105" in result.stdout and "06-12345678" in result.stdout
    assert "test.phoneish.v1" in result.stdout
    assert "berichten gescand" in result.stdout


def test_cli_csv_format_and_only_hits(runner):
    result = run(runner, EXAMPLE, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["label"] == "PHONE" for r in rows)
    phone = next(r for r in rows if r["id"] == "1789456123/105")
    assert phone["text"] == "06-12345678" and phone["detector"] == "test.phoneish.v1"
    all_rows = jsonl(run(runner, EXAMPLE).stdout)
    hits = jsonl(run(runner, EXAMPLE, "--only-hits").stdout)
    assert len(hits) < len(all_rows) and hits and all(r["findings"] for r in hits)
    assert {r["id"] for r in hits} == {r["id"] for r in rows}


def test_cli_min_score_is_the_engine_threshold(runner, tmp_path):
    p = write(tmp_path, "a.txt", "bel 0612345678")
    assert jsonl(run(runner, p, "--min-score", "0.5").stdout)[0]["findings"]
    assert jsonl(run(runner, p, "--min-score", "0.95").stdout)[0]["findings"] == []


def test_cli_progress_bar_on_a_terminal_and_quiet(runner, tmp_path, monkeypatch):
    p = write(tmp_path, "a.jsonl", "".join(json.dumps({"id": i, "text": f"bel 06{i:08d}"}) + "\n" for i in range(3000)))
    monkeypatch.setattr(cli, "PROGRESS_MIN_BYTES", 1)
    monkeypatch.setattr(cli, "_stderr_is_terminal", lambda: True)
    made = []
    real = cli._progress
    monkeypatch.setattr(cli, "_progress", lambda total: made.append(total) or real(total))
    result = run(runner, p)
    assert result.exit_code == 0, result.output
    assert made == [p.stat().st_size]
    assert len(jsonl(result.stdout)) == 3000
    made.clear()
    assert run(runner, p, "--quiet").exit_code == 0
    assert made == []


def test_cli_default_format_is_table_on_a_terminal(runner, tmp_path, monkeypatch):
    p = write(tmp_path, "a.txt", "bel 0612345678")
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    assert "Bericht" in run(runner, p).stdout


def test_cli_version(runner):
    from doxwacht import __version__

    result = runner.invoke(cli.app, ["version"])
    assert result.exit_code == 0 and result.stdout.strip() == __version__


# -- the installed entry point, in a real subprocess ---------------------------------------------


def _entry_point() -> Path:
    exe = Path(sys.executable).parent / ("doxwacht.exe" if os.name == "nt" else "doxwacht")
    if not exe.exists():
        pytest.skip("the doxwacht entry point is not installed in this environment (pip install -e .)")
    return exe


def test_cli_subprocess_entry_point(tmp_path):
    exe = _entry_point()
    p = write(tmp_path, "data.jsonl", '{"id": "a", "text": "hoi"}\nkapot\n{"id": "b", "text": "doei"}\n')
    proc = subprocess.run([str(exe), "scan", str(p)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert [r["id"] for r in jsonl(proc.stdout)] == ["a", "b"]
    assert f"{p}:2" in proc.stderr

    proc = subprocess.run([str(exe), "scan", "--only-hits", "-"], input="", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3 and "leeg" in proc.stderr

    proc = subprocess.run([str(exe), "scan", str(tmp_path / "nope.json")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "bestand niet gevonden" in proc.stderr

    proc = subprocess.run([str(exe), "scan", str(EXAMPLE), "--format", "table"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Bericht" in proc.stdout and "berichten gescand" in proc.stdout


# -- the real engine (pass once the built-in detectors exist) ------------------------------------


def _has_builtin_detectors() -> bool:
    from doxwacht.detectors.nl import builtin_detectors

    return bool(builtin_detectors())


@pytest.mark.skipif(not _has_builtin_detectors(), reason="no built-in detectors yet")
def test_cli_real_engine_example_finds_phone_and_postcode():
    result = CliRunner().invoke(cli.app, ["scan", str(EXAMPLE), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = jsonl(result.stdout)
    labels = {f["label"] for r in rows for f in r["findings"]}
    assert {"PHONE", "POSTCODE"} <= labels
    for row in rows:
        for f in row["findings"]:
            if "image" in row:  # the export's photo: findings with a box in the image, not a text span
                assert f["box"] and f["image"] == row["image"]
            else:
                assert f["text"]  # spans are checked against the text in the entity-list test


@pytest.mark.skipif(not _has_builtin_detectors(), reason="no built-in detectors yet")
def test_cli_real_engine_subprocess_stdin():
    exe = _entry_point()
    proc = subprocess.run(
        [str(exe), "scan", "--only-hits"],
        input="Hij woont op Lindelaan 14b, 3034 KP Rotterdam, bel 06-12345678\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    (row,) = jsonl(proc.stdout)
    labels = {f["label"] for f in row["findings"]}
    assert {"PHONE", "POSTCODE"} <= labels


def test_cli_loads_sibling_command_modules(tmp_path, monkeypatch):
    import doxwacht.cli as cli_package

    (tmp_path / "proef_cli.py").write_text(
        "import typer\n\n"
        "def register(app):\n"
        "    @app.command('proef')\n"
        "    def proef() -> None:\n"
        "        typer.echo('proef ok')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(cli_package, "__path__", [*cli_package.__path__, str(tmp_path)])
    monkeypatch.setattr(cli.app, "registered_commands", list(cli.app.registered_commands))
    monkeypatch.delitem(sys.modules, "doxwacht.cli.proef_cli", raising=False)
    cli._load_command_modules()
    try:
        result = CliRunner().invoke(cli.app, ["proef"])
    finally:
        sys.modules.pop("doxwacht.cli.proef_cli", None)
    assert result.exit_code == 0 and "proef ok" in result.stdout


def test_cli_real_engine_jsonl_has_intent_and_verdict(tmp_path):
    """The default scan adds intent and the doxing verdict to every record; --no-intent leaves them out."""
    import json as _json

    from typer.testing import CliRunner

    from doxwacht.cli.app import app

    src = tmp_path / "in.jsonl"
    src.write_text(
        _json.dumps({"id": "a", "text": "Wie kent deze agent? Hij woont op de Kerkstraat 12, ga maar eens langs"}) + "\n"
        + _json.dumps({"id": "b", "text": "Gezellige avond gehad, tot morgen!"}) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["scan", str(src), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [_json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    by_id = {r["id"]: r for r in records}
    assert by_id["a"]["verdict"]["level"] == "doxing"
    assert any(h["category"] == "CALL_TO_ACTION" for h in by_id["a"]["intent"])
    assert by_id["b"]["verdict"]["level"] == "none" and by_id["b"]["intent"] == []
    plain = CliRunner().invoke(app, ["scan", str(src), "--format", "jsonl", "--no-intent"])
    assert all("verdict" not in _json.loads(line) for line in plain.stdout.splitlines() if line.strip())


def test_cli_csv_with_export_photos_keeps_one_table(runner):
    pytest.importorskip("onnxruntime")
    result = run(runner, EXAMPLE, "--format", "csv", "--images")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert all(None not in r and len(r) == 11 for r in rows)  # every line has the CSV columns, nothing else
    photo = [r for r in rows if r["id"] == "1789456123/103"]
    assert photo and photo[0]["label"] == "LICENSE_PLATE" and photo[0]["file"].endswith(".jpg")
    assert "#box=" in photo[0]["location"] and photo[0]["detector"].startswith("img.")
