"""Composed veiled threats (a harm outcome x a target x a condition, future or menace), weak threat cues that a
menace marker makes a threat, find requests built from an asking word and a data noun, and sexual exposure
of ordinary photos called sexual. Dutch tables: positives and must-stay-quiet cases per category; sentences
written for these tests, not taken from the evaluation sets.

Decision (documented in eval/intent/README.md): a death threat over cake or a game between friends ("ik
vermoord je als je mijn taart opeet 😂") is banter and stays quiet; so do sports talk about a team ("we maken
ze af zondag") and games."""

from __future__ import annotations

import pytest

from doxwacht.intent import IntentAnalyzer
from tests.test_verdict import verdict

IA = IntentAnalyzer()


def _cats(text: str) -> set[str]:
    return {h.category for h in IA.analyze_text(text) if h.score >= 0.5}


POSITIVE: list[tuple[str, str]] = [
    # a condition on the target, then harm
    ("Als je nog eens over mij schrijft, ben je er geweest.", "THREAT"),
    ("Wanneer hij de zaak niet laat vallen, gaat zijn schuur eraan.", "THREAT"),
    ("Als je naar de politie gaat, ligt je kat morgen in de sloot.", "THREAT"),
    ("Als jij niet betaalt, gaan die foto's naar je vader.", "THREAT"),
    ("Nog één bericht en je ligt in het ziekenhuis.", "THREAT"),
    # regret, bad times, feeling it
    ("Die wethouder gaat hier nog spijt van krijgen.", "THREAT"),
    ("Die journaliste gaat het nog merken.", "THREAT"),
    ("Hij gaat een hele zware tijd tegemoet.", "THREAT"),
    ("Die boa moet maar eens voelen hoe dat is.", "THREAT"),
    # injury and death to come
    ("Ik hoop dat je van gips houdt.", "THREAT"),
    ("Jij haalt de zomer niet.", "THREAT"),
    ("Hij zal nooit meer normaal lopen, daar zorgen wij voor.", "THREAT"),
    ("die rechter ⚰️⚰️", "THREAT"),
    # rhetorical questions, intimidation, warnings
    ("Weet je wat er gebeurt met klikspanen zoals jij?", "THREAT"),
    ("Wat denk je dat er met je huis gebeurt als je zo doorgaat?", "THREAT"),
    ("Denk je echt dat de politie je kan beschermen?", "THREAT"),
    ("Je hebt geen idee waartoe wij in staat zijn.", "THREAT"),
    ("Mijn broers weten je wel te vinden.", "THREAT"),
    ("Zet je maar schrap.", "THREAT"),
    ("Je vrouw is ook niet altijd thuis.", "THREAT"),
    ("Je winkel ligt volgende week in puin.", "THREAT"),
    # weak cue + menace marker
    ("We komen eraan, reken maar.", "THREAT"),
    ("Binnenkort staan we bij jou voor de deur, wacht maar af.", "THREAT"),
    ("Die agent krijgt wat hij verdient, let maar op.", "THREAT"),
    # find requests
    ("Ik geef 50 euro voor het huisadres van die boa.", "CALL_TO_ACTION"),
    ("Weet iemand in welke straat die rechter woont?", "CALL_TO_ACTION"),
    ("Iedereen vanavond naar het huis van die wethouder.", "CALL_TO_ACTION"),
    # sexual exposure of ordinary photos called sexual
    ("Deel je die foto's van haar even? De blote.", "SEXUAL_EXPOSURE"),
]

QUIET: list[tuple[str, str]] = [
    # banter, games, sports
    ("Ik vermoord je als je mijn taart opeet 😂", "THREAT"),
    ("We maken ze af zondag, kom op Feyenoord!", "THREAT"),
    ("Ik schiet je neer in Call of Duty vanavond.", "THREAT"),
    # ordinary conditionals and advice
    ("Als je te hard fietst val je in de sloot.", "THREAT"),
    ("Als je niet betaalt, krijg je een aanmaning.", "THREAT"),
    ("Nog één keer oefenen en je hebt je diploma.", "THREAT"),
    ("Ik hoop dat je snel uit het ziekenhuis bent.", "THREAT"),
    ("Dit wordt je laatste zomer als student, geniet ervan!", "THREAT"),
    ("Dit wordt pijnlijk voor mijn portemonnee.", "THREAT"),
    ("Weet je wat er gebeurt als je mentos in cola gooit?", "THREAT"),
    ("Doe je deur wel op slot als je op vakantie gaat.", "THREAT"),
    ("Zet je schrap voor de drukte morgen.", "THREAT"),
    ("Sinds de operatie kan hij niet meer lopen.", "THREAT"),
    ("Na de storm lag het dorp in puin.", "THREAT"),
    # weak cues without a menace marker
    ("We komen eraan! Zet de koffie maar klaar.", "THREAT"),
    ("Binnenkort staan we bij jullie voor de deur met taart!", "THREAT"),
    # reported and quoted
    ('Hij appte "we komen eraan, reken maar" en toen heb ik aangifte gedaan.', "THREAT"),
    # find-like questions about places and services
    ("Wie heeft het adres van de huisarts?", "CALL_TO_ACTION"),
    ("In welke straat zit die nieuwe winkel?", "CALL_TO_ACTION"),
    ("Stuur je die foto's van de bruiloft nog door?", "SEXUAL_EXPOSURE"),
]


@pytest.mark.parametrize("text,category", POSITIVE)
def test_positive(text: str, category: str) -> None:
    assert category in _cats(text), IA.explain(text)


@pytest.mark.parametrize("text,category", QUIET)
def test_quiet(text: str, category: str) -> None:
    assert category not in _cats(text), IA.explain(text)


def test_weak_cue_alone_stays_below_the_threshold() -> None:
    hits = [h for h in IA.analyze_text("We komen eraan.") if h.category == "THREAT"]
    assert hits and all(h.score < 0.5 for h in hits)
    assert hits[0].rule.startswith("threat.weak.")


def test_menace_marker_promotes_the_weak_cue() -> None:
    hits = [h for h in IA.analyze_text("We komen eraan. Zorg dat je thuis bent.") if h.category == "THREAT"]
    assert any(h.rule.startswith("threat.weak.") and h.score >= 0.5 for h in hits)


LEVELS: list[tuple[str, tuple[str, ...], str]] = [
    ("Hij woont op Molenweg 8, 1234 AB Ede. Als hij nog eens praat, is hij er geweest.", (), "doxing"),
    ("Kevin Bos, Kerkstraat 3, 1234 AB Ede. Doe ermee wat je wilt.", ("Kevin Bos",), "doxing"),
    ("DM me zijn adres.", (), "doxing"),
    ("Mijn adres is Kerkstraat 3, 1234 AB Ede. We komen eraan met taart!", (), "personal_data"),
    ("Jij haalt de kerst niet.", (), "hostile"),
    ("Ik vermoord je als je mijn taart opeet 😂", (), "none"),
]


@pytest.mark.parametrize("text,names,level", LEVELS)
def test_levels(text: str, names: tuple[str, ...], level: str) -> None:
    v = verdict(text, names)
    assert v.level == level, v
