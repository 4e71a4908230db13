"""Matching in scans: each identifier kind matches in its variants, near-misses do not, names are
found in the text itself, strengths, spans and the JSONL record."""

from __future__ import annotations

import json
import struct

import pytest

from doxwacht import Document, Engine, Label
from doxwacht.detectors.registry import DetectorRegistry
from doxwacht.watchlist import WatchlistAnalyzer
from tests.test_watchlist_support import engine_with, make_register, sample_person


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    reg = make_register(tmp_path_factory.mktemp("wl"))
    pid = reg.add(sample_person())
    other = reg.add(sample_person(label="Agent B", names=["Kees Bakker"], relative_names=[], addresses=[],
                                  postcodes=[], phones=["020-7654321"], emails=[], plates=[], dobs=[],
                                  handles=[], ibans=[], workplace=None))
    return reg, WatchlistAnalyzer.from_register(reg, refresh_interval=None), pid, other


def scan(analyzer, text, *items):
    return engine_with(analyzer, items).scan(text).to_dict()["watchlist"]


def kinds(matches, text):
    return {(m["kind"], m["strength"], text[m["start"]:m["end"]]) for m in matches}


@pytest.mark.parametrize(
    ("label", "written", "kind"),
    [
        (Label.PHONE, "06-12345678", "phone"),
        (Label.PHONE, "+31 6 1234 5678", "phone"),
        (Label.PHONE, "0031612345678", "phone"),
        (Label.EMAIL, "J.DEVRIES@example.NL", "email"),
        (Label.LICENSE_PLATE, "12-abc-3", "plate"),
        (Label.LICENSE_PLATE, "12ABC3", "plate"),
        (Label.IBAN, "NL91 ABNA 0417 1643 00", "iban"),
        (Label.SOCIAL_HANDLE, "@jandv", "handle"),
        (Label.SOCIAL_HANDLE, "@JanDV", "handle"),
    ],
)
def test_unique_identifiers_match_strong(setup, label, written, kind):
    _, analyzer, pid, _ = setup
    text = f"hier: {written} !!"
    matches = scan(analyzer, text, (label, written))
    assert [(m["person"], m["kind"], m["strength"]) for m in matches] == [(pid, kind, "strong")]
    assert text[matches[0]["start"]:matches[0]["end"]] == written


@pytest.mark.parametrize(
    ("label", "written"),
    [
        (Label.PHONE, "06-12345679"),
        (Label.EMAIL, "j.devries@example.com"),
        (Label.LICENSE_PLATE, "12-ABC-4"),
        (Label.IBAN, "NL02 ABNA 0123 4567 89"),
        (Label.SOCIAL_HANDLE, "@jandv2"),
        (Label.DATE_OF_BIRTH, "13-03-1980"),
    ],
)
def test_near_misses_do_not_match(setup, label, written):
    _, analyzer, _, _ = setup
    assert scan(analyzer, f"hier: {written} !!", (label, written)) == []


def test_postcode_with_house_number_from_the_text(setup):
    _, analyzer, pid, _ = setup
    for written in ["1234 AB 12a", "1234AB 12", "1234 AB, nr. 12", "3511 AB 7", "1234AB 12-a"]:
        pc = written[:7] if written[4] == " " else written[:6]
        text = f"adres: {written} ok"
        matches = scan(analyzer, text, (Label.POSTCODE, pc))
        assert [(m["person"], m["kind"], m["strength"]) for m in matches] == [(pid, "postcode", "strong")], written
        assert text[matches[0]["start"]:matches[0]["end"]].startswith(pc)
    for near in ["1234 AB 14", "1234 AB 12b", "1234 AB", "3511 AB 8"]:
        assert scan(analyzer, f"adres: {near} ok", (Label.POSTCODE, near[:7])) == [], near


