"""Loopback load test of the web layer: the report form (GET and POST) and the console queue, against a
real uvicorn server in its own process (1 or more workers) on SQLite holding 100,000 messages and 10,000
cases (seeded with bulk inserts through the store's tables). The load comes from a separate process (this
one): a lean HTTP/1.1 keep-alive client on raw asyncio sockets, so the load generator costs the server as
little CPU as possible. Two modes, both bounded in request count and time:

- closed loop: 20 clients, each sends its next request as soon as the previous answer is in (the most
  load 20 clients can make; latency = queueing + service);
- paced: 20 clients, each sending at a fixed rate (default 2 requests/s each, 40/s together), a realistic
  rate for people filling in forms and analysts paging the queue. Latency is counted from the time a
  request was due, so a server that falls behind is not flattered (no coordinated omission).

Prints p50/p95/p99, requests/s and the server's CPU time per request (all its processes, from /proc: a
figure that load from other jobs on the machine disturbs far less than latency) per page and mode against the
floor p95 < 150 ms.

    .venv/bin/python bench/bench_web.py                       # the issue's sizes
    .venv/bin/python bench/bench_web.py --messages 20000 --cases 2000 --requests 200 --paced-seconds 5
    .venv/bin/python bench/bench_web.py --db /tmp/bench.db    # seeds it if empty, else uses it as it is
    .venv/bin/python bench/bench_web.py --workers 2           # two server processes
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

FLOOR_P95_MS = 150.0
PASSWORD = "bench-wachtwoord-123"
SECRET = "bench-secret"
REPORT_TEXT = ("Iemand zet mijn adres online: Jan de Vries, Lindelaan 14, 7411 XB Deventer, 06-21436587. "
               "We weten waar je woont.")
LEVELS = [("critical", 9), ("high", 7), ("medium", 5), ("low", 3), ("none", 0)]
PLATFORMS = ["telegram", "x", "facebook", "instagram", "tiktok"]
STATUSES = ["nieuw", "in behandeling", "wacht op reactie", "afgesloten"]
PAGES = ("GET /melden", "POST /melden", "GET /console")


# ---------------------------------------------------------------------- seeding
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
    store.close()
    return time.perf_counter() - t0


def seeded(db: str) -> bool:
    import sqlite3

    if not Path(db).is_file():
        return False
    try:
        with sqlite3.connect(db) as c:
            return bool(c.execute("SELECT count(*) FROM cases").fetchone()[0])
    except sqlite3.Error:
        return False


# ---------------------------------------------------------------------- the server (its own process)
def app() -> object:
    """uvicorn factory: the app on BENCH_WEB_DB with a prebuilt scan engine (intent + verdict)."""
    from doxwacht.intent import IntentAnalyzer
    from doxwacht.pipeline import Engine
    from doxwacht.verdict import VerdictAnalyzer
    from doxwacht.web import Settings, create_app

    engine = Engine(threshold=0.5, max_chars=40_000, analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    return create_app(Settings(db=os.environ["BENCH_WEB_DB"], secret_key=SECRET, engine=engine))


def start_server(db: str, port: int, workers: int, plain: bool, log: Path) -> subprocess.Popen:
    code = ("import sys, uvicorn; sys.path.insert(0, sys.argv[1]); "
            "uvicorn.run('bench_web:app', factory=True, host='127.0.0.1', port=int(sys.argv[2]), "
            "workers=int(sys.argv[3]), log_level='warning', access_log=False, timeout_keep_alive=60, "
            "loop=sys.argv[4], http=sys.argv[5])")
    env = {**os.environ, "BENCH_WEB_DB": db}
    args = [sys.executable, "-c", code, str(Path(__file__).resolve().parent), str(port), str(workers),
            "asyncio" if plain else "auto", "h11" if plain else "auto"]
    return subprocess.Popen(args, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of the server process `pid` and its children (uvicorn's workers); None where
    /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, found = 0.0, False
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(name) == pid or int(fields[1]) == pid:  # the server or one of its workers
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------- a lean HTTP/1.1 client
class Conn:
    """One keep-alive connection with its own cookie jar; just enough HTTP/1.1 for these pages."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:
        try:
            return await self._request(method, path, form)
        except (asyncio.IncompleteReadError, ConnectionError):  # the server closed an idle connection: once more
            await self.close()
            return await self._request(method, path, form)

    async def _request(self, method: str, path: str, form: dict[str, str] | None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        body = urlencode(form).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.lower()
            if name == "content-length":
                length = int(value)
            elif name == "set-cookie":
                k, _, v = value.strip().split(";", 1)[0].partition("=")
                self.cookies[k] = v.strip('"')
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
            self.writer = None
        return status, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def csrf(html: bytes) -> str:
    m = re.search(rb'name="csrf" value="([^"]+)"', html)
    if not m:
        raise RuntimeError("geen CSRF-token in de pagina")
    return m.group(1).decode()


async def client(port: int, page: str) -> tuple[Conn, str]:
    c = Conn(port)
    if page == "GET /console":
        _, html = await c.request("GET", "/inloggen")
        status, _ = await c.request("POST", "/inloggen", {"csrf": csrf(html), "username": "anna", "password": PASSWORD})
        if status != 303:
            raise RuntimeError(f"inloggen mislukt: {status}")
        return c, csrf((await c.request("GET", "/console"))[1])
    return c, csrf((await c.request("GET", "/melden"))[1])


async def one(c: Conn, token: str, page: str) -> bool:
    if page == "GET /melden":
        status, _ = await c.request("GET", "/melden")
        return status == 200
    if page == "POST /melden":
        status, body = await c.request("POST", "/melden", {
            "csrf": token, "what": REPORT_TEXT, "links": "https://t.me/x/1", "platform": "telegram",
            "reporter": "zelf", "contact_kind": "geen", "contact": "", "consent": "ja"})
        return status == 200 and b"Uw melding is ontvangen" in body
    status, body = await c.request("GET", "/console")
    return status == 200 and b"open zaken" in body


def summary(mode: str, page: str, latencies: list[float], errors: int, wall: float) -> dict:
    if not latencies:
        return {"mode": mode, "page": page, "n": 0, "errors": errors, "p50": 0.0, "p95": 0.0, "p99": 0.0, "rps": 0.0}
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [latencies[0]] * 99
    return {"mode": mode, "page": page, "n": len(latencies), "errors": errors, "p50": q[49], "p95": q[94],
            "p99": q[98], "rps": len(latencies) / wall if wall else 0.0}


def measured(pid: int, run: Any) -> dict:
    """`run()`'s summary with the server's CPU milliseconds per request added (None without /proc)."""
    before = server_cpu_seconds(pid)
    result = run()
    after = server_cpu_seconds(pid)
    result["cpu_ms"] = ((after - before) * 1000 / result["n"]) if before is not None and after is not None and \
        result["n"] else None
    return result


async def closed_loop(port: int, page: str, clients: int, total: int, max_seconds: float) -> dict:
    setups = [await client(port, page) for _ in range(clients)]
    latencies: list[float] = []
    errors = 0
    left = total
    deadline = time.perf_counter() + max_seconds

    async def worker(c: Conn, token: str) -> None:
        nonlocal left, errors
        while left > 0 and time.perf_counter() < deadline:
            left -= 1
            t = time.perf_counter()
            ok = await one(c, token, page)
            latencies.append((time.perf_counter() - t) * 1000)
            errors += not ok

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(c, tok) for c, tok in setups))
    wall = time.perf_counter() - t0
    for c, _ in setups:
        await c.close()
    return summary("closed", page, latencies, errors, wall)


