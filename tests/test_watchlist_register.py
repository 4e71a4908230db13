"""The register: add, import, remove, show, the access log, the key binding, and no plaintext at rest."""

from __future__ import annotations

import io
import logging
import re

import pytest
from sqlalchemy import select

from doxwacht.store import Store, WatchlistIdentifier, WatchlistPerson
from doxwacht.watchlist import (
    CsvFormatError,
    InvalidIdentifier,
    Kind,
    PersonInput,
    Register,
    WrongKeyError,
    generate_key,
)
from tests.test_watchlist_support import SAMPLE_PLAINTEXTS, make_register, sample_person


def test_add_stores_only_hashes_and_metadata(tmp_path):
    reg = make_register(tmp_path)
    pid = reg.add(sample_person(), user="anna")
    assert re.fullmatch(r"[0-9a-f]{16}", pid)
    with reg.store.transaction() as s:
        person = s.scalar(select(WatchlistPerson))
        rows = s.execute(select(WatchlistIdentifier.kind, WatchlistIdentifier.hmac)).all()
    assert person.label == "Agent A" and person.role == "politie" and person.created_by == "anna"
    assert person.identifier_counts == {
        "name": 1, "relative_name": 1, "address": 1, "postcode": 1, "phone": 1, "email": 1, "plate": 1, "dob": 1,
        "handle": 1, "iban": 1, "workplace": 1,
    }
    assert all(len(h) == 16 for _, h in rows)
    kinds = {Kind(k) for k, _ in rows}
    assert kinds == set(Kind)
    assert len(rows) == len(set(rows))


