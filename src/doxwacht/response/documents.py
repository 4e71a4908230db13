"""Dutch response documents for a case, from `CaseFacts`: each a `Document` with the text (rendered
from a Jinja2 template shipped in ``templates/``) and the structured record it was rendered from.

Every kind checks its inputs first and raises `DocumentError` naming everything that is missing: a
document is complete or it is not made. After rendering, the text is checked for its required
sections (also when an organisation supplies its own templates) and for readable personal identifiers
beyond those the document legally needs (the notifier's and the addressee's contact data).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, TemplateNotFound

from doxwacht.response.clock import Clock, SystemClock
from doxwacht.response.dutch import format_date, format_duration, format_time
from doxwacht.response.dsa import CSAM_EXCEPTION, GOOD_FAITH_STATEMENT, build_dsa_notice
from doxwacht.response.facts import (AGGRAVATED_285D_GROUPS, CATEGORY_NAMES, CaseFacts, Decision, Intervention,
                                     Notifier, Recipient, RecipientKind, TimelineEvent, is_email, iso, utc)
from doxwacht.response.masking import find_unmasked
from doxwacht.response.referral import choose_referrals


class DocumentKind(StrEnum):
    VERWIJDERVERZOEK = "verwijderverzoek"
    DSA_NOTICE = "dsa_notice"
    VORDERING_125P = "vordering_125p"
    AANGIFTE_DOSSIER = "aangifte_dossier"
    SOMMATIE = "sommatie"
    INTERVENTIE_VERSLAG = "interventie_verslag"
    DOORVERWIJZING = "doorverwijzing"
    ONTVANGSTBEVESTIGING = "ontvangstbevestiging"
    BESLUIT = "besluit"


TITLES: dict[DocumentKind, str] = {
    DocumentKind.VERWIJDERVERZOEK: "Verzoek om berichten te verwijderen",
    DocumentKind.DSA_NOTICE: "Melding van illegale inhoud (artikel 16 Digital Services Act)",
    DocumentKind.VORDERING_125P: "Concept: verzoek om een bevel tot ontoegankelijkmaking (art. 125p Sv)",
    DocumentKind.AANGIFTE_DOSSIER: "Dossier ten behoeve van de aangifte",
    DocumentKind.SOMMATIE: "Sommatie tot verwijdering",
    DocumentKind.INTERVENTIE_VERSLAG: "Verslag alternatieve interventie",
    DocumentKind.DOORVERWIJZING: "Hulp en advies",
    DocumentKind.ONTVANGSTBEVESTIGING: "Ontvangstbevestiging van uw melding",
    DocumentKind.BESLUIT: "Besluit op uw melding",
}

# the sections every text of a kind must hold; checked after rendering (custom templates included)
REQUIRED_SECTIONS: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.VERWIJDERVERZOEK: ("Wat wij van u vragen", "Wat er gebeurt als u de berichten niet verwijdert"),
    DocumentKind.DSA_NOTICE: ("artikel 16, lid 2, onder a", "artikel 16, lid 2, onder b", "artikel 16, lid 2, onder c",
                              "artikel 16, lid 2, onder d"),
    DocumentKind.VORDERING_125P: ("Feiten", "Verdenking", "Te ontoegankelijk maken gegevens", "Noodzaak",
                                  "Spoed", "Machtiging van de rechter-commissaris"),
    DocumentKind.AANGIFTE_DOSSIER: ("Feiten", "Slachtoffer", "Strafbare feiten (suggestie)", "Bewijs", "Tijdlijn"),
    DocumentKind.SOMMATIE: ("Feiten", "Onrechtmatig", "Sommatie", "Als u niet voldoet"),
    DocumentKind.INTERVENTIE_VERSLAG: ("Aanleiding", "Gesprek", "Uitkomst"),
    DocumentKind.DOORVERWIJZING: ("Hier kunt u terecht",),
    DocumentKind.ONTVANGSTBEVESTIGING: ("Kenmerk", "Wat gebeurt er nu"),
    DocumentKind.BESLUIT: ("Besluit", "Waarom", "Niet eens met dit besluit"),
}

# kinds whose structured record goes along as a JSON attachment when mailed
JSON_ATTACHED: frozenset[DocumentKind] = frozenset(
    {DocumentKind.DSA_NOTICE, DocumentKind.VORDERING_125P, DocumentKind.AANGIFTE_DOSSIER})

# which paragraph of art. 67(1) Sv allows pre-trial detention for a suspicion (art. 125p Sv needs one)
ART_67_SV: dict[str, str] = {
    "art.285dsr": "art. 67 lid 1 onder b Sv",
    "art.285sr": "art. 67 lid 1 onder b Sv (art. 285 lid 1 Sr)",
    "art.131sr": "art. 67 lid 1 onder a Sv (gevangenisstraf van ten hoogste vijf jaren)",
}

class DocumentError(ValueError):
    """A document could not be made; `problems` names every missing or wrong input."""

    def __init__(self, kind: DocumentKind | str, problems: Sequence[str]) -> None:
        self.kind = str(kind)
        self.problems = tuple(problems)
        super().__init__(f"cannot make {self.kind}: " + "; ".join(self.problems))


@dataclass(frozen=True)
class Document:
    kind: DocumentKind
    title: str
    text: str
    data: dict[str, Any] = field(repr=False)
    attach_json: bool = False

    @property
    def case_code(self) -> str:
        return str(self.data.get("case_code", ""))

    @property
    def sha256(self) -> str:
        """SHA-256 of the text (UTF-8): what the case layer records for the document sent."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2, sort_keys=True)

    def filename(self, ext: str) -> str:
        code = re.sub(r"[^A-Za-z0-9._-]+", "_", self.case_code) or "zaak"
        return f"{self.kind}-{code}.{ext}"


