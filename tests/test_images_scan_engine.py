"""`doxwacht scan` on screenshots goes through the scan's own engine (watchlist, intent, verdict):
a protected person's phone number in a screenshot is a watchlist match, a threat gets a verdict, and
the engine is built once (the image analyzer reuses it)."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from doxwacht.cli import app as app_module
from doxwacht.cli.app import app
from doxwacht.images.ocr import ocr_available
from doxwacht.images.synth import chat_screenshot

needs_ocr = pytest.mark.skipif(
    not ocr_available("nld") and os.environ.get("CI") != "true",
    reason="tesseract with Dutch data (tesseract-ocr-nld) and pytesseract not installed",
)

runner = CliRunner()


@pytest.fixture()
def register(tmp_path, monkeypatch):
    for var in ("DOXWACHT_WATCHLIST_KEY", "DOXWACHT_WATCHLIST_KEY_FILE", "DOXWACHT_DB"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    key, db = tmp_path / "watchlist.key", tmp_path / "wl.db"
    assert runner.invoke(app, ["keygen", "--out", str(key)]).exit_code == 0
    added = runner.invoke(app, ["watchlist", "add", "--db", str(db), "--key-file", str(key), "--label", "Agent A",
                                "--role", "politie", "--org", "Eenheid Utrecht", "--phone", "06-12345678"])
    assert added.exit_code == 0, added.output
    return ["--db", str(db), "--key-file", str(key)]


def _scan(paths, extra):
    result = runner.invoke(app, ["scan", *map(str, paths), "--format", "jsonl", *extra])
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}


@needs_ocr
def test_screenshot_phone_of_a_protected_person_is_a_watchlist_match(tmp_path, register, monkeypatch):
    img, _ = chat_screenshot(["bel hem maar 06-12345678", "tot morgen"])
    shot = tmp_path / "chat.png"
    img.save(shot)
    other, _ = chat_screenshot(["bel mij op 06-87654321"], seed=1)
    other_path = tmp_path / "ander.png"
    other.save(other_path)
    built = []
    real = app_module.make_engine

    def counting(**kw):
        built.append(real(**kw))
        return built[-1]

    monkeypatch.setattr(app_module, "make_engine", counting)
    from doxwacht.pipeline import Engine

    engines = []
    monkeypatch.setattr(Engine, "__init__", _recording(Engine.__init__, engines))
    records = _scan([shot, other_path], register)
    assert len(built) == 1 and len(engines) == 1  # the image analyzer reuses the scan's engine
    kinds = {(m["kind"], m["strength"]) for m in records[str(shot)]["watchlist"]}
    assert ("phone", "strong") in kinds
    assert records[str(other_path)]["watchlist"] == []
    assert "verdict" in records[str(shot)]


def _recording(init, seen):
    def wrapped(self, *a, **kw):
        seen.append(self)
        init(self, *a, **kw)

    return wrapped


@needs_ocr
def test_threatening_screenshot_gets_a_verdict(tmp_path, monkeypatch):
    for var in ("DOXWACHT_WATCHLIST_KEY", "DOXWACHT_WATCHLIST_KEY_FILE", "DOXWACHT_DB"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    img, _ = chat_screenshot(["Hij woont op Hoofdstraat 12, 1234 AB Amsterdam",
                              "ik ga hem vanavond opzoeken en in elkaar slaan"])
    shot = tmp_path / "dreiging.png"
    img.save(shot)
    record = _scan([shot], [])[str(shot)]
    assert record["verdict"]["level"] in ("hostile", "doxing"), record
    assert record["intent"], record
    table = runner.invoke(app, ["scan", str(shot), "--format", "table"])
    assert "oordeel:" in table.stdout
