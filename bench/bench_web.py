"""Loopback load test of the web layer: the report form (GET and POST) and the console queue, against a
real uvicorn server (one process) on SQLite holding 100,000 messages and 10,000 cases (seeded with bulk
inserts through the store's tables), 20 concurrent clients (httpx, async). Bounded in request count and
time. Prints p50/p95/p99 and requests/s per page against the floor p95 < 150 ms.

    .venv/bin/python bench/bench_web.py                       # the issue's sizes
    .venv/bin/python bench/bench_web.py --messages 20000 --cases 2000 --requests 200   # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing as mp
import random
import re
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

FLOOR_P95_MS = 150.0
PASSWORD = "bench-wachtwoord-123"
REPORT_TEXT = ("Iemand zet mijn adres online: Jan de Vries, Lindelaan 14, 7411 XB Deventer, 06-21436587. "
               "We weten waar je woont.")
LEVELS = [("critical", 9), ("high", 7), ("medium", 5), ("low", 3), ("none", 0)]
PLATFORMS = ["telegram", "x", "facebook", "instagram", "tiktok"]
STATUSES = ["nieuw", "in behandeling", "wacht op reactie", "afgesloten"]


def seed(db: str, n_messages: int, n_cases: int, now: datetime) -> float:
    """Bulk-insert messages, cases (each with ~10 messages linked), actions and one analyst account."""
    from sqlalchemy import insert

    from doxwacht.store import Store
    from doxwacht.store.models import Case, CaseAction, CaseMessage, IngestRun, Message
    from doxwacht.web.security import add_user

    t0 = time.perf_counter()
    rng = random.Random(7)
    store = Store(db)
    with store.transaction(write=True) as s:
        run = IngestRun(started_at=now, finished_at=now, actor="bench", tool_version="bench",
                        detector_versions={}, analyzers={}, counts={})
        s.add(run)
        s.flush()
        run_id = run.id
        add_user(s, "anna", PASSWORD, "analist", now)
    chunk = 10_000
    for start in range(0, n_messages, chunk):
        rows = []
        for i in range(start, min(n_messages, start + chunk)):
            level, sev = LEVELS[rng.randrange(len(LEVELS))]
            at = now - timedelta(minutes=rng.randrange(60 * 24 * 60))
            rows.append({"source": "bench", "platform": PLATFORMS[i % len(PLATFORMS)], "channel": f"kanaal-{i % 500}",
                         "message_key": str(i), "url": None, "posted_at": at, "ingested_at": at, "run_id": run_id,
                         "text_sha256": hashlib.sha256(str(i).encode()).hexdigest(), "text_length": 120,
                         "level": level, "severity": sev, "category": "doxing" if sev else None, "gtpa": False,
                         "findings": [{"label": "ADDRESS", "start": 10, "end": 30, "score": 0.9}],
                         "intent": [], "verdict": {"level": level, "severity": sev}})
        with store.transaction(write=True) as s:
            s.execute(insert(Message), rows)
    cases, links, actions = [], [], []
    for i in range(1, n_cases + 1):
        level, sev = LEVELS[rng.randrange(len(LEVELS) - 1)]
        at = now - timedelta(minutes=rng.randrange(60 * 24 * 60))
        status = STATUSES[rng.randrange(len(STATUSES))]
        cases.append({"id": i, "code": f"DW-{now.year}-{i:06d}", "group_key": f"bench:{i}", "target_key": f"t{i}",
                      "target_group": "burger", "target_label": f"persoon {i}", "protected": i % 50 == 0,
                      "targets": [], "category": "doxing", "level": level, "severity": sev, "source": "bench",
                      "platform": PLATFORMS[i % len(PLATFORMS)], "channel": f"kanaal-{i % 500}",
                      "platforms": [PLATFORMS[i % len(PLATFORMS)]], "status": status, "message_count": 10,
                      "opened_at": at, "updated_at": at})
        for k in range(10):
            mid = (i * 10 + k) % max(1, n_messages) + 1
            links.append({"case_id": i, "message_id": mid})
        if i % 5 == 0:
            actions.append({"case_id": i, "kind": "verwijderverzoek", "created_at": at, "created_by": "bench",
                            "platform": "telegram", "manifest": False, "due_at": at + timedelta(days=2),
                            "status": "open"})
    with store.transaction(write=True) as s:
        s.execute(insert(Case), cases)
        for start in range(0, len(links), chunk):
            s.execute(insert(CaseMessage), links[start:start + chunk])
        s.execute(insert(CaseAction), actions)
    return time.perf_counter() - t0


def serve(db: str, port: int) -> None:
    import uvicorn

    from doxwacht.intent import IntentAnalyzer
    from doxwacht.pipeline import Engine
    from doxwacht.verdict import VerdictAnalyzer
    from doxwacht.web import Settings, create_app

    engine = Engine(threshold=0.5, max_chars=40_000, analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    app = create_app(Settings(db=db, secret_key="bench-secret", engine=engine))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    if not m:
        raise RuntimeError("geen CSRF-token in de pagina")
    return m.group(1)


async def client_setup(base: str, login: bool):
    import httpx

    c = httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False)
    if login:
        page = await c.get("/inloggen")
        r = await c.post("/inloggen", data={"csrf": csrf(page.text), "username": "anna", "password": PASSWORD})
        if r.status_code != 303:
            raise RuntimeError(f"inloggen mislukt: {r.status_code}")
        token = csrf((await c.get("/console")).text)
    else:
        token = csrf((await c.get("/melden")).text)
    return c, token


async def run_page(base: str, name: str, clients: int, total: int, max_seconds: float) -> dict:
    login = name == "GET /console"
    setups = [await client_setup(base, login) for _ in range(clients)]
    latencies: list[float] = []
    errors = 0
    left = total
    deadline = time.perf_counter() + max_seconds

    async def worker(c, token) -> None:
        nonlocal left, errors
        while left > 0 and time.perf_counter() < deadline:
            left -= 1
            t = time.perf_counter()
            if name == "GET /melden":
                r = await c.get("/melden")
                ok = r.status_code == 200
            elif name == "POST /melden":
                r = await c.post("/melden", data={"csrf": token, "what": REPORT_TEXT, "links": "https://t.me/x/1",
                                                  "platform": "telegram", "reporter": "zelf", "contact_kind": "geen",
                                                  "contact": "", "consent": "ja"})
                ok = r.status_code == 200 and "Uw melding is ontvangen" in r.text
            else:
                r = await c.get("/console")
                ok = r.status_code == 200 and "open zaken" in r.text
            latencies.append((time.perf_counter() - t) * 1000)
            errors += not ok

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(c, tok) for c, tok in setups))
    wall = time.perf_counter() - t0
    for c, _ in setups:
        await c.aclose()
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [latencies[0]] * 99
    return {"page": name, "n": len(latencies), "errors": errors, "p50": q[49], "p95": q[94], "p99": q[98],
            "rps": len(latencies) / wall if wall else 0.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="requests per page (upper bound)")
    ap.add_argument("--max-seconds", type=float, default=60.0, help="time limit per page")
    ap.add_argument("--db", help="database file (default: a temporary folder)")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-web-")
    db = args.db or str(Path(tmp.name) / "bench.db")
    now = datetime.now(UTC)
    took = seed(db, args.messages, args.cases, now)
    print(f"seeded {args.messages:,} messages and {args.cases:,} cases in {took:.1f} s ({db})")
    port = free_port()
    proc = mp.get_context("spawn").Process(target=serve, args=(db, port), daemon=True)
    proc.start()
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(base + "/melden", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            print("server did not start", file=sys.stderr)
            return 1
        results = []
        for page in ("GET /melden", "POST /melden", "GET /console"):
            asyncio.run(run_page(base, page, min(args.clients, 4), 20, 30))  # warm-up
            results.append(asyncio.run(run_page(base, page, args.clients, args.requests, args.max_seconds)))
    finally:
        proc.terminate()
        proc.join(10)
    print(f"{args.clients} concurrent clients, uvicorn (1 process) on SQLite, loopback; floor p95 < {FLOOR_P95_MS:.0f} ms")
    print(f"{'page':<14} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}  floor")
    fails = 0
    for r in results:
        ok = r["p95"] < FLOOR_P95_MS and r["errors"] == 0
        fails += not ok
        print(f"{r['page']:<14} {r['n']:>8} {r['errors']:>6} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} "
              f"{r['rps']:>7.1f}  {'ok' if ok else 'MISSED'}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
