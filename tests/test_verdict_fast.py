"""The verdict's shortcuts give what the plain definitions give: the per-pattern word test of `place_of_person` (and its
patterns tried only where a match can begin), and the texts the second opinion reads, made for a whole batch
(`VerdictAnalyzer.analyze_batch`) or one message at a time."""

from __future__ import annotations

import random

import pytest

from doxwacht.document import Document
from doxwacht.intent import IntentAnalyzer
from doxwacht.pipeline.engine import Engine
from doxwacht.verdict import VerdictAnalyzer
from doxwacht.verdict import analyzer as VA
from doxwacht.verdict import facts as F
from tests.test_verdict import _place_of_person_without_precheck  # every pattern, no gate




_PIECES = ["hij", "ze", "werkt", "WERKT", "bij", "op", "naar", "aan", "de", "het", "Jumbo", "zit", "gaat", "gaan",
           "zitten", "basisschool", "School", "Lyceum", "De Regenboog", "woont", "woonde", "gewoon", "in", "Veldstraat",
           "kassa", "balie", "Uni", "universiteit", "ik", "mijn", "dochter", "crèche", "CRÈCHE", "creche", "traint",
           "loopt", "stage", "ſtage", "UNİ", "wonen", "ı", ".", ",", "?", "🙂", "Praktijk", "Molenhoek", "sportschool",
           "verblijft", "Kerkplein", "brengt", "brengen", "haalt", "fietst", "staat", "studeert", "Gymnasium", "college",
           "kinderopvang", "rechtbank", "werkzaam", "solliciteert", "sport", "K", "werk", "Werken", "achter", "st.",
           "sint", "'t", "Hogeschool", "opvang",
           # (verbs inside words, glued and cased: `_WORKS_AT` and `_AT_SCHOOL` are tried only where a verb begins)
           "bezit", "uitgaat", "meewerkt", "werkt.", "zit,", "Zit", "GAAT", "BRENGT", "loopt\nstage", "\u212awerkt"]


def test_the_place_words_of_each_pattern_change_no_answer() -> None:
    r = random.Random(7)
    found = 0
    for _ in range(20_000):
        text = " ".join(r.choice(_PIECES) for _ in range(r.randint(1, 10)))
        expected = _place_of_person_without_precheck(text)
        assert F.place_of_person(text) is expected, text
        assert F.place_of_person(text, text.lower()) is expected, text
        found += expected
    assert found > 1000  # (the pieces make places often enough to test both answers)


@pytest.mark.parametrize("text", [
    "ze is gewoon gek",  # "woon" in "gewoon": no pattern runs
    "hij zit op de uni in Utrecht", "ze werkt bij de Jumbo in Zeist", "ze woont in de Veldstraat",
    "dat zijn zoon op het stedelijk gymnasium in haarlem zit", "Praktijk Molenhoek", "ik werk bij de HEMA",
    "hij zit op de unı", "ze zit op de UNİ", "hij loopt ſtage bij de Jumbo",
])
def test_place_of_person_examples(text: str) -> None:
    assert F.place_of_person(text) is _place_of_person_without_precheck(text)


_MESSAGES = [
    "Ik weet waar je woont: Kerkstraat 5, 1234 AB Ede. Bel hem maar op 06-12345678 (at) zijn werk.",
    "Jan de Vries woont op de Dorpsstraat 12 in Zeist, zijn nummer is 0612345678 . nl",
    "mail naar info@gemeente.nl of bel 14 030. De rechtbank . De uitspraak volgt.",
    "die agent met kenteken 12-ABC-3 moet je maar eens opzoeken 🔪🔪",
    "Gefeliciteerd met je verjaardag, lieve Sanne! 🎉🎂",
    "zijn dochter zit op basisschool De Regenboog, jan.jansen@example.com, O6-12345678",
    "",
]


def test_the_batch_gives_what_one_message_at_a_time_gives() -> None:
    verdict = VerdictAnalyzer()
    engine = Engine(analyzers=[IntentAnalyzer(), verdict])
    batched = [r.to_dict() for r in engine.scan_many(_MESSAGES, 16)]
    single = [engine.scan(text).to_dict() for text in _MESSAGES]
    assert batched == single
    # and the texts themselves: normalised for the batch, or one at a time
    results = list(engine.scan_many(_MESSAGES, 16))
    docs = [Document(t) for t in _MESSAGES]
    findings = [r.findings for r in results]
    for doc, fs, (model, placeholders) in zip(docs, findings, VA._batch_texts(docs, findings)):
        assert model == VA._model_text(doc, fs)
        assert placeholders is None if not fs else placeholders == VA._placeholder_text(doc, fs)