def test_address_findings(setup):
    _, analyzer, pid, _ = setup
    text = "Hij woont op Hoofdstr. 12, 1234 AB Amsterdam."
    span = "Hoofdstr. 12, 1234 AB Amsterdam"
    got = kinds(scan(analyzer, text, (Label.ADDRESS, span, "hoofdstr.|12||1234AB|amsterdam")), text)
    assert got == {("address", "strong", span), ("postcode", "strong", span)}
    # street + number without a place: weak; other number: nothing
    assert kinds(scan(analyzer, "Hoofdstraat 12a", (Label.ADDRESS, "Hoofdstraat 12a", "hoofdstraat|12|a||")),
                 "Hoofdstraat 12a") == {("address", "weak", "Hoofdstraat 12a")}
    assert scan(analyzer, "Hoofdstraat 14, Amsterdam", (Label.ADDRESS, "Hoofdstraat 14, Amsterdam",
                                                         "hoofdstraat|14|||amsterdam")) == []
    assert scan(analyzer, "Hoofdstraat 12b", (Label.ADDRESS, "Hoofdstraat 12b", "hoofdstraat|12|b||")) == []
    # the same street and number in another place, or with another postcode: nothing
    text = "Hoofdstraat 12, Rotterdam"
    assert scan(analyzer, text, (Label.ADDRESS, text, "hoofdstraat|12|||rotterdam")) == []
    text = "Hoofdstraat 12, 9999 ZZ"
    assert scan(analyzer, text, (Label.ADDRESS, text, "hoofdstraat|12||9999ZZ|")) == []


def test_dob_is_weak_alone_and_medium_with_another_identifier(setup):
    _, analyzer, pid, _ = setup
    m = scan(analyzer, "geboren 12-03-1980", (Label.DATE_OF_BIRTH, "12-03-1980"))
    assert [(x["kind"], x["strength"]) for x in m] == [("dob", "weak")]
    text = "geboren 12-03-1980, bel 06-12345678"
    m = scan(analyzer, text, (Label.DATE_OF_BIRTH, "12-03-1980"), (Label.PHONE, "06-12345678"))
    assert {(x["kind"], x["strength"]) for x in m} == {("dob", "medium"), ("phone", "strong")}


@pytest.mark.parametrize(
    "written",
    ["Jan Pieter de Vries", "Jan de Vries", "jan de vries", "J. de Vries", "J.P. de Vries", "JAN DE VRIES",
     "de Vries, Jan", "Vries, J.P. de", "Ján de Vriës", "de Vries Jan"],
)
def test_names_in_the_text_match_medium(setup, written):
    _, analyzer, pid, _ = setup
    text = f"Kijk eens, {written} is de agent."
    m = scan(analyzer, text)
    assert [(x["person"], x["kind"], x["strength"]) for x in m] == [(pid, "name", "medium")], m
    assert text[m[0]["start"]:m[0]["end"]] == written


@pytest.mark.parametrize(
    "written",
    ["Jan", "Pieter", "de Vries", "Jan van Vries", "Piet de Vries", "Jan de Vrij", "K. de Vries", "de Vries. Jan"],
)
def test_name_near_misses_and_first_names_alone(setup, written):
    _, analyzer, _, _ = setup
    assert scan(analyzer, f"Kijk eens, {written} is hier.") == []


def test_relatives_names_match(setup):
    _, analyzer, pid, _ = setup
    for written in ["Anne Jansen-de Vries", "anne jansen", "Anne de Vries", "A. Jansen-de Vries", "Jansen, Anne"]:
        text = f"en zijn vrouw {written} ook"
        m = scan(analyzer, text)
        assert [(x["person"], x["kind"], x["strength"]) for x in m] == [(pid, "relative_name", "medium")], written
        assert text[m[0]["start"]:m[0]["end"]] == written


def test_surname_with_matching_place_is_medium(setup):
    _, analyzer, pid, _ = setup
    text = "Die De Vries woont in Amsterdam hoor"
    assert kinds(scan(analyzer, text), text) == {("surname_place", "medium", "De Vries")}
    text = "agent de vries van bureau Zeist"
    assert kinds(scan(analyzer, text), text) == {("surname_place", "medium", "de vries")}
    address = "hoofdweg|1|||amsterdam"
    text = "de vries: Hoofdweg 1 Amsterdam"
    got = kinds(scan(analyzer, text, (Label.ADDRESS, "Hoofdweg 1 Amsterdam", address)), text)
    assert got == {("surname_place", "medium", "de vries")}
    # another place, or the place without the surname: nothing
    assert scan(analyzer, "Die De Vries woont in Rotterdam") == []
    assert scan(analyzer, "Iemand woont in Amsterdam en werkt bij bureau Zeist") == []


def test_person_findings_are_looked_up_too(setup):
    _, analyzer, pid, _ = setup
    text = "Naam:J.P.de Vries"
    m = scan(analyzer, text, (Label.PERSON, "J.P.de Vries"))
    assert [(x["person"], x["kind"]) for x in m] == [(pid, "name")]


