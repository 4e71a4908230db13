"""The case policy: declarative rules saying which verdicts open a case, which join an open one, and how
messages are grouped into one case per campaign. Recorded (id, version, hash) on every case event."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LEVELS = ("none", "personal_data", "hostile", "doxing")
GROUP_FIELDS = ("target", "source", "platform", "channel")

DEFAULT_POLICY: dict[str, Any] = {
    "id": "standaard",
    "version": 1,
    # a message opens a case (or joins the open case of its group) when one of these rules matches
    "open": [
        {"id": "doxing", "level": "doxing"},
        {"id": "hostile40", "level": "hostile", "min_severity": 40},
    ],
    # a message that opens nothing still joins an OPEN case of its group when one of these matches
    "join": [{"id": "hostile", "level": "hostile"}],
    "group_by": ["target", "source", "platform", "channel"],
}


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    min_severity: int = 0
    watchlist: bool | None = None  # True: only with a watchlist match

    def matches(self, level: str, severity: int, watchlist: bool) -> bool:
        if LEVELS.index(level) < LEVELS.index(self.level) or severity < self.min_severity:
            return False
        return self.watchlist is None or self.watchlist == watchlist


@dataclass(frozen=True)
class CasePolicy:
    id: str = "standaard"
    version: int = 1
    open: tuple[Rule, ...] = ()
    join: tuple[Rule, ...] = ()
    group_by: tuple[str, ...] = GROUP_FIELDS
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> CasePolicy:
        def rules(items: Any, name: str) -> tuple[Rule, ...]:
            out = []
            for i, r in enumerate(items or ()):
                level = r.get("level", "doxing")
                if level not in LEVELS:
                    raise ValueError(f"zaakbeleid: regel {name}[{i}]: onbekend niveau {level!r}")
                out.append(Rule(str(r.get("id", f"{name}{i}")), level, int(r.get("min_severity", 0)),
                                r.get("watchlist")))
            return tuple(out)

        group_by = tuple(config.get("group_by", GROUP_FIELDS))
        unknown = set(group_by) - set(GROUP_FIELDS)
        if unknown or "target" not in group_by:
            raise ValueError(f"zaakbeleid: group_by moet 'target' bevatten en mag alleen {GROUP_FIELDS} noemen")
        return cls(str(config.get("id", "eigen")), int(config.get("version", 1)), rules(config.get("open"), "open"),
                   rules(config.get("join"), "join"), group_by, dict(config))

    @classmethod
    def default(cls) -> CasePolicy:
        return cls.from_config(DEFAULT_POLICY)

    @classmethod
    def load(cls, path: str | Path | None) -> CasePolicy:
        if path is None:
            return cls.default()
        return cls.from_config(json.loads(Path(path).read_text(encoding="utf-8")))

    @property
    def hash(self) -> str:
        return hashlib.sha256(json.dumps(self.raw, sort_keys=True).encode()).hexdigest()[:16]

    def stamp(self, rule: str | None = None) -> dict[str, Any]:
        """What each case event records about the policy that applied."""
        d: dict[str, Any] = {"id": self.id, "version": self.version, "hash": self.hash}
        if rule:
            d["rule"] = rule
        return d

    def opening_rule(self, level: str, severity: int, watchlist: bool) -> Rule | None:
        return next((r for r in self.open if r.matches(level, severity, watchlist)), None)

    def joining_rule(self, level: str, severity: int, watchlist: bool) -> Rule | None:
        return self.opening_rule(level, severity, watchlist) or next(
            (r for r in self.join if r.matches(level, severity, watchlist)), None)

    def group_key(self, target: str, source: str, platform: str, channel: str) -> str:
        parts = {"target": target, "source": source, "platform": platform, "channel": channel}
        raw = "\x1f".join(f"{f}={parts[f]}" for f in self.group_by)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]
