"""False alarms of the whole verdict (rules and learned second opinion) on text it should leave alone.

    .venv/bin/python eval/intent/run_verdict_checks.py [--gates looked,data,always] [--mb 0.5] [--threshold 0.7]

Two checks, each with the second opinion's gate as shipped and, side by side, the other gates and no model:

* Multilingual HateCheck NL (`../shared/data/mhc_nl_dev.csv`, when it is there; the model was never trained on it):
  how many negated, quoted and counter-speech cases stay quiet at the verdict (not hostile, not doxing), how many
  hateful or threatening cases are called hostile, and how many non-hateful cases are (MHC's non-hateful cases
  include insults of a person, which this project calls hostile);
* the bench corpus (`bench/corpus.py`, Telegram-like chat): how many messages without personal data get a
  verdict from the model's tone alone.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from doxwacht import Engine  # noqa: E402
from doxwacht.intent import IntentAnalyzer  # noqa: E402
from doxwacht.intent.second_opinion import SecondOpinion  # noqa: E402
from doxwacht.verdict import VerdictAnalyzer  # noqa: E402

MHC = ROOT.parent / "shared" / "data" / "mhc_nl_dev.csv"
QUIET = ("negate_neg_nh", "counter_quote_nh", "counter_ref_nh")


THRESHOLD: float | None = None  # --threshold: the model's as shipped when None


def engine(gate: str) -> Engine:
    """The whole verdict with the second opinion asked by `gate` ("off": the rules alone)."""
    va = VerdictAnalyzer(second_opinion=gate != "off")
    if gate != "off":
        shipped = SecondOpinion.load()
        threshold = shipped.threshold if THRESHOLD is None else THRESHOLD
        va.second_opinion = SecondOpinion(shipped.weights, shipped.bias, threshold, shipped.char_n,
                                          {**shipped.meta, "gate": gate})
        va.second_opinion.experts = shipped.experts
    return Engine(analyzers=[IntentAnalyzer(), va])


def mhc(gate: str) -> str:
    rows = list(csv.DictReader(MHC.open(encoding="utf-8")))
    e = engine(gate)
    quiet = quiet_ok = harm = harm_hit = benign = benign_hit = 0
    for r in rows:
        hostile = e.scan(r["test_case"]).to_dict()["verdict"]["level"] in ("hostile", "doxing")
        if r["functionality"] in QUIET:
            quiet += 1
            quiet_ok += not hostile
        if r["label_gold"] == "hateful" or r["threat"] == "1":
            harm += 1
            harm_hit += hostile
        else:
            benign += 1
            benign_hit += hostile
    return (f"negated/quoted/counter quiet {quiet_ok}/{quiet}; hateful or threat -> hostile {harm_hit}/{harm}; "
            f"non-hateful -> hostile {benign_hit}/{benign}")


def everyday(gate: str, mb: float) -> str:
    import corpus

    msgs = list(corpus.generate(mb=mb))
    e = engine(gate)
    counts: Counter[tuple[bool, bool]] = Counter()
    hostile: Counter[bool] = Counter()
    vetoed: Counter[bool] = Counter()
    experts: Counter[bool] = Counter()
    for res, m in zip(e.scan_many([m["text"] for m in msgs]), msgs):
        verdict = res.extras["verdict"]
        tone = "hostile_tone" in verdict.rules or any(r.endswith(".tone") for r in verdict.rules)
        pii = bool(m.get("pii"))
        counts[(pii, tone)] += 1
        hostile[pii] += verdict.level in ("hostile", "doxing")
        vetoed[pii] += "none.benign_tone" in verdict.rules
        experts[pii] += any(r in ("doxing.hostile_locating", "doxing.data_to_harm") for r in verdict.rules)
    clean = counts[(False, False)] + counts[(False, True)]
    return (f"tone verdicts on {clean:,} messages without personal data: {counts[(False, True)]} "
            f"({100 * counts[(False, True)] / max(clean, 1):.1f}%); on messages with personal data: {counts[(True, True)]}; "
            f"hostile or doxing in all: {hostile[False]} without / {hostile[True]} with personal data; rules' hostile "
            f"verdicts the model overruled: {vetoed[False]} / {vetoed[True]}; doxing verdicts of the doxing experts: "
            f"{experts[False]} / {experts[True]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gates", default="off,looked,data,always", help="comma-separated: off, looked, data, always")
    ap.add_argument("--mb", type=float, default=0.5, help="size of the bench corpus (default 0.5 MB)")
    ap.add_argument("--threshold", type=float, help="the model's threshold (default: as shipped)")
    args = ap.parse_args(argv)
    global THRESHOLD
    THRESHOLD = args.threshold
    gates = [g.strip() for g in args.gates.split(",") if g.strip()]
    shipped = SecondOpinion.load()
    print(f"shipped gate: {shipped.gate}, threshold {shipped.threshold}"
          + (f" (measured with threshold {args.threshold})" if args.threshold is not None else ""))
    for gate in gates:
        print(f"== gate {gate}")
        if MHC.exists():
            print(f"  MHC NL dev: {mhc(gate)}")
        else:
            print(f"  MHC NL dev: skipped ({MHC} is not there)")
        print(f"  bench corpus ({args.mb} MB): {everyday(gate, args.mb)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
