"""Ingest: read, scan and store messages, secure their originals as evidence, and open or extend cases.

Messages are stored once per (source, platform, channel, message id) (a unique constraint); re-importing
an export adds nothing, and a run killed half-way and started again ends with every message exactly once:
each chunk of messages is scanned and committed in one transaction together with its evidence records
and case links, and messages already stored are skipped before scanning. Evidence blobs are written
(content-addressed, atomically) and made durable before the transaction commits (group commit: one
`syncfs` for the chunk's blobs, see `BlobStore.group_commit`), so a crash leaves at most an unreferenced
blob, which the next run reuses, and a committed message never points at a blob that is not on disk.

Per chunk the store costs a fixed number of round trips: one select for the keys already stored, one
INSERT ... RETURNING executed for all rows (a statement built once per `Ingestor`, so SQLAlchemy compiles it
once and sends the rows through "insertmanyvalues"), one select of the open cases the chunk's messages
may join, and one flush of the evidence records, case links and case events.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from doxwacht import __version__
from doxwacht.cases import audit
from doxwacht.cases.keys import ROLE_GROUPS, WATCHLIST_GROUPS, keyed_hash, normalise, store_salt
from doxwacht.cases.policy import CasePolicy
from doxwacht.evidence import BlobStore, Capturer
from doxwacht.ingest import Problem, Record, scan_records
from doxwacht.ingest.sink import SOURCE_META
from doxwacht.response.clock import Clock, SystemClock
from doxwacht.store import Store
from doxwacht.store.models import (Case, CaseEvent, CaseMessage, EvidenceRecord, IngestRun, Message,
                                   WatchlistPerson)

CHUNK = 512
LOCATING = ("ADDRESS", "POSTCODE", "PHONE", "EMAIL", "LICENSE_PLATE", "GEO_COORDINATE", "BSN",
            "DATE_OF_BIRTH", "IBAN", "SOCIAL_HANDLE", "IP_ADDRESS")
OPEN = "nieuw"


def default_evidence_dir(store: Store) -> Path:
    env = os.environ.get("DOXWACHT_EVIDENCE_DIR")
    if env:
        return Path(env)
    if store.path is not None:
        return store.path.with_name(store.path.name + ".evidence")
    return Path("doxwacht-evidence")


@dataclass(frozen=True)
class Identity:
    source: str
    platform: str
    channel: str
    message_key: str


def _first(meta: Mapping[str, Any], *names: str) -> Any:
    for n in names:
        v = meta.get(n)
        if v not in (None, ""):
            return v
    return None


# sink.TaggingSink puts the reader's name under SOURCE_META, so the key does not depend on the path
IDENTITY_META = ("platform", "chat_id", "channel", "chat", "group", SOURCE_META)  # what `identity` reads from meta


def identity(record: Record, *, source: str, platform: str | None, channel: str | None) -> Identity:
    meta = record.meta or {}
    plat = str(_first(meta, "platform") or platform or ("telegram" if record.format == "telegram" else "onbekend"))
    chan = str(_first(meta, "chat_id", "channel", "chat", "group") or channel or Path(record.source).stem)
    source = str(_first(meta, SOURCE_META) or source)  # set by whoever read it (connectors, publish): one key
    return Identity(source, plat.lower()[:64], chan[:200], str(record.id)[:200])


def _posted_at(meta: Mapping[str, Any]) -> datetime | None:
    v = _first(meta, "date", "posted_at", "timestamp", "created_at")
    if v is None:
        return None
    try:
        if isinstance(v, (int, float)):
            return datetime.fromtimestamp(float(v), UTC)
        dt = datetime.fromisoformat(str(v).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _scrub(lines: Iterable[str], res: Mapping[str, Any]) -> list[str]:
    """Qualification elements without personal data: names and finding texts replaced, lines that still
    hold an identifier dropped."""
    from doxwacht.response.masking import find_unmasked

    texts = {f.get("text") for f in res.get("findings", ()) if f.get("text")}
    texts |= {t.get("name") for t in (res.get("verdict") or {}).get("targets", ()) if t.get("name")}
    out = []
    for line in lines:
        for t in sorted(texts, key=len, reverse=True):
            line = line.replace(t, "[persoon]" if " " in t and not any(c.isdigit() for c in t) else "[gegevens]")
        if not find_unmasked(line):
            out.append(line)
    return out


def category_of(verdict: Mapping[str, Any], intent: Iterable[Mapping[str, Any]]) -> str:
    cats = {i.get("category") for i in intent}
    level = verdict.get("level", "none")
    rules = set(verdict.get("rules", ()))
    if "SEXUAL_EXPOSURE" in cats or any("sexual" in r for r in rules):
        return "seksuele_beelden"
    if level == "doxing":
        return "doxing"
    for cat, name in (("THREAT", "bedreiging"), ("INCITEMENT", "opruiing"), ("HATE", "haat"),
                      ("INSULT", "belediging")):
        if cat in cats:
            return name
    return "overig" if level in ("hostile", "doxing") else "geen"


@dataclass
class Target:
    key: str
    group: str
    label: str
    protected: bool
    kind: str  # watchlist | identified | channel

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "group": self.group, "label": self.label, "protected": self.protected,
                "kind": self.kind}


@dataclass
class IngestStats:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    problems: int = 0
    cases_opened: int = 0
    cases_extended: int = 0
    by_level: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Ingestor:
    """`Ingestor(store, engine).ingest(records)`: scan and store. `engine` is a `doxwacht.Engine` (with
    intent and verdict analyzers, and the watchlist when configured)."""

    def __init__(self, store: Store, engine: Any, *, user: str, policy: CasePolicy | None = None,
                 evidence_dir: str | Path | None = None, clock: Clock | None = None, source: str = "import",
                 platform: str | None = None, channel: str | None = None, chunk: int = CHUNK,
                 on_chunk: Callable[[IngestStats], None] | None = None, evidence_all: bool = False) -> None:
        self.store = store
        self.engine = engine
        self.user = user
        self.policy = policy or CasePolicy.default()
        self.blobs = BlobStore(evidence_dir or default_evidence_dir(store))
        self.clock: Clock = clock or SystemClock()
        self.capturer = Capturer(self.blobs, captured_by=user, clock=self.clock)
        self.source, self.platform, self.channel = source, platform, channel
        self.chunk = chunk
        self.evidence_all = evidence_all  # False: originals of messages without personal data are not kept
        self.on_chunk = on_chunk
        self.stats = IngestStats()
        self._run_id: int | None = None
        self._salt: bytes | None = None
        self._persons: dict[str, tuple[str, str]] = {}
        self._insert_stmt: Any = None
        self.last_ids: dict[Identity, int] = {}  # the last chunk's identities that are stored, with their ids

    # ------------------------------------------------------------------ run
    def _start(self) -> None:
        versions = dict(getattr(self.engine, "detector_versions", {}) or {})
        analyzers = [getattr(a, "key", type(a).__name__) for a in getattr(self.engine, "analyzers", ())]
        with self.store.transaction(write=True) as s:
            run = IngestRun(started_at=self.clock.now(), actor=self.user, tool_version=__version__,
                            detector_versions=versions, analyzers={"keys": analyzers}, counts={})
            s.add(run)
            s.flush()
            self._run_id = run.id
            self._salt = store_salt(self.store, s)
            self._persons = {p: (r, lbl) for p, r, lbl in s.execute(
                select(WatchlistPerson.public_id, WatchlistPerson.role, WatchlistPerson.label))}

    def _finish(self) -> None:
        with self.store.transaction(write=True) as s:
            run = s.get(IngestRun, self._run_id)
            if run is not None:
                run.finished_at = self.clock.now()
                run.counts = self.stats.to_dict()
            audit.record(self.store, s, actor=self.user, action="ingest.run", object_type="ingest_run",
                         object_id=str(self._run_id), details={k: v for k, v in self.stats.to_dict().items()
                                                               if k != "by_level"}, at=self.clock.now())

    def ingest(self, items: Iterable[Record | Problem],
               on_problem: Callable[[Problem], None] | None = None) -> IngestStats:
        self._start()
        buf: list[Record] = []
        for item in items:
            if isinstance(item, Problem):
                self.stats.problems += 1
                if on_problem:
                    on_problem(item)
                continue
            buf.append(item)
            if len(buf) >= self.chunk:
                self._chunk(buf, on_problem)
                buf = []
        if buf:
            self._chunk(buf, on_problem)
        self._finish()
        return self.stats

    # ------------------------------------------------------------------ long-running use (the live worker)
    def ingest_batch(self, records: list[Record], on_problem: Callable[[Problem], None] | None = None, *,
                     fresh: bool = False,
                     then: Callable[[Session, dict[Identity, int]], None] | None = None) -> dict[Identity, int]:
        """Scan and store one batch inside a run that stays open (one run per worker, not per batch);
        committed when this returns. Returns the batch's identities that are in the store now (stored by
        this call or before) with their message ids; a record missing there was not stored (a problem).
        `close_run` ends the run. `fresh`: the caller made the ids just now (random), so the look-up of ids
        already stored is skipped (a clash would still be refused by the unique index). `then(session,
        stored)` runs inside the batch's write transaction, after its messages, case links and evidence,
        with the identities this call stored: what it writes commits with them (or nothing does)."""
        if self._run_id is None:
            self._start()
        self._chunk(list(records), on_problem, fresh=fresh, then=then)
        return dict(self.last_ids)

    def close_run(self) -> None:
        """End the run `ingest_batch` opened (counts and the audit entry); nothing when none is open."""
        if self._run_id is not None:
            self._finish()
            self._run_id = None

    # ------------------------------------------------------------------ one chunk
    def _chunk(self, records: list[Record], on_problem: Callable[[Problem], None] | None, *, fresh: bool = False,
               then: Callable[[Session, dict[Identity, int]], None] | None = None) -> None:
        self.stats.read += len(records)
        ids = [identity(r, source=self.source, platform=self.platform, channel=self.channel) for r in records]
        existing: dict[Identity, int] = {}
        if not fresh:
            with self.store.transaction() as s:
                existing = self._existing(s, ids)
        self.last_ids = dict(existing)
        todo: list[tuple[Record, Identity]] = []
        seen: set[Identity] = set()
        for r, i in zip(records, ids):
            if i in existing or i in seen:
                self.stats.duplicates += 1
                continue
            seen.add(i)
            todo.append((r, i))
        if todo:
            by_key = {id(r): i for r, i in todo}
            rows = []
            with self.blobs.group_commit():  # the chunk's evidence blobs: one sync when the block ends
                for item in scan_records(self.engine, [r for r, _ in todo]):
                    if isinstance(item, Problem):
                        self.stats.problems += 1
                        if on_problem:
                            on_problem(item)
                        continue
                    rows.append(self._row(item, by_key[id(item.record)]))
            self._store(rows, then)  # only now, with the blobs durable, are rows referencing them committed
        if self.on_chunk:
            self.on_chunk(self.stats)

    def _existing(self, s: Session, ids: list[Identity]) -> dict[Identity, int]:
        """The identities among `ids` already stored, with their message ids."""
        keys = {i.message_key for i in ids}
        q = select(Message.id, Message.source, Message.platform, Message.channel, Message.message_key).where(
            Message.source.in_({i.source for i in ids}), Message.platform.in_({i.platform for i in ids}),
            Message.channel.in_({i.channel for i in ids}), Message.message_key.in_(keys))  # the unique index
        wanted = set(ids)
        found = {Identity(src, p, c, k): mid for mid, src, p, c, k in s.execute(q)}
        return {i: mid for i, mid in found.items() if i in wanted}

    def _row(self, item: Any, ident: Identity) -> dict[str, Any]:
        rec: Record = item.record
        res = item.result.to_dict()
        salt = self._salt or b""
        findings = [{"label": f["label"], "start": f["start"], "end": f["end"], "score": f["score"],
                     "detector": f["detector"], "hash": keyed_hash(salt, f["label"], str(f.get("value") or ""))}
                    for f in res.get("findings", ())]
        intent = [{k: i.get(k) for k in ("category", "rule", "score", "start", "end", "target", "crime")}
                  for i in res.get("intent", ()) or ()]
        v = res.get("verdict") or {}
        watch = [{"person": w.get("person"), "kind": w.get("kind"), "strength": w.get("strength")}
                 for w in res.get("watchlist", ()) or ()]
        targets = self._targets(v, watch, res.get("findings", ()))
        verdict = {
            "level": v.get("level", "none"), "severity": int(v.get("severity", 0) or 0),
            "disclosure": v.get("disclosure"), "gtpa": bool(v.get("gtpa")), "rules": list(v.get("rules", ())),
            "qualifications": [{"article": q.get("article"), "name": q.get("name"),
                                "met": _scrub(q.get("met", ()), res), "te_beoordelen": _scrub(q.get("te_beoordelen", ()), res)}
                               for q in v.get("qualifications", ())],
            "data": [{"label": d.get("label"), "disclosure": d.get("disclosure")} for d in v.get("data", ())],
            "targets": [t.to_dict() for t in targets], "watchlist": watch,
        }
        meta = rec.meta or {}
        raw = {"id": rec.id, "text": rec.text, "meta": dict(meta), "format": rec.format, "location": rec.location}
        capture = None
        if self.evidence_all or verdict["level"] != "none":
            capture = self.capturer.record(raw, rec.source if rec.source != "<stdin>" else "standaardinvoer")
        text_sha = hashlib.sha256(rec.text.encode("utf-8")).hexdigest()
        url = _first(meta, "url", "link", "permalink")
        return {
            "ident": ident, "url": str(url)[:500] if url else None, "posted_at": _posted_at(meta),
            "text_sha256": text_sha, "text_length": len(rec.text), "level": verdict["level"],
            "severity": verdict["severity"], "category": category_of(verdict, intent), "gtpa": verdict["gtpa"],
            "findings": findings, "intent": intent, "verdict": verdict, "targets": targets, "capture": capture,
        }

    def _person(self, pid: str) -> tuple[str, str]:
        """(role, label) of a watchlist person; one registered after the run started is looked up once."""
        got = self._persons.get(pid)
        if got is None:
            with self.store.transaction() as s:
                row = s.execute(select(WatchlistPerson.role, WatchlistPerson.label)
                                .where(WatchlistPerson.public_id == pid)).first()
            got = (row[0], row[1]) if row is not None else ("overig", "beschermd persoon")
            self._persons[pid] = got
        return got

    def _targets(self, v: Mapping[str, Any], watch: list[dict[str, Any]],
                 findings: Iterable[Mapping[str, Any]]) -> list[Target]:
        salt = self._salt or b""
        out: dict[str, Target] = {}
        for w in watch:
            pid = w.get("person")
            if not pid or w.get("strength") == "weak":
                continue
            role, label = self._person(pid)
            out.setdefault(f"wl:{pid}", Target(f"wl:{pid}", WATCHLIST_GROUPS.get(role, "burger"), label, True,
                                               "watchlist"))
        if out:
            return list(out.values())
        targets = v.get("targets", ()) or ()
        role = next((ROLE_GROUPS.get(t.get("role"), "burger") for t in targets if t.get("kind") == "role"), None)
        names = [t.get("name") for t in targets if t.get("kind") == "person" and t.get("name")]
        group = role or "burger"
        if names:
            h = keyed_hash(salt, "name", normalise(names[0]))
            return [Target(f"{group}:{h}", group, f"Doelwit {h[:6]}", False, "identified")]
        data = [f for f in findings if f.get("label") in LOCATING]
        third = {d.get("start") for d in v.get("data", ()) if d.get("disclosure") == "third_party"}
        data = [f for f in data if f.get("start") in third] or data
        if data:
            f = data[0]
            h = keyed_hash(salt, f["label"], str(f.get("value") or ""))
            return [Target(f"{group}:{h}", group, f"Doelwit {h[:6]}", False, "identified")]
        return [Target(f"{group}:kanaal", group, f"Onbekend doelwit ({group})", False, "channel")]

    # ------------------------------------------------------------------ store
    def _insert(self) -> Any:
        """INSERT ... ON CONFLICT DO NOTHING RETURNING for one message row, built once: executed with a
        list of rows it is compiled once (SQLAlchemy's statement cache) and sent in pages of many rows
        ("insertmanyvalues"), instead of a new multi-row VALUES statement compiled for every chunk size."""
        if self._insert_stmt is None:
            t = cast(Table, Message.__table__)
            dialect_insert = pg_insert if self.store.dialect == "postgresql" else sqlite_insert
            self._insert_stmt = dialect_insert(t).on_conflict_do_nothing(
                index_elements=["source", "platform", "chat", "message_key"]
            ).returning(t.c.id, t.c.source, t.c.platform, t.c.chat, t.c.message_key)
        return self._insert_stmt

    def _store(self, rows: list[dict[str, Any]],
               then: Callable[[Session, dict[Identity, int]], None] | None = None) -> None:
        if not rows:
            return
        now = self.clock.now()
        with self.store.transaction(write=True) as s:
            values = [{"source": r["ident"].source, "platform": r["ident"].platform, "chat": r["ident"].channel,
                       "message_key": r["ident"].message_key, "url": r["url"], "posted_at": r["posted_at"],
                       "ingested_at": now, "run_id": self._run_id, "text_sha256": r["text_sha256"],
                       "text_length": r["text_length"], "level": r["level"], "severity": r["severity"],
                       "category": r["category"], "gtpa": r["gtpa"], "findings": r["findings"],
                       "intent": r["intent"], "verdict": r["verdict"]} for r in rows]
            inserted = {Identity(src, p, c, k): mid for mid, src, p, c, k in s.execute(self._insert(), values)}
            self.stats.duplicates += len(rows) - len(inserted)
            if len(inserted) < len(rows):  # stored meanwhile by another worker: their ids, for last_ids
                self.last_ids.update(self._existing(s, [r["ident"] for r in rows if r["ident"] not in inserted]))
            self.last_ids.update(inserted)
            evidence = []
            open_cases = self._open_cases(s, [r for r in rows if r["ident"] in inserted])
            for r in rows:
                mid = inserted.get(r["ident"])
                if mid is None:
                    continue
                self.stats.stored += 1
                self.stats.by_level[r["level"]] = self.stats.by_level.get(r["level"], 0) + 1
                self._assign(s, mid, r, now, open_cases)
                if r["capture"] is None:
                    continue
                c = r["capture"].record
                evidence.append({"message_id": mid, "sha256": c.sha256, "size": c.size, "media_type": c.media_type,
                                 "kind": str(c.kind), "captured_at": c.captured_at, "source": c.source[:500],
                                 "captured_by": c.captured_by, "tool_version": c.tool_version})
            if evidence:
                s.execute(cast(Table, EvidenceRecord.__table__).insert(), evidence)
            if then is not None and inserted:
                then(s, inserted)

    # ------------------------------------------------------------------ cases
    def _open_cases(self, s: Session, rows: list[dict[str, Any]]) -> dict[str, Case]:
        """The open cases (by group key) the rows' targets could join, in one select."""
        keys = {self.policy.group_key(t.key, r["ident"].source, r["ident"].platform, r["ident"].channel)
                for r in rows for t in r["targets"]}
        if not keys:
            return {}
        out: dict[str, Case] = {}
        for case in s.scalars(select(Case).where(Case.group_key.in_(keys), Case.status != "afgesloten")
                              .order_by(Case.id)):
            out.setdefault(case.group_key, case)  # one open case per group key (a partial unique index)
        return out

    def _assign(self, s: Session, message_id: int, r: dict[str, Any], now: datetime,
                open_cases: dict[str, Case]) -> None:
        level, severity = r["level"], r["severity"]
        targets: list[Target] = r["targets"]
        protected = any(t.protected for t in targets)
        opening = self.policy.opening_rule(level, severity, protected)
        joining = opening or self.policy.joining_rule(level, severity, protected)
        if joining is None:
            return
        ident: Identity = r["ident"]
        seen_at = r["posted_at"] or now
        for t in targets:
            gk = self.policy.group_key(t.key, ident.source, ident.platform, ident.channel)
            case = open_cases.get(gk)
            if case is None:
                if opening is None:
                    continue
                case = Case(code=next_code(s, now), group_key=gk, target_key=t.key, target_group=t.group,
                            target_label=t.label, protected=t.protected, targets=[t.to_dict()],
                            category=r["category"], level=level, severity=severity, source=ident.source,
                            platform=ident.platform, channel=ident.channel, platforms=[ident.platform],
                            status=OPEN, message_count=0, opened_at=now, updated_at=now,
                            first_seen=seen_at, last_seen=seen_at)
                s.add(case)
                s.flush()  # its id, for the event and link below
                open_cases[gk] = case
                self.stats.cases_opened += 1
                s.add(CaseEvent(case_id=case.id, at=now, actor=self.user, kind="geopend",
                                text=f"Zaak geopend: {level}, ernst {severity}",
                                details={"message_id": message_id, "run_id": self._run_id},
                                policy=self.policy.stamp(opening.id)))
            else:
                self.stats.cases_extended += 1
                if _rank(level) > _rank(case.level):
                    case.level, case.category = level, r["category"]
                case.severity = max(case.severity, severity)
                case.first_seen = min(case.first_seen or seen_at, seen_at)
                case.last_seen = max(case.last_seen or seen_at, seen_at)
                case.updated_at = now
                s.add(CaseEvent(case_id=case.id, at=now, actor=self.user, kind="bericht_toegevoegd",
                                text=f"Bericht toegevoegd: {level}, ernst {severity}",
                                details={"message_id": message_id, "run_id": self._run_id},
                                policy=self.policy.stamp(joining.id)))
            case.message_count += 1
            s.add(CaseMessage(case_id=case.id, message_id=message_id))  # flushed with the chunk


def _rank(level: str) -> int:
    return ("none", "personal_data", "hostile", "doxing").index(level) if level in (
        "none", "personal_data", "hostile", "doxing") else 0


def next_code(s: Session, now: datetime) -> str:
    prefix = f"DW-{now.year}-"
    last = s.scalar(select(Case.code).where(Case.code.like(prefix + "%")).order_by(Case.code.desc()).limit(1))
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def iter_chunks(items: Iterable[Any], n: int) -> Iterator[list[Any]]:
    buf: list[Any] = []
    for x in items:
        buf.append(x)
        if len(buf) >= n:
            yield buf
            buf = []
    if buf:
        yield buf


DEFAULT_MIN_SCORE = 0.5  # the engine threshold of the places that scan and store at once (connect, API, worker)


def storing_ingestor(store: Store, engine: Any, *, user: str, source: str,
                     policy: CasePolicy | str | Path | None = None, evidence_dir: str | Path | None = None,
                     chunk: int = CHUNK) -> Ingestor:
    """The one `Ingestor` a long-running process that scans and stores at once builds (`doxwacht connect`
    without --redis, `POST /api/ingest`, `doxwacht worker`), so they agree on case policy and evidence
    directory. Feed it with `ingest_batch` (or through `StoringSink`) and call `close_run` at shutdown."""
    pol = policy if isinstance(policy, CasePolicy) else CasePolicy.load(policy)
    return Ingestor(store, engine, user=user, policy=pol, evidence_dir=evidence_dir, source=source, chunk=chunk)


class StoringSink:
    """A sink (`doxwacht.ingest.sink.Sink`) that scans and stores each batch with one `Ingestor` inside one
    open run (no run, person reload or audit entry per batch); `close` ends the run."""

    def __init__(self, ingestor: Ingestor, on_problem: Callable[[Problem], None] | None = None) -> None:
        self.ingestor = ingestor
        self.on_problem = on_problem

    def put(self, records: Iterable[Record]) -> int:
        batch = list(records)
        if batch:
            self.ingestor.ingest_batch(batch, on_problem=self.on_problem)
        return len(batch)

    def close(self) -> None:
        self.ingestor.close_run()
