"""Load, validate and compile the declarative intent rules (`rules_data`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from doxwacht.intent import lexicon as L
from doxwacht.intent.hits import CATEGORIES
from doxwacht.intent.patterns import CompiledPattern, PatternError, compile_pattern
from doxwacht.intent.tagger import LEX

_ID_RE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")
_KEYS = frozenset(
    {"id", "category", "score", "doc", "pattern", "cooccur", "person", "person_optional", "allow_negation",
     "incite", "crime", "forbid", "context_any", "examples", "quiet", "triggers"}
)
CRIMES = frozenset({"leven", "mishandeling", "verkrachting", "brandstichting", "onbepaald"})
# classes the tagger adds besides the lexicon's own
TAGGER_CLASSES = frozenset(
    {"GRP", "GRP_ADJ", "SLUR", "SLUR_AMB", "ROLE", "VINF", "VFIN", "VFIN_SEP", "VBASE", "VPART", "PERSONISH",
     "PERSON_GUESS", "NAME", "NUM", "PUNCT", "QUOTE", "HANDLE"}
)
KNOWN_CLASSES = frozenset(L.CLASSES) | TAGGER_CLASSES

# words too common to serve as a rule's trigger in the cheap pre-check
_COMMON = frozenset(
    "ik we wij je jij jou u hij zij ze hem haar hen hun die deze dat dit de het een is zijn ben bent was "
    "en of maar als dan om te van in op aan voor met naar bij ga gaan gaat zal zullen wil willen moet moeten "
    "mag mogen zou zouden kan kunnen kom komen wat wie waar hoe niet geen nooit er nog wel ook al heel echt "
    "gewoon eens maar iedereen iemand niemand jullie mijn onze ons me mij heb hebben heeft weet weten".split()
)


class RuleError(ValueError):
    """A rule in the rule data is invalid (raised when the rules are loaded)."""


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    score: float
    doc: str
    pattern: CompiledPattern | None
    cooccur: tuple[frozenset[str], frozenset[str], int] | None
    person: tuple[str, ...]
    person_optional: bool
    allow_negation: bool
    incite: bool
    crime: str
    forbid: frozenset[str]
    context_any: frozenset[str]
    examples: tuple[str, ...]
    quiet: tuple[str, ...]
    needs: tuple[frozenset[str], ...]
    triggers: frozenset[str]   # folded words (or phrases) one of which must occur for the rule to fire

    def runnable(self, present: set[str]) -> bool:
        return all(any(k in present for k in need) for need in self.needs)


def _class_words(cls: str) -> set[str]:
    out = {w for w, c in LEX.words.items() if cls in c}
    for items in LEX.mwes.values():
        for parts, c in items:
            if cls in c:
                out.add(" ".join(parts))
    return out


def _triggers(rule_id: str, needs: tuple[frozenset[str], ...], cooccur) -> frozenset[str]:
    candidates: list[set[str]] = []
    sets = list(needs)
    if cooccur:
        sets.append(frozenset("@" + c for c in cooccur[1]))
    for need in sets:
        words: set[str] = set()
        for k in need:
            if k.startswith("@"):
                cls = k[1:]
                if cls in ("PERSONISH", "PERSON_GUESS", "NAME", "NUM", "PUNCT", "QUOTE", "P1", "P2", "P3",
                           "POSS", "DEM", "ALL", "NEG", "SUBORD", "MODAL_FUT", "MODAL_NORM", "PERSON"):
                    words = set()
                    break
                if cls == "SLUR":
                    words |= _class_words("SLUR")
                    continue
                words |= _class_words(cls)
            else:
                words.add(k)
        if words and not (words & _COMMON):
            candidates.append(words)
    if not candidates:
        raise RuleError(f"rule {rule_id}: no trigger word set without common words; add a specific word")
    return frozenset(min(candidates, key=len))


def _classes_in(src: str) -> set[str]:
    return set(re.findall(r"@([A-Za-z0-9_]+)", src))


def compile_rule(d: dict, macros: dict[str, str]) -> Rule:
    unknown = set(d) - _KEYS
    if unknown:
        raise RuleError(f"rule {d.get('id')!r}: unknown keys {sorted(unknown)}")
    rid = d.get("id")
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise RuleError(f"bad rule id {rid!r}")
    cat = d.get("category")
    if cat not in CATEGORIES:
        raise RuleError(f"rule {rid}: unknown category {cat!r}")
    score = d.get("score")
    if not isinstance(score, (int, float)) or not 0 < score <= 1:
        raise RuleError(f"rule {rid}: score must be in (0, 1]")
    if ("pattern" in d) == ("cooccur" in d):
        raise RuleError(f"rule {rid}: give exactly one of pattern and cooccur")
    crime = d.get("crime", "")
    if crime and crime not in CRIMES:
        raise RuleError(f"rule {rid}: unknown crime {crime!r}")
    pattern = None
    cooccur = None
    needs: tuple[frozenset[str], ...] = ()
    if "pattern" in d:
        src = d["pattern"]
        for m in re.finditer(r"\{([A-Z0-9_]+)\}", src):
            if m.group(1) not in macros:
                raise RuleError(f"rule {rid}: unknown macro {m.group(1)}")
        expanded = src
        for k, v in macros.items():
            expanded = expanded.replace("{" + k + "}", v)
        bad = _classes_in(expanded) - KNOWN_CLASSES
        if bad:
            raise RuleError(f"rule {rid}: unknown classes {sorted(bad)}")
        try:
            pattern = compile_pattern(expanded)
        except PatternError as exc:
            raise RuleError(f"rule {rid}: {exc}") from exc
        needs = pattern.needs
        groups = pattern.groups
    else:
        c = d["cooccur"]
        if set(c) != {"a", "b", "window"}:
            raise RuleError(f"rule {rid}: cooccur needs a, b and window")
        a, b = frozenset(c["a"]), frozenset(c["b"])
        bad = (a | b) - KNOWN_CLASSES
        if bad:
            raise RuleError(f"rule {rid}: unknown classes {sorted(bad)}")
        cooccur = (a, b, int(c["window"]))
        needs = (frozenset("@" + x for x in a), frozenset("@" + x for x in b))
        groups = ()
    person = d.get("person")
    if person is None:
        person = [g for g in groups if g.startswith(("obj", "subj"))]
    for g in person:
        if g not in groups:
            raise RuleError(f"rule {rid}: person group {g!r} is not in the pattern")
    ctx = frozenset(d.get("context_any", ()))
    if ctx - KNOWN_CLASSES:
        raise RuleError(f"rule {rid}: unknown context classes {sorted(ctx - KNOWN_CLASSES)}")
    examples = tuple(d.get("examples", ()))
    if not examples:
        raise RuleError(f"rule {rid}: give at least one example")
    return Rule(
        id=rid, category=cat, score=float(score), doc=d.get("doc", ""), pattern=pattern, cooccur=cooccur,
        person=tuple(person), person_optional=bool(d.get("person_optional", False)),
        allow_negation=bool(d.get("allow_negation", False)), incite=bool(d.get("incite", False)),
        crime=crime, forbid=frozenset(d.get("forbid", ())), context_any=ctx, examples=examples,
        quiet=tuple(d.get("quiet", ())), needs=needs,
        triggers=(frozenset(" ".join(t.lower().split()) for t in d["triggers"]) if d.get("triggers")
                  else _triggers(rid, needs, cooccur)),
    )


def load_rules(data: Iterable[dict], macros: dict[str, str]) -> tuple[Rule, ...]:
    rules = [compile_rule(d, macros) for d in data]
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise RuleError(f"duplicate rule id {r.id!r}")
        seen.add(r.id)
    return tuple(rules)