async def paced(port: int, page: str, clients: int, rate: float, seconds: float) -> dict:
    """Each client sends at `rate` per second (phases spread evenly); latency from the due time."""
    setups = [await client(port, page) for _ in range(clients)]
    latencies: list[float] = []
    errors = 0
    t0 = time.perf_counter() + 0.05
    per_client = max(1, int(seconds * rate))

    async def worker(i: int, c: Conn, token: str) -> None:
        nonlocal errors
        for k in range(per_client):
            due = t0 + (i / clients + k) / rate
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            ok = await one(c, token, page)
            latencies.append((time.perf_counter() - due) * 1000)
            errors += not ok

    await asyncio.gather(*(worker(i, c, tok) for i, (c, tok) in enumerate(setups)))
    wall = time.perf_counter() - t0
    for c, _ in setups:
        await c.close()
    return summary(f"paced {rate:g}/s", page, latencies, errors, wall)


async def warm_up(port: int, page: str) -> None:
    c, token = await client(port, page)
    for _ in range(10):
        await one(c, token, page)
    await c.close()


# ---------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="closed loop: requests per page (upper bound)")
    ap.add_argument("--max-seconds", type=float, default=30.0, help="closed loop: time limit per page")
    ap.add_argument("--rate", type=float, default=2.0, help="paced: requests per second per client")
    ap.add_argument("--paced-seconds", type=float, default=10.0, help="paced: seconds per page (bounds the count)")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--plain-server", action="store_true", help="uvicorn with asyncio + h11 (no uvloop/httptools)")
    ap.add_argument("--pages", default=",".join(PAGES), help="comma-separated, of: " + ", ".join(PAGES))
    ap.add_argument("--db", help="database file (default: a temporary folder); seeded only when it holds no cases")
    args = ap.parse_args()
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    for p in pages:
        if p not in PAGES:
            ap.error(f"onbekende pagina {p!r}")

    tmp = tempfile.TemporaryDirectory(prefix="bench-web-")
    db = args.db or str(Path(tmp.name) / "bench.db")
    if seeded(db):
        print(f"using the seeded database {db} as it is")
    else:
        took = seed(db, args.messages, args.cases, datetime.now(UTC))
        print(f"seeded {args.messages:,} messages and {args.cases:,} cases in {took:.1f} s ({db})")
    port = free_port()
    log = Path(tmp.name) / "server.log"
    load_before = os.getloadavg()
    proc = start_server(db, port, args.workers, args.plain_server, log)
    try:
        loop_policy = None
        try:
            import uvloop

            loop_policy = uvloop.EventLoopPolicy()
        except ImportError:
            pass
        if loop_policy is not None:
            asyncio.set_event_loop_policy(loop_policy)
        deadline = time.perf_counter() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.perf_counter() > deadline:
                    print("server did not start:\n" + log.read_text(errors="replace")[-2000:], file=sys.stderr)
                    return 1
                time.sleep(0.2)
        results = []
        for page in pages:
            for _ in range(max(2, args.workers * 2)):  # every worker process warm (its engine built, templates compiled)
                asyncio.run(warm_up(port, page))
            results.append(measured(proc.pid, lambda p=page: asyncio.run(
                closed_loop(port, p, args.clients, args.requests, args.max_seconds))))
            results.append(measured(proc.pid, lambda p=page: asyncio.run(
                paced(port, p, args.clients, args.rate, args.paced_seconds))))
    except Exception:
        print("server log (end):\n" + log.read_text(errors="replace")[-3000:], file=sys.stderr)
        raise
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
    load_after = os.getloadavg()
    server = "asyncio + h11" if args.plain_server else "auto (uvloop + httptools when installed)"
    print(f"{args.clients} clients; uvicorn {args.workers} process(es), {server}; SQLite; loopback; "
          f"client in a separate process; floor p95 < {FLOOR_P95_MS:.0f} ms")
    print(f"load average (1 min) before {load_before[0]:.1f}, after {load_after[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'mode':<11} {'page':<14} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'req/s':>7} {'CPU ms/req':>10}  floor")
    fails = 0
    for r in results:
        ok = r["p95"] < FLOOR_P95_MS and r["errors"] == 0 and r["n"] > 0
        fails += not ok
        cpu = f"{r['cpu_ms']:>10.2f}" if r.get("cpu_ms") is not None else f"{'-':>10}"
        print(f"{r['mode']:<11} {r['page']:<14} {r['n']:>8} {r['errors']:>6} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['p99']:>8.1f} {r['rps']:>7.1f} {cpu}  {'ok' if ok else 'MISSED'}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
