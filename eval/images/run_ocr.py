"""OCR-to-findings recall per label on rendered Dutch chat screenshots (needs tesseract + nld).

    .venv/bin/python eval/images/run_ocr.py [--n 40] [--out eval/images/ocr_results.json]

Each screenshot holds 4 chat bubbles drawn with Pillow at 14..22 px, with addresses, phone
numbers, IBANs, e-mail addresses and postcodes; a gold item counts as found when an OCR finding
with its label and exact normalised value has a box inside the item's bubble.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter

from doxwacht.images.load import LoadedImage
from doxwacht.images.ocr import ocr_available, ocr_findings
from doxwacht.images.synth import chat_screenshot

STREETS = ["Hoofdstraat", "Kerkweg", "Dorpsstraat", "Molenlaan", "Stationsplein", "Julianastraat"]
CITIES = ["Amsterdam", "Utrecht", "Zwolle", "Groningen", "Tilburg", "Den Haag"]
IBANS = ["NL91ABNA0417164300", "NL02RABO0123456789", "NL20INGB0001234567", "NL44RABO0123456789"]


def item(rnd: random.Random) -> tuple[str, str, str]:
    kind = rnd.choice(["ADDRESS", "PHONE", "IBAN", "EMAIL"])
    if kind == "ADDRESS":
        st, nr, city = rnd.choice(STREETS), rnd.randint(1, 250), rnd.choice(CITIES)
        pc = f"{rnd.randint(1000, 9999)} {rnd.choice('ABCDEGHJKLMN')}{rnd.choice('ABCDEGHJKLMN')}"
        text = f"{rnd.choice(['hij woont op', 'adres:', 'ze zit op'])} {st} {nr}, {pc} {city}"
        return kind, text, f"{st.lower()}|{nr}||{pc.replace(' ', '')}|{city.lower()}"
    if kind == "PHONE":
        n = f"6{rnd.randint(10000000, 99999999)}"
        shown = rnd.choice([f"0{n[:1]}-{n[1:]}", f"0{n}", f"+31 {n[:1]} {n[1:]}"])
        return kind, f"{rnd.choice(['bel hem', 'zijn nummer is', 'app haar op'])} {shown}", f"+31{n}"
    if kind == "IBAN":
        iban = rnd.choice(IBANS)
        return kind, f"rekening {iban} van die gast", iban
    user = rnd.choice(["jan.devries", "p.jansen", "kees1987", "anna_smit"])
    return kind, f"mail: {user}@{rnd.choice(['gmail.com', 'hotmail.nl', 'ziggo.nl'])}", None  # type: ignore[return-value]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--out", default="eval/images/ocr_results.json")
    args = ap.parse_args()
    if not ocr_available("nld"):
        print("tesseract met Nederlandse taaldata niet beschikbaar; overgeslagen", file=sys.stderr)
        return 0
    from doxwacht.pipeline import Engine

    engine = Engine()
    rnd = random.Random(1)
    gold, hit = Counter(), Counter()
    for i in range(args.n):
        items = [item(rnd) for _ in range(4)]
        items = [(k, t, v if v is not None else t.split(": ", 1)[1].lower()) for k, t, v in items]
        fs = 14 + (i % 5) * 2
        img, bubbles = chat_screenshot([t for _, t, _ in items], font_size=fs, seed=i)
        loaded = LoadedImage(img, f"chat{i}", "PNG", img.size)
        found, _ = ocr_findings(loaded, engine)
        for (kind, _t, value), bubble in zip(items, bubbles):
            gold[kind] += 1
            bx0, by0, bx1, by1 = bubble.box
            if any(
                f.label == kind and f.value == value and bx0 <= f.box[0] and f.box[2] <= bx1 and by0 <= f.box[1] and f.box[3] <= by1
                for f in found
            ):
                hit[kind] += 1
    res = {k: {"gold": gold[k], "found": hit[k], "recall": round(hit[k] / gold[k], 4)} for k in sorted(gold)}
    res["all"] = {"gold": sum(gold.values()), "found": sum(hit.values()), "recall": round(sum(hit.values()) / sum(gold.values()), 4)}
    out = {"screenshots": args.n, "font_px": "14-22", "per_label": res, "floor_0.95": all(v["recall"] >= 0.95 for v in res.values())}
    print(json.dumps(out, indent=1))
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)
    return 0 if out["floor_0.95"] else 1


if __name__ == "__main__":
    sys.exit(main())