def test_database_wal_and_logs_hold_no_plaintext(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    reg = make_register(tmp_path)
    pid = reg.add(sample_person(), user="anna")
    csv_text = (
        "label,role,organisation,names,phones,addresses\n"
        "Agent B,politie,Eenheid Utrecht,Anne Jansen-de Vries,06-12345678,\"Hoofdstraat 12a, 1234 AB Amsterdam\"\n"
        "Agent C,politie,Eenheid Utrecht,Pieter de Vries,0612345,\n"  # broken phone: its error must not quote it
    )
    report = reg.import_csv(io.StringIO(csv_text), user="anna")
    assert len(report.added) == 1 and len(report.errors) == 1
    reg.show(pid, user="anna", reason="controle")
    reg.list_persons(user="anna")
    reg.load_matcher()
    messages = [str(e) for e in report.errors] + [caplog.text, repr(sample_person())]
    entries = reg.log_entries()
    blobs = {p.name: p.read_bytes() for p in tmp_path.iterdir()}  # with the WAL still there
    assert {"w.db", "w.db-wal"} <= set(blobs)
    reg.store.close()
    blobs.update({p.name + " (closed)": p.read_bytes() for p in tmp_path.iterdir()})
    for plain in SAMPLE_PLAINTEXTS + ["0612345"]:
        needle = re.escape(plain.lower())
        if plain.isalpha():  # a name as a word, not inside one ("Anne" in a column named "channel")
            needle = rf"(?<![a-z]){needle}(?![a-z])"
        for name, blob in blobs.items():
            assert not re.search(needle.encode(), blob.lower()), (plain, name)
        for text in messages + [repr(entries)]:
            assert not re.search(needle, text.lower()), (plain, text[:200])


def test_invalid_person_is_refused_without_quoting(tmp_path):
    reg = make_register(tmp_path)
    cases = {
        "phone": sample_person(phones=["06-999"]),
        "label": sample_person(label="Jan"),
        "role": sample_person(role="piloot"),
        "organisation": sample_person(organisation=" "),
        "identifiers": PersonInput(label="X", role="politie", organisation="O"),
        "name": sample_person(names=["Vries"]),
    }
    for field, person in cases.items():
        with pytest.raises(InvalidIdentifier) as e:
            reg.add(person)
        assert e.value.kind == field
        assert "999" not in str(e.value)
    assert reg.count() == 0


def test_label_may_not_contain_identifiers(tmp_path):
    reg = make_register(tmp_path)
    for label in ["Agent Pieter", "de Vries", "06 12345678", "j.d@x.nl", "1234 AB", "jandv"]:
        with pytest.raises(InvalidIdentifier):
            reg.add(sample_person(label=label))
    assert reg.add(sample_person(label="Agent 7 Oost"))


def test_role_groups_are_normalised(tmp_path):
    reg = make_register(tmp_path)
    pid = reg.add(sample_person(role="Rechterlijke macht"))
    assert reg.show(pid, reason="test").role == "rechterlijke_macht"


def test_wrong_key_is_refused_with_a_clear_message(tmp_path):
    key = generate_key()
    reg = make_register(tmp_path, key)
    reg.add(sample_person())
    store = Store(tmp_path / "w.db")
    with pytest.raises(WrongKeyError) as e:
        Register(store, generate_key())
    assert "past niet" in str(e.value) and "opnieuw" in str(e.value)
    assert key.fingerprint[:12] in str(e.value)
    # without a key: metadata only; with the right key: everything
    assert Register(store).count() == 1
    with pytest.raises(WrongKeyError):
        Register(store).add(sample_person())
    assert len(Register(store, key).load_matcher()) > 0


def test_generation_bumps_on_every_write(tmp_path):
    reg = make_register(tmp_path)
    assert reg.generation() == 0
    pid = reg.add(sample_person())
    assert reg.generation() == 1
    reg.add_many([sample_person(), sample_person()])
    assert reg.generation() == 2
    reg.remove(pid, reason="niet meer nodig")
    assert reg.generation() == 3
    assert reg.load_matcher().generation == 3


def test_remove_deletes_person_and_hashes(tmp_path):
    reg = make_register(tmp_path)
    keep = reg.add(sample_person(phones=["06-11111111"]))
    gone = reg.add(sample_person())
    assert reg.remove(gone, user="anna", reason="verzoek") is True
    assert reg.remove(gone) is False
    m = reg.load_matcher()
    assert m.persons == (keep,)
    assert m.query(Kind.PHONE, "+31612345678") == []
    assert m.query(Kind.PHONE, "+31611111111")[0].person == keep


def test_show_and_open_match_are_logged_with_who_and_why(tmp_path):
    reg = make_register(tmp_path)
    pid = reg.add(sample_person(), user="anna")
    with pytest.raises(ValueError):
        reg.show(pid, user="bob", reason=" ")
    info = reg.show(pid, user="bob", reason="melding 42")
    assert info.label == "Agent A" and info.identifiers["phone"] == 1
    assert reg.show("onbekend", user="bob", reason="proberen") is None
    match = {"person": pid, "kind": "phone", "strength": "strong", "start": 3, "end": 14}
    assert reg.open_match(match, user="carla", reason="triage", message_id="msg-9").id == pid
    log = reg.log_entries()
    assert [e["action"] for e in log] == ["watchlist.add", "watchlist.show", "watchlist.show", "watchlist.open_match"]
    assert log[1]["actor"] == "bob" and log[1]["reason"] == "melding 42" and log[1]["object_id"] == pid
    assert log[2]["details"]["found"] is False
    assert log[3]["details"] == {"kind": "phone", "strength": "strong", "span": [3, 14], "message": "msg-9", "found": True}
    assert reg.verify_log().ok


def test_stats(tmp_path):
    reg = make_register(tmp_path)
    reg.add(sample_person())
    reg.add(sample_person(role="boa", organisation="Gemeente X", names=["Kees Bakker"], relative_names=[]))
    st = reg.stats()
    assert st["persons"] == 2 and st["by_role"] == {"politie": 1, "boa": 1}
    assert st["identifiers"]["name"] == 2 and st["identifiers"]["relative_name"] == 1
    assert st["hashes"] > 20 and st["generation"] == 2 and len(st["key_fingerprint"]) == 12


CSV_OK_AND_BROKEN = """label;rol;organisatie;namen;telefoon;adres;kenteken;geboortedatum
Agent 1;politie;Eenheid Utrecht;Kees Bakker|K. Bakker;06-11111111;;;
Agent 2;politie;Eenheid Utrecht;Piet Smit;06-1234;;;
Jan Smit;politie;Eenheid Utrecht;Jan Smit;;;;
Agent 4;piloot;Eenheid Utrecht;Els Visser;;;;
Agent 5;boa;Gemeente Y;;;Amsterdam;;
Agent 6;boa;Gemeente Y;Ria Mulder;;;#!;
Agent 7;boa;Gemeente Y;Ria Mulder;;;;31-02-1990
Agent 8;boa;Gemeente Y;Henk Kok;06-22222222;"Dorpsstraat 1, 9999 ZZ Ergens";99-XX-99;1970-01-01
Agent 9;boa;Gemeente Y;Ria Mulder;;;;;overtollig
"""


def test_csv_import_reports_broken_rows_and_imports_the_rest(tmp_path):
    reg = make_register(tmp_path)
    calls = []
    report = reg.import_csv(io.StringIO(CSV_OK_AND_BROKEN), user="anna", progress=lambda d, t: calls.append((d, t)))
    assert report.rows == 9 and len(report.added) == 2
    errors = {e.row: e.field for e in report.errors}
    assert errors == {3: "phone", 4: "label", 5: "role", 6: "address", 7: "plate", 8: "dob", 10: "rij"}
    text = " ".join(str(e) for e in report.errors)
    for plain in ["06-1234", "Amsterdam", "#!", "31-02-1990", "Jan Smit", "piloot", "overtollig"]:
        assert plain not in text
    assert calls[-1] == (9, 9)
    m = reg.load_matcher()
    assert len(m.persons) == 2
    assert m.query(Kind.PHONE, "+31622222222") and m.query(Kind.PLATE, "99XX99")
    assert reg.log_entries()[-1]["details"]["rejected"] == 7


def test_csv_import_is_one_transaction(tmp_path, monkeypatch):
    reg = make_register(tmp_path)
    reg.add(sample_person())
    original = Register._insert

    def failing(self, session, prepared, user):
        original(self, session, prepared, user)
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(Register, "_insert", failing)
    with pytest.raises(RuntimeError):
        reg.import_csv(io.StringIO("label,role,organisation,names\nA1,politie,O,Kees Bakker\nA2,politie,O,Els Visser\n"))
    assert reg.count() == 1 and reg.generation() == 1


def test_csv_defaults_and_format_errors(tmp_path):
    reg = make_register(tmp_path)
    report = reg.import_csv(io.StringIO("label\tnames\nA1\tKees Bakker\n"), role="politie", organisation="O")
    assert report.ok and len(report.added) == 1
    with pytest.raises(CsvFormatError):
        reg.import_csv(io.StringIO("label,geheim\nA,b\n"))
    with pytest.raises(CsvFormatError):
        reg.import_csv(io.StringIO("names,role\nKees Bakker,politie\n"))
    with pytest.raises(CsvFormatError):
        reg.import_csv(io.StringIO(""))


def test_sample_csv_imports_cleanly(tmp_path):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "examples" / "watchlist_sample.csv"
    report = make_register(tmp_path).import_csv(sample)
    assert report.ok and len(report.added) == 5


def test_the_bench_register_named_from_the_gazetteers_is_valid_and_varied(tmp_path):
    """`bench_watchlist.py --names gazetteer` registers every person it makes (no name the register refuses, such
    as a surname that is only a tussenvoegsel), and its names are varied where the default lists repeat them."""
    bench = pytest.importorskip("bench.bench_watchlist")
    register = make_register(tmp_path)
    people = bench.make_people(300, names="gazetteer")
    assert not register.add_many(people, user="test").errors
    assert register.stats()["persons"] == 300
    def surnames(people):
        return {p.names[0].split(" ", 1)[1] for p in people}

    assert len(surnames(bench.make_people(2000))) <= 359  # the corpus's 59 surnames, 10 tussenvoegsels x 30
    assert len(surnames(bench.make_people(2000, names="gazetteer"))) > 700