def test_two_people_in_one_text_and_the_jsonl_record(setup):
    _, analyzer, pid, other = setup
    text = "Kees Bakker (020-7654321) en Jan de Vries (06-12345678)"
    engine = engine_with(analyzer, [(Label.PHONE, "020-7654321"), (Label.PHONE, "06-12345678")])
    record = json.loads(json.dumps(engine.scan(text, id="m1").to_dict()))
    assert record["id"] == "m1"
    got = {(m["person"], m["kind"], m["strength"], text[m["start"]:m["end"]]) for m in record["watchlist"]}
    assert got == {
        (other, "name", "medium", "Kees Bakker"),
        (other, "phone", "strong", "020-7654321"),
        (pid, "name", "medium", "Jan de Vries"),
        (pid, "phone", "strong", "06-12345678"),
    }
    for m in record["watchlist"]:
        assert set(m) == {"person", "kind", "strength", "start", "end", "evidence"}
    assert [m["start"] for m in record["watchlist"]] == sorted(m["start"] for m in record["watchlist"])


def test_spans_map_to_the_original_text(setup):
    _, analyzer, pid, _ = setup
    text = "\u200bJan\u00a0de\u200b Vries\u200b is het"  # zero-width and no-break spaces are folded away
    doc = Document(text)
    m = Engine(DetectorRegistry([]), analyzers=[analyzer]).scan(doc).extras["watchlist"]
    assert len(m) == 1
    assert "Jan" in text[m[0]["start"]:m[0]["end"]] and "Vries" in text[m[0]["start"]:m[0]["end"]]


def test_no_watchlist_matches_in_ordinary_text(setup):
    _, analyzer, _, _ = setup
    text = "De vergadering van de gemeenteraad in Utrecht begint om 20.00 uur; Jan en Piet komen ook."
    assert scan(analyzer, text) == []


def test_empty_register_and_no_findings(tmp_path):
    reg = make_register(tmp_path)
    reg.add(sample_person())
    reg.remove(reg.list_persons()[0].id)
    analyzer = WatchlistAnalyzer.from_register(reg)
    assert scan(analyzer, "Jan de Vries 06-12345678", (Label.PHONE, "06-12345678")) == []


def test_analyzer_picks_up_register_changes(tmp_path):
    reg = make_register(tmp_path)
    analyzer = WatchlistAnalyzer.from_register(reg, refresh_interval=0)
    assert scan(analyzer, "Jan de Vries") == []
    pid = reg.add(sample_person())
    assert [m["person"] for m in scan(analyzer, "Jan de Vries")] == [pid]
    reg.remove(pid)
    assert scan(analyzer, "Jan de Vries") == []
    # without a refresh interval the snapshot stays until refresh()
    fixed = WatchlistAnalyzer.from_register(reg, refresh_interval=None)
    pid2 = reg.add(sample_person())
    assert scan(fixed, "Jan de Vries") == []
    assert fixed.refresh() is True and fixed.refresh() is False
    assert [m["person"] for m in scan(fixed, "Jan de Vries")] == [pid2]


def test_analyzer_from_config(tmp_path, monkeypatch):
    from doxwacht.watchlist import analyzer_from_config, write_key_file

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.delenv("DOXWACHT_WATCHLIST_KEY", raising=False)
    monkeypatch.delenv("DOXWACHT_WATCHLIST_KEY_FILE", raising=False)
    assert analyzer_from_config(str(tmp_path / "w.db")) is None
    key = write_key_file(tmp_path / "k.key")
    make_register(tmp_path, key).add(sample_person())
    an = analyzer_from_config(str(tmp_path / "w.db"), str(tmp_path / "k.key"))
    assert an is not None and an.key == "watchlist" and len(an.matcher.persons) == 1


def test_a_belgian_number_registered_without_country_code_matches_the_scan(tmp_path):
    """Registered as written ("0476 12 34 56"), found by the built-in phone detector in a message: the same E.164."""
    reg = make_register(tmp_path)
    pid = reg.add(sample_person(label="Agent BE", phones=["0476 12 34 56"]))
    engine = Engine(analyzers=[WatchlistAnalyzer.from_register(reg, refresh_interval=None)])
    text = "zijn gsm is 0476/12.34.56, bel hem maar"
    phones = [m for m in engine.scan(text).to_dict()["watchlist"] if m["kind"] == "phone"]
    assert [(m["person"], m["strength"], text[m["start"]:m["end"]]) for m in phones] == [(pid, "strong", "0476/12.34.56")]


