"""Throughput of the whole scan with intent and verdict (floor: above 3 MB/s on one core).

Same corpus as the other benches (`bench/corpus.py`, Telegram-like Dutch), with 2% messages that dox
registered persons (`bench/bench_watchlist.py`) and 2% hostile messages from doxing_dev.jsonl. Five
configurations, best of alternating passes:

* PII detectors only,
* PII + watchlist,
* PII + watchlist + intent + verdict (the whole scan),
* PII + intent + verdict (what `doxwacht scan` runs by default without a watchlist: the watchlist's cost in it),
* intent + verdict alone (no detectors);

the whole scan and intent + verdict also without the learned second opinion (`VerdictAnalyzer(second_opinion=False)`),
side by side in the same passes.

    .venv/bin/python eval/intent/bench_intent.py [--mb 2] [--persons 5000] [--passes 3] [--batch 256] [--fresh 2] [--json out.json]

With --fresh N (default 2) the PII scan and the whole scan also run once over N other draws of the corpus: the passes
repeat the same messages, so every cache (words, names, the model's features) is warm for them; new messages cost more.
With --stream N the whole scan then reads N further draws in a row, as a long `doxwacht scan` does (the median and
the whole stream's MB/s).

The measuring runs under `StreamingGC`, the collector's settings `doxwacht scan` sets once it has read 2,000
messages (`doxwacht.pipeline.streaming_gc`); `--gc default` measures with CPython's own.

Exit status 0 when the whole scan is above the floor.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (ROOT, ROOT / "src"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from doxwacht import Engine  # noqa: E402
from doxwacht.detectors.registry import DetectorRegistry  # noqa: E402
from doxwacht.intent import IntentAnalyzer  # noqa: E402
from doxwacht.pipeline.streaming_gc import StreamingGC  # noqa: E402
from doxwacht.verdict import VerdictAnalyzer  # noqa: E402
from bench.machine import describe as describe_machine  # noqa: E402

FLOOR_MB_S = 3.0


def corpus(mb: float, persons: int):
    from bench.bench_watchlist import make_people

    people = make_people(persons)
    return people, draw(people, mb)


def draw(people, mb: float, n: int = 0) -> list[str]:
    """The corpus (n = 0), or another draw of it (n = 1, 2, ...: messages never scanned in the first)."""
    from bench.bench_watchlist import make_corpus

    texts = make_corpus(people, mb) if n == 0 else make_corpus(people, mb, seed=100 + n, corpus_seed=1000 + n)
    dev = [json.loads(x)["text"] for x in (HERE / "doxing_dev.jsonl").read_text(encoding="utf-8").splitlines()
           if x.strip()]
    r = random.Random(5 + n)
    for i in range(25, len(texts), 50):
        texts[i] = r.choice(dev)
    return texts


def watchlist(people):
    from doxwacht.store import Store
    from doxwacht.watchlist import Register, WatchlistAnalyzer, generate_key

    tmp = tempfile.mkdtemp(prefix="doxwacht-bench-intent-")
    register = Register(Store(os.path.join(tmp, "w.db")), generate_key())
    register.add_many(people, user="bench")
    return WatchlistAnalyzer(register.load_matcher())


def run(engine: Engine, texts: list[str], batch: int = 0) -> float:
    """CPU seconds of this process (steadier than wall time on a shared machine). With `batch`, the
    messages go through `Engine.scan_many` in batches of that size (as `doxwacht scan` reads them);
    without, one `Engine.scan` per message."""
    t0 = time.process_time()
    if batch:
        for r in engine.scan_many(texts, batch):
            r.to_dict()
    else:
        for t in texts:
            engine.scan(t).to_dict()
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--persons", type=int, default=5000)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--batch", type=int, default=0,
                    help="scan in batches of this many messages (Engine.scan_many); default one scan per message")
    ap.add_argument("--fresh", type=int, default=2, metavar="N",
                    help="also scan N other draws of the corpus once each (messages never scanned before, caches warm "
                         "from the passes), as a scanner of live channels sees them; the floor is judged on both "
                         "(default 2; 0: skip)")
    ap.add_argument("--stream", type=int, default=0, metavar="N",
                    help="then scan N further draws in a row with the whole scan (a long run: the caches keep growing)")
    ap.add_argument("--gc", choices=("streaming", "default"), default="streaming",
                    help="the garbage collector's settings: as `doxwacht scan` sets them (StreamingGC, the "
                         "default) or CPython's own")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    return _measure(args)


def _measure(args: argparse.Namespace) -> int:
    people, texts = corpus(args.mb, args.persons)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    wl = watchlist(people)
    configs = {
        "pii": Engine(),
        "pii+watchlist": Engine(analyzers=[wl]),
        "pii+watchlist+intent+verdict": Engine(analyzers=[wl, IntentAnalyzer(), VerdictAnalyzer()]),
        "  without second opinion": Engine(analyzers=[wl, IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)]),
        "pii+intent+verdict (no watchlist)": Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()]),
        "intent+verdict": Engine(registry=DetectorRegistry([]), analyzers=[IntentAnalyzer(), VerdictAnalyzer()]),
        "  without second opinion ": Engine(registry=DetectorRegistry([]),
                                            analyzers=[IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)]),
    }
    # as `doxwacht scan` does: the engines built, the collector set for a long scan (unless --gc default)
    with StreamingGC(after=0) if args.gc == "streaming" else contextlib.nullcontext():
        for e in configs.values():  # warm caches
            run(e, texts[:200], args.batch)
        best = {k: float("inf") for k in configs}
        for _ in range(args.passes):
            for k, e in configs.items():
                best[k] = min(best[k], run(e, texts, args.batch))
        how = f"batches of {args.batch}" if args.batch else "one scan per message"
        print(f"machine: {describe_machine()}")
        print(f"corpus: {len(texts):,} messages, {size:.2f} MB (UTF-8); best of {args.passes} passes, {how}, "
              f"CPU time of one process (one core); collector: {args.gc}")
        figures = {}
        for k, secs in best.items():
            figures[k] = {"mb_s": round(size / secs, 2), "us_per_msg": round(secs * 1e6 / len(texts), 1)}
            print(f"  {k:34} {size / secs:6.2f} MB/s   {secs * 1e6 / len(texts):7.1f} µs per message")
        extra = best["pii+watchlist+intent+verdict"] - best["pii+watchlist"]
        print(f"  intent + verdict add {extra * 1e6 / len(texts):.1f} µs per message to the scan")
        # what a watchlist costs in the scan `doxwacht scan` runs by default (with intent and verdict); issue 3's
        # floor is judged by bench/bench_watchlist.py against the scan with the detectors alone
        wl_share = best["pii+watchlist+intent+verdict"] / best["pii+intent+verdict (no watchlist)"] - 1
        figures["watchlist_slowdown_in_default_scan"] = round(100 * wl_share, 1)
        print(f"  the watchlist makes the default scan (detectors, intent, verdict) {100 * wl_share:.1f}% slower")
        ok = figures["pii+watchlist+intent+verdict"]["mb_s"] > FLOOR_MB_S
        if args.fresh:
            # the passes above scan the same messages again: the caches of words, names and model features are warm for
            # every one of them after the first. Other draws of the corpus, once each, measure what new messages cost
            whole = configs["pii+watchlist+intent+verdict"]
            pii = configs["pii"]
            default = configs["pii+intent+verdict (no watchlist)"]
            speeds: dict[str, list[float]] = {"pii": [], "whole": [], "whole_no_wl": []}
            for n in range(1, args.fresh + 1):
                other = draw(people, args.mb, n)
                mb = sum(len(t.encode("utf-8")) for t in other) / 1e6
                speeds["pii"].append(mb / run(pii, other, args.batch))
                speeds["whole"].append(mb / run(whole, other, args.batch))
                speeds["whole_no_wl"].append(mb / run(default, other, args.batch))
            fresh = {k: round(statistics.median(v), 2) for k, v in speeds.items()}
            figures["fresh"] = fresh
            print(f"  on messages never scanned before ({args.fresh} other draws, once each, median): pii "
                  f"{fresh['pii']:.2f} MB/s, whole scan {fresh['whole']:.2f} MB/s (without the watchlist "
                  f"{fresh['whole_no_wl']:.2f} MB/s: the watchlist makes it "
                  f"{100 * (fresh['whole_no_wl'] / fresh['whole'] - 1):.1f}% slower)")
            ok = ok and fresh["whole"] > FLOOR_MB_S
        if args.stream:
            # a long run of new messages: the caches grow as they come (what the collector's settings matter for)
            whole = configs["pii+watchlist+intent+verdict"]
            secs, mbs = 0.0, 0.0
            per: list[float] = []
            for n in range(args.fresh + 1, args.fresh + 1 + args.stream):
                other = draw(people, args.mb, n)
                mb = sum(len(t.encode("utf-8")) for t in other) / 1e6
                spent = run(whole, other, args.batch)
                secs, mbs = secs + spent, mbs + mb
                per.append(mb / spent)
            figures["stream"] = {"draws": args.stream, "mb_s": round(mbs / secs, 2),
                                 "median_mb_s": round(statistics.median(per), 2)}
            print(f"  a stream of {args.stream} new draws in a row ({mbs:.1f} MB): whole scan {mbs / secs:.2f} MB/s "
                  f"(median draw {statistics.median(per):.2f} MB/s; collector: {args.gc})")
        print(f"floor: whole scan > {FLOOR_MB_S} MB/s (on the repeated corpus and on new messages): "
              f"{'PASS' if ok else 'FAIL'}")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
