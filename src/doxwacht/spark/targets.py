"""The targets of a scanned message, keyed as the case store keys them (`doxwacht.cases.ingest`), so
that a Spark summary row and a case of the same target carry the same key; never a plaintext name or
identifier:

* protected persons of the watchlist (strong matches): `watchlist:<public id>`, the register's opaque
  id (a case keys it `wl:<public id>`), with the register's pseudonymous label and its role group;
* otherwise one target: the first named person, else the first locating detail (one about a third
  party first), as `<role group>:<keyed hash>` (`doxwacht.cases.keys.keyed_hash`, HMAC-SHA256 under
  the store's salt: the very `target_key` of a case), labelled `Doelwit <first 6 of the hash>`;
* no name and no detail: `<role group>:kanaal`, labelled `Onbekend doelwit (<role group>)`.

Only messages whose verdict names a target or that match the watchlist get targets. The salt is the
store's (`cases.salt`, created there when missing, as the first ingest would) when a store is
configured (`--db`, DOXWACHT_DB, or a watchlist key, whose register is in the store); otherwise a
random salt for this run: keys are then pseudonymous and comparable within the run only. The salt
reaches the executors as a broadcast, like the watchlist key (`doxwacht.spark.shipping`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from doxwacht.cases.ingest import LOCATING  # the finding labels that locate a person
from doxwacht.cases.keys import ROLE_GROUPS, WATCHLIST_GROUPS, keyed_hash, normalise

PROTECTED_LABEL = "beschermd persoon"  # a watchlist person missing from the snapshot of labels


@dataclass(frozen=True)
class Target:
    key: str
    kind: str  # watchlist | identified | channel
    group: str  # role group (politie, journalist, burger, ...)
    label: str  # pseudonymous: the register's label, `Doelwit <hash>`, `Onbekend doelwit (<group>)`

    def as_row(self) -> tuple[str, str, str, str]:
        return (self.key, self.kind, self.group, self.label)  # not `astuple`, which deep-copies every field


class TargetKeying:
    """The salt and the watchlist persons' (role, label) by public id. `repr()` hides the salt."""

    __slots__ = ("_salt", "from_store", "persons")

    def __init__(self, salt: bytes, persons: Mapping[str, tuple[str, str]] | None = None, *,
                 from_store: bool = False) -> None:
        self._salt = salt
        self.persons = dict(persons or {})
        self.from_store = from_store

    @classmethod
    def for_this_run(cls) -> TargetKeying:
        """A random salt: keys comparable within one run only."""
        return cls(secrets.token_bytes(32))

    def targets(self, result: Mapping[str, Any]) -> list[Target]:
        """The targets of one scan result (`ScannedRecord.to_dict()`)."""
        verdict = result.get("verdict") or {}
        watch = result.get("watchlist") or ()
        if not verdict.get("targets") and not watch:
            return []
        out: dict[str, Target] = {}
        for w in watch:
            pid = w.get("person")
            if not pid or w.get("strength") == "weak":
                continue
            role, label = self.persons.get(pid, ("overig", PROTECTED_LABEL))
            out.setdefault(pid, Target(f"watchlist:{pid}", "watchlist", WATCHLIST_GROUPS.get(role, "burger"),
                                       label or PROTECTED_LABEL))
        if out:
            return list(out.values())
        named = verdict.get("targets") or ()
        group = next((ROLE_GROUPS.get(t.get("role"), "burger") for t in named if t.get("kind") == "role"), None)
        group = group or "burger"
        names = [t.get("name") for t in named if t.get("kind") == "person" and t.get("name")]
        if names:
            return [self._identified(group, keyed_hash(self._salt, "name", normalise(names[0])))]
        data = [f for f in result.get("findings") or () if f.get("label") in LOCATING]
        third = {d.get("start") for d in verdict.get("data") or () if d.get("disclosure") == "third_party"}
        data = [f for f in data if f.get("start") in third] or data
        if data:
            f = data[0]
            return [self._identified(group, keyed_hash(self._salt, f["label"], str(f.get("value") or "")))]
        return [Target(f"{group}:kanaal", "channel", group, f"Onbekend doelwit ({group})")]

    @staticmethod
    def _identified(group: str, digest: str) -> Target:
        return Target(f"{group}:{digest}", "identified", group, f"Doelwit {digest[:6]}")

    def __getstate__(self) -> tuple[bytes, dict[str, tuple[str, str]], bool]:
        return self._salt, self.persons, self.from_store

    def __setstate__(self, state: tuple[bytes, dict[str, tuple[str, str]], bool]) -> None:
        self._salt, self.persons, self.from_store = state

    def __repr__(self) -> str:
        where = "the store's salt" if self.from_store else "a salt for this run"
        return f"TargetKeying({where}, {len(self.persons)} watchlist persons)"

    __str__ = __repr__


def load_keying(db: str | None = None, key_file: str | None = None) -> TargetKeying:
    """The store's salt and watchlist persons when a store is configured (`db`, DOXWACHT_DB, or a
    watchlist key, as `load_payload` reads it), else a salt for this run."""
    from sqlalchemy import select

    from doxwacht.cases.keys import store_salt
    from doxwacht.store import Store
    from doxwacht.store.db import DB_ENV
    from doxwacht.store.models import WatchlistPerson
    from doxwacht.watchlist.keys import key_configured

    if db is None and not os.environ.get(DB_ENV) and key_file is None and not key_configured():
        return TargetKeying.for_this_run()
    with Store(db) as store, store.transaction(write=True) as s:
        salt = store_salt(store, s)
        persons = {pid: (role, label) for pid, role, label in s.execute(
            select(WatchlistPerson.public_id, WatchlistPerson.role, WatchlistPerson.label))}
    return TargetKeying(salt, persons, from_store=True)
