"""Intent rules: every rule's own examples fire it, its quiet examples do not; validation; exact spans;
per-category tables of Dutch positives and negatives (doxing, expose groups, police and politicians)."""

from __future__ import annotations

import dataclasses

import pytest

from doxwacht.detectors.registry import DetectorRegistry
from doxwacht.document import Document
from doxwacht.intent import IntentAnalyzer, IntentHit
from doxwacht.intent.patterns import PatternError, compile_pattern
from doxwacht.intent.rules import RuleError, compile_rule, load_rules
from doxwacht.intent.rules_data import MACROS, RULES
from doxwacht.pipeline.engine import Engine

IA = IntentAnalyzer()


def _rules_fired(text: str) -> set[str]:
    """Every rule that produced a live candidate (before one hit per category and span is kept)."""
    out = set()
    for rid in IA.explain(text)["candidates"]:
        out.update(rid.split("<"))  # derived hits name their source rule after "<"
    return out


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_rule_examples(rule: dict) -> None:
    for ex in rule.get("examples", []):
        assert rule["id"] in _rules_fired(ex), (ex, IA.explain(ex))
    for q in rule.get("quiet", []):
        assert rule["id"] not in _rules_fired(q), (q, IA.explain(q))


def test_rules_validate() -> None:
    base = {"id": "threat.test.x", "category": "THREAT", "score": 0.5, "pattern": "ik @VINF",
            "examples": ["ik vermoorden"]}
    compile_rule(base, MACROS)
    with pytest.raises(RuleError):
        compile_rule({**base, "category": "NOPE"}, MACROS)
    with pytest.raises(RuleError):
        compile_rule({**base, "score": 1.5}, MACROS)
    with pytest.raises(RuleError):
        compile_rule({**base, "pattern": "ik @NO_SUCH_CLASS"}, MACROS)
    with pytest.raises(RuleError):
        compile_rule({**base, "pattern": "ik ( @VINF"}, MACROS)
    with pytest.raises(RuleError):
        compile_rule({**base, "examples": []}, MACROS)
    with pytest.raises(RuleError):
        compile_rule({**base, "unknown_key": 1}, MACROS)
    with pytest.raises(RuleError):
        compile_rule({**base, "pattern": "ik {NO_MACRO}"}, MACROS)
    with pytest.raises(RuleError):
        load_rules([base, base], MACROS)
    with pytest.raises(PatternError):
        compile_pattern("( a | b")


def test_rule_ids_unique_and_recorded() -> None:
    ids = [r["id"] for r in RULES]
    assert len(ids) == len(set(ids))
    hits = IA.analyze_text("Ik ga je vermoorden.")
    assert hits and all(h.rule for h in hits)


def test_hit_is_frozen_and_validated() -> None:
    h = IntentHit("THREAT", 0, 3, 0.9, "threat.x", "abc")
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.score = 0.1  # type: ignore[misc]
    with pytest.raises(ValueError):
        IntentHit("NOPE", 0, 3, 0.9, "x")
    assert set(h.to_dict()) >= {"category", "start", "end", "score", "rule"}


@pytest.mark.parametrize("text,fragment", [
    ("Ik ga je vermoorden", "Ik ga je vermoorden"),
    ("Jullie v r o u w e n maken me ziek", "v r o u w e n maken me ziek"),
    ("Je bent een k*nkerh0er", "k*nkerh0er"),
    ("ik ga je\u200b vermoorden!!", "ik ga je\u200b vermoorden"),
    ("Ιk ga je vermoorden", "Ιk ga je vermoorden"),  # Greek capital iota as homoglyph
    ("Luister: ik ga je gewoonvermoorden", "ik ga je gewoonvermoorden"),
])
def test_spans_point_into_original(text: str, fragment: str) -> None:
    hits = IA.analyze_text(text)
    assert hits, IA.explain(text)
    for h in hits:
        assert h.text == text[h.start:h.end]
    assert any(h.text == fragment for h in hits), [h.text for h in hits]


def test_engine_adds_intent_record() -> None:
    engine = Engine(registry=DetectorRegistry([]), analyzers=[IntentAnalyzer()])
    rec = engine.scan("We weten waar je woont. Pas maar op!").to_dict()
    assert [h["category"] for h in rec["intent"]] == ["THREAT", "THREAT"]
    for h in rec["intent"]:
        assert {"category", "start", "end", "score", "rule"} <= set(h)


def test_long_text_windows() -> None:
    filler = "Dit is een gewone zin over het weer en de trein. " * 200
    text = filler + "Ik ga die agent afmaken. " + filler
    hits = IA.analyze_text(text)
    assert [h.category for h in hits if h.category == "THREAT"] == ["THREAT"]
    h = next(h for h in hits if h.category == "THREAT")
    assert text[h.start:h.end] == "Ik ga die agent afmaken"


