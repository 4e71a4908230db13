"""The doxing experts of the second opinion (`SecondOpinion.expert`) and how the verdict uses them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from doxwacht.intent import IntentAnalyzer
from doxwacht.intent.second_opinion import MODEL_PATH, SecondOpinion, SecondOpinionError, with_placeholders
from doxwacht.pipeline.engine import Engine
from doxwacht.verdict import VerdictAnalyzer

ROOT = Path(__file__).resolve().parents[1]
WITH = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
RULES_ONLY = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)])
EXPERT_RULES = ("doxing.hostile_locating", "doxing.data_to_harm")


def without_experts() -> Engine:
    va = VerdictAnalyzer()
    shipped = va.second_opinion
    assert shipped is not None
    va.second_opinion = SecondOpinion(shipped.weights, shipped.bias, shipped.threshold, shipped.char_n, shipped.meta)
    assert va.second_opinion.experts == {}
    return Engine(analyzers=[IntentAnalyzer(), va])


def test_with_placeholders_puts_a_word_for_each_kind_of_data() -> None:
    text = "Jan de Vries woont op Kerkstraat 5, 1234 AB Ede, bel 06-12345678"
    found = [(0, 12, "PERSON"), (22, 47, "ADDRESS"), (35, 42, "POSTCODE"), (53, 64, "PHONE")]
    assert text[22:47] == "Kerkstraat 5, 1234 AB Ede" and text[53:64] == "06-12345678"
    out = with_placeholders(text, found)
    assert out == "  woont op  xaddress , bel  xphone "  # (a name is blanked: the verdict judges names itself)
    # nested and unsorted spans give the same; the outer piece's kind counts
    assert with_placeholders(text, list(reversed(found))) == out
    assert with_placeholders(text, [(53, 64, "LICENSE_PLATE")]).endswith(" xlicenseplate ")
    assert with_placeholders(text, []) == text


def test_the_shipped_model_has_both_experts_with_their_thresholds() -> None:
    model = SecondOpinion.load()
    for name in ("doxing_in_hostile", "doxing_in_data"):
        expert = model.expert(name)
        assert expert is not None and 0.5 <= expert.threshold < 1.0
        assert len(expert.weights) > 1000
    assert model.expert("iets anders") is None


def test_a_broken_expert_is_refused(tmp_path: Path) -> None:
    obj = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    obj["experts"]["doxing_in_data"] = {"weights": {"w:x": 1.0}}  # no bias, no threshold
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps(obj), encoding="utf-8")
    with pytest.raises(SecondOpinionError, match="broken"):
        SecondOpinion.load(bad)


# (text, level with the experts, level of the rules alone, the expert's rule)
TABLE = [
    # hostile (by the model's tone), no rule found where she is: a routine, a school gate and a first name
    ("die juf heet Marieke en staat elke ochtend om 8 uur bij het hek van De Regenboog. moet haar even alleen "
     "spreken", "doxing", "none", "doxing.hostile_locating"),
    # someone's address with a veiled threat that no rule sees and the tone model not surely enough
    # (the model of stop 17, trained on more veiled threats, calls "..., mooie kinderen heeft u." hostile itself)
    ("Goedenavond meneer Meijer, Vondelpark 7 Naarden. Leuke schommel in de tuin.", "doxing", "personal_data",
     "doxing.data_to_harm"),
    # data shared without harm stays personal data
    ("De nieuwe wethouder Jan de Vries opent zaterdag de bibliotheek aan de Kerkstraat 5 in Ede.", "personal_data",
     "personal_data", None),
    ("Bel mijn oom Kees de Boer maar op 06-12345678, hij repareert fietsen voor een tientje.", "personal_data",
     "personal_data", None),
    ("Hoi Sanne, mijn nieuwe adres is Lindelaan 4, 3701 AB Zeist. Kom je zaterdag langs?", "personal_data",
     "personal_data", None),
    # a hostile message that points at nobody stays hostile
    ("ik maak je af, vuile rat", "hostile", "hostile", None),
]


@pytest.mark.parametrize("text,level,rules_level,rule", TABLE)
def test_the_experts_turn_hostile_or_personal_data_into_doxing(text: str, level: str, rules_level: str,
                                                               rule: str | None) -> None:
    v = WITH.scan(text).to_dict()["verdict"]
    assert v["level"] == level, v
    assert RULES_ONLY.scan(text).to_dict()["verdict"]["level"] == rules_level
    if rule is None:
        assert not set(EXPERT_RULES) & set(v["rules"])
        return
    assert rule in v["rules"]
    assert any("taalmodel" in r and "tweede mening" in r and "laat een mens" in r for r in v["reasons"])
    # art. 285d Sr is suggested, with the intent left to a person where no rule saw it
    q = next(q for q in v["qualifications"] if q["article"] == "art. 285d Sr")
    assert any("oogmerk" in t for t in q["te_beoordelen"])
    # without the experts the verdict is what the rules and the tone model give
    assert without_experts().scan(text).to_dict()["verdict"]["level"] in ("hostile", "personal_data")


def test_the_experts_never_overrule_a_veto_or_lower_a_verdict() -> None:
    # the rules see a threat, the tone model vetoes it: no expert turns it into doxing
    text = "ik vermoord die broer van mij, hij heeft al mijn chips opgegeten"
    v = WITH.scan(text).to_dict()["verdict"]
    assert v["level"] == "none" and "none.benign_tone" in v["rules"]
    # a doxing verdict of the rules stays one, without an expert's rule
    text = "Kees de Boer, Julianastraat 3 Gouda. Heeft mijn zus lastiggevallen. Deel dit."
    v = WITH.scan(text).to_dict()["verdict"]
    assert v["level"] == "doxing" and not set(EXPERT_RULES) & set(v["rules"])


def test_the_build_script_reproduces_the_shipped_experts() -> None:
    sys.path.insert(0, str(ROOT / "eval" / "intent"))
    try:
        import build_second_opinion as B
    finally:
        sys.path.pop(0)
    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    tuning = [c for s in B.SETS for c in B.load(s)]
    models = B.fit_experts(tuning, shipped["C"], shipped["min_df"], shipped.get("nb", False))
    assert set(models) == set(shipped["experts"])
    probe = [c["text"] for c in B.load("dev4")[:40]]
    for name, (weights, bias) in models.items():
        ship = shipped["experts"][name]
        assert abs(len(weights) - len(ship["weights"])) <= len(weights) // 100
        assert bias == pytest.approx(ship["bias"], abs=0.01)
        for text in probe:
            assert B.expert_probability((weights, bias), text) == pytest.approx(
                B.expert_probability((ship["weights"], ship["bias"]), text), abs=0.02)
