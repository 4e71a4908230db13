"""Terminal view of the "intent" and "verdict" entries of a scan record (Rich), for the table output.

    from doxwacht.verdict.render import render_intent_verdict
    console.print(render_intent_verdict(result.to_dict()))

Works on the JSON record (dicts) as well as on a `ScanResult.to_dict()`.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

LEVEL_STYLE = {"none": "green", "personal_data": "yellow", "hostile": "bold red", "doxing": "bold white on red"}
LEVEL_NL = {"none": "geen", "personal_data": "persoonsgegevens", "hostile": "vijandig", "doxing": "doxing"}
CATEGORY_NL = {"THREAT": "bedreiging", "CALL_TO_ACTION": "oproep", "INCITEMENT": "opruiing", "HATE": "haat",
               "SEXUAL_EXPOSURE": "exposen", "INSULT": "belediging", "PROFANITY": "gevloek"}


def _target_text(t: dict[str, Any]) -> str:
    kind = t.get("kind")
    if kind == "watchlist":
        s = f"watchlist: {t.get('person', '')}"
    elif kind == "role":
        s = t.get("label", t.get("role", ""))
    elif kind == "person":
        s = t.get("name", "")
    elif kind == "group":
        s = f"groep: {t.get('label', '')}"
    else:
        s = t.get("label", "")
    return s + (" (publieke taak)" if t.get("public_task") else "")


def verdict_lines(record: dict[str, Any]) -> list[str]:
    """Plain-text lines (Dutch) for logs and tests."""
    out: list[str] = []
    v = record.get("verdict")
    if v:
        head = f"oordeel: {LEVEL_NL.get(v.get('level'), v.get('level'))} (ernst {v.get('severity', '?')}/100"
        head += ", GTPA)" if v.get("gtpa") else ")"
        out.append(head)
        if v.get("targets"):
            out.append("doelwit: " + "; ".join(_target_text(t) for t in v["targets"]))
        if v.get("disclosure") and v["disclosure"] != "none":
            out.append("gegevens: " + {"third_party": "van een ander", "self": "eigen gegevens",
                                        "organisation": "van een organisatie"}.get(v["disclosure"], v["disclosure"]))
        out += [f"- {r}" for r in v.get("reasons", [])]
        for q in v.get("qualifications", []):
            out.append(f"{q['article']} ({q['name']})")
            out += [f"  ✓ {m}" for m in q.get("met", [])]
            out += [f"  ? {t}" for t in q.get("te_beoordelen", [])]
    for h in record.get("intent", []) or []:
        h = h if isinstance(h, dict) else h.to_dict()
        out.append(f"{CATEGORY_NL.get(h['category'], h['category'])} {h['score']:.2f} "
                   f"[{h['start']}:{h['end']}] {h.get('text', '')!r} ({h['rule']})")
    return out


def render_intent_verdict(record: dict[str, Any]) -> Group:
    """A Rich renderable: the verdict headline, reasons, qualifications and the intent hits."""
    parts: list[Any] = []
    v = record.get("verdict")
    if v:
        head = Text()
        head.append(f" {LEVEL_NL.get(v['level'], v['level']).upper()} ", style=LEVEL_STYLE.get(v["level"], ""))
        head.append(f"  ernst {v['severity']}/100")
        if v.get("gtpa"):
            head.append("  GTPA", style="bold magenta")
        if v.get("targets"):
            head.append("  doelwit: " + "; ".join(_target_text(t) for t in v["targets"]), style="cyan")
        parts.append(head)
        for r in v.get("reasons", []):
            parts.append(Text(f"  • {r}"))
        for q in v.get("qualifications", []):
            t = Text(f"  {q['article']} ", style="bold")
            t.append(f"({q['name']})")
            parts.append(t)
            for m in q.get("met", []):
                parts.append(Text(f"      ✓ {m}", style="green"))
            for x in q.get("te_beoordelen", []):
                parts.append(Text(f"      ? {x}", style="yellow"))
    hits = record.get("intent") or []
    if hits:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col in ("categorie", "score", "tekst", "regel"):
            table.add_column(col)
        for h in hits:
            h = h if isinstance(h, dict) else h.to_dict()
            table.add_row(CATEGORY_NL.get(h["category"], h["category"]), f"{h['score']:.2f}",
                          Text(h.get("text", "")), h["rule"])
        parts.append(table)
    return Group(*parts)
