"""Split newly written messages 70/30 into a tuning set and a set that is only scored.

    .venv/bin/python eval/intent/split_set.py SOURCE.tsv --tune dev3 --fresh fresh2 [--seed 20261124]

SOURCE.tsv: one message a line, ``level<TAB>kind<TAB>text`` (level: d, h, p, n or the full name). The split
is random per (level, kind) so both halves hold every kind; it is done once, before any tuning, and the
halves are written to ``doxing_<tune>.jsonl`` and ``doxing_<fresh>.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
_LEVELS = {"d": "doxing", "h": "hostile", "p": "personal_data", "n": "none"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path)
    ap.add_argument("--tune", required=True)
    ap.add_argument("--fresh", required=True)
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--share", type=float, default=0.7)
    args = ap.parse_args(argv)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n, line in enumerate(args.source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            print(f"regel {n} overgeslagen: verwacht niveau, soort en tekst gescheiden door tabs")
            continue
        level = _LEVELS.get(parts[0], parts[0])
        groups[(level, parts[1])].append(parts[2].strip())
    rng = random.Random(args.seed)
    tune, fresh = [], []
    for key in sorted(groups):
        texts = groups[key]
        rng.shuffle(texts)
        k = round(len(texts) * args.share)
        tune += [(key, t) for t in texts[:k]]
        fresh += [(key, t) for t in texts[k:]]
    for name, rows in ((args.tune, tune), (args.fresh, fresh)):
        rng.shuffle(rows)
        out = HERE / f"doxing_{name}.jsonl"
        with out.open("w", encoding="utf-8") as fh:
            for i, ((level, kind), text) in enumerate(rows):
                fh.write(json.dumps({"id": f"{name}-{i:03d}", "text": text, "level": level, "kind": kind},
                                    ensure_ascii=False) + "\n")
        print(f"{out.name}: {len(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
