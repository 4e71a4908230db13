"""Store benchmark: ingest throughput (read + scan with intent and verdict + store + evidence + cases) into
SQLite, and PostgreSQL when DOXWACHT_TEST_PG_URL is set; case list and statistics query times on a store
with many messages and 10,000 cases built synthetically in bulk.

    python bench/bench_store.py [--messages 20000] [--bulk-messages 200000] [--cases 10000]

Measured: ingest of --messages messages (msg/s of wall time, and msg/s of this process's CPU time, which
other load on the machine disturbs less); the 1,000,000-message figure is EXTRAPOLATED linearly from it.
Case list / stats: measured on the bulk store (median of 5 runs); `--bulk-messages 0` skips them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from doxwacht.cases import Ingestor
from doxwacht.cases import stats as st
from doxwacht.cases.service import CaseService
from doxwacht.ingest import read_inputs
from doxwacht.store import Store
from doxwacht.store.models import Case, Message

DOX = ["Die agent {n} woont op Lindelaan {h}, 7411 XB Deventer, bel 06-2143{h:04d}. We weten waar je woont",
       "Wethouder {n} woont Kerkstraat {h} Utrecht. Pak hem vanavond",
       "Wie kent deze agent? Adres Dorpsstraat {h}, 1234 AB Zeist. Deel dit!"]
PLAIN = ["Mooi weer vandaag in {n}", "Wie gaat er mee naar de wedstrijd zaterdag? {h}",
         "Hahaha dit is echt te gek, kijk dit filmpje {h}", "Morgen om {h} uur verzamelen bij het station"]
NAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]


def corpus(path: Path, n: int) -> Path:
    rnd = random.Random(7)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            tpl = rnd.choice(DOX) if i % 10 == 0 else rnd.choice(PLAIN)
            f.write(json.dumps({"id": str(i), "channel": f"kanaal{i % 50}", "platform": "telegram",
                                "url": f"https://t.me/kanaal{i % 50}/{i}",
                                "text": tpl.format(n=rnd.choice(NAMES), h=rnd.randint(1, 999))}) + "\n")
    return path


def bench_ingest(store: Store, src: Path, n: int, ev: Path) -> tuple[float, float]:
    """(msg/s of wall time, msg/s of CPU time)."""
    from doxwacht.cli.app import make_engine

    engine = make_engine(threshold=0.5, max_chars=1_000_000)
    t, c = time.perf_counter(), time.process_time()
    stats = Ingestor(store, engine, user="bench", evidence_dir=ev).ingest(read_inputs([src]))
    dt, dc = time.perf_counter() - t, time.process_time() - c
    assert stats.stored == n, stats
    return n / dt, n / dc


def bulk(store: Store, n_messages: int, n_cases: int) -> None:
    rnd = random.Random(3)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with store.transaction(write=True) as s:
        s.execute(text("INSERT INTO ingest_run (started_at, actor, tool_version, detector_versions, analyzers, counts) "
                       "VALUES (:t, 'bench', '0', '{}', '{}', '{}')"), {"t": now})
        run_id = s.execute(text("SELECT max(id) FROM ingest_run")).scalar()
    rows = []
    for i in range(n_messages):
        lvl = rnd.choice(("none", "none", "personal_data", "hostile", "doxing"))
        rows.append({"source": "bulk", "platform": rnd.choice(("telegram", "x", "instagram", "tiktok")),
                     "channel": f"k{i % 500}", "message_key": str(i), "url": None,
                     "posted_at": now - timedelta(minutes=i), "ingested_at": now, "run_id": run_id,
                     "text_sha256": "0" * 64, "text_length": 80, "level": lvl, "severity": rnd.randint(0, 100),
                     "category": "doxing", "gtpa": False, "findings": [], "intent": [], "verdict": {}})
    for i in range(0, len(rows), 20000):
        with store.transaction(write=True) as s:
            s.execute(Message.__table__.insert(), [{**r, "chat": r.pop("channel")} for r in rows[i:i + 20000]])
    statuses = ("nieuw", "in behandeling", "actie uitgezet", "verwijderd", "afgesloten")
    cases = []
    for i in range(n_cases):
        opened = now - timedelta(hours=rnd.randint(0, 24 * 365))
        cases.append({"code": f"DW-2025-{i + 1:06d}", "group_key": f"g{i}", "target_key": f"politie:{i:024x}",
                      "target_group": rnd.choice(("politie", "politicus", "bestuurder", "burger", "journalist")),
                      "target_label": f"Doelwit {i:06x}", "protected": False, "targets": [],
                      "category": rnd.choice(("doxing", "bedreiging", "haat")), "level": "doxing",
                      "severity": rnd.randint(40, 100), "source": "bulk", "platform": rnd.choice(("telegram", "x")),
                      "chat": f"k{i % 500}", "platforms": [], "status": rnd.choice(statuses),
                      "message_count": 1, "opened_at": opened, "updated_at": opened, "first_seen": opened,
                      "last_seen": opened, "removed_at": None, "closed_at": None, "decision": None,
                      "assignee": None})
    with store.transaction(write=True) as s:
        s.execute(Case.__table__.insert(), cases)


def timed(fn, runs: int = 5) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--bulk-messages", type=int, default=200000)
    ap.add_argument("--cases", type=int, default=10000)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dw-bench-"))
    src = corpus(tmp / "corpus.jsonl", a.messages)
    backends = [("sqlite", str(tmp / "ingest.db"))]
    if os.environ.get("DOXWACHT_TEST_PG_URL"):
        backends.append(("postgresql", os.environ["DOXWACHT_TEST_PG_URL"]))
    print(f"# doxwacht store bench ({a.messages} messages ingested; 1,000,000 EXTRAPOLATED)")
    for name, url in backends:
        if name == "postgresql":
            from tests.test_cases_support import reset_pg_schema

            reset_pg_schema(url)
        store = Store(url)
        rate, cpu_rate = bench_ingest(store, src, a.messages, tmp / f"ev-{name}")
        print(f"ingest {name:10s}: {rate:8.0f} msg/s measured ({cpu_rate:.0f} msg per CPU-second of this "
              f"process); 1,000,000 messages ~ {1e6 / rate / 60:.1f} min (extrapolated)")
        store.close()
        if not a.bulk_messages:
            continue
        for name2, url2 in [(name, url)]:
            if name2 == "postgresql":
                reset_pg_schema(url2)
                store = Store(url2)
            else:
                store = Store(tmp / "bulk.db")
            t = time.perf_counter()
            bulk(store, a.bulk_messages, a.cases)
            print(f"bulk {name2:12s}: {a.bulk_messages} messages + {a.cases} cases inserted in "
                  f"{time.perf_counter() - t:.1f} s")
            svc = CaseService(store)
            print(f"case list  {name2:10s}: {timed(lambda svc=svc: svc.list(limit=50, user='bench')):7.1f} ms "
                  f"(top 50 of {a.cases}, measured)")
            print(f"case list  {name2:10s}: {timed(lambda svc=svc: svc.list(status='nieuw', limit=50, user='bench')):7.1f} ms "
                  "(status filter, measured)")
            print(f"stats      {name2:10s}: {timed(lambda store=store: st.compute(store)):7.1f} ms (measured)")
            store.close()
            if name2 == "postgresql":
                reset_pg_schema(url2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
