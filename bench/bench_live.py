"""Live benchmark: end-to-end latency from publish to stored verdict at a fixed offered load, and the
throughput of one and two `doxwacht worker` processes, printed side by side.

    python bench/bench_live.py [--rate 1000] [--seconds 10] [--messages 6000] [--batch 100]

Needs `redis-server` on PATH (Debian's package) and the `live` extra. Everything runs on this machine: a
throw-away redis-server on a unix socket, SQLite stores in a temporary folder, workers as subprocesses
(`python -m doxwacht.cli worker`, console alerts off). Messages are the realistic Telegram-like corpus of
`bench/corpus.py` (about 12% with personal data).

Latency: a paced publisher offers `--rate` messages/s for `--seconds` (a pipelined XADD every 10 ms) to
one worker; a message's latency is its `ingested_at` in the store (set when its batch is written, after
the scan) minus the wall time just before its XADD. Reported: p50, p99 and max, and the rate actually
stored; if the worker cannot keep up, the latency grows with the queue and the table says so.

Throughput: `--messages` messages published at once to 1 worker, then (fresh stream and store) to 2
workers of one consumer group; time from the first XADD to the last message stored.

CPU: the workers' CPU time (user + system, from getrusage of the reaped worker processes) per run, less
the CPU time of a worker that starts and stops without work (imports, engine), as messages per worker
CPU-second: other load on the machine changes it far less than the wall-clock figures. Waiting for the
disk (fsync) is not CPU time: the wall-clock figures show that part.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CorpusGenerator

from doxwacht.ingest.records import Record
from doxwacht.ingest.sink import record_to_fields
from doxwacht.live.stream import RedisStreamSink, connect

STREAM = "doxwacht:in"
GROUP = "doxwacht"


def records(n: int, prefix: str) -> list[Record]:
    gen = CorpusGenerator().messages()
    out = []
    for i in range(n):
        m = next(gen)
        out.append(Record(id=f"{prefix}{i}", text=m["text"], source="bench", location=f"bench:{i}", format="jsonl",
                          meta={"channel": f"kanaal{i % 20}", "platform": "telegram", "date": m.get("date")}))
    return out


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    exe = shutil.which("redis-server")
    if exe is None:
        sys.exit("bench_live: redis-server not installed (apt-get install redis-server)")
    sock = folder / "redis.sock"
    proc = subprocess.Popen([exe, "--port", "0", "--unixsocket", str(sock), "--save", "", "--appendonly", "no",
                             "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"unix://{sock}"
    for _ in range(400):
        try:
            connect(url).ping()
            return proc, url
        except Exception:  # noqa: BLE001
            time.sleep(0.05)
    proc.kill()
    sys.exit("bench_live: redis-server did not start")


def start_workers(n: int, url: str, db: Path, batch: int, name: str) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "DOXWACHT_DB": str(db), "DOXWACHT_USER": "bench", "DOXWACHT_REDIS_URL": url}
    env.pop("DOXWACHT_WATCHLIST_KEY", None)
    env.pop("DOXWACHT_WATCHLIST_KEY_FILE", None)
    procs = [subprocess.Popen([sys.executable, "-m", "doxwacht.cli", "worker", "--consumer", f"{name}{i}",
                               "--batch", str(batch), "--block-ms", "100", "--no-console-alerts", "-q"],
                              env=env, stderr=subprocess.PIPE) for i in range(n)]
    client = connect(url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # ready: every worker has made its first read in the group
        try:
            names = {c["name"].decode() for c in client.xinfo_consumers(STREAM, GROUP)}
        except Exception:  # noqa: BLE001 - group not there yet
            names = set()
        if all(f"{name}{i}" in names for i in range(n)):
            return procs
        if any(p.poll() is not None for p in procs):
            sys.exit("bench_live: a worker died: " + b"".join(p.stderr.read() for p in procs if p.stderr).decode())
        time.sleep(0.05)
    sys.exit("bench_live: workers did not start")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()


def stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM message").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def wait_stored(db: Path, n: int, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stored(db) >= n:
            return time.monotonic()
        time.sleep(0.02)
    raise SystemExit(f"bench_live: only {stored(db)} of {n} stored within {timeout:.0f} s")


def children_cpu() -> float:
    """CPU seconds of the reaped child processes so far (the workers, once stopped)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def latency(url: str, folder: Path, rate: int, seconds: float, batch: int, idle: float) -> dict[str, float]:
    connect(url).flushall()
    db = folder / f"latency{rate}.db"
    cpu0 = children_cpu()
    procs = start_workers(1, url, db, batch, f"lat{rate}-")
    client = connect(url)
    msgs = records(int(rate * seconds), f"lat{rate}-")
    published: dict[str, float] = {}
    tick = 0.01
    per_tick = rate * tick
    start = time.monotonic()
    sent = 0
    k = 0
    try:
        while sent < len(msgs):
            k += 1
            due = min(len(msgs), int(round(k * per_tick)))
            pipe = client.pipeline(transaction=False)
            now = time.time()
            for r in msgs[sent:due]:
                published[r.id] = now
                pipe.xadd(STREAM, record_to_fields(r))
            pipe.execute()
            sent = due
            pause = start + k * tick - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        offered_s = time.monotonic() - start
        wait_stored(db, len(msgs), timeout=max(120.0, seconds * 20))
    finally:
        stop(procs)
    cpu = children_cpu() - cpu0 - idle
    con = sqlite3.connect(db)
    rows = con.execute("SELECT message_key, ingested_at FROM message").fetchall()
    con.close()
    lat = []
    for key, at in rows:
        t = datetime.fromisoformat(at)
        stamp = t.timestamp() if t.tzinfo else t.replace(tzinfo=__import__("datetime").UTC).timestamp()
        lat.append((stamp - published[key]) * 1000)
    times = sorted(datetime.fromisoformat(at) for _, at in rows)
    span = (times[-1] - times[0]).total_seconds() or 1e-9
    return {"messages": len(rows), "offered_rate": len(msgs) / offered_s, "stored_rate": len(rows) / span,
            "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "max_ms": max(lat), "cpu_rate": len(rows) / cpu}


def startup_cpu(url: str, folder: Path, batch: int) -> float:
    """CPU seconds of one worker that starts, reads nothing and stops."""
    connect(url).flushall()
    cpu0 = children_cpu()
    stop(start_workers(1, url, folder / "idle.db", batch, "idle-"))
    return children_cpu() - cpu0


def throughput(url: str, folder: Path, workers: int, n: int, batch: int, idle: float) -> tuple[float, float]:
    """(msg/s, messages per worker CPU-second)."""
    connect(url).flushall()
    db = folder / f"throughput{workers}.db"
    cpu0 = children_cpu()
    procs = start_workers(workers, url, db, batch, f"t{workers}-")
    msgs = records(n, f"t{workers}-")
    try:
        t0 = time.monotonic()
        RedisStreamSink(url, STREAM).put(msgs)
        t1 = wait_stored(db, n, timeout=600)
    finally:
        stop(procs)
    return n / (t1 - t0), n / (children_cpu() - cpu0 - workers * idle)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=int, default=1000, help="offered load for the latency run (messages/s)")
    ap.add_argument("--seconds", type=float, default=10.0, help="length of the latency run")
    ap.add_argument("--also-rate", type=int, default=200,
                    help="a second latency run at this lower load (0: none), to show latency without a queue")
    ap.add_argument("--messages", type=int, default=6000, help="messages for each throughput run")
    ap.add_argument("--batch", type=int, default=100, help="worker --batch")
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="dw-bench-live-"))
    redis_proc, url = start_redis(folder)
    try:
        idle = startup_cpu(url, folder, args.batch)
        lats = [latency(url, folder, args.rate, args.seconds, args.batch, idle)]
        if args.also_rate:
            lats.append(latency(url, folder, args.also_rate, args.seconds, args.batch, idle))
        one, one_cpu = throughput(url, folder, 1, args.messages, args.batch, idle)
        two, two_cpu = throughput(url, folder, 2, args.messages, args.batch, idle)
    finally:
        redis_proc.terminate()
        redis_proc.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"doxwacht live bench: {os.cpu_count()} CPUs, batch {args.batch}, corpus bench/corpus.py, SQLite store; "
          f"msg/CPU-s: per CPU-second of the workers, less {idle:.1f} s start-up each")
    print()
    print(f"latency, publish -> stored verdict, 1 worker, {args.seconds:.0f} s of offered load:")
    print(f"  {'offered':>10} {'stored':>10} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'msg/CPU-s':>10}")
    for lat in lats:
        flag = "  (queue built up: worker slower than offered)" if lat["stored_rate"] < 0.95 * lat["offered_rate"] else ""
        print(f"  {lat['offered_rate']:>6.0f}/s {lat['stored_rate']:>8.0f}/s {lat['p50_ms']:>9.1f} {lat['p99_ms']:>9.1f} "
              f"{lat['max_ms']:>9.1f} {lat['cpu_rate']:>10.0f}{flag}")
    print()
    print(f"throughput, {args.messages} messages published at once (msg/CPU-s: per CPU-second of the workers):")
    print(f"  {'workers':>8} {'msg/s':>10} {'vs 1':>6} {'msg/CPU-s':>10}")
    print(f"  {1:>8} {one:>10.0f} {1.0:>6.2f} {one_cpu:>10.0f}")
    print(f"  {2:>8} {two:>10.0f} {two / one:>6.2f} {two_cpu:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
