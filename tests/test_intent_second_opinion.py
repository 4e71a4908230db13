"""The learned second opinion (`doxwacht.intent.second_opinion`) and how the verdict uses it."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from doxwacht.intent import IntentAnalyzer
from doxwacht.intent.group_model import GroupModel
from doxwacht.intent.second_opinion import (
    FORMAT,
    MODEL_PATH,
    SecondOpinion,
    SecondOpinionError,
    features,
)
from doxwacht.pipeline.engine import Engine
from doxwacht.verdict import VerdictAnalyzer
from doxwacht.verdict.facts import asks_for_data

ROOT = Path(__file__).resolve().parents[1]


def _intent() -> IntentAnalyzer:
    """The intent analyzer without the group model's person threshold: these tests are about what the verdict's
    second opinion decides where the intent analyzer found nothing (the person threshold would find some of these
    messages' threats first; `test_the_threat_head_also_calls_them_hostile` below)."""
    shipped = GroupModel.load()
    model = GroupModel(shipped.threat, shipped.meta, hate=shipped.hate, quiet_threshold=shipped.quiet_threshold,
                       hate_quiet_threshold=shipped.hate_quiet_threshold)
    return IntentAnalyzer(group_model=model)


WITH = Engine(analyzers=[_intent(), VerdictAnalyzer()])
RULES_ONLY = Engine(analyzers=[_intent(), VerdictAnalyzer(second_opinion=False)])


def verdict(engine: Engine, text: str) -> dict:
    return engine.scan(text).to_dict()["verdict"]


def test_the_shipped_model_loads_and_is_small() -> None:
    model = SecondOpinion.load()
    assert model.meta["format"] == FORMAT
    assert 0.5 <= model.threshold < 1.0
    assert len(model.weights) > 1000
    # (43,000 weights and two doxing experts of 25,000 and 17,000: 1.6 MiB, about 0.3 s to load)
    assert MODEL_PATH.stat().st_size < 2 * 1024 * 1024
    assert all(p.endswith(".jsonl") and "fresh" not in p and "holdout" not in p and "test" not in p
               for p in model.meta["trained_on"])


def test_a_message_of_one_or_two_words_is_never_called_hostile() -> None:
    # one word carries one weight: "ja" stood in many hostile training messages, which says nothing about "ja"
    model = SecondOpinion.load()
    assert model.min_words == 3
    probe = SecondOpinion(model.weights, model.bias, 0.0, model.char_n, model.meta)  # threshold 0: all would pass
    for text in ("ja", "slaap lekker", "ja!!! 😡"):
        assert probe.hostile(text)[0] is False
    assert probe.hostile("ja dat doe ik")[0] is True


def test_the_model_reads_the_words_around_the_data_not_the_data() -> None:
    from doxwacht.intent.second_opinion import without_data

    text = "Wethouder Jan Smit opent de bibliotheek aan de Kerkstraat 5."
    spans = [(10, 18), (47, 59)]
    assert [text[a:b] for a, b in spans] == ["Jan Smit", "Kerkstraat 5"]
    assert without_data(text, spans) == "Wethouder   opent de bibliotheek aan de  ."
    assert without_data(text, [(47, 59), (47, 57), (10, 18)]) == without_data(text, spans)  # nested, unsorted
    assert without_data(text, []) == text
    # the verdict gives the model the text without them: an official at a public address is no hostile tone
    assert verdict(WITH, text)["level"] == "personal_data"


def test_a_broken_model_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"format": "iets anders"}), encoding="utf-8")
    with pytest.raises(SecondOpinionError):
        SecondOpinion.load(bad)
    with pytest.raises(SecondOpinionError):
        SecondOpinion.load(tmp_path / "ontbreekt.json")


TEXTS = ["Jij gaat hier nog heel veel spijt van krijgen, vriendje.", "Kom je vanavond eten? Ik maak lasagne.",
         "Gefeliciteerd met je verjaardag, lieve Sanne! 🎉🎂", "k*nker h0er, ik w e e t waar je woont",
         "Bel 06-12345678 of mail info@gemeente.nl", "", "😂😂😂", "Ëén café, één crème brûlée"]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_probability_equals_the_dot_product_of_the_features(text: str) -> None:
    model = SecondOpinion.load()
    z = model.bias + sum(model.weights.get(k, 0.0) * v for k, v in features(text).items())
    assert model.probability(text) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-9)


