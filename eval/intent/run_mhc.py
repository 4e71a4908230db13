"""Threat and hate accuracy of the intent rules on the Multilingual HateCheck NL dev split, or on a set in its
format: the project's own blind HateCheck-style set `hatecheck_blind_nl.csv` (written by writers who saw neither the
rules nor MHC; its `split` column keeps the templates tuned on apart from those held out: tune to tune15 were mended
on or trained on, holdout to holdout6 are read as aggregate figures only, and holdout3 to holdout6 were never read
case by case nor used to choose a setting).

    .venv/bin/python eval/intent/run_mhc.py [--data ../shared/data/mhc_nl_dev.csv] [--errors] [--classifier]
    .venv/bin/python eval/intent/run_mhc.py --data eval/intent/hatecheck_blind_nl.csv --split holdout3
    .venv/bin/python eval/intent/run_mhc.py --data eval/intent/hatecheck_blind_nl.csv --split holdout3,holdout4,holdout5,holdout6

Threat gold: the `threat` column; predicted: any THREAT or INCITEMENT hit. Hate gold: `label_gold`
(hateful); predicted: any HATE hit. Reports threat P/R/F1, hate macro-F1, accuracy per functionality,
and how many negated, quoted and counter-speech cases stay quiet. With --classifier it also shows what
the user-trainable classifier (doxwacht.intent.classifier) does when trained and tested with
cross-validation by template family (a separate figure; no model is kept).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from doxwacht.intent import IntentAnalyzer  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "mhc_nl_dev.csv"
QUIET_FUNCS = ("negate_neg_nh", "counter_quote_nh", "counter_ref_nh")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def binary_report(gold: list[int], pred: list[int]) -> dict:
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    tn = len(gold) - tp - fp - fn
    p1, r1, f1 = prf(tp, fp, fn)
    p0, r0, f0 = prf(tn, fn, fp)
    return {"precision": p1, "recall": r1, "f1": f1, "f1_neg": f0, "macro_f1": (f1 + f0) / 2,
            "accuracy": (tp + tn) / len(gold) if gold else 0.0, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def run_rules(rows: list[dict], threshold: float) -> tuple[list[int], list[int], float]:
    ia = IntentAnalyzer()
    t0 = time.perf_counter()
    tp, hp = [], []
    for r in rows:
        hits = [h for h in ia.analyze_text(r["test_case"]) if h.score >= threshold]
        tp.append(int(any(h.category in ("THREAT", "INCITEMENT") for h in hits)))
        hp.append(int(any(h.category == "HATE" for h in hits)))
    return tp, hp, time.perf_counter() - t0


def classifier_cv(rows: list[dict]) -> dict:
    """Cross-validation by template family of the trainable classifier (separate figure)."""
    from sklearn.model_selection import GroupKFold

    from doxwacht.intent.classifier import build_pipeline

    texts = [r["test_case"] for r in rows]
    groups = [r["family"] for r in rows]
    out = {}
    for name, labels in (("threat", [r["threat"] for r in rows]), ("hate", [r["label_gold"] for r in rows])):
        pred = [""] * len(rows)
        for train, test in GroupKFold(n_splits=5).split(texts, labels, groups):
            pipe = build_pipeline()
            pipe.fit([texts[i] for i in train], [labels[i] for i in train])
            for i, p in zip(test, pipe.predict([texts[i] for i in test])):
                pred[i] = p
        pos = "1" if name == "threat" else "hateful"
        out[name] = binary_report([int(x == pos) for x in labels], [int(x == pos) for x in pred])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--errors", action="store_true", help="print the misclassified cases")
    ap.add_argument("--classifier", action="store_true", help="also cross-validate the trainable classifier")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    ap.add_argument("--split", help="only the rows of this split, or of these splits separated by commas (a set with a "
                                          "`split` column: tune ... tune15, holdout ... holdout6)")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}; nothing to evaluate")
        return 0
    rows = load(args.data)
    if args.split:
        splits = set(args.split.split(","))
        rows = [r for r in rows if r.get("split") in splits]
        if not rows:
            print(f"no rows of split {args.split!r} in {args.data}")
            return 1
    tpred, hpred, secs = run_rules(rows, args.threshold)
    tgold = [int(r["threat"]) for r in rows]
    hgold = [int(r["label_gold"] == "hateful") for r in rows]
    threat = binary_report(tgold, tpred)
    hate = binary_report(hgold, hpred)
    per_func: dict[str, dict] = defaultdict(lambda: {"n": 0, "threat_ok": 0, "hate_ok": 0, "both_ok": 0})
    for r, tg, tp_, hg, hp_ in zip(rows, tgold, tpred, hgold, hpred):
        d = per_func[r["functionality"]]
        d["n"] += 1
        d["threat_ok"] += int(tg == tp_)
        d["hate_ok"] += int(hg == hp_)
        d["both_ok"] += int(tg == tp_ and hg == hp_)
    quiet = {f: per_func[f] for f in QUIET_FUNCS if f in per_func}
    q_n = sum(d["n"] for d in quiet.values())
    q_threat = sum(d["threat_ok"] for d in quiet.values())
    q_both = sum(d["both_ok"] for d in quiet.values())

    print(f"{args.data.name}{' (' + args.split + ')' if args.split else ''}: {len(rows)} cases, "
          f"{secs * 1e6 / len(rows):.0f} µs per case (rules)")
    print(f"THREAT  P {threat['precision']:.3f}  R {threat['recall']:.3f}  F1 {threat['f1']:.3f}  "
          f"(tp {threat['tp']} fp {threat['fp']} fn {threat['fn']})")
    print(f"HATE    P {hate['precision']:.3f}  R {hate['recall']:.3f}  F1 {hate['f1']:.3f}  "
          f"macro-F1 {hate['macro_f1']:.3f}  accuracy {hate['accuracy']:.3f}")
    print(f"negated/quoted/counter-speech ({q_n} cases): threat correct {q_threat / q_n:.3f}, "
          f"threat and hate correct {q_both / q_n:.3f}")
    print(f"\n{'functionality':24} {'n':>4} {'threat':>7} {'hate':>7}")
    for f in sorted(per_func):
        d = per_func[f]
        print(f"{f:24} {d['n']:>4} {d['threat_ok'] / d['n']:>7.3f} {d['hate_ok'] / d['n']:>7.3f}")
    figures = {"threat": threat, "hate": hate, "quiet": {"n": q_n, "threat_correct": q_threat / q_n,
                                                        "both_correct": q_both / q_n},
               "per_functionality": {f: {k: (v / d["n"] if k != "n" else v) for k, v in d.items()}
                                     for f, d in per_func.items()}}
    if args.classifier:
        cv = classifier_cv(rows)
        figures["classifier_cv_by_family"] = cv
        print("\ntrainable classifier, 5-fold cross-validation by template family (separate figure):")
        for k, v in cv.items():
            print(f"  {k:7} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f} macro-F1 {v['macro_f1']:.3f}")
    if args.errors:
        print("\nerrors:")
        for r, tg, tp_, hg, hp_ in zip(rows, tgold, tpred, hgold, hpred):
            if tg != tp_ or hg != hp_:
                print(f"  {r['functionality']:20} threat {tg}->{tp_} hate {hg}->{hp_}  {r['test_case']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
