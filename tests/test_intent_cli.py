"""`doxwacht train` / `evaluate` / `explain` (the intent Typer app), on small labelled data made here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from doxwacht.cli.intent_cli import app

RUNNER = CliRunner()

THREATS = ["Ik maak je dood", "Ik steek je neer", "We weten waar je woont", "Ik sla je in elkaar",
           "Je bent er geweest", "Ik schiet die agent neer", "Pas maar op, we komen je halen",
           "Ik ga je vermoorden", "Die wout moet dood", "Ik breek je nek"]
BENIGN = ["Wat een mooi weer", "Ik ga naar de markt", "Fijne verjaardag!", "De trein is te laat",
          "Ik maak de taart af", "Zin in het weekend", "Bedankt voor je hulp", "Tot morgen op het werk",
          "Ik heb een nieuwe fiets", "De agent hielp me de weg te vinden"]


def _write_csv(path: Path, rows: list[tuple[str, str]], text: str = "text", label: str = "label") -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([text, label])
        w.writerows(rows)


def _rows() -> list[tuple[str, str]]:
    return [(t, "threat") for t in THREATS] + [(t, "none") for t in BENIGN]


def test_train_and_evaluate_csv(tmp_path: Path) -> None:
    data = tmp_path / "train.csv"
    _write_csv(data, _rows())
    model = tmp_path / "model.skops"
    res = RUNNER.invoke(app, ["train", "--input", str(data), "--text-field", "text", "--label-field", "label",
                              "--model", str(model)])
    assert res.exit_code == 0, res.output
    assert model.exists()
    meta = json.loads((tmp_path / "model.skops.json").read_text())
    assert meta["labels"] == ["none", "threat"]
    assert len(meta["training_sha256"]) == 64 and meta["trained_at"]
    res = RUNNER.invoke(app, ["evaluate", "--input", str(data), "--model", str(model)])
    assert res.exit_code == 0, res.output
    assert "precision" in res.output and "recall" in res.output and "f1" in res.output
    assert "threat" in res.output and "none" in res.output
    res = RUNNER.invoke(app, ["evaluate", "--input", str(data), "--model", str(model), "--json"])
    rep = json.loads(res.output)
    assert rep["accuracy"] > 0.9
    assert {c["label"] for c in rep["classes"]} == {"none", "threat"}


def test_train_jsonl_custom_fields(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps({"bericht": t, "soort": lab}) for t, lab in _rows()), encoding="utf-8")
    model = tmp_path / "m.skops"
    res = RUNNER.invoke(app, ["train", "--input", str(data), "--text-field", "bericht", "--label-field", "soort",
                              "--model", str(model), "--algorithm", "svm"])
    assert res.exit_code == 0, res.output
    res = RUNNER.invoke(app, ["evaluate", "--input", str(data), "--model", str(model)])
    assert res.exit_code == 0, res.output
    assert "macro-F1" in res.output


def test_train_errors(tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    _write_csv(data, _rows(), text="tekst")
    res = RUNNER.invoke(app, ["train", "--input", str(data), "--model", str(tmp_path / "m.skops")])
    assert res.exit_code == 2
    one = tmp_path / "one.csv"
    _write_csv(one, [(t, "threat") for t in THREATS])
    res = RUNNER.invoke(app, ["train", "--input", str(one), "--model", str(tmp_path / "m.skops")])
    assert res.exit_code == 2


def test_tampered_model_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "train.csv"
    _write_csv(data, _rows())
    model = tmp_path / "model.skops"
    assert RUNNER.invoke(app, ["train", "--input", str(data), "--model", str(model)]).exit_code == 0
    model.write_bytes(model.read_bytes() + b"x")
    res = RUNNER.invoke(app, ["evaluate", "--input", str(data), "--model", str(model)])
    assert res.exit_code == 2
    assert "hash" in res.output


def test_explain_command() -> None:
    res = RUNNER.invoke(app, ["explain", "Ik maak je dood", "--json"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output)
    assert rec["verdict"]["level"] == "hostile"
    res = RUNNER.invoke(app, ["explain", "Ik zou hem nooit pijn doen"])
    assert res.exit_code == 0
    assert "guard.negation" in res.output