def test_function_words_alone_are_no_features() -> None:
    f = features("jij en ik, die en deze, allemaal")
    assert not any(k.startswith("c:") for k in f)
    assert "w:jij" not in f and "w:jij en" in f


# (text, level with the second opinion, level of the rules alone, the rule that says so)
TABLE = [
    # veiled hostility no rule knows: the second opinion calls it hostile and says so
    ("Jij gaat hier nog heel veel spijt van krijgen, vriendje.", "hostile", "none", "hostile.tone"),
    ("Ik hoop dat die rechter ooit voelt wat hij ons heeft aangedaan.", "hostile", "none", "hostile.tone"),
    # someone else's data in a hostile message: doxing
    ("Het is tijd dat ze weten waar hij woont. Kerkstraat 5, 1234 AB Ede.", "doxing", "personal_data",
     "doxing.data_with_hostile_tone"),
    # a request for someone's data in a hostile message: doxing (a find request without data)
    ("Wie weet hoe dat meisje heet? Ze moet boeten", "doxing", "none", "doxing.find_with_hostile_tone"),
    # a threat without any trigger word of the rules: the model is asked all the same (its gate is "always")
    ("je bent een dooie man", "hostile", "none", "hostile.tone"),
    # benign messages stay as they were
    ("Kom je vanavond eten? Ik maak lasagne.", "none", "none", None),
    ("Weet iemand hoe laat de bakker open is?", "none", "none", None),
    ("Ik vind die nieuwe wethouder best aardig eigenlijk.", "none", "none", None),
    ("Mijn nummer is 0612345678, bel me maar als je vragen hebt.", "personal_data", "personal_data", None),
    # a bare implicit call the rules judged on purpose is not overruled (it counts only next to someone's data) ...
    ("Doe er wat mee.", "none", "none", None),
    ("jullie weten genoeg", "none", "none", None),
    ("Hier is het recept van oma haar appeltaart, doe er wat mee", "none", "none", None),
    # ... unless the rest of the message is hostile by itself, as sure as over a guard
    ("als je aangifte doet weet je wat er met je gebeurt, vraag maar aan de vorige", "hostile", "none",
     "hostile.tone"),
    # an accusatory label the rules judged weak alone is left to the model ("die pedo" is also an insult)
    ("jij bent een smerige gore pedo, walgelijk persoon", "hostile", "none", "hostile.tone"),
    # where a guard silenced a candidate, the model decides only when it is very sure: a negation that is not
    # the message's point ("niet in je straat willen") ...
    ("dat soort tuig moet je niet in je straat willen, die stelen je kinderen nog", "hostile", "none", "hostile.tone"),
    # ... and not where the negation is the point
    ("Ik zou hem nooit pijn doen.", "none", "none", None),
    # everyday chat without a trigger word stays quiet
    ("dit account is al 36 keer geband", "none", "none", None),
    ("De trein naar Zwolle rijdt vandaag niet, echt weer typisch.", "none", "none", None),
]


@pytest.mark.parametrize("text", ["Jij gaat hier nog heel veel spijt van krijgen, vriendje.",
                                  "als je aangifte doet weet je wat er met je gebeurt, vraag maar aan de vorige"])
def test_the_threat_head_also_calls_them_hostile(text: str) -> None:
    # with the shipped intent analyzer, the group model's threat head finds the threat against the person addressed
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)])
    rec = engine.scan(text).to_dict()
    assert rec["verdict"]["level"] == "hostile"
    assert any(h["rule"] == "model.person.threat" for h in rec["intent"])


