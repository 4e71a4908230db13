"""A learned judge of threats and hate against a protected group, beside the rules.

The rules explain what they find, but each new writer brings phrasings nobody wrote a rule for: on blind
HateCheck-style templates from a writer the rules never saw, they found fewer than half of the threats. This model
reads the same features as the verdict's second opinion (`doxwacht.intent.second_opinion.features`: words, word
bigrams, character 4-grams) with a logistic regression trained by `eval/intent/build_group_model.py` on Multilingual
HateCheck's Dutch dev split (Röttger et al., CC BY 4.0), the project's own blind HateCheck-style sets and the
project's labelled doxing sets (their threats as threats; their everyday, news and counter-speech messages as what
is none). It ships as a JSON table of weights (`data/group_model.json`): no pickle, no scikit-learn at run time.

`IntentAnalyzer` asks it where a protected group is named, no word makes the group the victim, and the rules
silenced nothing (a negation, a quote, counter-speech). Two heads:

* threat: where the rules found no threat; heeded from `threat.threshold` where the lexicon knows a word of violence
  in the message, and only from the higher `quiet_threshold` where it knows none ("die gaan we een bezoekje
  brengen"). Its hit carries the rule id ``model.group.threat`` and the probability as its score;
* hate (optional in the file): where neither the rules nor the threat head found hate; from its threshold where the
  lexicon knows a hostile word in the message (derogatory, dehumanising, abusive, a slur, a grievance, violence), from
  the higher `hate_quiet_threshold` where it knows none ("... zijn allemaal hetzelfde, je weet wel"); rule id
  ``model.group.hate``. Trained with ordinary, friendly and counter-speech messages about the groups beside the
  hateful ones, minimal pairs among them ("... zijn dom en lui" / "... zijn sterk en slim"): a first head trained
  without them called plain friendly sentences hateful ("Moslims zijn welkom in ons land": 0.99).

Where no protected group is named but a person is (addressed with "je"/"jij"/"u", by a role such as "wethouder" or
"smeris", or by a person noun), the threat head is asked too, from the higher `person_threshold` (a word of violence)
and `person_quiet_threshold` (none): threats against officials, referees, neighbours and other groups ("wacht maar
tot het donker is, boa's", "die rechter komt de rechtbank niet levend uit"). Rule id ``model.person.threat``.

    model = GroupModel.load()
    model.threat_probability("die vluchtelingen moeten allemaal de zee in")
    model.hate_probability("die moslims zijn allemaal hetzelfde, achterlijk volk")
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from doxwacht.intent.second_opinion import SecondOpinion

FORMAT = "doxwacht-group-model/1"
MODEL_PATH = Path(__file__).resolve().parent / "data" / "group_model.json"


class GroupModelError(ValueError):
    pass


class GroupModel:
    """The heads: each a `SecondOpinion` (weights, bias, threshold) over the second opinion's features."""

    def __init__(self, threat: SecondOpinion, meta: dict[str, Any] | None = None, *, hate: SecondOpinion | None = None,
                 quiet_threshold: float | None = None, hate_quiet_threshold: float | None = None,
                 person_threshold: float | None = None, person_quiet_threshold: float | None = None) -> None:
        self.threat = threat
        self.hate = hate
        # the threat head where no protected group is named but a person is (addressed, named or by a role): from
        # `person_threshold` where the lexicon knows a word of violence, from `person_quiet_threshold` where it knows
        # none (None: not asked there)
        self.person_threshold = person_threshold
        self.person_quiet_threshold = person_quiet_threshold
        # the threat head's threshold where the lexicon knows no word of violence in the message, the hate head's where
        # it knows no hostile word (None: not asked there)
        self.quiet_threshold = quiet_threshold
        self.hate_quiet_threshold = hate_quiet_threshold
        self.meta = meta or {}

    @classmethod
    def from_dict(cls, obj: dict[str, Any]) -> GroupModel:
        if obj.get("format") != FORMAT:
            raise GroupModelError(f"not a {FORMAT} model")
        try:
            threat = _head(obj["threat"])
            hate = _head(obj["hate"]) if obj.get("hate") is not None else None
            quiet = _threshold(obj["threat"], "quiet_threshold", threat.threshold)
            hate_quiet = _threshold(obj["hate"], "quiet_threshold", hate.threshold) if hate is not None else None
            person = _threshold(obj["threat"], "person_threshold", threat.threshold)
            person_quiet = _threshold(obj["threat"], "person_quiet_threshold", person) if person is not None else None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise GroupModelError(f"a broken {FORMAT} model ({exc!r})") from exc
        return cls(threat, {k: v for k, v in obj.items() if k not in ("threat", "hate")}, hate=hate,
                   quiet_threshold=quiet, hate_quiet_threshold=hate_quiet, person_threshold=person,
                   person_quiet_threshold=person_quiet)

    @classmethod
    def load(cls, path: Path | None = None) -> GroupModel:
        """The model in `path` (the shipped one by default), read once per path and shared: it is only read from."""
        return _load(path or MODEL_PATH)

    def threat_probability(self, text: str) -> float:
        return self.threat.probability(text)

    def hate_probability(self, text: str) -> float:
        """p(hate against a group); 0.0 where the file has no hate head."""
        return 0.0 if self.hate is None else self.hate.probability(text)


def _threshold(head: dict[str, Any], key: str, floor: float) -> float | None:
    """A head's higher threshold `key` (a quiet or person threshold; never below `floor`), None where the file gives
    none."""
    value = head.get(key)
    return None if value is None else max(float(value), floor)


def _head(head: dict[str, Any]) -> SecondOpinion:
    return SecondOpinion({k: float(v) for k, v in head["weights"].items()}, float(head["bias"]), float(head["threshold"]),
                         int(head.get("char_n", 4)))


@lru_cache(maxsize=4)
def _load(path: Path) -> GroupModel:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GroupModelError(f"no group model at {path}; build it with eval/intent/build_group_model.py") from exc
    try:
        return GroupModel.from_dict(obj)
    except GroupModelError as exc:
        raise GroupModelError(f"{path}: {exc}") from exc