def location_details(loc: dict[str, Any]) -> str:
    """'platform: Telegram; berichtnummer: 4711; geplaatst: ...' for a location record."""
    parts = []
    if loc.get("platform"):
        parts.append(f"platform: {loc['platform']}")
    if loc.get("message_id"):
        parts.append(f"berichtnummer: {loc['message_id']}")
    if loc.get("posted_at"):
        parts.append(f"geplaatst: {format_time(loc['posted_at'])}")
    return "; ".join(parts)


def _compact(a: str) -> str:
    return a.replace(" ", "").lower()


class _Needs:
    """Collects what is missing, then raises once with all of it."""

    def __init__(self, kind: DocumentKind) -> None:
        self.kind = kind
        self.problems: list[str] = []

    def need(self, ok: object, what: str) -> None:
        if not ok:
            self.problems.append(what)

    def check(self) -> None:
        if self.problems:
            raise DocumentError(self.kind, self.problems)


class DocumentFactory:
    """Makes the documents. ``template_dir`` may hold an organisation's own ``<kind>.j2`` templates,
    which replace the shipped ones (the required sections are still checked)."""

    def __init__(self, clock: Clock | None = None, template_dir: str | Path | None = None) -> None:
        self.clock: Clock = clock or SystemClock()
        loaders: list[Any] = []
        if template_dir is not None:
            loaders.append(FileSystemLoader(str(template_dir)))
        loaders.append(PackageLoader("doxwacht.response", "templates"))
        self._env = Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=False,
                                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self._env.filters.update(datum=format_date, tijdstip=format_time, duur=format_duration,
                                 locatie_details=location_details)

    # -- shared -------------------------------------------------------------------------------------

    def _base(self, kind: DocumentKind, facts: CaseFacts, notifier: Notifier,
              recipient: Recipient | None) -> dict[str, Any]:
        return {
            "kind": str(kind),
            "title": TITLES[kind],
            "case_code": facts.case_code,
            "created_at": iso(self.clock.now()),
            "notifier": notifier.to_dict(),
            "recipient": recipient.to_dict() if recipient else None,
            "platform": facts.platform,
            "category": str(facts.category),
            "category_name": CATEGORY_NAMES[facts.category],
            "target": facts.target.to_dict(),
            "locations": [loc.to_dict() for loc in facts.locations],
            "excerpts": [e.to_dict() for e in facts.excerpts],
            "qualifications": [q.to_dict() for q in facts.qualifications],
            "data_kinds": list(facts.data_kinds),
        }

    @staticmethod
    def _notifier_needs(n: _Needs, notifier: Notifier) -> None:
        n.need(notifier.organisation.strip(), "notifier organisation")
        n.need(notifier.name.strip(), "notifier name")
        n.need(is_email(notifier.email), f"notifier e-mail address (got {notifier.email!r})")

    def _render(self, kind: DocumentKind, data: dict[str, Any], allowed: Iterable[str]) -> Document:
        try:
            template = self._env.get_template(f"{kind}.j2")
        except TemplateNotFound as e:
            raise DocumentError(kind, [f"no template {kind}.j2"]) from e
        text = template.render(d=data)
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        problems = [f"the text lacks the required section {s!r}" for s in REQUIRED_SECTIONS[kind] if s not in text]
        allowed = list(allowed)
        for where, content in (("text", text), ("record", json.dumps(data, ensure_ascii=False))):
            leaks = find_unmasked(content, allowed)
            if leaks:
                problems.append(f"the {where} would show personal data in plain text: "
                                + ", ".join(sorted({u.label for u in leaks})))
        if problems:
            raise DocumentError(kind, problems)
        return Document(kind, data["title"], text, data, kind in JSON_ATTACHED)

    @staticmethod
    def _allowed(facts: CaseFacts, notifier: Notifier | None, *recipients: Recipient | None) -> list[str]:
        """What a document may show readably: the exact locations (legally required), the evidence
        sources, and the sender's and addressees' own contact data."""
        out: list[str] = [*facts.urls, *(e.url for e in facts.excerpts), *(e.source for e in facts.evidence)]
        if notifier:
            out += [notifier.email, notifier.phone]
        for r in recipients:
            if r:
                out += [r.email, r.address, r.reference]
        return out

    def _deadline(self, n: _Needs, deadline: datetime | None) -> str | None:
        if deadline is None:
            n.need(False, "deadline")
            return None
        d = utc(deadline, "deadline")
        n.need(d > self.clock.now(), f"deadline in the future (got {iso(d)})")
        return iso(d)

    # -- kinds ---------------------------------------------------------------------------------------

    def verwijderverzoek(self, facts: CaseFacts, notifier: Notifier, poster: Recipient, *,
                         deadline: datetime) -> Document:
        """A polite, firm request to the poster to remove the messages by a deadline."""
        kind = DocumentKind.VERWIJDERVERZOEK
        n = _Needs(kind)
        self._notifier_needs(n, notifier)
        n.need(poster.kind == RecipientKind.POSTER, f"recipient of kind plaatser (got {poster.kind})")
        n.need(poster.name.strip() or facts.poster_handle, "poster name or handle")
        n.need(facts.locations, "at least one URL of a message to remove")
        due = self._deadline(n, deadline)
        n.check()
        data = self._base(kind, facts, notifier, poster)
        data.update(deadline=due, poster_handle=facts.poster_handle,
                    addressee=poster.name.strip() or facts.poster_handle)
        return self._render(kind, data, self._allowed(facts, notifier, poster))

    def dsa_notice(self, facts: CaseFacts, notifier: Notifier | None, provider: Recipient, *,
                   good_faith_confirmed: bool) -> Document:
        """A notice under art. 16 DSA; refuses to produce one that lacks an element of art. 16(2).
        ``notifier=None`` makes an anonymous notice, allowed only for child sexual abuse material."""
        kind = DocumentKind.DSA_NOTICE
        notice = build_dsa_notice(facts, notifier, provider, created_at=self.clock.now(),
                                  good_faith_confirmed=good_faith_confirmed)
        n = _Needs(kind)
        for problem in notice.missing_elements():
            n.need(False, problem)
        n.need(provider.kind in (RecipientKind.PLATFORM, RecipientKind.HOSTING, RecipientKind.REGISTRAR),
               f"recipient of kind platform, hostingprovider or registrar (got {provider.kind})")
        n.check()
        data = notice.to_dict()
        data.update(title=TITLES[kind], target=facts.target.to_dict(), category_name=CATEGORY_NAMES[facts.category],
                    good_faith_text=GOOD_FAITH_STATEMENT, csam_exception_text=CSAM_EXCEPTION)
        return self._render(kind, data, self._allowed(facts, notifier, provider))

    def vordering_125p(self, facts: CaseFacts, notifier: Notifier, prosecutor: Recipient, *, provider: Recipient,
                       urgency: str = "", prior_requests: Sequence[TimelineEvent] = ()) -> Document:
        """Draft request to the officier van justitie for an order under art. 125p Sv to make the data
        inaccessible; the order needs the rechter-commissaris' written authorisation."""
        kind = DocumentKind.VORDERING_125P
        n = _Needs(kind)
        self._notifier_needs(n, notifier)
        n.need(prosecutor.kind == RecipientKind.PROSECUTOR,
               f"recipient of kind officier van justitie (got {prosecutor.kind})")
        n.need(facts.qualifications, "at least one suspected offence (qualification)")
        n.need(facts.locations, "at least one URL of the data to make inaccessible")
        for loc in facts.locations:
            for p in loc.problems():
                n.need(False, p)
        n.need((provider.organisation or provider.name).strip(), "the provider of the communication service")
        n.check()
        urgency_text = urgency.strip() or self._urgency(facts)
        data = self._base(kind, facts, notifier, prosecutor)
        data.update(
            provider=provider.to_dict(),
            urgency=urgency_text,
            manifestly_illegal=facts.manifestly_illegal,
            gtpa=facts.gtpa,
            severity=facts.severity,
            observed_at=iso(facts.observed_at),
            art67=[{"article": q.article, "ground": ART_67_SV.get(_compact(q.article), "")}
                   for q in facts.qualifications],
            prior_requests=[e.to_dict() for e in sorted(prior_requests, key=lambda e: e.at)],
            evidence=[e.to_dict() for e in facts.evidence],
            authorisation_note=("Het bevel kan alleen worden gegeven na schriftelijke machtiging van de "
                                "rechter-commissaris, te verlenen op vordering van de officier van justitie "
                                "(art. 125p Sv)."),
        )
        return self._render(kind, data, self._allowed(facts, notifier, prosecutor, provider))

    @staticmethod
    def _urgency(facts: CaseFacts) -> str:
        parts = ["De berichten zijn nog openbaar toegankelijk en kunnen verder worden verspreid."]
        if facts.gtpa:
            parts.append(f"Het slachtoffer is {facts.target.role_name}; de gegevens maken het mogelijk hem of haar "
                         "en de naaste omgeving op te zoeken.")
        if facts.manifestly_illegal:
            parts.append("De inhoud is onmiskenbaar strafbaar.")
        if facts.severity >= 70:
            parts.append(f"De ernst is hoog ingeschat ({facts.severity}/100).")
        return " ".join(parts)

    def aangifte_dossier(self, facts: CaseFacts, notifier: Notifier) -> Document:
        """The file that goes with an aangifte: facts, GTPA code, suggested articles, evidence, timeline."""
        kind = DocumentKind.AANGIFTE_DOSSIER
        n = _Needs(kind)
        self._notifier_needs(n, notifier)
        n.need(facts.qualifications, "at least one suggested offence (qualification)")
        n.need(facts.evidence, "at least one evidence item (secured original with its SHA-256)")
        n.need(facts.locations or facts.excerpts, "the messages (locations or excerpts)")
        n.check()
        data = self._base(kind, facts, notifier, None)
        aggravated = (facts.target.role_group in AGGRAVATED_285D_GROUPS
                      and any(_compact(a) == "art.285dsr" for a in facts.articles))
        data.update(
            gtpa=facts.gtpa,
            aggravated_285d=aggravated,
            verdict_level=facts.verdict_level,
            severity=facts.severity,
            observed_at=iso(facts.observed_at),
            poster_handle=facts.poster_handle,
            evidence=[e.to_dict() for e in facts.evidence],
            timeline=[e.to_dict() for e in timeline(facts)],
        )
        return self._render(kind, data, self._allowed(facts, notifier))

    def sommatie(self, facts: CaseFacts, notifier: Notifier, recipient: Recipient, *, deadline: datetime,
                 on_behalf_of: str, costs: str = "") -> Document:
        """A civil summons (art. 6:162 BW): cease, remove and keep removed by a deadline, or court and costs."""
        kind = DocumentKind.SOMMATIE
        n = _Needs(kind)
        self._notifier_needs(n, notifier)
        n.need(recipient.kind in (RecipientKind.POSTER, RecipientKind.PLATFORM, RecipientKind.HOSTING,
                                  RecipientKind.REGISTRAR),
               f"recipient of kind plaatser, platform, hostingprovider or registrar (got {recipient.kind})")
        n.need((recipient.name or recipient.organisation).strip(), "recipient name")
        n.need(on_behalf_of.strip(), "on whose behalf the summons is sent")
        n.need(facts.locations, "at least one URL of the content to remove")
        due = self._deadline(n, deadline)
        n.check()
        data = self._base(kind, facts, notifier, recipient)
        data.update(deadline=due, on_behalf_of=on_behalf_of.strip(), costs=costs.strip(),
                    intermediary=recipient.kind != RecipientKind.POSTER)
        return self._render(kind, data, self._allowed(facts, notifier, recipient))

    def interventie_verslag(self, facts: CaseFacts, notifier: Notifier, intervention: Intervention) -> Document:
        """The record of an alternative intervention: the talk with the poster."""
        kind = DocumentKind.INTERVENTIE_VERSLAG
        n = _Needs(kind)
        self._notifier_needs(n, notifier)
        n.need(intervention.poster.strip(), "the poster (an intervention needs a known poster)")
        n.need(intervention.held_by.strip(), "who held the talk")
        n.need(intervention.form.strip(), "the form of the talk")
        n.need(intervention.summary.strip(), "a summary of the talk")
        n.need(intervention.outcome.strip(), "the outcome")
        n.need(intervention.held_at <= self.clock.now(), "a talk that has taken place (held_at in the past)")
        n.check()
        data = self._base(kind, facts, notifier, None)
        data.update(intervention=intervention.to_dict(), criminal=bool(facts.qualifications))
        return self._render(kind, data, self._allowed(facts, notifier))

    def doorverwijzing(self, facts: CaseFacts, notifier: Notifier, recipient: Recipient | None = None) -> Document:
        """Where the victim can get help, chosen by the case (category, role group, age)."""
        kind = DocumentKind.DOORVERWIJZING
        n = _Needs(kind)
        self._notifier_needs(n, notifier)
        orgs = choose_referrals(facts)
        n.need(orgs, "at least one organisation to refer to")
        n.check()
        data = self._base(kind, facts, notifier, recipient)
        data.update(organisations=[o.to_dict(facts) for o in orgs])
        return self._render(kind, data, self._allowed(facts, notifier, recipient))

    def ontvangstbevestiging(self, facts: CaseFacts, notifier: Notifier, reporter: Recipient, *,
                             received_at: datetime, decision_within: timedelta = timedelta(days=7)) -> Document:
        """Receipt of a report, with the case code and what happens next."""
        kind = DocumentKind.ONTVANGSTBEVESTIGING
        n = _Needs(kind)
        self._notifier_needs(n, notifier)
        n.need(reporter.kind == RecipientKind.REPORTER, f"recipient of kind melder (got {reporter.kind})")
        n.need(reporter.name.strip(), "reporter name (or a salutation such as 'melder')")
        received = utc(received_at, "received_at")
        n.need(received <= self.clock.now(), "received_at not in the future")
        n.need(decision_within > timedelta(0), "a positive term for the decision")
        n.check()
        data = self._base(kind, facts, notifier, reporter)
        data.update(received_at=iso(received), decision_by=iso(received + decision_within),
                    decision_within_s=decision_within.total_seconds())
        return self._render(kind, data, self._allowed(facts, notifier, reporter))

    def besluit(self, facts: CaseFacts, notifier: Notifier, reporter: Recipient, decision: Decision) -> Document:
        """The decision on a report, with its reasons."""
        kind = DocumentKind.BESLUIT
        n = _Needs(kind)
        self._notifier_needs(n, notifier)
        n.need(reporter.kind == RecipientKind.REPORTER, f"recipient of kind melder (got {reporter.kind})")
        n.need(reporter.name.strip(), "reporter name (or a salutation such as 'melder')")
        n.need(decision.outcome.strip(), "the decision")
        n.need([r for r in decision.reasons if r.strip()], "at least one reason")
        n.check()
        data = self._base(kind, facts, notifier, reporter)
        data.update(decision=decision.to_dict())
        return self._render(kind, data, self._allowed(facts, notifier, reporter))


def timeline(facts: CaseFacts) -> list[TimelineEvent]:
    """The case's events in time order: messages posted, observed, evidence captured, and the case's own."""
    events: list[TimelineEvent] = []
    for loc in facts.locations:
        if loc.posted_at:
            events.append(TimelineEvent(loc.posted_at, f"Bericht geplaatst: {loc.url}"))
    for ex in facts.excerpts:
        if ex.posted_at and not any(loc.posted_at == ex.posted_at for loc in facts.locations):
            events.append(TimelineEvent(ex.posted_at, f"Bericht {ex.message_id} geplaatst"))
    events.append(TimelineEvent(facts.observed_at, "Waargenomen door doxwacht"))
    events.append(TimelineEvent(facts.created_at, f"Zaak {facts.case_code} aangemaakt"))
    for ev in facts.evidence:
        events.append(TimelineEvent(ev.captured_at, f"Origineel vastgelegd (SHA-256 {ev.sha256[:16]}…) door "
                                                    f"{ev.captured_by}"))
    events.extend(facts.timeline)
    return sorted(events, key=lambda e: e.at)
