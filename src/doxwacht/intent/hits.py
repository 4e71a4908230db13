"""`IntentHit`: one explainable intent finding, and the categories."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    THREAT = "THREAT"
    CALL_TO_ACTION = "CALL_TO_ACTION"
    INCITEMENT = "INCITEMENT"
    HATE = "HATE"
    SEXUAL_EXPOSURE = "SEXUAL_EXPOSURE"
    INSULT = "INSULT"
    PROFANITY = "PROFANITY"


CATEGORIES = frozenset(c.value for c in Category)


@dataclass(frozen=True, slots=True)
class IntentHit:
    """A span of the ORIGINAL text, the category, a score in 0..1 and the id of the rule that fired.

    `target` says whom the span is aimed at when the rule knows: "group:muslims", "role:agent",
    "addressee", "person", "third_person" or "".
    `crime` is the crime threatened (art. 285 Sr) for threats: leven, mishandeling, verkrachting,
    brandstichting, onbepaald.
    """

    category: str
    start: int
    end: int
    score: float
    rule: str
    text: str = ""
    target: str = ""
    crime: str = ""

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown intent category {self.category!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}:{self.end}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} outside 0..1")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
            "rule": self.rule,
            "text": self.text,
        }
        if self.target:
            out["target"] = self.target
        if self.crime:
            out["crime"] = self.crime
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IntentHit:
        return cls(
            category=d["category"], start=int(d["start"]), end=int(d["end"]), score=float(d["score"]),
            rule=d["rule"], text=d.get("text", ""), target=d.get("target", ""), crime=d.get("crime", ""),
        )


class Hits(list):
    """The hits of one message (a list of `IntentHit`) and whether the rules looked at it at all: `looked` is
    False when the pre-check found no trigger word and no obfuscation, so no rule could fire. `guarded` names
    the guards that silenced a candidate (negation, a quote, a report, counter-speech, a game ...): the rules
    judged those words not hostile, and the verdict's learned second opinion does not overrule that."""

    looked: bool = True
    guarded: frozenset[str] = frozenset()