@pytest.mark.parametrize("text,level,rules_level,rule", TABLE)
def test_verdict_with_and_without_the_second_opinion(text: str, level: str, rules_level: str,
                                                      rule: str | None) -> None:
    with_ = verdict(WITH, text)
    assert with_["level"] == level, with_
    assert verdict(RULES_ONLY, text)["level"] == rules_level
    if rule:
        assert rule in with_["rules"]
        assert any("taalmodel" in r and "tweede mening" in r for r in with_["reasons"])
    else:
        assert not any(r.endswith("tone") for r in with_["rules"])


def test_without_a_guarded_threshold_a_guard_is_never_overruled() -> None:
    text = "dat soort tuig moet je niet in je straat willen, die stelen je kinderen nog"  # guard.negation fires
    shipped = SecondOpinion.load()
    assert shipped.guarded_threshold is not None and shipped.guarded_threshold > shipped.threshold
    va = VerdictAnalyzer()
    va.second_opinion = SecondOpinion(shipped.weights, shipped.bias, shipped.threshold, shipped.char_n,
                                      {**shipped.meta, "guarded_threshold": None})
    assert Engine(analyzers=[IntentAnalyzer(), va]).scan(text).to_dict()["verdict"]["level"] == "none"


@pytest.mark.parametrize("text,rules_level,level", [
    # the rules see a threat or an insult; the model is nearly sure the tone is harmless: banter, hyperbole
    ("ik vermoord die broer van mij, hij heeft al mijn chips opgegeten", "hostile", "none"),
    ("penalty gemist in de 90e minuut, ik ga dood", "hostile", "none"),
    ("Mijn nummer is 0612345678. ik vermoord die broer van mij, hij heeft al mijn chips opgegeten", "hostile",
     "personal_data"),  # what is left: the writer's own number
    # a threat the model finds hostile stays one; a doxing verdict is never overruled
    ("ik maak je af, vuile rat", "hostile", "hostile"),
    ("Kerkstraat 5 Ede, daar woont hij. ik vermoord hem, hij heeft al mijn chips opgegeten", "doxing", "doxing"),
])
def test_the_model_overrules_a_hostile_verdict_of_the_rules_only_when_nearly_sure(text: str, rules_level: str,
                                                                                  level: str) -> None:
    rules = RULES_ONLY.scan(text).to_dict()
    assert rules["verdict"]["level"] == rules_level
    with_ = WITH.scan(text).to_dict()
    assert with_["verdict"]["level"] == level
    assert with_["intent"] == rules["intent"]  # the rules' hits stay in the record, for a person to review
    vetoed = "none.benign_tone" in with_["verdict"]["rules"]
    assert vetoed is (level != rules_level)
    if vetoed:
        assert any("onschuldig" in r for r in with_["verdict"]["reasons"])
        assert with_["verdict"]["severity"] <= 25


def test_without_a_veto_threshold_the_rules_hostile_verdict_stands() -> None:
    shipped = SecondOpinion.load()
    assert shipped.veto_threshold is not None and shipped.veto_threshold < shipped.threshold
    va = VerdictAnalyzer()
    va.second_opinion = SecondOpinion(shipped.weights, shipped.bias, shipped.threshold, shipped.char_n,
                                      {**shipped.meta, "veto_threshold": None})
    text = "ik vermoord die broer van mij, hij heeft al mijn chips opgegeten"
    assert Engine(analyzers=[IntentAnalyzer(), va]).scan(text).to_dict()["verdict"]["level"] == "hostile"
    # never above the threshold itself
    high = SecondOpinion(shipped.weights, shipped.bias, 0.5, shipped.char_n, {**shipped.meta, "veto_threshold": 0.9})
    assert high.veto_threshold == 0.5


def test_an_addressed_message_without_a_group_is_judged_from_the_addressed_threshold() -> None:
    shipped = SecondOpinion.load()
    assert shipped.addressed_threshold is not None and shipped.addressed_threshold < shipped.threshold
    text = "ik hoop dat je goed slaapt vannacht"  # a trigger word for the rules' pre-check, no rule fires
    p = shipped.probability(text)

    def level(meta: dict) -> str:
        va = VerdictAnalyzer()
        va.second_opinion = SecondOpinion(shipped.weights, shipped.bias, min(0.99, p + 0.05), shipped.char_n,
                                          {**shipped.meta, **meta})
        return Engine(analyzers=[_intent(), va]).scan(text).to_dict()["verdict"]["level"]

    assert level({"addressed_threshold": max(0.01, p - 0.05)}) == "hostile"
    assert level({"addressed_threshold": None}) == "none"


