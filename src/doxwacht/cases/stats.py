"""Statistics over the store: counts per period, category, platform and target group; takedown rate and
median time to removal per platform; overdue actions. Aggregates only: no personal data."""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from doxwacht.store import Store
from doxwacht.store.models import Case, CaseAction, Message

PERIODS = ("day", "week", "month", "year")
TAKEDOWN_KINDS = ("verwijderverzoek", "dsa_notice", "sommatie", "vordering_125p")


def _period(dt: datetime, period: str) -> str:
    if period == "day":
        return dt.strftime("%Y-%m-%d")
    if period == "week":
        y, w, _ = dt.isocalendar()
        return f"{y}-W{w:02d}"
    if period == "year":
        return dt.strftime("%Y")
    return dt.strftime("%Y-%m")


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def compute(store: Store, *, period: str = "month", now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    with store.transaction() as s:
        messages = dict(s.execute(select(Message.level, func.count(Message.id)).group_by(Message.level)).all())
        per_period: Counter[str] = Counter()
        for (opened,) in s.execute(select(Case.opened_at)):
            per_period[_period(_aware(opened), period)] += 1
        by = {}
        for col, name in ((Case.category, "category"), (Case.platform, "platform"), (Case.target_group, "target_group"),
                          (Case.status, "status")):
            by[name] = dict(s.execute(select(col, func.count(Case.id)).group_by(col)).all())
        first_action = dict(s.execute(select(CaseAction.case_id, func.min(CaseAction.created_at)).where(
            CaseAction.kind.in_(TAKEDOWN_KINDS)).group_by(CaseAction.case_id)).all())
        acted: dict[str, int] = defaultdict(int)
        removed: dict[str, int] = defaultdict(int)
        hours: dict[str, list[float]] = defaultdict(list)
        if first_action:
            ids = list(first_action)
            for i in range(0, len(ids), 10000):
                for cid, plat, rem in s.execute(select(Case.id, Case.platform, Case.removed_at).where(
                        Case.id.in_(ids[i:i + 10000]))):
                    acted[plat] += 1
                    if rem is not None:
                        removed[plat] += 1
                        hours[plat].append((_aware(rem) - _aware(first_action[cid])).total_seconds() / 3600)
        takedown = {p: {"cases_with_action": acted[p], "removed": removed[p],
                        "rate": round(removed[p] / acted[p], 3) if acted[p] else None,
                        "median_hours_to_removal": round(statistics.median(hours[p]), 1) if hours[p] else None}
                    for p in sorted(acted)}
        overdue = s.scalar(select(func.count(CaseAction.id)).where(
            CaseAction.status.in_(("open", "verlopen")), CaseAction.due_at < now)) or 0
    return {"generated_at": now.isoformat(), "period": period, "messages": messages,
            "cases_total": sum(by["status"].values()), "cases_per_period": dict(sorted(per_period.items())),
            **{f"cases_by_{k}": v for k, v in by.items()}, "takedown": takedown, "overdue_actions": overdue}


def to_csv(stats: dict[str, Any]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["tabel", "sleutel", "waarde"])
    for key, value in stats.items():
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, dict):
                    for kk, vv in v.items():
                        w.writerow([key, f"{k}.{kk}", vv])
                else:
                    w.writerow([key, k, v])
        else:
            w.writerow([key, "", value])
    return out.getvalue()


def to_json(stats: dict[str, Any]) -> str:
    return json.dumps(stats, ensure_ascii=False, indent=2, sort_keys=True)


def plot(stats: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """PNG bar charts: cases per period, per category, per platform, per target group, takedown rate."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    charts = [("zaken_per_periode", "Zaken per periode", stats["cases_per_period"]),
              ("zaken_per_categorie", "Zaken per categorie", stats["cases_by_category"]),
              ("zaken_per_platform", "Zaken per platform", stats["cases_by_platform"]),
              ("zaken_per_doelgroep", "Zaken per doelgroep", stats["cases_by_target_group"]),
              ("verwijderpercentage", "Verwijderd na actie (aandeel) per platform",
               {p: (v["rate"] or 0) for p, v in stats["takedown"].items()})]
    paths = []
    for name, title, data in charts:
        fig, ax = plt.subplots(figsize=(7, 3.5))
        ax.bar([str(k) for k in data], list(data.values()), color="#1f4e79")
        ax.set_title(title)
        ax.tick_params(axis="x", rotation=30)
        fig.tight_layout()
        p = out / f"{name}.png"
        fig.savefig(p, dpi=100)
        plt.close(fig)
        paths.append(p)
    return paths
