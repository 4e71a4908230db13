"""`doxwacht watchlist ...` and `doxwacht keygen` through Typer's test runner."""

from __future__ import annotations

import json
import os
import stat

import pytest
import typer
from typer.testing import CliRunner

from doxwacht.cli.watchlist_cli import keygen_app, register, watchlist_app
from tests.test_watchlist_support import SAMPLE_PLAINTEXTS

runner = CliRunner()


@pytest.fixture()
def env(tmp_path):
    key = tmp_path / "k.key"
    result = runner.invoke(keygen_app, ["--out", str(key)])
    assert result.exit_code == 0, result.output
    return {
        "DOXWACHT_DB": str(tmp_path / "w.db"),
        "DOXWACHT_WATCHLIST_KEY_FILE": str(key),
        "DOXWACHT_USER": "tester",
        "DOXWACHT_WATCHLIST_KEY": "",
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
    }


def run(env, *args, input=None):
    return runner.invoke(watchlist_app, list(args), env=env, input=input)


ADD = [
    "add", "--label", "Agent A", "--role", "politie", "--org", "Eenheid Utrecht", "--name", "Jan Pieter de Vries",
    "--relative-name", "Anne Jansen-de Vries", "--phone", "06-12345678", "--email", "J.deVries@Example.nl",
    "--plate", "12-ABC-3", "--address", "Hoofdstraat 12a, 1234 AB Amsterdam", "--postcode", "3511 AB 7",
    "--dob", "12-03-1980", "--handle", "@JanDV", "--iban", "NL91 ABNA 0417 1643 00", "--workplace", "bureau Zeist",
]


def _add(env):
    result = run(env, *ADD, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["id"]


def test_keygen_writes_an_owner_only_file_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "x" / "w.key"
    result = runner.invoke(keygen_app, ["--out", str(path)])
    assert result.exit_code == 0 and "0600" in result.output and "Vingerafdruk" in result.output
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    content = path.read_text()
    assert content.strip()[6:] not in result.output
    again = runner.invoke(keygen_app, ["--out", str(path)])
    assert again.exit_code == 1 and "bestaat al" in again.output
    assert path.read_text() == content
    assert runner.invoke(keygen_app, ["--out", str(path), "--force"]).exit_code == 0
    assert path.read_text() != content


def test_add_list_show_stats_check_remove(env):
    pid = _add(env)
    listed = run(env, "list", "--json")
    assert listed.exit_code == 0
    assert json.loads(listed.stdout) == [{"id": pid, "label": "Agent A", "role": "politie", "organisation": "Eenheid Utrecht"}]
    assert "Agent A" in run(env, "list").stdout

    assert run(env, "show", pid).exit_code == 2  # --reason is required
    shown = run(env, "show", pid, "--reason", "melding 12", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["identifiers"]["phone"] == 1
    human = run(env, "show", pid, "--reason", "melding 12")
    assert "telefoon (1)" in human.stdout

    stats = json.loads(run(env, "stats", "--json").stdout)
    assert stats["persons"] == 1 and stats["identifiers_total"] == 11
    assert "personen: 1" in run(env, "stats").stdout

    checked = run(env, "check", "Bel J. de Vries op 06-12345678 of kom naar bureau Zeist")
    assert checked.exit_code == 0
    matches = json.loads(checked.stdout)
    assert {m["kind"] for m in matches} >= {"name"} and all(m["person"] == pid for m in matches)

    assert run(env, "verify-log").exit_code == 0
    removed = run(env, "remove", pid, "--yes", "--reason", "uit dienst")
    assert removed.exit_code == 0
    assert run(env, "remove", pid, "--yes").exit_code == 1
    assert json.loads(run(env, "list", "--json").stdout) == []


def test_output_never_contains_the_identifiers(env):
    outputs = [run(env, *ADD).output]
    pid = _add(env)
    outputs += [run(env, "list").output, run(env, "show", pid, "--reason", "x").output, run(env, "stats").output]
    for out in outputs:
        for plain in SAMPLE_PLAINTEXTS:
            assert plain.lower() not in out.lower(), plain


def test_add_refuses_invalid_identifiers_without_echoing(env):
    result = run(env, "add", "--label", "Agent B", "--role", "politie", "--org", "O", "--phone", "06-99")
    assert result.exit_code == 1
    assert "telefoon" in result.output and "06-99" not in result.output
    result = run(env, "add", "--label", "Jan", "--role", "politie", "--org", "O", "--name", "Jan de Vries")
    assert result.exit_code == 1 and "pseudoniem" in result.output


def test_add_interactive(env):
    answers = "\n".join([
        "Agent C", "boa", "Gemeente X",
        "Kees Bakker|K. Bakker", "", "Dorpsstraat 1, 9999 ZZ Ergens", "", "06-22222222", "", "", "", "", "", "",
    ]) + "\n"
    result = run(env, "add", input=answers)
    assert result.exit_code == 0, result.output
    assert "Toegevoegd" in result.output
    checked = json.loads(run(env, "check", "K. Bakker belt 06-22222222").stdout)
    assert {m["kind"] for m in checked} == {"name", "phone"}


def test_import_csv_with_broken_rows(env, tmp_path):
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(
        "label,role,organisation,names,phones\n"
        "Agent 1,politie,O,Kees Bakker,06-11111111\n"
        "Agent 2,politie,O,Piet Smit,06-1234\n"
        "Agent 3,,O,Els Visser,\n"
        "Agent 4,politie,O,Ria Mulder,06-33333333\n",
        encoding="utf-8",
    )
    result = run(env, "import", str(csv_path))
    assert result.exit_code == 3
    assert "4 rijen gelezen: 2 toegevoegd, 2 geweigerd" in result.output
    assert "telefoon" in result.output and "rolgroep" in result.output
    assert "06-1234" not in result.output and "Piet" not in result.output
    with_default = run(env, "import", str(csv_path), "--role", "boa", "--json")
    data = json.loads(with_default.stdout)
    assert with_default.exit_code == 3 and len(data["added"]) == 3 and data["errors"][0] == {
        "row": 3, "field": "phone", "reason": "geen geldig telefoonnummer"
    }


def test_import_sample_and_bad_files(env, tmp_path):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "examples" / "watchlist_sample.csv"
    result = run(env, "import", str(sample))
    assert result.exit_code == 0, result.output
    assert "5 toegevoegd" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("label,geheim\nx,y\n")
    result = run(env, "import", str(bad))
    assert result.exit_code == 1 and "onbekende kolom" in result.output
    assert run(env, "import", str(tmp_path / "missing.csv")).exit_code == 2


def test_wrong_or_missing_key_is_refused(env, tmp_path):
    _add(env)
    other = tmp_path / "other.key"
    runner.invoke(keygen_app, ["--out", str(other)])
    wrong = dict(env, DOXWACHT_WATCHLIST_KEY_FILE=str(other))
    result = run(wrong, *ADD)
    assert result.exit_code == 1 and "past niet" in result.output
    assert run(wrong, "check", "Jan de Vries").exit_code == 1
    missing = dict(env, DOXWACHT_WATCHLIST_KEY_FILE="")
    result = run(missing, *ADD)
    assert result.exit_code == 1 and "keygen" in result.output
    assert run(missing, "list").exit_code == 0  # listing labels needs no key


def test_register_mounts_both_commands():
    app = typer.Typer()

    @app.command()
    def version() -> None:  # a second command so that subcommands are named
        pass

    register(app)
    assert runner.invoke(app, ["watchlist", "--help"]).exit_code == 0
    result = runner.invoke(app, ["keygen", "--help"])
    assert result.exit_code == 0 and "--out" in result.output
