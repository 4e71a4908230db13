"""Read models of the console: the paginated alert queue, the statistics, and the message text with its
findings and intent spans marked (masked or not). Plain functions over a store session; the routes in
`app.py` render them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from doxwacht.response.masking import find_unmasked, mask_value
from doxwacht.store.models import Case, CaseAction, EvidenceRecord, Message

PAGE_SIZE = 50
CLOSED = "afgesloten"
OVERDUE_STATES = ("open", "verlopen")


# ---------------------------------------------------------------------- queue
@dataclass(frozen=True)
class QueueRow:
    code: str
    severity: int
    level: str
    category: str
    platform: str
    status: str
    opened_at: datetime
    protected: bool
    overdue: bool


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int


# Built once: the queue is read on every console view, and building a statement costs more than running it.
_OPEN_COUNT = select(func.count(Case.id)).where(Case.status != CLOSED)
_QUEUE = (select(Case.id, Case.code, Case.severity, Case.level, Case.category, Case.platform, Case.status,
                 Case.opened_at, Case.protected)
          .where(Case.status != CLOSED)
          .order_by(Case.severity.desc(), Case.opened_at.asc(), Case.id.asc())  # the partial index ix_case_queue
          .limit(bindparam("size")).offset(bindparam("skip")))
# by case id (its index: a few rows per case); state and deadline are checked on those rows
_ACTIONS_OF = select(CaseAction.case_id, CaseAction.status, CaseAction.due_at).where(
    CaseAction.case_id.in_(bindparam("ids", expanding=True)))


def queue_page(s: Session, now: datetime, page: int = 1, size: int = PAGE_SIZE) -> QueuePage:
    """Open cases, highest severity first, then the oldest; one page of them with their overdue flags.
    Only the columns shown are read, and the overdue flags in one query for the page."""
    total = s.scalar(_OPEN_COUNT) or 0
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = s.execute(_QUEUE, {"size": size, "skip": (page - 1) * size}).all()
    ids = [r.id for r in rows]
    late = {cid for cid, state, due in s.execute(_ACTIONS_OF, {"ids": ids})
            if state in OVERDUE_STATES and due is not None and due < now} if ids else set()
    return QueuePage([QueueRow(r.code, r.severity, r.level, r.category, r.platform, r.status, r.opened_at,
                               bool(r.protected), r.id in late) for r in rows], total, page, pages)


# ---------------------------------------------------------------------- statistics
@dataclass
class Statistics:
    open_cases: int = 0
    closed_cases: int = 0
    overdue_actions: int = 0
    messages: int = 0
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_platform: list[tuple[str, int]] = field(default_factory=list)
    by_level: list[tuple[str, int]] = field(default_factory=list)
    messages_per_day: list[tuple[str, int]] = field(default_factory=list)  # (YYYY-MM-DD, count), oldest first
    cases_per_day: list[tuple[str, int]] = field(default_factory=list)


LEVEL_ORDER = ("critical", "high", "medium", "low", "none")


def _counts(s: Session, column: Any, *where: Any) -> list[tuple[str, int]]:
    q = select(column, func.count()).group_by(column)
    for w in where:
        q = q.where(w)
    return sorted(((str(k if k is not None else "onbekend"), int(n)) for k, n in s.execute(q)),
                  key=lambda kv: (-kv[1], kv[0]))


def statistics(s: Session, now: datetime, days: int = 30) -> Statistics:
    st = Statistics()
    st.by_status = _counts(s, Case.status)
    st.closed_cases = sum(n for k, n in st.by_status if k == CLOSED)
    st.open_cases = sum(n for k, n in st.by_status if k != CLOSED)
    st.by_category = _counts(s, Case.category, Case.status != CLOSED)
    st.by_platform = _counts(s, Case.platform, Case.status != CLOSED)
    levels = dict(_counts(s, Message.level))
    st.by_level = [(lvl, levels.pop(lvl)) for lvl in LEVEL_ORDER if lvl in levels] + sorted(levels.items())
    st.messages = sum(n for _, n in st.by_level)
    st.overdue_actions = s.scalar(select(func.count(CaseAction.id)).where(
        CaseAction.status.in_(OVERDUE_STATES), CaseAction.due_at < now)) or 0
    st.messages_per_day = _per_day(s, Message.ingested_at, now, days)
    st.cases_per_day = _per_day(s, Case.opened_at, now, days)
    return st


def _per_day(s: Session, column: Any, now: datetime, days: int) -> list[tuple[str, int]]:
    """Counts per day (UTC) over the last `days` days, oldest first, grouped by the database."""
    start = (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    day = func.date(column)
    found = {str(d)[:10]: int(n) for d, n in s.execute(select(day, func.count()).where(column >= start).group_by(day))}
    keys = [(start + timedelta(days=i)).strftime("%Y-%m-%d") for i in range(days)]
    return [(k, found.get(k, 0)) for k in keys]


# ---------------------------------------------------------------------- marked text
@dataclass(frozen=True)
class Segment:
    text: str
    kinds: tuple[str, ...] = ()  # "gegeven" (a finding), "intentie"
    reasons: tuple[str, ...] = ()
    note: int | None = None  # number of the reason in the list under the text


def raw_text(s: Session, blobs: Any, message_id: int) -> str | None:
    """The message's original text from its secured evidence record, or None."""
    sha = s.scalar(select(EvidenceRecord.sha256).where(
        EvidenceRecord.message_id == message_id, EvidenceRecord.media_type == "application/json")
        .order_by(EvidenceRecord.id).limit(1))
    if sha is None:
        return None
    try:
        return str(json.loads(blobs.get(sha).decode("utf-8"))["text"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _finding_reason(f: Mapping[str, Any]) -> str:
    score = f.get("score")
    detail = ", ".join(x for x in (str(f.get("detector") or ""), f"zekerheid {score:.2f}" if isinstance(
        score, (int, float)) else "") if x)
    return f"Gegeven {f.get('label')}" + (f" ({detail})" if detail else "")


def _intent_reason(i: Mapping[str, Any]) -> str:
    extra = "; ".join(str(x) for x in (i.get("target"), i.get("crime")) if x)
    return f"Intentie {i.get('category')}: regel {i.get('rule')}" + (f" ({extra})" if extra else "")


def mark(text: str, findings: Iterable[Mapping[str, Any]], intent: Iterable[Mapping[str, Any]], *,
         masked: bool) -> list[Segment] | None:
    """The text cut into segments, findings and intent spans marked with their reasons. With `masked`
    every finding is replaced by its mask (as in `mask_excerpt`: the outer span wins); if an identifier
    would still be readable, None (the caller shows nothing rather than too much)."""
    n = len(text)
    spans = sorted(((int(f["start"]), int(f["end"]), f) for f in findings
                    if isinstance(f.get("start"), int) and isinstance(f.get("end"), int)
                    and 0 <= f["start"] < f["end"] <= n), key=lambda t: (t[0], -(t[1] - t[0])))
    atoms: list[tuple[int, int, Mapping[str, Any]]] = []
    pos = 0
    for a, b, f in spans:
        if a >= pos:
            atoms.append((a, b, f))
            pos = b
    intents = [(int(i["start"]), int(i["end"]), i) for i in intent
               if isinstance(i.get("start"), int) and isinstance(i.get("end"), int) and 0 <= i["start"] < i["end"] <= n]
    cuts = {0, n}
    for a, b, _ in atoms:
        cuts.update((a, b))
    inside = [(a, b) for a, b, _ in atoms]
    for a, b, _ in intents:
        for c in (a, b):
            if not any(x < c < y for x, y in inside):
                cuts.add(c)
    points = sorted(cuts)
    atom_at = {a: (b, f) for a, b, f in atoms}
    out: list[Segment] = []
    notes: dict[tuple[str, ...], int] = {}
    for a, b in pairwise(points):
        if a >= b:
            continue
        piece = text[a:b]
        kinds: list[str] = []
        reasons: list[str] = []
        if a in atom_at and atom_at[a][0] == b:
            f = atom_at[a][1]
            kinds.append("gegeven")
            reasons.append(_finding_reason(f))
            if masked:
                piece = mask_value(str(f.get("label")), piece)
        covering = [i for x, y, i in intents if x < b and y > a]
        if covering:
            kinds.append("intentie")
            reasons.extend(dict.fromkeys(_intent_reason(i) for i in covering))
        note = None
        if reasons:
            note = notes.setdefault(tuple(reasons), len(notes) + 1)
        out.append(Segment(piece, tuple(kinds), tuple(reasons), note))
    if masked and find_unmasked("".join(seg.text for seg in out)):
        return None
    return out


def notes_of(segments: Iterable[Segment]) -> list[tuple[int, tuple[str, ...]]]:
    """The numbered reasons under a marked text, each once."""
    seen: dict[int, tuple[str, ...]] = {}
    for seg in segments:
        if seg.note is not None:
            seen.setdefault(seg.note, seg.reasons)
    return sorted(seen.items())


def watchlist_reasons(verdict: Mapping[str, Any]) -> list[str]:
    """Watchlist matches of a message (stored without their place in the text) as reasons."""
    out = []
    for w in verdict.get("watchlist", ()) or ():
        out.append(f"Watchlist: persoon {w.get('person')}, soort {w.get('kind')}, sterkte {w.get('strength')}")
    return out
