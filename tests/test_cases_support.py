"""Shared helpers for the case, ingest-store and audit tests (no tests here).

PostgreSQL: the tests run on PostgreSQL too when DOXWACHT_TEST_PG_URL is set. With CI=true they FAIL
when the URL is missing or the server unreachable, instead of being skipped quietly."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from doxwacht.store import Store
from doxwacht.store.db import resolve_url

PG_URL = os.environ.get("DOXWACHT_TEST_PG_URL")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pg_problem() -> str | None:
    if not PG_URL:
        return "DOXWACHT_TEST_PG_URL not set"
    try:
        eng = create_engine(resolve_url(PG_URL), connect_args={"connect_timeout": 5})
        with eng.connect() as c:
            c.execute(text("SELECT 1"))
        eng.dispose()
    except Exception as err:  # noqa: BLE001
        return f"PostgreSQL at DOXWACHT_TEST_PG_URL unreachable: {type(err).__name__}: {err}"
    return None


PG_PROBLEM = _pg_problem()


def pg_guard() -> None:
    """Skip without PostgreSQL; fail instead when CI=true."""
    if PG_PROBLEM:
        if IN_CI:
            pytest.fail(f"CI=true but {PG_PROBLEM}")
        pytest.skip(PG_PROBLEM)


def reset_pg_schema(url: str | None) -> None:
    eng = create_engine(resolve_url(url))
    with eng.begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    eng.dispose()


BACKENDS = ["sqlite", "postgresql"]


def make_store(backend: str, tmp_path: Path) -> Store:
    if backend == "sqlite":
        return Store(tmp_path / "dw.db")
    pg_guard()
    reset_pg_schema(PG_URL)
    return Store(PG_URL)


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

DOX = ("Die agent Jan de Vries woont op Lindelaan 14, 7411 XB Deventer, bel 06-21436587. "
       "We weten waar je woont")
DOX2 = "Nogmaals: agent Jan de Vries, Lindelaan 14 Deventer. Pak hem vanavond, we weten waar je woont"
OTHER = "Wethouder Piet Bakker woont op Kerkstraat 3, 1234 AB Utrecht. We weten waar je woont, pas maar op"
HARMLESS = "Mooi weer vandaag in Deventer"
PII = ("Jan de Vries", "Lindelaan", "21436587", "Piet Bakker", "Kerkstraat")


def jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def campaign(path: Path, channel: str = "expose_nl", n_harmless: int = 1) -> Path:
    rows = [
        {"id": "1", "channel": channel, "platform": "telegram", "url": f"https://t.me/{channel}/1",
         "date": "2026-03-01T10:00:00Z", "text": DOX},
        {"id": "2", "channel": channel, "platform": "telegram", "url": f"https://t.me/{channel}/2",
         "date": "2026-03-01T11:00:00Z", "text": DOX2},
        {"id": "3", "channel": channel, "platform": "telegram", "url": f"https://t.me/{channel}/3",
         "date": "2026-03-01T12:00:00Z", "text": OTHER},
    ]
    rows += [{"id": f"h{i}", "channel": channel, "platform": "telegram", "text": HARMLESS} for i in range(n_harmless)]
    return jsonl(path, rows)


def full_engine():
    from doxwacht.intent import IntentAnalyzer
    from doxwacht.pipeline import Engine
    from doxwacht.verdict import VerdictAnalyzer

    return Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
