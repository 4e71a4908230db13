"""A notice of illegal content to a hosting service under art. 16 of the Digital Services Act
(Regulation (EU) 2022/2065), with a check that every element of art. 16(2) is there.

Art. 16(2) DSA asks for:

(a) a sufficiently substantiated explanation why the content is illegal;
(b) a clear indication of its exact electronic location (the exact URLs) and, where necessary,
    further information to identify it;
(c) the name and e-mail address of the notifier, except for content that concerns one of the
    offences of art. 3 to 7 of Directive 2011/93/EU (sexual abuse and exploitation of children);
(d) a statement that the notifier believes in good faith that the information is accurate and complete.

A notice that holds (a) to (d) gives the provider actual knowledge (art. 16(3) with art. 6 DSA).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from doxwacht.response.facts import (AGGRAVATED_285D_GROUPS, CATEGORY_NAMES, CaseFacts, Category, Excerpt,
                                     Location, Notifier, Qualification, Recipient, is_email, iso, utc)

LEGAL_BASIS = "Verordening (EU) 2022/2065 (Digital Services Act), artikel 16"
GOOD_FAITH_STATEMENT = ("De melder verklaart te goeder trouw dat de informatie en de beweringen in deze melding "
                        "juist en volledig zijn.")
CSAM_EXCEPTION = ("De melder maakt gebruik van de uitzondering in artikel 16, lid 2, onder c, DSA: de inhoud "
                  "betreft een van de strafbare feiten bedoeld in de artikelen 3 tot en met 7 van Richtlijn "
                  "2011/93/EU (seksueel misbruik en seksuele uitbuiting van kinderen). Naam en e-mailadres van de "
                  "melder worden daarom niet vermeld.")

ELEMENTS: dict[str, str] = {
    "a": "art. 16(2)(a) DSA: a sufficiently substantiated explanation why the content is illegal",
    "b": "art. 16(2)(b) DSA: the exact electronic location (exact URLs)",
    "c": "art. 16(2)(c) DSA: the notifier's name and e-mail address",
    "d": "art. 16(2)(d) DSA: a statement of good faith that the notice is accurate and complete",
}


@dataclass(frozen=True)
class DsaNotice:
    case_code: str
    created_at: datetime
    provider: Recipient
    platform: str
    explanation: tuple[str, ...]
    grounds: tuple[Qualification, ...]
    excerpts: tuple[Excerpt, ...]
    locations: tuple[Location, ...]
    notifier: Notifier | None  # None: anonymous under the art. 16(2)(c) exception
    csam_exception: bool  # the content concerns offences of Directive 2011/93/EU art. 3-7
    good_faith_confirmed: bool
    threat_to_life_or_safety: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "created_at", utc(self.created_at, "created_at"))

    def missing_elements(self) -> list[str]:
        """The elements of art. 16(2) DSA this notice lacks, each with the reason; empty when complete."""
        missing: list[str] = []
        grounds_met = [q for q in self.grounds if q.met]
        if not self.explanation or not grounds_met:
            missing.append(f"{ELEMENTS['a']}: no legal ground with at least one element met")
        if not self.locations:
            missing.append(f"{ELEMENTS['b']}: no URL")
        for loc in self.locations:
            for problem in loc.problems():
                missing.append(f"{ELEMENTS['b']}: {problem}")
        if self.notifier is None:
            if not self.csam_exception:
                missing.append(f"{ELEMENTS['c']}: an anonymous notice is only allowed for content that concerns "
                               "the offences of art. 3-7 of Directive 2011/93/EU")
        else:
            if not self.notifier.name.strip():
                missing.append(f"{ELEMENTS['c']}: no name")
            if not is_email(self.notifier.email):
                missing.append(f"{ELEMENTS['c']}: no valid e-mail address ({self.notifier.email!r})")
        if not self.good_faith_confirmed:
            missing.append(f"{ELEMENTS['d']}: the notifier has not confirmed the statement of good faith")
        if not (self.provider.organisation or self.provider.name).strip():
            missing.append("the hosting service the notice is addressed to is not named")
        return missing

    def to_dict(self) -> dict[str, Any]:
        if self.notifier is None:
            notifier: dict[str, Any] = {"anonymous": True, "exception": CSAM_EXCEPTION}
        else:
            notifier = {"anonymous": False, "name": self.notifier.name, "email": self.notifier.email,
                        "organisation": self.notifier.organisation, "phone": self.notifier.phone,
                        "function": self.notifier.function}
        return {
            "kind": "dsa_notice",
            "legal_basis": LEGAL_BASIS,
            "case_code": self.case_code,
            "created_at": iso(self.created_at),
            "provider": self.provider.to_dict(),
            "platform": self.platform,
            "explanation": {  # art. 16(2)(a)
                "summary": list(self.explanation),
                "legal_grounds": [{"article": q.article, "name": q.name, "elements_met": list(q.met)}
                                  for q in self.grounds if q.met],
                "excerpts_masked": [e.to_dict() for e in self.excerpts],
            },
            "location": {  # art. 16(2)(b)
                "urls": [loc.url for loc in self.locations],
                "items": [loc.to_dict() for loc in self.locations],
            },
            "notifier": notifier,  # art. 16(2)(c)
            "good_faith_statement": GOOD_FAITH_STATEMENT if self.good_faith_confirmed else None,  # art. 16(2)(d)
            "threat_to_life_or_safety": self.threat_to_life_or_safety,
            "elements": {"16(2)(a)": bool(self.explanation and any(q.met for q in self.grounds)),
                         "16(2)(b)": bool(self.locations) and not any(loc.problems() for loc in self.locations),
                         "16(2)(c)": self.notifier is not None or self.csam_exception,
                         "16(2)(d)": self.good_faith_confirmed},
        }


def explain_illegality(facts: CaseFacts) -> tuple[str, ...]:
    """Dutch sentences that say why the content is illegal (art. 16(2)(a) DSA)."""
    t = facts.target
    out = [(f"De inhoud betreft {CATEGORY_NAMES[facts.category]}, gericht tegen een {t.role_name} "
            f"(in deze melding aangeduid als '{t.label}').")]
    if facts.data_kinds:
        out.append("De berichten maken persoonsgegevens van deze persoon openbaar zonder diens toestemming: "
                   f"{', '.join(facts.data_kinds)}.")
    if facts.category == Category.SEKSUELE_BEELDEN:
        out.append("Het openbaar maken van een afbeelding van seksuele aard van een persoon zonder diens "
                   "toestemming is strafbaar (art. 139h Sr).")
    if t.public_task:
        out.append("Het doelwit heeft een publieke taak; intimidatie en bedreiging van deze personen wegen naar "
                   "Nederlands recht zwaarder.")
        if t.role_group in AGGRAVATED_285D_GROUPS and any(a.replace(" ", "") == "art.285dSr" for a in facts.articles):
            out.append("Doxing van een persoon in deze hoedanigheid is strafverzwarend (art. 285d lid 2 Sr).")
    return tuple(out)


def build_dsa_notice(facts: CaseFacts, notifier: Notifier | None, provider: Recipient, *, created_at: datetime,
                     good_faith_confirmed: bool) -> DsaNotice:
    """Assemble the notice; check it with `missing_elements()` before sending."""
    return DsaNotice(
        case_code=facts.case_code,
        created_at=created_at,
        provider=provider,
        platform=facts.platform,
        explanation=explain_illegality(facts),
        grounds=facts.qualifications,
        excerpts=facts.excerpts,
        locations=facts.locations,
        notifier=notifier,
        csam_exception=facts.child_sexual_abuse_material,
        good_faith_confirmed=good_faith_confirmed,
        threat_to_life_or_safety=facts.category == Category.BEDREIGING
        or any(a.replace(" ", "") == "art.285Sr" for a in facts.articles),
    )
