"""The learned judge of threats and hate against a protected group (`doxwacht.intent.group_model`) and where the
intent analyzer asks it."""

from __future__ import annotations

import json

import pytest

from doxwacht.intent import IntentAnalyzer
from doxwacht.intent.group_model import FORMAT, MODEL_PATH, GroupModel, GroupModelError

WITH = IntentAnalyzer()
RULES_ONLY = IntentAnalyzer(group_model=None)

# threats against a group in phrasings no rule knows (written for this test; none is in the training data)
UNRULED_THREATS = [
    "Die asielzoekers moeten we met knuppels het dorp uit jagen.",
    "Al die moslims verdienen een flink pak op hun donder, met een ijzeren staaf.",
    "Moslims? Met een honkbalknuppel de wijk uit meppen, stuk voor stuk.",
]


def _model_hits(ia: IntentAnalyzer, text: str) -> list[str]:
    return [h.rule for h in ia.analyze_text(text) if "model.group" in h.rule]


def test_the_runtime_reproduces_the_probabilities_recorded_at_training() -> None:
    obj = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = GroupModel.load()
    assert obj["checks"], "the build script records texts and their probabilities"
    assert model.hate is not None and model.quiet_threshold is not None
    for text, p_threat, p_hate in obj["checks"]:
        assert model.threat_probability(text) == pytest.approx(p_threat, abs=1e-3), text
        assert model.hate_probability(text) == pytest.approx(p_hate, abs=1e-3), text


def test_the_model_separates_a_group_threat_from_a_friendly_mention() -> None:
    model = GroupModel.load()
    assert model.threat_probability("Die homo's moeten we allemaal in elkaar trappen tot ze niet meer bewegen.") > 0.8
    for friendly in ("Op de markt verkopen twee Syrische vluchtelingen de lekkerste baklava van de stad.",
                     "Vandaag begint de ramadan, veel moslims vasten tot zonsondergang.",
                     "Gehandicapten kunnen sinds dit jaar gratis met de bus."):
        assert model.threat_probability(friendly) < 0.2, friendly


@pytest.mark.parametrize("text", UNRULED_THREATS)
def test_the_analyzer_adds_the_models_threat_where_the_rules_see_none(text: str) -> None:
    assert not any(h.category in ("THREAT", "INCITEMENT") for h in RULES_ONLY.analyze_text(text))
    hits = WITH.analyze_text(text)
    threat = [h for h in hits if h.rule == "model.group.threat"]
    assert len(threat) == 1
    h = threat[0]
    assert h.category == "THREAT" and h.score >= GroupModel.load().threat.threshold
    assert h.target.startswith("group:") and text[h.start:h.end] == h.text
    # a threat against a group is hate, as the rules derive it
    assert any(x.rule == "hate.violence_against_group<model.group.threat" for x in hits)
    assert WITH.explain(text)["group_model"]["threat"] == pytest.approx(h.score, abs=1e-3)


def test_the_model_is_not_asked_where_the_rules_found_a_threat() -> None:
    text = "Ik ga al die moslims vermoorden."
    assert any(h.category == "THREAT" for h in RULES_ONLY.analyze_text(text))
    assert _model_hits(WITH, text) == []
    assert "group_model" not in WITH.explain(text)


@pytest.mark.parametrize("text", [
    # a guard silenced the rules' candidate: the model does not overrule it
    "Ik zou vluchtelingen nooit iets aandoen.",
    "'Alle moslims moeten dood' roepen is walgelijk en strafbaar.",
    # no word of violence nor a hostile one: the hate head is not asked, the threat head only at its higher threshold
    "Vrouwen zijn sterk en slim.",
    "Moslims zijn welkom in ons land.",
    "Immigranten maken ons land mooier.",
    "Er wonen veel Marokkanen in deze wijk.",
    "Homo's zijn gewoon mensen.",
    "Transgenders zijn net als wij, ze willen gewoon gelukkig zijn.",
    # a word makes the group the victim
    "Transvrouwen worden vaker mishandeld dan andere vrouwen.",
    # no protected group named
    "Die keeper gaat ze allemaal afmaken met z'n reflexen, wacht maar af.",
])
def test_the_model_stays_out(text: str) -> None:
    assert _model_hits(WITH, text) == []