# Per category: (text, category expected to fire) and texts where it must stay quiet.
POSITIVE: list[tuple[str, str]] = [
    # threats: direct, conditional, normative, veiled, countdown
    ("Ik steek je neer, smerige wout.", "THREAT"),
    ("Als je die boete niet intrekt, maak ik je af.", "THREAT"),
    ("Die wethouder verdient een kogel.", "THREAT"),
    ("Pas maar op.", "THREAT"),
    ("We vinden je wel.", "THREAT"),
    ("Je hebt nog 3 dagen.", "THREAT"),
    ("Er gaat een molotov door je raam.", "THREAT"),
    # calls to action
    ("Ga maar eens langs!", "CALL_TO_ACTION"),
    # a negation in the condition does not negate the threat after it
    ("als je niet betaalt ga ik je pakken", "THREAT"),
    ("zolang je niet zwijgt maak ik je kapot", "THREAT"),
    # a grievance is not a news report ("opgepakt" with the writer in the sentence)
    ("die flik die mijn broer heeft opgepakt, ik maak hem af", "THREAT"),
    ("Wie kent deze agent?", "CALL_TO_ACTION"),
    ("Iedereen moet dit weten!", "CALL_TO_ACTION"),
    ("Spam haar maar vol.", "CALL_TO_ACTION"),
    ("Doorsturen!", "CALL_TO_ACTION"),
    ("Wie weet waar die rechter woont?", "CALL_TO_ACTION"),
    # incitement
    ("Laten we die agenten allemaal ophangen.", "INCITEMENT"),
    ("Steek dat azc in de fik.", "INCITEMENT"),
    ("Gooi stenen naar de politie.", "INCITEMENT"),
    # hate
    ("Moslims zijn ongedierte.", "HATE"),
    ("Je bent gewoon een vuile flikker.", "HATE"),
    ("Die slet van 3B.", "HATE"),
    # sexual exposure
    ("Heeft iemand nudes van haar?", "SEXUAL_EXPOSURE"),
    ("Expose haar maar.", "SEXUAL_EXPOSURE"),
    ("Deel haar naaktfoto's in de groep.", "SEXUAL_EXPOSURE"),
    # insults and profanity
    ("Die boa is een vuile klootzak.", "INSULT"),
    ("Krijg de tering.", "INSULT"),
    ("Kut, alweer regen.", "PROFANITY"),
]

QUIET: list[tuple[str, str]] = [
    ("Ik zou hem nooit pijn doen.", "THREAT"),                       # negation
    ("als je dat doet ga ik je niet slaan", "THREAT"),               # negation after a condition
    ("De verdachte die riep 'ik maak je af' is opgepakt.", "THREAT"),  # news with a quote
    ("Hij werd bedreigd met 'ik maak je dood'.", "THREAT"),          # quote
    ("Hij zei dat hij de agent zou neersteken.", "THREAT"),          # report
    ("De verdachte dreigde de agent neer te schieten, aldus de politie.", "THREAT"),  # news
    ("Ik maak je kapot in FIFA.", "THREAT"),                          # game
    ("Ik ga de tijd doden.", "THREAT"),                               # object
    ("Die printer moet dood.", "THREAT"),                             # object
    ("Pas op voor de hond.", "THREAT"),                               # ordinary warning
    ("Het is niet oké om mensen flikker te noemen.", "HATE"),         # counter-speech / mention
    ("Ik ben een trotse pot.", "HATE"),                               # reclaimed
    ("Racisme tegen moslims is walgelijk.", "HATE"),                  # counter-speech
    ("Kut, mijn fiets is weg.", "HATE"),                              # ordinary swearing
    ("Kut, mijn fiets is weg.", "THREAT"),
    ("Het delen van naaktfoto's is strafbaar.", "SEXUAL_EXPOSURE"),   # discussion
    ("Het doxen van agenten wordt strafbaar.", "CALL_TO_ACTION"),     # discussion
    ("Mijn oma heeft kanker.", "PROFANITY"),                          # disease, not swearing
    ("Ik ben soms echt een klootzak.", "INSULT"),                     # self-directed
    ("Ik vermoord je haha grapje", "THREAT"),                        # laughter: below the verdict threshold
]


@pytest.mark.parametrize("text,category", POSITIVE)
def test_positive(text: str, category: str) -> None:
    cats = {h.category for h in IA.analyze_text(text) if h.score >= 0.4 or category == "PROFANITY"}
    assert category in cats, IA.explain(text)


@pytest.mark.parametrize("text,category", QUIET)
def test_quiet(text: str, category: str) -> None:
    cats = {h.category for h in IA.analyze_text(text) if h.score >= 0.5}
    assert category not in cats, IA.explain(text)


def test_explain_lists_suppressed() -> None:
    e = IA.explain("Ik zou hem nooit pijn doen.")
    assert e["hits"] == []
    assert any(s["guard"] == "guard.negation" for s in e["suppressed"])


def test_document_input() -> None:
    doc = Document("Ik ga je vermoorden")
    assert IA.analyze(doc, (), {})[0].category == "THREAT"