def test_the_batch_judges_the_tone_as_one_message_at_a_time_does() -> None:
    # (`SecondOpinion.tones` for the whole batch, `hostile` and `probability` per message)
    import json
    from pathlib import Path

    dev = Path(__file__).resolve().parents[1] / "eval" / "intent" / "doxing_dev.jsonl"
    texts = [json.loads(x)["text"] for x in dev.read_text(encoding="utf-8").splitlines() if x.strip()][:400]
    r = random.Random(3)
    texts += [" ".join(r.choice(texts).split()[:r.randint(1, 6)]) for _ in range(100)] + _MESSAGES
    r.shuffle(texts)
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    batched = [r.to_dict() for r in engine.scan_many(texts, 64)]
    assert batched == [engine.scan(text).to_dict() for text in texts]
    assert sum(b["verdict"]["level"] != "none" for b in batched) > 100


def test_the_normalisation_trigger_is_true_wherever_an_obfuscation_pattern_matches() -> None:
    # `normalize` runs `_OBFUSCATION` only where `_ASCII_TRIGGER` is found: the trigger must be found wherever the
    # patterns match (each of their alternatives, look-arounds left out)
    import importlib

    N = importlib.import_module("doxwacht.document.normalize")  # (the package's `normalize` is the function)

    pieces = ["a", "x", "O", "o", "0", "5", "l", "I", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "(", ")", "[", "]", "{",
              "}", "<", ">", "at", "AT", "At", "aT", "apenstaartje", "@", "punt", "PUNT", "Punt", "dot", "DOT", "Dot", ".",
              "com", "nl", "NL", "Nl", "be", "net", "org", "eu", "de", "De", "info", "ınfo", "İnfo", "io", "me", "-", "_",
              "\x00", "é", "٣", "nlx"]
    r = random.Random(11)
    matched = 0
    for _ in range(50_000):
        text = "".join(r.choice(pieces) for _ in range(r.randint(1, 9)))
        if N._OBFUSCATION.search(text) is not None:
            matched += 1
            assert N._ASCII_TRIGGER.search(text) is not None, text
    assert matched > 2000
    for text in ("mail jan [at] example [punt] nl", "jan (AT) x.nl", "jan @ x.nl", "www . nl", "bel O6-12345678",
                 "06-12O45678", "1l2", "a\x00b", "ga naar x . İnfo"):
        assert N._OBFUSCATION.search(text) is not None and N._ASCII_TRIGGER.search(text) is not None, text
    # and where it is not found: an e-mail address, a bracket, a dot between spaces
    for text in ("mail info@gemeente.nl (maandag)", "bij de  . Daarna ging hij", "zie [1] en <b>"):
        assert N._ASCII_TRIGGER.search(text) is None and N.normalize(text)[0] is text


_PROFILE_PIECES = ["ik", "Ik", "werk", "zit", "studeer", "ben", "heet", "mijn", "naam", "is", "zoon", "dochter", "bij",
                   "op", "aan", "in", "de", "het", "Jumbo", "Hema", "De Regenboog", "Zeist", "klas", "5vwo", "Erik",
                   "Rik", "Sanne", "Lisa", "Bram", ",", "26", "(31)", "uit", "woon", "en", ".", "İK", "ſtudeer",
                   "Stedelijk", "Lyceum", "vast", "A12", "gaat", "Hoi!", "vergeten", "TikTok"]


def test_self_profile_gives_what_its_patterns_give_over_all_of_the_text() -> None:
    """`self_profile` tries its patterns only where their words are (an Aho-Corasick pass, literal starts); the same
    patterns run over the whole text give the same answer."""
    import random

    r = random.Random(20)
    texts = [" ".join(r.choice(_PROFILE_PIECES) for _ in range(r.randint(2, 14))) for _ in range(20000)]
    texts += ["Samen met Erik werk ik bij de Jumbo in Zeist", "İK WERK BİJ DE JUMBO İN HOOGEVEEN",
              "ik ſtudeer aan de UvA", "Rik werk ik bij de Hema"]
    found = F._OWN_PLACE_BIT | F._INTRO_BIT
    differ = [t for t in texts if F.self_profile(t) != F._self_profile(t, None, found)]
    assert differ == []
    assert F.self_profile("Samen met Erik werk ik bij de Jumbo in Zeist") == "werk ik bij de Jumbo"
