"""Worst-case messages: one long message of a phrase repeated without a full stop (a pasted flood, a spam bomb, what
an attacker sends to the public report form or a monitored channel). The whole scan (detectors, intent, verdict) must
stay about linear in the message's length: a guard that rereads a candidate's sentence, or compares every hit with
every other, makes such a message cost minutes.

    .venv/bin/python bench/bench_floods.py [--kb 100] [--limit 2.0]

Prints the CPU seconds of each flood at the given size and at a fifth of it (their ratio: about 5 for linear cost,
about 25 for quadratic). Exit status 0 when every flood takes under --limit seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "src"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from bench.machine import describe as describe_machine  # noqa: E402
from doxwacht import Engine  # noqa: E402
from doxwacht.intent import IntentAnalyzer  # noqa: E402
from doxwacht.verdict import VerdictAnalyzer  # noqa: E402

PHRASES = [
    "jij vuile hoer ",
    "ik maak je af ",
    "ik kom langs met een mes en ",
    "noemde hem een vuile homo ",
    "wie weet waar die agent woont ",
    "die hoer woont op de Kerkstraat 8 in Ede ",
    "ik weet waar je kinderen naar school gaan ",
    "Jan de Vries 06-12345678 ",
    "Kerkstraat 12 1234 AB Zeist ",
    "ik ben Lisa, 21, ",
    "stuur me nudes ",
    "dood aan de joden ",
]


def flood(phrase: str, chars: int) -> str:
    return (phrase * (chars // len(phrase) + 1))[:chars]


def cpu(engine: Engine, text: str) -> float:
    t = time.process_time()
    engine.scan(text)
    return time.process_time() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, default=100, help="size of each flood in thousands of characters")
    ap.add_argument("--limit", type=float, default=2.0, help="CPU seconds a flood may take")
    args = ap.parse_args(argv)
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    engine.scan("hallo")  # load the detectors, rules and model before timing
    print(f"floods of {args.kb} K characters, whole scan (detectors, intent, verdict); {describe_machine()}")
    worst = 0.0
    for phrase in PHRASES:
        small = cpu(engine, flood(phrase, args.kb * 200))
        big = cpu(engine, flood(phrase, args.kb * 1000))
        worst = max(worst, big)
        print(f"  {phrase.strip()!r:48s} {big:6.2f} s   (a fifth of it: {small:5.2f} s, ratio {big / max(small, 1e-3):4.1f})")
    ok = worst < args.limit
    print(f"{'PASS' if ok else 'FAIL'}  worst flood {worst:.2f} s (limit {args.limit} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