@pytest.mark.parametrize("text", ["Ik schiet je neer. Geen grap.", "ik maak je af. echt geen geintje",
                                  "GEEN GRAPJE, ik maak je af"])
def test_a_negated_joke_marker_does_not_damp_a_threat(text: str) -> None:
    # "geen grap" says the opposite of "grapje": the threat keeps its full score
    assert any(h.category == "THREAT" and h.score >= 0.5 for h in IA.analyze_text(text)), IA.explain(text)


@pytest.mark.parametrize("text,silenced", [
    # what was posted, received or read, after a colon; not the writer's own opinion after it
    ("Ziek dat dit gewoon blijft staan op Facebook: homo's zijn ongedierte en horen opgehangen te worden", True),
    ("Mijn mening, ook al krijg ik er een ban voor: ik vind dat ze die homo's allemaal moeten afmaken", False),
    ("Het staat niet in het artikel maar iedereen weet het: die homo's moeten allemaal opgehangen worden", False),
    # others' opinions, put up to be rejected
    ("Jullie die onder elke post roepen dat homo's opgehangen moeten worden: jullie zijn het probleem", True),
    ("laatste bericht: geld terug of ik maak je af", False),   # the writer's own message
    ("nog 1 bericht van jou en ik maak je af", False),         # the addressee's message
    ("in zijn bericht schreef hij: ik maak je af", True),      # a report
    ("hij kreeg een bericht van een onbekende: ik maak je af", True),
])
def test_a_chat_message_noun_is_no_report(text: str, silenced: bool) -> None:
    threat = any(h.category == "THREAT" and h.score >= 0.5 for h in IA.analyze_text(text))
    assert threat is not silenced, IA.explain(text)


@pytest.mark.parametrize("text,category,quiet", [
    # a negation in a clause of its own after the hit ("die", "dat", "omdat" ...) is that clause's
    ("Christenen zijn ongelovige honden die geen recht hebben om te leven", "HATE", False),
    ("lesbo's zijn gewoon mannenhaters die geen vent konden krijgen", "HATE", False),
    # the hit's own negation still silences it
    ("Ik haat moslims niet", "HATE", True),
    ("Moslims zijn geen ongedierte die je moet uitroeien", "HATE", True),
    ("Homo's zijn mensen die geen haat verdienen", "HATE", True),
    # "niks meer, niks minder" emphasises, it denies nothing
    ("homo's horen gestenigd te worden zoals vroeger niks meer niks minder", "THREAT", False),
    ("die verrader moet opgehangen worden, niet meer en niet minder", "THREAT", False),
    ("ik zou ze nooit stenigen, niks meer niks minder", "THREAT", True),
])
def test_a_negation_counts_in_the_hits_own_clause(text: str, category: str, quiet: bool) -> None:
    hit = any(h.category == category and h.score >= 0.5 for h in IA.analyze_text(text))
    assert hit is not quiet, IA.explain(text)


@pytest.mark.parametrize("text,silenced", [
    ("sahbi heb je hem gezegd dat we hem gaan steken?", False),   # the writer's own plan in a "dat" clause
    ("Hij zei dat hij de agent zou neersteken.", True),            # someone else's, reported
    ("Ze schreef dat ze hem zou vermoorden.", True),
])
def test_a_report_of_the_writers_own_plan_is_no_report(text: str, silenced: bool) -> None:
    threat = any(h.category == "THREAT" and h.score >= 0.5 for h in IA.analyze_text(text))
    assert threat is not silenced, IA.explain(text)


@pytest.mark.parametrize("text,call", [
    # a question that asks where someone lives is a call, whatever news its relative clause tells
    ("Wie weet waar die agent woont die vorige week mijn neef heeft aangehouden?", True),
    ("Weet iemand waar die rechter woont die hem gisteren heeft veroordeeld?", True),
    # news without a question stays a report
    ("De agent die de jongen vorige week heeft aangehouden, woont in Den Haag, meldt de politie.", False),
])
def test_a_find_request_is_no_news_report(text: str, call: bool) -> None:
    found = any(h.category == "CALL_TO_ACTION" and h.rule.startswith("cta.find") and h.score >= 0.5
                for h in IA.analyze_text(text))
    assert found is call, IA.explain(text)


@pytest.mark.parametrize("text,negated", [
    ("als je dat filmpje van mij niet verwijdert kom ik je vermoorden", False),  # the condition's negation
    ("als ik je morgen zie ga ik je niet slaan", True),                           # the main clause's
    ("ik ga je vinden, het internet vergeet niks", False),                        # the next clause's
    ("ik ga je pakken, niet echt natuurlijk", True),                              # taken back at once
    ("we komen je halen, niet vandaag, maar we komen", False),                    # put off, not denied
    ("ik ga je niet vandaag vermoorden en ook niet morgen", True),
])
def test_which_negation_denies_a_threat(text: str, negated: bool) -> None:
    threat = any(h.category == "THREAT" and h.score >= 0.5 for h in IA.analyze_text(text))
    assert threat is not negated, IA.explain(text)
