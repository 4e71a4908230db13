"""Connector throughput into a ListSink (no scanning): how fast each connector reads and hands over, and
what a durable position save costs. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_connectors.py [--messages 100000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from doxwacht.ingest.connectors import PositionStore, Runner
from doxwacht.ingest.connectors.feeds import FeedConnector
from doxwacht.ingest.connectors.folder import FolderConnector
from doxwacht.ingest.connectors.mastodon import MastodonConnector
from doxwacht.ingest.sink import ListSink
from tests.test_connectors_support import LoopbackServer

TEXT = "Die wethouder woont op de Dorpsstraat 12 in Voorbeeld, bel 06-12345678. Ga maar eens langs."


def timed(label: str, n: int, fn) -> None:
    t0 = time.perf_counter()
    got = fn()
    dt = time.perf_counter() - t0
    print(f"{label:<42} {got:>8} berichten in {dt:6.2f} s = {got / dt:>9,.0f} berichten/s")
    assert got == n, (got, n)


def bench_folder(tmp: Path, n: int) -> None:
    d = tmp / "inbox"
    d.mkdir()
    files = 10
    for f in range(files):
        with open(d / f"deel{f}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"id": f"{f}-{i}", "text": TEXT}) + "\n" for i in range(n // files))

    def run() -> int:
        sink = ListSink()
        Runner(FolderConnector(d, PositionStore(tmp / "folder.json"), settle=0), sink, interval=0).run(once=True)
        return len(sink.records)

    timed(f"folder ({files} JSONL-bestanden, batches van 1000)", n, run)


def bench_feed(tmp: Path, entries: int, rounds: int) -> None:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    items = "".join(f"<item><title>Bericht {i}</title><guid>id-{i}</guid><pubDate>"
                    f"{format_datetime(now - timedelta(minutes=i))}</pubDate><description><![CDATA[<p>{TEXT}</p>]]>"
                    f"</description></item>" for i in range(entries))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    with LoopbackServer() as server:
        server.routes["/rss"] = lambda p, q, h: (200, {"Content-Type": "application/rss+xml"}, body)

        def run() -> int:
            total = 0
            for r in range(rounds):
                sink = ListSink()
                Runner(FeedConnector([server.url + "/rss"], PositionStore(tmp / f"rss{r}.json")), sink,
                       interval=0).run(once=True)
                total += len(sink.records)
            return total

        timed(f"rss ({rounds} x feed van {entries} items, loopback)", rounds * entries, run)


def bench_mastodon(tmp: Path, statuses: int) -> None:
    page = [{"id": str(10_000 + i), "created_at": "2026-11-23T08:00:00Z", "content": f"<p>{TEXT}</p>",
             "account": {"acct": "a"}, "tags": [], "media_attachments": []} for i in range(statuses)]

    def route(p, q, h):
        after = int(q["min_id"][0]) if "min_id" in q else None
        limit = int(q["limit"][0])
        sel = [s for s in page if after is None or int(s["id"]) > after]
        sel = sel[:limit]
        return 200, {"Content-Type": "application/json"}, json.dumps(sel[::-1]).encode()

    with LoopbackServer() as server:
        server.routes["/api/v1/timelines/public"] = route
        state = PositionStore(tmp / "m.json")
        state.save({f"mastodon:{server.url.removeprefix('http://')}/public": {"min_id": "9999"}})

        def run() -> int:
            sink = ListSink()
            Runner(MastodonConnector(server.url, state), sink, interval=0).run(once=True)
            return len(sink.records)

        timed(f"mastodon ({statuses} statussen, pagina's van 40)", statuses, run)


def bench_position(tmp: Path, n: int = 200) -> None:
    store = PositionStore(tmp / "pos.json")
    t0 = time.perf_counter()
    for i in range(n):
        store.save({"rss:https://x": {"seen": [str(j) for j in range(i, i + 2000)]}})
    dt = (time.perf_counter() - t0) / n
    print(f"{'positie bewaren (2000 ids, fsync + rename)':<42} {dt * 1000:6.2f} ms per keer")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        bench_folder(tmp, args.messages)
        bench_feed(tmp, 500, 10)
        bench_mastodon(tmp, 4000)
        bench_position(tmp)


if __name__ == "__main__":
    main()
