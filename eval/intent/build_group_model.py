"""Build the learned judge of threats and hate against a protected group, `src/doxwacht/intent/data/group_model.json`
(`doxwacht.intent.group_model`), and print what it adds to the rules on the held-out HateCheck-style templates.

    .venv/bin/python eval/intent/build_group_model.py [--validate-only] [--hate-threshold P] [--hate-quiet-threshold P]
                                                      [--quiet-threshold P]

Two heads, each a logistic regression over `doxwacht.intent.second_opinion.features` (words that are not function
words, word bigrams, character 4-grams of the words; the same features and the same runtime code as the verdict's
second opinion), each feature scaled by its naive-Bayes log-count ratio (NB-LR, as the second opinion), deterministic
(lbfgs, balanced classes, tol 1e-7; features of fewer than MIN_DF texts left out; weights rounded to 4 decimals):
p(a threat or a call to violence) and p(hate against a group). Trained on:

* the HateCheck-style rows, their ``threat`` column and their ``label_gold``: Multilingual HateCheck's Dutch dev split
  (``../shared/data/mhc_nl_dev.csv``; Röttger et al., CC BY 4.0, which allows a model trained on it to be shipped,
  with attribution) and the project's own blind set ``hatecheck_blind_nl.csv``, splits tune to tune27 (TRAIN_SPLITS;
  tune23, tune26 and tune27: threats against officials and other people who are no protected group, with harmless twins);
  never its holdout splits;
* the tuning doxing sets (doxing_dev*.jsonl; never test, holdout, fresh or hard): messages at level none or
  personal_data (0 for both heads: news, counter-speech, negation, quotes, banter, games, everyday talk), messages of
  kind ``threat`` (1, threat head only) and ``hate`` (1, hate head only);
* the second opinion's synthetic friendly, neutral and counter-speech sentences about groups
  (`build_second_opinion.synthetic`, 0), and the ``train``, ``train2`` and ``train4`` splits of
  ``group_mentions_nl.csv`` (0): ordinary messages about the seven groups (neutral, positive, news, counter-speech,
  quoted hate condemned, negated claims, questions, opinions, people on their own group, policy debate; ``train4``:
  short plain sentences in the frames hate uses, "... zijn sterk en slim") from three writers who saw nothing of the
  project; their ``check`` splits (30% of each) and ``check3`` (a fourth writer, never trained on) are where the
  validation counts false alarms;
* ``person_messages_nl.csv`` (0): ordinary messages to or about a person (wishes, thanks, questions, criticism,
  banter, sports, accidents told, reports of threats), 70% of each writer's; the other 30% count false alarms.

The intent analyzer asks the model only where a protected group is named (by its name or a slur for it), no word makes
the group the victim, and the rules silenced nothing (`IntentAnalyzer._ask_group_model`): the threat head where the
rules found no threat, from THREAT_THRESHOLD where the lexicon knows a word of violence and from QUIET_THRESHOLD where
it knows none; the hate head where nothing found hate, from HATE_THRESHOLD where the lexicon knows a hostile word and
from HATE_QUIET_THRESHOLD where it knows none. The thresholds were chosen on holdout and holdout2 and the ordinary
messages' check splits (holdout3's and holdout4's aggregate figures were printed beside them when HATE_THRESHOLD was
chosen; holdout5 and holdout6 were written after that). The validation below runs the analyzer
with and without the model on the held-out splits.

A first hate head, trained without the ordinary and short friendly sentences, gave 0.9 and more to plain friendly
sentences about a group ("Moslims zijn welkom in ons land", "Vrouwen zijn sterk en slim"), most sentences about a
group in HateCheck-style data being hateful.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from doxwacht.intent.group_model import FORMAT, MODEL_PATH, GroupModel  # noqa: E402

MHC = ROOT.parent / "shared" / "data" / "mhc_nl_dev.csv"
BLIND = HERE / "hatecheck_blind_nl.csv"
MENTIONS = HERE / "group_mentions_nl.csv"  # friendly, neutral, news and counter-speech messages about groups
# ordinary messages to or about a person (wishes, thanks, questions, criticism, banter, sports, reports of threats),
# none a threat, from four writers who saw nothing of the project: 70% trained on, 30% where false alarms are counted
PERSONS = HERE / "person_messages_nl.csv"
PERSONS_TRAIN = ("train1", "train2", "train3", "train4")
PERSONS_CHECK = ("check1", "check2", "check3", "check4")
MENTIONS_TRAIN = ("train", "train2", "train4", "train5", "train6")  # each writer's 70%; their 30% (MENTIONS_CHECK) count false alarms
MENTIONS_CHECK = ("check", "check2", "check3", "check4", "check5", "check6")  # check3: a writer never trained on
TRAIN_SPLITS = ("tune", "tune2", "tune3", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9", "tune10", "tune11", "tune12", "tune13", "tune14", "tune15",
                "tune16", "tune17", "tune18", "tune19", "tune20", "tune21", "tune22", "tune23",
                "tune24", "tune25", "tune26", "tune27")
HELD_OUT = ("holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9")
DOXING_SETS = tuple(s for s in ("dev", *(f"dev{i}" for i in range(2, 100))) if (HERE / f"doxing_{s}.jsonl").exists())
C = 1.0
MIN_DF = 3
THREAT_THRESHOLD = 0.5
QUIET_THRESHOLD = 0.9  # the threat head where the lexicon knows no word of violence in the message
HATE_THRESHOLD = 0.8
HATE_QUIET_THRESHOLD = 0.9  # the hate head where the lexicon knows no hostile word in the message
# the threat head where no protected group is named but a person is: with a word of violence / without one (chosen on
# holdout, holdout2 and the tuning doxing sets; holdout9's aggregate figures were printed beside three candidates)
PERSON_THRESHOLD = 0.9
PERSON_QUIET_THRESHOLD = 0.95
# texts whose probabilities the model file records, so that a test can check the runtime against training
CHECKS = ("Ik wil al die moslims de zee in zien verdwijnen.", "Vrouwen horen achter het aanrecht, niet in de politiek.",
          "Mijn buurvrouw is een moslima en ze bakt de lekkerste koekjes.", "Wie homo's uitscheldt, moet zich schamen.",
          "Die vluchtelingen gaan we een voor een opruimen.", "Transgenders zijn gewoon mensen zoals jij en ik.")


def hatecheck_rows(splits: tuple[str, ...]) -> list[dict]:
    rows: list[dict] = []
    if not MHC.exists():
        raise SystemExit(f"{MHC} is not there: the model is trained on MHC's dev split (see ../shared/data/README.md)")
    with MHC.open(encoding="utf-8", newline="") as fh:
        rows += [{"text": r["test_case"], "threat": int(r["threat"]), "hate": int(r["label_gold"] == "hateful")}
                 for r in csv.DictReader(fh)]
    with BLIND.open(encoding="utf-8", newline="") as fh:
        rows += [{"text": r["test_case"], "threat": int(r["threat"]), "hate": int(r["label_gold"] == "hateful")}
                 for r in csv.DictReader(fh) if r["split"] in splits]
    return rows


def doxing_rows() -> list[dict]:
    """Rows from the tuning doxing sets, and the synthetic friendly, neutral and counter-speech sentences about groups
    and one person of a group that the second opinion also learns from (no threat)."""
    import build_second_opinion as B

    rows = [{"text": s["text"], "threat": 0, "hate": 0} for s in B.synthetic() if s["level"] == "none"]
    with MENTIONS.open(encoding="utf-8", newline="") as fh:
        rows += [{"text": r["test_case"], "threat": 0, "hate": 0} for r in csv.DictReader(fh)
                 if r["split"] in MENTIONS_TRAIN]
    with PERSONS.open(encoding="utf-8", newline="") as fh:
        rows += [{"text": r["test_case"], "threat": 0, "hate": 0} for r in csv.DictReader(fh)
                 if r["split"] in PERSONS_TRAIN]
    for name in DOXING_SETS:
        for line in (HERE / f"doxing_{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            if d["level"] in ("none", "personal_data"):
                rows.append({"text": d["text"], "threat": 0, "hate": 0})
            elif d["kind"] in ("threat", "hate"):
                # (a threat is labelled for the threat head only, hate for the hate head only: neither says the other
                # is absent)
                rows.append({"text": d["text"], "threat": int(d["kind"] == "threat"), "hate": int(d["kind"] == "hate"),
                             "only": d["kind"]})
    return rows


def fit(rows: list[dict], target: str) -> tuple[dict[str, float], float]:
    """`build_second_opinion.fit` (NB-LR over `features`, deterministic) over the raw texts, with `target` as the
    label (rows labelled for the other head only left out)."""
    import build_second_opinion as B

    cases = [{"text": r["text"], "level": "yes" if r[target] else "no"} for r in rows if r.get("only", target) == target]
    return B.fit(cases, C, MIN_DF, nb=True, target=("yes",), text=str)


def build(splits: tuple[str, ...]) -> dict:
    rows = hatecheck_rows(splits) + doxing_rows()
    weights, bias = fit(rows, "threat")
    hate_weights, hate_bias = fit(rows, "hate")
    obj = {
        "format": FORMAT,
        "threat": {"weights": weights, "bias": bias, "threshold": THREAT_THRESHOLD, "quiet_threshold": QUIET_THRESHOLD,
                   "person_threshold": PERSON_THRESHOLD, "person_quiet_threshold": PERSON_QUIET_THRESHOLD,
                   "char_n": 4},
        "hate": {"weights": hate_weights, "bias": hate_bias, "threshold": HATE_THRESHOLD,
                 "quiet_threshold": HATE_QUIET_THRESHOLD, "char_n": 4},
        "C": C, "min_df": MIN_DF, "n_examples": len(rows),
        "trained_on": {"hatecheck": ["mhc_nl_dev (Röttger et al., Multilingual HateCheck, CC BY 4.0)",
                                     *(f"hatecheck_blind_nl.csv:{s}" for s in splits)],
                       "doxing": list(DOXING_SETS)},
    }
    model = GroupModel.from_dict(obj)
    obj["checks"] = [[t, round(model.threat_probability(t), 4), round(model.hate_probability(t), 4)] for t in CHECKS]
    return obj


def validate(model: GroupModel) -> None:
    """The rules alone and the rules with the model, on the held-out blind splits (as the analyzer asks it)."""
    from sklearn.metrics import f1_score

    from doxwacht.intent import IntentAnalyzer

    with BLIND.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["split"] in HELD_OUT]
    with MENTIONS.open(encoding="utf-8", newline="") as fh:
        mentions = list(csv.DictReader(fh))
    for name, ia in (("rules alone", IntentAnalyzer(group_model=None)), ("rules + model", IntentAnalyzer(group_model=model))):
        for split in MENTIONS_CHECK:
            check = [r["test_case"] for r in mentions if r["split"] == split]
            fires = sum(any(h.category in ("THREAT", "INCITEMENT", "HATE") and h.score >= 0.5
                            for h in ia.analyze_text(t)) for t in check)
            print(f"{name:14} ordinary messages about groups, {split} ({len(check)}): {fires} called a threat or hate")
        with PERSONS.open(encoding="utf-8", newline="") as fh:
            persons = list(csv.DictReader(fh))
        for split in PERSONS_CHECK:
            check = [r["test_case"] for r in persons if r["split"] == split]
            fires = sum(any(h.category in ("THREAT", "INCITEMENT", "HATE") and h.score >= 0.5
                            for h in ia.analyze_text(t)) for t in check)
            print(f"{name:14} ordinary messages to a person, {split} ({len(check)}): {fires} called a threat or hate")
        for split in (*HELD_OUT, "all"):
            part = [r for r in rows if split in ("all", r["split"])]
            gt = [int(r["threat"]) for r in part]
            gh = [int(r["label_gold"] == "hateful") for r in part]
            pt, ph = [], []
            for r in part:
                hits = [h for h in ia.analyze_text(r["test_case"]) if h.score >= 0.5]
                pt.append(int(any(h.category in ("THREAT", "INCITEMENT") for h in hits)))
                ph.append(int(any(h.category == "HATE" for h in hits)))
            print(f"{name:14} {split:9} {len(part):4} cases: threat F1 {f1_score(gt, pt):.3f}, hate macro-F1 "
                  f"{f1_score(gh, ph, average='macro'):.3f}")


def main(argv: list[str] | None = None) -> int:
    global QUIET_THRESHOLD, HATE_THRESHOLD, HATE_QUIET_THRESHOLD, PERSON_THRESHOLD, PERSON_QUIET_THRESHOLD
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--validate-only", action="store_true", help="print the validation, write no model file")
    ap.add_argument("--quiet-threshold", type=float, help=f"the threat head without a word of violence ({QUIET_THRESHOLD})")
    ap.add_argument("--hate-threshold", type=float, help=f"the hate head ({HATE_THRESHOLD})")
    ap.add_argument("--hate-quiet-threshold", type=float,
                    help=f"the hate head without a hostile word ({HATE_QUIET_THRESHOLD}; above 1: not asked there)")
    ap.add_argument("--person-threshold", type=float,
                    help=f"the threat head where no group but a person is named ({PERSON_THRESHOLD}; above 1: never)")
    ap.add_argument("--person-quiet-threshold", type=float,
                    help=f"the same without a word of violence ({PERSON_QUIET_THRESHOLD}; above 1: not asked there)")
    args = ap.parse_args(argv)
    if args.person_threshold is not None:
        PERSON_THRESHOLD = args.person_threshold
    if args.person_quiet_threshold is not None:
        PERSON_QUIET_THRESHOLD = args.person_quiet_threshold
    QUIET_THRESHOLD = args.quiet_threshold if args.quiet_threshold is not None else QUIET_THRESHOLD
    HATE_THRESHOLD = args.hate_threshold if args.hate_threshold is not None else HATE_THRESHOLD
    if args.hate_quiet_threshold is not None:
        HATE_QUIET_THRESHOLD = args.hate_quiet_threshold
    obj = build(TRAIN_SPLITS)
    print(f"{len(obj['threat']['weights']):,} + {len(obj['hate']['weights']):,} weights from {obj['n_examples']:,} texts")
    validate(GroupModel.from_dict(obj))
    if not args.validate_only:
        MODEL_PATH.write_text(json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                              encoding="utf-8")
        print(f"written {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
