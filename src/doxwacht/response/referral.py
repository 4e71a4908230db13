"""Which organisations a victim is referred to, chosen by the case: category, role group, age.

Each organisation carries the rule that selects it; `choose_referrals` keeps the catalogue's order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from doxwacht.response.facts import CaseFacts, Category, RoleGroup

YOUNG_AGE = 25  # Helpwanted and 113 are named for young people up to this age


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    offers: str  # what they do, in Dutch, for the victim
    contact: str  # how to reach them
    applies: Callable[[CaseFacts], bool]
    why: Callable[[CaseFacts], str]

    def to_dict(self, facts: CaseFacts) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "offers": self.offers, "contact": self.contact,
                "why": self.why(facts)}


def _young(f: CaseFacts) -> bool:
    return f.target.age is not None and f.target.age < YOUNG_AGE


def _sexual(f: CaseFacts) -> bool:
    return f.category == Category.SEKSUELE_BEELDEN or any("139h" in a for a in f.articles)


def _discrimination(f: CaseFacts) -> bool:
    return f.category == Category.HAAT or any("137c" in a or "137d" in a for a in f.articles)


def _criminal(f: CaseFacts) -> bool:
    return bool(f.qualifications)


CATALOGUE: tuple[Organisation, ...] = (
    Organisation(
        "protocol_bedreigde_collegas", "Politie: protocol bedreigde collega's",
        "Uw leidinggevende zet het protocol bedreigde collega's in gang: sociale, emotionele en juridische hulp, "
        "en maatregelen voor de veiligheid van u en uw gezin.",
        "Meld het direct bij uw leidinggevende of het team dat bij uw eenheid bedreigde collega's ondersteunt.",
        lambda f: f.target.role_group == RoleGroup.POLITIE,
        lambda f: "U bent politiemedewerker en uw gegevens of veiligheid zijn in het geding."),
    Organisation(
        "werkgever_publieke_taak", "Uw werkgever (Veilige Publieke Taak)",
        "Uw werkgever moet u beschermen tegen agressie en intimidatie in uw werk; hij kan helpen met aangifte, "
        "juridische bijstand en veiligheidsmaatregelen.",
        "Meld het bij uw leidinggevende of de vertrouwenspersoon van uw organisatie.",
        lambda f: bool(f.target.public_task) and f.target.role_group not in (
            RoleGroup.POLITIE, RoleGroup.POLITICUS, RoleGroup.BESTUURDER, RoleGroup.JOURNALIST),
        lambda f: "U heeft een publieke taak en wordt om uw werk geïntimideerd."),
    Organisation(
        "weerbaar_bestuur", "Weerbaar Bestuur",
        "Steun en advies voor politieke ambtsdragers en bestuurders die te maken hebben met agressie, "
        "intimidatie en bedreiging.",
        "weerbaarbestuur.nl",
        lambda f: f.target.role_group in (RoleGroup.POLITICUS, RoleGroup.BESTUURDER),
        lambda f: "U bent politicus of bestuurder."),
    Organisation(
        "persveilig", "PersVeilig",
        "Hulp voor journalisten die worden bedreigd of geïntimideerd, ook bij aangifte.",
        "persveilig.nl",
        lambda f: f.target.role_group == RoleGroup.JOURNALIST,
        lambda f: "U bent journalist."),
    Organisation(
        "slachtofferhulp", "Slachtofferhulp Nederland",
        "Gratis praktische en juridische hulp en emotionele ondersteuning; kan ook doorverwijzen.",
        "0900-0101 of slachtofferhulp.nl",
        lambda f: True,
        lambda f: "Iedereen die slachtoffer is van een strafbaar feit of onrechtmatige online inhoud kan hier terecht."),
    Organisation(
        "helpwanted", "Helpwanted.nl",
        "Hulplijn voor online grensoverschrijdend gedrag, zoals het verspreiden van naaktbeelden; informatie en "
        "advies, en hulp bij het laten verwijderen van beelden. Ook voor ouders en docenten.",
        "helpwanted.nl",
        lambda f: _sexual(f) or _young(f),
        lambda f: ("Het gaat om seksuele beelden." if _sexual(f) else "Helpwanted is er speciaal voor jongeren.")),
    Organisation(
        "offlimits", "Offlimits",
        "Expertisecentrum tegen online seksueel misbruik en grensoverschrijdend gedrag; het Meldpunt Kinderporno "
        "van Offlimits laat beelden van minderjarigen verwijderen.",
        "offlimits.nl (beelden van minderjarigen: meldpunt-kinderporno.nl)",
        _sexual,
        lambda f: ("Het gaat om seksuele beelden van een minderjarige." if f.target.minor
                   else "Het gaat om seksuele beelden.")),
    Organisation(
        "mod", "Meld Online Discriminatie (MOD)",
        "Meldpunt voor strafbare discriminerende inhoud online; stuurt verwijderverzoeken naar de "
        "internettussenpersoon.",
        "meldonlinediscriminatie.nl",
        _discrimination,
        lambda f: "De berichten zijn (mogelijk) discriminerend."),
    Organisation(
        "113", "113 Zelfmoordpreventie",
        "Anoniem praten als u aan zelfdoding denkt, of als u zich zorgen maakt om iemand.",
        "bel 113 of gratis 0800-0113, chat via 113.nl",
        lambda f: _sexual(f) or _young(f) or f.severity >= 70,
        lambda f: "'Exposen' en doxing kunnen veel impact hebben; praten helpt."),
    Organisation(
        "politie_aangifte", "Politie (aangifte)",
        "Aangifte doen van een strafbaar feit; bij direct gevaar altijd 112.",
        "0900-8844 of politie.nl; bij spoed 112",
        _criminal,
        lambda f: "De berichten zijn mogelijk strafbaar (" + ", ".join(f.articles) + ")."),
)


def choose_referrals(facts: CaseFacts, catalogue: Sequence[Organisation] = CATALOGUE) -> list[Organisation]:
    """The organisations that fit this case, in catalogue order."""
    return [o for o in catalogue if o.applies(facts)]
