"""End to end: a key, a protected person, and `doxwacht scan` raising the match in its output."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from doxwacht.cli.app import app


def test_scan_reports_watchlist_matches_and_a_doxing_verdict(tmp_path, monkeypatch) -> None:
    for var in ("DOXWACHT_WATCHLIST_KEY", "DOXWACHT_WATCHLIST_KEY_FILE", "DOXWACHT_DB"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    key, db = tmp_path / "watchlist.key", tmp_path / "wl.db"
    runner = CliRunner()
    assert runner.invoke(app, ["keygen", "--out", str(key)]).exit_code == 0
    added = runner.invoke(app, ["watchlist", "add", "--db", str(db), "--key-file", str(key), "--label", "Agent A",
                                "--role", "politie", "--org", "Eenheid Utrecht", "--phone", "06-12345678",
                                "--plate", "12-XKB-3"])
    assert added.exit_code == 0, added.output
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "Zijn nummer: 0612345678, auto 12XKB3 kenteken. Ga maar langs!"}) + "\n"
                   + json.dumps({"id": 2, "text": "Bel 06-87654321 voor de taart"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(src), "--format", "jsonl", "--db", str(db), "--key-file", str(key)])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    kinds = {(m["kind"], m["strength"]) for m in records[1]["watchlist"]}
    assert ("phone", "strong") in kinds and ("plate", "strong") in kinds
    assert records[2]["watchlist"] == []
    assert records[1]["verdict"]["level"] == "doxing"
    # the database never holds the plaintext
    raw = db.read_bytes()
    assert b"0612345678" not in raw and b"12XKB3" not in raw and b"+31612345678" not in raw


def test_scan_refuses_a_wrong_key_with_a_usage_error(tmp_path, monkeypatch) -> None:
    for var in ("DOXWACHT_WATCHLIST_KEY", "DOXWACHT_WATCHLIST_KEY_FILE", "DOXWACHT_DB"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    runner = CliRunner()
    k1, k2, db = tmp_path / "k1", tmp_path / "k2", tmp_path / "wl.db"
    runner.invoke(app, ["keygen", "--out", str(k1)])
    runner.invoke(app, ["keygen", "--out", str(k2)])
    assert runner.invoke(app, ["watchlist", "add", "--db", str(db), "--key-file", str(k1), "--label", "X",
                               "--role", "burger", "--org", "Meldpunt", "--phone", "0612345678"]).exit_code == 0
    src = tmp_path / "in.txt"
    src.write_text("bel 0612345678", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(src), "--db", str(db), "--key-file", str(k2)])
    assert result.exit_code == 2
    assert "sleutel" in result.stderr.lower() or "key" in result.stderr.lower()