# threats in which the lexicon knows no word of violence, new phrasings written for this test: the threat head is
# heeded from its higher `quiet_threshold`
QUIET_THREATS = [
    "Binnenkort krijgen die homo's in onze straat bezoek van de jongens, 's nachts.",  # heeded
    "Vanavond gaan we met z'n allen bij die asielzoekers langs.",  # under it
]


@pytest.mark.parametrize("text", QUIET_THREATS)
def test_a_threat_without_a_word_of_violence_needs_the_higher_threshold(text: str) -> None:
    model = GroupModel.load()
    p = model.threat_probability(text)
    assert model.quiet_threshold is not None and model.quiet_threshold > model.threat.threshold
    threat = [h for h in WITH.analyze_text(text) if h.rule == "model.group.threat"]
    assert model.threat.threshold <= p  # (both would be heeded where a word of violence were in them)
    assert bool(threat) == (p >= model.quiet_threshold) == (text == QUIET_THREATS[0]), p
    if threat:
        assert threat[0].score == pytest.approx(p, abs=1e-3)
    # the same model with that threshold set above 1: not heeded without a word of violence
    strict = GroupModel(model.threat, model.meta, hate=model.hate, quiet_threshold=1.01)
    assert not [h for h in IntentAnalyzer(group_model=strict).analyze_text(text) if h.rule == "model.group.threat"]


def test_a_slur_names_the_group_for_the_model() -> None:
    # no group name, only a slur for the group: the model is asked (it was not, before slurs counted as naming it)
    text = "Wie gaat er vannacht mee om een paar flikkers op te wachten achter het station? 🔪"
    assert not any(h.category == "THREAT" and h.score >= 0.5 for h in RULES_ONLY.analyze_text(text))
    assert "threat" in WITH.explain(text)["group_model"]


def test_a_weak_hit_of_the_rules_does_not_keep_the_model_out() -> None:
    # "let maar op" alone is a weak threat marker (score 0.3, not heeded by the verdict): the model is still asked
    text = "Jullie transgenders komen ook nog aan de beurt, let maar op."
    weak = [h for h in RULES_ONLY.analyze_text(text) if h.category == "THREAT"]
    assert weak and all(h.score < 0.5 for h in weak)
    assert "threat" in WITH.explain(text)["group_model"]


def test_the_hate_head_needs_the_higher_threshold_where_no_hostile_word_is() -> None:
    model = GroupModel.load()
    assert model.hate is not None and model.hate_quiet_threshold is not None
    assert model.hate_quiet_threshold > model.hate.threshold
    friendly = "Vluchtelingen zijn ook gewoon mensen met dromen."
    asked = WITH.explain(friendly)["group_model"]
    assert asked["hate"] < model.hate_quiet_threshold and not _model_hits(WITH, friendly)
    # with no quiet threshold in the file, the head is not asked where no hostile word is
    no_quiet = GroupModel(model.threat, model.meta, hate=model.hate, quiet_threshold=model.quiet_threshold,
                          hate_quiet_threshold=None)
    assert "hate" not in IntentAnalyzer(group_model=no_quiet).explain(friendly).get("group_model", {})


def test_the_hate_heads_hit() -> None:
    # a derogation the rules do not know, with a hostile word ("profiteurs" is one; the sentence's frame is not a rule's)
    text = "Kijk ze daar weer lopen, die moslima's met hun kinderwagens vol profiteurs van de toekomst."
    rules = [h for h in RULES_ONLY.analyze_text(text) if h.category == "HATE" and h.score >= 0.5]
    assert not rules
    p = GroupModel.load().hate_probability(text)
    assert p >= GroupModel.load().hate.threshold  # type: ignore[union-attr]
    hits = [h for h in WITH.analyze_text(text) if h.rule == "model.group.hate"]
    assert len(hits) == 1 and hits[0].category == "HATE" and hits[0].score == pytest.approx(p, abs=1e-3)
    # ("moslima's" names women and Muslims; the first group the lexicon gives it is the hit's target)
    assert hits[0].target.startswith("group:") and text[hits[0].start:hits[0].end] == hits[0].text
    # the same text to a model without a hate head: no hate from the model
    no_head = GroupModel(GroupModel.load().threat, quiet_threshold=GroupModel.load().quiet_threshold)
    assert not [h for h in IntentAnalyzer(group_model=no_head).analyze_text(text) if h.rule == "model.group.hate"]


