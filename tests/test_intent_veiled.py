"""Veiled threats, implicit calls and find requests (the rules added for recall on unseen messages), and
the verdict they give next to someone else's data. Dutch tables: positives and must-stay-quiet cases per
category; sentences written for these tests, not taken from the evaluation sets."""

from __future__ import annotations

import pytest

from doxwacht.intent import IntentAnalyzer
from tests.test_verdict import verdict

IA = IntentAnalyzer()

# (text, category that must fire with score >= 0.5)
POSITIVE: list[tuple[str, str]] = [
    # veiled and implicit threats without any data
    ("Het zou zonde zijn als je schuur afbrandt.", "THREAT"),
    ("Zou jammer zijn als je dochter iets overkomt.", "THREAT"),
    ("Jouw busje staat straks mooi te fikken.", "THREAT"),
    ("Kijk maar uit als je vanavond naar huis loopt.", "THREAT"),
    ("Let maar goed op je gezin.", "THREAT"),
    ("Die rechter moet maar oppassen.", "THREAT"),
    ("Dat gaat hij bezuren.", "THREAT"),
    ("Die boa gaat er snel aan.", "THREAT"),
    ("Jij gaat de zomer niet overleven.", "THREAT"),
    ("Je ziet je zoon nooit meer terug.", "THREAT"),
    ("Ik dans op je graf.", "THREAT"),
    ("Zeg maar vaarwel tegen je auto.", "THREAT"),
    ("Er is een kogel met zijn naam erop.", "THREAT"),
    ("Ik breek al zijn vingers.", "THREAT"),
    ("We volgen je overal.", "THREAT"),
    ("Wacht maar tot we je alleen tegenkomen.", "THREAT"),
    ("Als ik jou was zou ik maar gaan verhuizen.", "THREAT"),
    ("Jullie zijn nergens meer veilig.", "THREAT"),
    ("Die burgemeester zou een ongelukje moeten krijgen.", "THREAT"),
    ("ik m4ak j3 d00d", "THREAT"),
    # calls to action and find requests
    ("Kan iemand uitzoeken waar die boa met die pet woont?", "CALL_TO_ACTION"),
    ("w i e  w e e t  w a a r  z e  w o o n t", "CALL_TO_ACTION"),
    ("Weet iemand het adres van die journalist?", "CALL_TO_ACTION"),
    ("Wie kent de man van die wethouder?", "CALL_TO_ACTION"),
    ("Maak hem het leven zuur.", "CALL_TO_ACTION"),
    ("Morgen allemaal bij hem voor de deur staan.", "CALL_TO_ACTION"),
    ("Bel hem maar om 4 uur 's nachts.", "CALL_TO_ACTION"),
    # incitement, sexual exposure, insults
    ("Steek die winkel in de fik.", "INCITEMENT"),
    ("Heeft iemand meer filmpjes van die meid?", "SEXUAL_EXPOSURE"),
    ("Hou je bek!", "INSULT"),
]

# (text, category that must stay below 0.5)
QUIET: list[tuple[str, str]] = [
    ("Zou zonde zijn als we de bus missen.", "THREAT"),               # ordinary regret
    ("Kijk uit als je vanavond naar huis fietst, het is glad.", "THREAT"),  # ordinary warning
    ("Let goed op je spullen in de trein.", "THREAT"),
    ("Ik ga dit tentamen niet overleven haha.", "THREAT"),             # first person hyperbole
    ("Ik ga morgen naar haar begrafenis.", "THREAT"),                  # mourning
    ("Zeg maar dag tegen opa.", "THREAT"),
    ("Als ik jou was zou ik die fiets kopen.", "THREAT"),
    ("Hij heeft een ongelukje gehad met zijn scooter.", "THREAT"),
    ("We zien je elke dag op het werk, gezellig!", "THREAT"),
    ("Hij werd bedreigd met 'zou zonde zijn als je huis afbrandt'.", "THREAT"),   # quoted
    ("Niemand zegt dat het zonde zou zijn als zijn huis afbrandt.", "THREAT"),     # negated
    ("De politie onderzoekt berichten als 'die rechter moet oppassen'.", "THREAT"),  # reported
    ("Volgens het OM schreef hij 'ik breek al je botten' naar zijn ex.", "THREAT"),  # news, quoted
    ("Het is walgelijk om te zeggen dat een minister een ongelukje moet krijgen.", "THREAT"),  # counter-speech
    ("De verdachte riep 'je gaat eraan' en rende weg, aldus de politie.", "THREAT"),  # news
    ("Niemand hier gaat zijn gegevens posten, dat is strafbaar.", "CALL_TO_ACTION"),  # negated
    ("Wie weet waar de sleutels liggen?", "CALL_TO_ACTION"),
    ("Weet iemand het adres van de bibliotheek?", "CALL_TO_ACTION"),
    ("Tijd voor een bezoekje aan opa!", "CALL_TO_ACTION"),
    ("We gaan haar graag opzoeken in het ziekenhuis.", "CALL_TO_ACTION"),
    ("Doe er wat mee.", "CALL_TO_ACTION"),                              # weak cue alone
    ("hou je kop erbij tijdens de toets", "INSULT"),
]


