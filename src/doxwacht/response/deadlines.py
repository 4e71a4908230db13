"""Deadlines per action and platform, reminders, and what to do when a deadline passes.

Terms come from a configurable mapping ((action, platform) -> `Terms`, ``"*"`` for any); the default
is 24 hours for manifestly illegal content (doxing of a person with a public task, threats, sexual
images) and 7 days otherwise. Reminders fall at fractions of the term (50% and 90% by default). On
expiry, `suggest_escalation` names the next step of the Dutch notice-and-takedown ladder

    poster -> platform -> hosting provider -> registrar

(only the steps that exist for the platform: a Telegram post has no separate hosting provider or
registrar) and the legal routes beside it: an order under art. 125p Sv, a civil summons (and then
kort geding), an aangifte. Time comes from an injected `Clock`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from doxwacht.response.clock import Clock
from doxwacht.response.dutch import format_duration, format_time
from doxwacht.response.facts import iso, utc

ANY = "*"


class ActionKind(StrEnum):
    VERWIJDERVERZOEK = "verwijderverzoek"  # to the poster
    DSA_NOTICE = "dsa_notice"  # to the platform
    HOSTING_NOTICE = "hosting_notice"  # to the hosting provider
    REGISTRAR_NOTICE = "registrar_notice"  # to the domain registrar
    SOMMATIE = "sommatie"  # civil summons
    VORDERING_125P = "vordering_125p"  # order under art. 125p Sv


class Step(StrEnum):
    POSTER = "plaatser"
    PLATFORM = "platform"
    HOSTING = "hostingprovider"
    REGISTRAR = "registrar"


class LegalRoute(StrEnum):
    AANGIFTE = "aangifte"
    VORDERING_125P = "vordering_125p"
    SOMMATIE = "sommatie"
    KORT_GEDING = "kort_geding"


LADDER: tuple[Step, ...] = (Step.POSTER, Step.PLATFORM, Step.HOSTING, Step.REGISTRAR)
STEP_ACTION: dict[Step, ActionKind] = {
    Step.POSTER: ActionKind.VERWIJDERVERZOEK,
    Step.PLATFORM: ActionKind.DSA_NOTICE,
    Step.HOSTING: ActionKind.HOSTING_NOTICE,
    Step.REGISTRAR: ActionKind.REGISTRAR_NOTICE,
}
ACTION_STEP: dict[ActionKind, Step] = {a: s for s, a in STEP_ACTION.items()}

ACTION_NAMES: dict[ActionKind, str] = {
    ActionKind.VERWIJDERVERZOEK: "het verwijderverzoek aan de plaatser",
    ActionKind.DSA_NOTICE: "de melding aan het platform (art. 16 DSA)",
    ActionKind.HOSTING_NOTICE: "de melding aan de hostingprovider",
    ActionKind.REGISTRAR_NOTICE: "de melding aan de registrar",
    ActionKind.SOMMATIE: "de sommatie",
    ActionKind.VORDERING_125P: "het bevel tot ontoegankelijkmaking (art. 125p Sv)",
}
STEP_TEXT: dict[Step, str] = {
    Step.POSTER: "Vraag de plaatser de berichten te verwijderen (verwijderverzoek).",
    Step.PLATFORM: "Meld de berichten bij het platform met een melding volgens art. 16 DSA.",
    Step.HOSTING: "Meld de inhoud bij de hostingprovider van de website (art. 16 DSA).",
    Step.REGISTRAR: "Vraag de registrar van de domeinnaam in te grijpen (notice-and-takedown).",
}
ROUTE_TEXT: dict[LegalRoute, str] = {
    LegalRoute.AANGIFTE: "Doe aangifte (met de code GTPA als het slachtoffer een publieke taak heeft).",
    LegalRoute.VORDERING_125P: "Vraag de officier van justitie om een bevel tot ontoegankelijkmaking "
                               "(art. 125p Sv; met machtiging van de rechter-commissaris).",
    LegalRoute.SOMMATIE: "Stuur een sommatie tot verwijdering (art. 6:162 BW).",
    LegalRoute.KORT_GEDING: "Dwing verwijdering af bij de civiele rechter (kort geding), met dwangsom en kosten.",
}


@dataclass(frozen=True)
class Terms:
    """How long a recipient gets: for manifestly illegal content, and for everything else."""

    manifest: timedelta = timedelta(hours=24)
    other: timedelta = timedelta(days=7)

    def __post_init__(self) -> None:
        if self.manifest <= timedelta(0) or self.other <= timedelta(0):
            raise ValueError("terms must be positive")

    def for_(self, manifest: bool) -> timedelta:
        return self.manifest if manifest else self.other


@dataclass(frozen=True)
class Reminder:
    at: datetime
    fraction: float
    action: ActionKind
    due_at: datetime
    text: str


@dataclass(frozen=True)
class Deadline:
    action: ActionKind
    platform: str
    started_at: datetime
    due_at: datetime
    manifest: bool
    reminder_fractions: tuple[float, ...] = (0.5, 0.9)

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", ActionKind(self.action))
        object.__setattr__(self, "started_at", utc(self.started_at, "started_at"))
        object.__setattr__(self, "due_at", utc(self.due_at, "due_at"))
        if self.due_at <= self.started_at:
            raise ValueError("a deadline must fall after its start")

    @property
    def term(self) -> timedelta:
        return self.due_at - self.started_at

    def expired(self, clock: Clock) -> bool:
        return clock.now() >= self.due_at

    def remaining(self, clock: Clock) -> timedelta:
        return max(self.due_at - clock.now(), timedelta(0))

    def elapsed_fraction(self, clock: Clock) -> float:
        return min(max((clock.now() - self.started_at) / self.term, 0.0), 1.0)

    def reminders(self) -> tuple[Reminder, ...]:
        out = []
        for f in self.reminder_fractions:
            at = self.started_at + self.term * f
            left = self.due_at - at
            text = (f"Herinnering: de termijn voor {ACTION_NAMES[self.action]} ({self.platform or 'onbekend platform'}) "
                    f"is voor {round(f * 100)}% verstreken; nog {format_duration(left)}, tot "
                    f"{format_time(self.due_at)}.")
            out.append(Reminder(at, f, self.action, self.due_at, text))
        return tuple(out)

    def due_reminders(self, clock: Clock, sent: Iterable[float] = ()) -> list[Reminder]:
        """Reminders whose time has come and that were not sent yet; none once the deadline has passed
        (then it is time for `suggest_escalation`)."""
        now = clock.now()
        if now >= self.due_at:
            return []
        done = {round(f, 6) for f in sent}
        return [r for r in self.reminders() if r.at <= now and round(r.fraction, 6) not in done]

    def to_dict(self) -> dict[str, Any]:
        return {"action": str(self.action), "platform": self.platform, "started_at": iso(self.started_at),
                "due_at": iso(self.due_at), "manifest": self.manifest,
                "reminders": [iso(r.at) for r in self.reminders()]}


def _default_ladders() -> dict[str, tuple[Step, ...]]:
    # a Telegram post sits on Telegram's own servers under t.me: no separate host or registrar to ask
    return {"telegram": (Step.POSTER, Step.PLATFORM)}


@dataclass(frozen=True)
class DeadlinePolicy:
    """Terms per (action, platform), ``"*"`` matching any; the most specific entry wins:
    (action, platform), (action, *), (*, platform), then `default`."""

    default: Terms = field(default_factory=Terms)
    terms: Mapping[tuple[str, str], Terms] = field(default_factory=dict)
    reminder_fractions: tuple[float, ...] = (0.5, 0.9)
    ladders: Mapping[str, tuple[Step, ...]] = field(default_factory=_default_ladders)

    def __post_init__(self) -> None:
        fr = tuple(sorted(self.reminder_fractions))
        if any(not 0 < f < 1 for f in fr):
            raise ValueError("reminder fractions must lie strictly between 0 and 1")
        object.__setattr__(self, "reminder_fractions", fr)
        object.__setattr__(self, "terms", {(str(a), p.lower()): t for (a, p), t in self.terms.items()})
        object.__setattr__(self, "ladders", {p.lower(): tuple(Step(s) for s in steps)
                                             for p, steps in self.ladders.items()})
        for steps in self.ladders.values():
            if not steps or list(steps) != sorted(steps, key=LADDER.index):
                raise ValueError("a ladder lists steps in the order poster, platform, hosting provider, registrar")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> DeadlinePolicy:
        """From plain data (JSON, TOML)::

            {"default": {"manifest_hours": 24, "other_hours": 168},
             "terms": {"dsa_notice": {"telegram": {"manifest_hours": 24, "other_hours": 72}},
                       "*": {"x": {"manifest_hours": 12, "other_hours": 48}}},
             "reminders": [0.5, 0.9],
             "ladders": {"telegram": ["plaatser", "platform"]}}
        """
        def terms(d: Mapping[str, Any]) -> Terms:
            return Terms(timedelta(hours=float(d["manifest_hours"])), timedelta(hours=float(d["other_hours"])))

        table: dict[tuple[str, str], Terms] = {}
        for action, per_platform in (config.get("terms") or {}).items():
            if action != ANY:
                ActionKind(action)  # unknown actions are an error, not silently ignored
            for platform, t in per_platform.items():
                table[(action, platform)] = terms(t)
        kwargs: dict[str, Any] = {"terms": table}
        if "default" in config:
            kwargs["default"] = terms(config["default"])
        if "reminders" in config:
            kwargs["reminder_fractions"] = tuple(float(f) for f in config["reminders"])
        if "ladders" in config:
            kwargs["ladders"] = {p: tuple(Step(s) for s in steps) for p, steps in config["ladders"].items()}
        return cls(**kwargs)

    def term(self, action: ActionKind | str, platform: str, manifest: bool) -> timedelta:
        a, p = str(ActionKind(action)), platform.lower()
        for key in ((a, p), (a, ANY), (ANY, p)):
            if key in self.terms:
                return self.terms[key].for_(manifest)
        return self.default.for_(manifest)

    def deadline(self, action: ActionKind | str, platform: str, *, manifest: bool, started_at: datetime) -> Deadline:
        start = utc(started_at, "started_at")
        return Deadline(ActionKind(action), platform, start, start + self.term(action, platform, manifest), manifest,
                        self.reminder_fractions)

    def start(self, action: ActionKind | str, platform: str, *, manifest: bool, clock: Clock) -> Deadline:
        """A deadline that starts now."""
        return self.deadline(action, platform, manifest=manifest, started_at=clock.now())

    def ladder(self, platform: str) -> tuple[Step, ...]:
        return self.ladders.get(platform.lower(), LADDER)


@dataclass(frozen=True)
class Escalation:
    expired: ActionKind
    expired_at: datetime
    next_step: Step | None
    next_action: ActionKind | None
    legal_routes: tuple[LegalRoute, ...]
    text: str  # Dutch, for the case handler

    def to_dict(self) -> dict[str, Any]:
        return {"expired": str(self.expired), "expired_at": iso(self.expired_at),
                "next_step": str(self.next_step) if self.next_step else None,
                "next_action": str(self.next_action) if self.next_action else None,
                "legal_routes": [str(r) for r in self.legal_routes], "text": self.text}


def suggest_escalation(deadline: Deadline, clock: Clock, policy: DeadlinePolicy, *, criminal: bool,
                       poster_known: bool, aangifte_done: bool = False,
                       steps_done: Iterable[Step] = ()) -> Escalation | None:
    """What to do now that `deadline` has passed without result; None while it is still running.

    ``criminal``: the content is (suggested to be) a criminal offence; ``poster_known``: the poster's
    identity is known (else a civil summons goes to the platform); ``steps_done``: ladder steps already
    taken (they are skipped)."""
    if not deadline.expired(clock):
        return None
    done = set(steps_done)
    ladder = policy.ladder(deadline.platform)
    next_step: Step | None = None
    current = ACTION_STEP.get(deadline.action)
    if current is not None:
        done.add(current)
        after = ladder[ladder.index(current) + 1:] if current in ladder else ladder
        next_step = next((s for s in after if s not in done), None)
    routes: list[LegalRoute] = []
    if criminal and not aangifte_done:
        routes.append(LegalRoute.AANGIFTE)
    if criminal and deadline.action != ActionKind.VORDERING_125P:
        routes.append(LegalRoute.VORDERING_125P)
    if deadline.action == ActionKind.SOMMATIE:
        routes.append(LegalRoute.KORT_GEDING)
    else:
        routes.append(LegalRoute.SOMMATIE)
    lines = [f"De termijn voor {ACTION_NAMES[deadline.action]} is verstreken op {format_time(deadline.due_at)}."]
    if next_step is not None:
        lines.append("Volgende stap: " + STEP_TEXT[next_step])
    elif current is not None:
        lines.append("De notice-and-takedown-ladder is doorlopen voor dit platform.")
    if routes:
        lines.append("Juridische wegen:")
        for r in routes:
            text = ROUTE_TEXT[r]
            if r == LegalRoute.SOMMATIE:
                text = text[:-1] + (" aan de plaatser." if poster_known
                                    else " aan het platform of de hostingprovider (de plaatser is onbekend).")
            lines.append(f"- {text}")
    return Escalation(deadline.action, deadline.due_at, next_step, STEP_ACTION.get(next_step) if next_step else None,
                      tuple(routes), "\n".join(lines))