def test_a_full_word_memo_starts_again_without_forgetting_the_register(setup, monkeypatch):
    """A long-running scanner fills its word memo with the words of texts; when it starts again, what the register
    said of word parts and canonical forms is kept, so the words are relearnt without a look-up in the register."""
    from doxwacht.watchlist.matcher import Matcher

    reg, _, pid, _ = setup
    analyzer = WatchlistAnalyzer(reg.load_matcher(), cache_size=40)
    matcher = analyzer.matcher
    text = "Kees Bakker en Jan de Vries wonen in Deventer, bel 06-12345678"
    first = scan(analyzer, text, (Label.PHONE, "06-12345678"))
    assert {m["kind"] for m in first} >= {"phone", "name"}
    memo = matcher.memo
    # words without a letter fill the memo of words but are no name parts
    for i in range(3):
        scan(analyzer, " ".join(str(1000 + 30 * i + k) for k in range(30)))
    scan(analyzer, "nog een bericht")
    assert matcher.memo is not memo  # the word memo started again

    calls = []
    real = Matcher.lookup

    def counting(self, digests):
        calls.append(len(digests))
        return real(self, digests)

    monkeypatch.setattr(Matcher, "lookup", counting)
    again = scan(analyzer, text, (Label.PHONE, "06-12345678"))
    assert again == first
    assert calls == []  # parts and forms came from the memo that was kept
    # a word part never seen is still looked up
    scan(analyzer, "Kees Bakker zag Wilhelmina gisteren")
    assert calls


@pytest.mark.parametrize("text", [
    "Dat is Merel. Hoofdstraat 12a, Amsterdam. Ga maar langs",  # a sentence's end before the street
    "echte naam Romy Bakker, 23, woont Hoofdstraat 12a Amsterdam",  # a name and an age before it
    "Agent Merel Smit. Woont Hoofdstraat 12a Amsterdam.",  # a word that announces the address
])
def test_a_registered_address_the_detectors_read_whole_matches(setup, text):
    # end to end: what the address detector reads as the street is what the register holds
    _, analyzer, pid, _ = setup
    got = Engine(analyzers=[analyzer]).scan(text).to_dict()["watchlist"]
    assert {(m["person"], m["kind"], m["strength"]) for m in got} >= {(pid, "address", "strong")}


def test_a_registered_handle_matches_in_a_profile_url(setup):
    # the scan finds the URL; the watchlist looks it up as the handle it names
    _, analyzer, pid, _ = setup
    engine = Engine(analyzers=[analyzer])
    for text, url in [("zijn insta: https://www.instagram.com/JanDV/ ga hem maar eens volgen",
                       "https://www.instagram.com/JanDV/"),
                      ("dm hem: https://t.me/JanDV", "https://t.me/JanDV"),
                      ("tiktok.com/@jandv/video/7301 kijk dan", "tiktok.com/@jandv/video/7301")]:
        got = engine.scan(text).to_dict()["watchlist"]
        assert [(m["person"], m["kind"], m["strength"], text[m["start"]:m["end"]]) for m in got] == [
            (pid, "handle", "strong", url)], text
    assert engine.scan("lees https://nos.nl/artikel/jandv en https://x.com/jandv2").to_dict()["watchlist"] == []
    # where a handle finding lies inside the URL, the URL is not looked up again: one match, not two
    text = "x.com/@JanDV"
    got = scan(analyzer, text, (Label.URL, text, text), (Label.SOCIAL_HANDLE, "@JanDV", "jandv"))
    assert kinds(got, text) == {("handle", "strong", "@JanDV")}


# ---------------------------------------------------------------------------------------- surname-place pairs
def _place_person(label: str, name: str, city: str, **extra: object):
    return sample_person(label=label, names=[name], relative_names=[], addresses=[f"Dorpsstraat 1, 1234 AB {city}"],
                         postcodes=[], phones=[], emails=[], plates=[], dobs=[], handles=[], ibans=[],
                         workplace=None, **extra)


@pytest.fixture()
def paired(tmp_path):
    reg = make_register(tmp_path)
    jansen = reg.add(_place_person("Agent P", "Piet Jansen", "Utrecht"))
    reg.add(_place_person("Agent Q", "Kees Bakker", "Zeist"))
    reg.add(_place_person("Agent R", "Ria Smit", "Den Haag"))
    return reg, jansen


def _counting_place_runs(analyzer, monkeypatch):
    calls = []
    inner = analyzer._place_runs
    monkeypatch.setattr(analyzer, "_place_runs", lambda *a: calls.append(a) or inner(*a))
    return calls