@pytest.mark.parametrize("text,category", POSITIVE)
def test_positive(text: str, category: str) -> None:
    cats = {h.category for h in IA.analyze_text(text) if h.score >= 0.5}
    assert category in cats, IA.explain(text)


@pytest.mark.parametrize("text,category", QUIET)
def test_quiet(text: str, category: str) -> None:
    cats = {h.category for h in IA.analyze_text(text) if h.score >= 0.5}
    assert category not in cats, IA.explain(text)


def test_a_wait_till_home_is_left_to_the_model() -> None:
    # "wacht maar tot je thuis bent, dan praten we" is a parent's as often as the words of someone who will be waiting
    # outside: no rule calls it a threat; the group model's threat head, which is asked where a person is addressed,
    # does (every message of this form in the labelled sets that was no game or banter was a threat)
    text = "Wacht maar tot je thuis bent, dan praten we."
    rules = IntentAnalyzer(group_model=None)
    assert not any(h.category == "THREAT" and h.score >= 0.5 for h in rules.analyze_text(text))
    assert [h.rule for h in IA.analyze_text(text) if h.score >= 0.5] == ["model.person.threat"]


# (text, names given as PERSON findings, level): the verdict with the test's own tiny PII detector
LEVELS: list[tuple[str, tuple[str, ...], str]] = [
    # someone else's data with a weak cue: implicit call, accusatory label, grievance
    ("Adres van die oplichter: Molenstraat 4, 1234 AB Ede. Doe er wat mee.", (), "doxing"),
    ("Die pedo woont op Beukenlaan 9. Jullie weten genoeg.", (), "doxing"),
    ("Dit is de agent die mijn broer sloeg: 06-12345678.", (), "doxing"),
    ("Het nummer van die rat: 06-23456781. Succes ermee.", (), "doxing"),
    ("Haar adres is Lindelaan 3, 7511 AB Enschede. Deel het overal.", (), "doxing"),
    ("Zijn kenteken is 12-ABC-3, zou zonde zijn als die auto afbrandt.", (), "doxing"),
    # a person with a public task and his private data
    ("Agent Jan Smit woont op Kerkstraat 5, 1234 AB Ede.", ("Jan Smit",), "doxing"),
    ("Wethouder Jan Smit opent de bibliotheek aan de Kerkstraat 5.", ("Jan Smit",), "personal_data"),
    # find requests without data
    ("Wie herkent deze vrouw? Gegevens gezocht.", (), "doxing"),
    ("Kan iemand achterhalen waar die rechter woont?", (), "doxing"),
    # hostile without data
    ("Kijk maar uit als je 's avonds thuiskomt.", (), "hostile"),
    ("Let maar goed op je kinderen.", (), "hostile"),
    # weak cues alone, or next to the author's own or an organisation's data, stay low
    ("Doe er wat mee.", (), "none"),
    ("Mijn nummer is 06-12345678, succes ermee!", (), "personal_data"),
    ("Het nummer van de loodgieter die bij ons was: 06-24681357.", (), "personal_data"),
    ("Deel dit massaal: ons nieuwe adres is Kerkstraat 5.", (), "personal_data"),
]


@pytest.mark.parametrize("text,names,level", LEVELS)
def test_levels(text: str, names: tuple[str, ...], level: str) -> None:
    v = verdict(text, names)
    assert v.level == level, (v.level, v.rules, v.reasons)


def test_weak_cue_is_named_in_the_reason() -> None:
    v = verdict("Adres van die oplichter: Molenstraat 4, 1234 AB Ede. Doe er wat mee.")
    assert "doxing.data_with_implicit_call" in v.rules
    assert any("Doe er wat mee" in r or "oplichter" in r for r in v.reasons), v.reasons