def test_the_model_can_be_switched_off() -> None:
    assert RULES_ONLY.group_model is None
    assert WITH.group_model is not None
    assert _model_hits(RULES_ONLY, UNRULED_THREATS[0]) == []


def test_a_broken_model_file_gives_a_clear_error(tmp_path) -> None:
    p = tmp_path / "m.json"
    p.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(GroupModelError, match="not a doxwacht-group-model"):
        GroupModel.load(p)
    p.write_text(json.dumps({"format": FORMAT, "threat": {"weights": {}}}), encoding="utf-8")
    with pytest.raises(GroupModelError, match="broken"):
        GroupModel.load(p)
    with pytest.raises(GroupModelError, match="build it with"):
        GroupModel.load(tmp_path / "missing.json")


def test_the_verdicts_reasons_say_the_model_found_it() -> None:
    from doxwacht import Engine
    from doxwacht.verdict import VerdictAnalyzer

    res = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()]).scan(UNRULED_THREATS[0])
    verdict = res.extras["verdict"]
    assert verdict.level == "hostile"
    threat = [r for r in verdict.reasons if r.startswith("Bedreiging:")]
    assert threat and "volgens het taalmodel, kans 0." in threat[0] and "geen regel herkende" in threat[0]
    # a rule's own finding is quoted without that remark
    ruled = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()]).scan("Ik ga al die moslims vermoorden.")
    assert all("taalmodel" not in r for r in ruled.extras["verdict"].reasons)


# threats against people with a public task in phrasings no rule knows (written for this test, in none of the sets)
PERSON_THREATS = [
    "Wacht maar tot het donker wordt, wethouder. Je komt toch altijd alleen naar huis.",
    "Hé smeris, we hebben je foto rondgestuurd. Kijk maar goed achter je de komende tijd.",
]


@pytest.mark.parametrize("text", PERSON_THREATS)
def test_the_threat_head_finds_threats_against_a_person_where_no_group_is_named(text: str) -> None:
    model = GroupModel.load()
    assert model.person_threshold is not None and model.person_quiet_threshold is not None
    assert not any(h.category in ("THREAT", "INCITEMENT") and h.score >= 0.5 for h in RULES_ONLY.analyze_text(text))
    hits = [h for h in WITH.analyze_text(text) if h.rule == "model.person.threat"]
    assert len(hits) == 1
    h = hits[0]
    assert h.category == "THREAT" and h.score >= model.person_quiet_threshold and text[h.start:h.end] == h.text
    assert not any(x.category == "HATE" for x in WITH.analyze_text(text))  # no group: no hate derived
    # the same model without the person thresholds: not asked at all
    off = GroupModel(model.threat, model.meta, hate=model.hate, quiet_threshold=model.quiet_threshold,
                     hate_quiet_threshold=model.hate_quiet_threshold)
    assert "group_model" not in IntentAnalyzer(group_model=off).explain(text)


@pytest.mark.parametrize("text,asked", [
    ("Wethouder, bedankt voor het snelle antwoord op mijn vraag over de bouwplannen.", False),
    ("Agent, kunt u mij vertellen waar het bureau is?", False),
    # asked, and below the threshold without a word of violence (a wish for someone reads like a threat's frame)
    ("Ik hoop dat je morgen een fijne verjaardag hebt, lieverd.", True),
    ("Die scheidsrechter floot echt waardeloos vandaag, wat een prutser.", True),
    # a guard silenced the rules: the model does not overrule it
    ("Ik zou die wethouder nooit iets aandoen, ook al ben ik boos.", False),
])
def test_the_threat_head_stays_quiet_on_ordinary_messages_to_a_person(text: str, asked: bool) -> None:
    assert not [h for h in WITH.analyze_text(text) if h.rule.startswith("model.")]
    assert ("group_model" in WITH.explain(text)) is asked