def test_places_are_built_only_around_a_place_word_registered_with_a_surname_of_the_text(paired, monkeypatch):
    reg, jansen = paired
    analyzer = WatchlistAnalyzer.from_register(reg, refresh_interval=None)
    assert analyzer._matcher.pair_filter
    calls = _counting_place_runs(analyzer, monkeypatch)
    # Jansen is registered with Utrecht, Zeist only with Bakker: no place is built around "Zeist"
    assert scan(analyzer, "die jansen woont in zeist") == []
    assert calls == []
    text = "die Jansen woont in Utrecht, niet in Zeist"
    assert kinds(scan(analyzer, text), text) == {("surname_place", "medium", "Jansen")}
    assert len(calls) == 1
    # a place near one surname goes with every surname of the text, as without the pairs
    text = "Jansen zegt het. Bakker, die woont in Utrecht."
    got = scan(analyzer, text)
    assert [(m["person"], m["kind"], text[m["start"]:m["end"]]) for m in got] == [(jansen, "surname_place", "Jansen")]


def test_a_register_with_persons_from_before_the_pairs_builds_places_everywhere(paired, monkeypatch):
    from sqlalchemy import delete

    from doxwacht.store.models import WatchlistIdentifier
    from doxwacht.watchlist.kinds import Kind

    reg, jansen = paired
    assert reg.stats()["persons_without_place_pairs"] == 0
    with reg.store.transaction() as s:  # as a person registered before pairs were stored
        s.execute(delete(WatchlistIdentifier).where(WatchlistIdentifier.kind == int(Kind.SURNAME_PLACE_WORD),
                                                    WatchlistIdentifier.person_id == 1))
    assert reg.stats()["persons_without_place_pairs"] == 1
    analyzer = WatchlistAnalyzer.from_register(reg, refresh_interval=None)
    assert not analyzer._matcher.pair_filter
    calls = _counting_place_runs(analyzer, monkeypatch)
    text = "die Jansen woont in Utrecht"
    assert kinds(scan(analyzer, text), text) == {("surname_place", "medium", "Jansen")}
    assert scan(analyzer, "die jansen woont in zeist") == [] and len(calls) == 2


def test_a_snapshot_keeps_whether_the_pairs_are_complete(paired):
    from doxwacht.watchlist.matcher import Matcher

    reg, _ = paired
    m = reg.load_matcher()
    assert m.pair_filter and Matcher.load(m.serialize(), m.hasher).pair_filter
    # a snapshot from before: its header has no such field
    data = m.serialize()
    (n,) = struct.unpack_from("<Q", data, 5)
    header = json.loads(data[13:13 + n])
    del header["pair_filter"]
    old = json.dumps(header).encode()
    assert not Matcher.load(data[:5] + struct.pack("<Q", len(old)) + old + data[13 + n:], m.hasher).pair_filter


@pytest.mark.parametrize("written", ["'s-Gravenhage", "Den Haag", "DEN HAAG", "The Hague", "Gravenhage"])
def test_every_spelling_of_a_registered_place_matches_by_itself(paired, written):
    # (before, "'s-Gravenhage" in a text matched a person registered with "Den Haag" only where another
    # person was registered with "'s-Gravenhage": its words were nobody's place words)
    reg, _ = paired
    analyzer = WatchlistAnalyzer.from_register(reg, refresh_interval=None)
    text = f"Ria Smit? nee, die Smit uit {written}"
    got = {k for k in kinds(scan(analyzer, text), text) if k[0] == "surname_place"}
    assert got == {("surname_place", "medium", "Smit")}


def test_pairs_that_filter_nothing_are_not_checked(tmp_path):
    # every surname with every place: the pairs would pass every place word near a surname (only a cost), so the
    # matcher leaves them unused; the matches are the same
    reg = make_register(tmp_path)
    for i, (name, city) in enumerate([("Piet Jansen", "Utrecht"), ("Kees Bakker", "Utrecht"),
                                      ("Joop Jansen", "Zeist"), ("Ria Bakker", "Zeist")]):
        reg.add(_place_person(f"Agent {i}", name, city))
    analyzer = WatchlistAnalyzer.from_register(reg, refresh_interval=None)
    assert not analyzer._matcher.pair_filter
    text = "die Jansen woont in Zeist"
    assert kinds(scan(analyzer, text), text) == {("surname_place", "medium", "Jansen")}
    reg.add(_place_person("Agent 8", "Anna Smit", "Gouda"))
    reg.add(_place_person("Agent 9", "Tom Wit", "Breda"))  # 6 pairs of 4 surnames x 4 places: sparse enough
    assert WatchlistAnalyzer.from_register(reg, refresh_interval=None)._matcher.pair_filter