@pytest.mark.parametrize("text,addressed", [
    ("ik hoop dat je goed slaapt vannacht", True),
    ("u krijgt nog een brief van ons", True),
    ("ik hoop dat jullie moslims goed slapen", False),  # a group named: the full threshold
    ("hij slaapt vannacht slecht", False),  # nobody addressed
])
def test_addressed_without_group(text: str, addressed: bool) -> None:
    from doxwacht.verdict.facts import addressed_without_group

    assert addressed_without_group(text) is addressed


@pytest.mark.parametrize("gate,asked", [("looked", False), ("data", False), ("always", True)])
def test_the_gate_decides_where_the_rules_did_not_look(gate: str, asked: bool) -> None:
    # "je bent een dooie man" holds no trigger word of the rules: only the gate "always" asks the model there
    shipped = SecondOpinion.load()
    model = SecondOpinion(shipped.weights, shipped.bias, shipped.threshold, shipped.char_n, {**shipped.meta, "gate": gate})
    va = VerdictAnalyzer()
    va.second_opinion = model
    engine = Engine(analyzers=[IntentAnalyzer(), va])
    assert engine.scan("je bent een dooie man").to_dict()["verdict"]["level"] == ("hostile" if asked else "none")


@pytest.mark.parametrize("text,asks", [
    ("Wie weet waar die agent woont?", True),
    ("gezocht: het adres van die vent", True),
    ("Wie weet hoe dat meisje heet?", True),
    ("kan iemand zijn kenteken natrekken", True),
    ("Ik woon in Utrecht.", False),                       # data without asking
    ("Wie gaat er mee naar de markt?", False),            # asking without data
    ("Weet iemand hoe laat de bakker open is?", False),
    ("Mijn adres is Kerkstraat 5. Wie komt er?", False),  # not in one sentence
    ("€500 voor wie het thuisadres van die wethouder kan vinden", True),  # a bounty asks too
    ("het kost €5 per adres", False),
])
def test_asks_for_data(text: str, asks: bool) -> None:
    assert asks_for_data(text.lower()) is asks


def test_the_doxing_qualification_leaves_the_intent_to_a_person() -> None:
    v = verdict(WITH, "Het is tijd dat ze weten waar hij woont. Kerkstraat 5, 1234 AB Ede.")
    q = next(q for q in v["qualifications"] if q["article"] == "art. 285d Sr")
    assert any(t.startswith("oogmerk") for t in q["te_beoordelen"])


def test_the_rules_still_decide_where_they_fire() -> None:
    # a threat the rules know keeps its own rule and no tone rule is added
    v = verdict(WITH, "Ik maak je af.")
    assert v["level"] == "hostile" and "hostile.threat" in v["rules"] and "hostile.tone" not in v["rules"]


def test_the_build_script_reproduces_the_shipped_model() -> None:
    sys.path.insert(0, str(ROOT / "eval" / "intent"))
    try:
        import build_second_opinion as B
    finally:
        sys.path.pop(0)
    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    cases = [c for s in B.SETS for c in B.load(s)] + B.synthetic()
    weights, bias = B.fit(cases, shipped["C"], shipped["min_df"], shipped.get("nb", False))
    assert len(cases) == shipped["n_examples"]
    # the same features; weights equal up to the solver's last digits (another scikit-learn may differ there)
    assert abs(len(weights) - len(shipped["weights"])) <= len(weights) // 100
    assert bias == pytest.approx(shipped["bias"], abs=0.01)
    for text in [c["text"] for c in B.load("dev4")[:60]]:
        assert B.probability(weights, bias, text) == pytest.approx(
            B.probability(shipped["weights"], shipped["bias"], text), abs=0.02)
