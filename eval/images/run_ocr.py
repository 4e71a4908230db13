"""OCR-to-findings recall per label (and false findings) on rendered Dutch chat screenshots
(needs tesseract + nld).

    .venv/bin/python eval/images/run_ocr.py [--n 60] [--seed 0] [--variant plain|jpeg|dark|dark-jpeg]
                                            [--misses] [--out eval/images/ocr_results.json]

Screenshot k (k = seed .. seed+n-1) holds 4 chat bubbles drawn with Pillow at 14..22 px (14 + 2 * (k % 5)),
with Dutch addresses (street, number, postcode, city), mobile numbers in four spellings, IBANs (valid
check digits, compact or in groups of four) and e-mail addresses; every gold value is drawn from its own
`random.Random(k)`, so seed ranges do not overlap. A gold item counts as found when an OCR finding with its
label and exact normalised value has a box inside the item's bubble. A false finding is a finding of
one of these four labels whose value is no gold value of its screenshot. Variants: `jpeg` saves the
screenshot as JPEG q45-80 and reads it back, `dark` draws it in dark mode (light text on dark bubbles).

Develop on one seed range (`--seed 1000`) and report another (`--seed 0`).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from collections import Counter

from PIL import Image

from doxwacht.images.load import LoadedImage
from doxwacht.images.ocr import ocr_available, ocr_findings
from doxwacht.images.synth import chat_screenshot

STREETS = ["Hoofdstraat", "Kerkweg", "Dorpsstraat", "Molenlaan", "Stationsplein", "Julianastraat", "Lindenlaan",
           "Prinsengracht", "Burgemeester de Withstraat", "Oranjelaan"]
CITIES = ["Amsterdam", "Utrecht", "Zwolle", "Groningen", "Tilburg", "Den Haag", "Rotterdam", "Eindhoven", "Almere",
          "Leeuwarden"]
BANKS = ["ABNA", "RABO", "INGB", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"]
USERS = ["jan.devries", "p.jansen", "kees1987", "anna_smit", "r.van.dijk", "sanne-bakker", "mo.elamrani", "lisa2001",
         "info", "t.dekker84"]
DOMAINS = ["gmail.com", "hotmail.nl", "ziggo.nl", "outlook.com", "kpnmail.nl", "bakkerij-jansen.nl", "live.nl"]
LABELS = ("ADDRESS", "PHONE", "IBAN", "EMAIL")


def item(rnd: random.Random) -> tuple[str, str, str]:
    """(label, message text, gold value as the text engine normalises it)."""
    kind = rnd.choice(LABELS)
    if kind == "ADDRESS":
        st, nr, city = rnd.choice(STREETS), rnd.randint(1, 250), rnd.choice(CITIES)
        pc = f"{rnd.randint(1000, 9999)} {rnd.choice('ABCDEGHJKLMN')}{rnd.choice('ABCDEGHJKLMN')}"
        text = f"{rnd.choice(['hij woont op', 'adres:', 'ze zit op'])} {st} {nr}, {pc} {city}"
        return kind, text, f"{st.lower()}|{nr}||{pc.replace(' ', '')}|{city.lower()}"
    if kind == "PHONE":
        n = f"6{rnd.randint(1, 5)}{rnd.randint(0, 9_999_999):07d}"  # 06-1 .. 06-5: Dutch mobile numbers in use
        shown = rnd.choice([f"0{n[:1]}-{n[1:]}", f"0{n}", f"+31 {n[:1]} {n[1:]}", f"0{n[:1]} {n[1:]}"])
        return kind, f"{rnd.choice(['bel hem', 'zijn nummer is', 'app haar op'])} {shown}", f"+31{n}"
    if kind == "IBAN":
        from schwifty import IBAN

        iban = IBAN.generate("NL", bank_code=rnd.choice(BANKS), account_code=f"{rnd.randint(0, 10**10 - 1):010d}")
        shown = iban.compact if rnd.random() < 0.6 else iban.formatted
        return kind, f"{rnd.choice(['rekening', 'IBAN', 'maak over naar'])} {shown} van die gast", iban.compact
    email = f"{rnd.choice(USERS)}@{rnd.choice(DOMAINS)}"
    return kind, f"{rnd.choice(['mail:', 'mail hem op', 'e-mail'])} {email}", email


def screenshot(k: int, variant: str = "plain") -> tuple[LoadedImage, list[tuple[str, str, str]], list, int]:
    rnd = random.Random(k)
    items = [item(rnd) for _ in range(4)]
    fs = 14 + (k % 5) * 2
    img, bubbles = chat_screenshot([t for _, t, _ in items], font_size=fs, seed=k, dark="dark" in variant)
    if "jpeg" in variant:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rnd.randint(45, 80))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return LoadedImage(img, f"chat{k}", "PNG", img.size), items[: len(bubbles)], bubbles, fs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0, help="first screenshot seed (develop on one range, report another)")
    ap.add_argument("--variant", choices=["plain", "jpeg", "dark", "dark-jpeg"], default="plain")
    ap.add_argument("--misses", action="store_true", help="print each miss and false finding with the OCR text")
    ap.add_argument("--out", default="eval/images/ocr_results.json")
    args = ap.parse_args()
    if not ocr_available("nld"):
        print("tesseract met Nederlandse taaldata niet beschikbaar; overgeslagen", file=sys.stderr)
        return 0
    from doxwacht.pipeline import Engine

    engine = Engine()
    gold, hit, false = Counter(), Counter(), Counter()
    by_size: dict[int, Counter] = {}
    for k in range(args.seed, args.seed + args.n):
        loaded, items, bubbles, fs = screenshot(k, args.variant)
        found, text = ocr_findings(loaded, engine)
        size = by_size.setdefault(fs, Counter())
        for (kind, msg, value), bubble in zip(items, bubbles):
            gold[kind] += 1
            size["gold"] += 1
            bx0, by0, bx1, by1 = bubble.box
            if any(
                f.label == kind and f.value == value and bx0 <= f.box[0] and f.box[2] <= bx1 and by0 <= f.box[1] and f.box[3] <= by1
                for f in found
            ):
                hit[kind] += 1
                size["found"] += 1
            elif args.misses:
                near = [(f.value, f.box) for f in found if f.label == kind]
                print(f"MISS seed={k} {fs}px {kind} gold={value!r} message={msg!r} found={near}\n  ocr={text!r}")
        values = {(kind, value) for kind, _m, value in items}
        for f in found:
            if f.label in LABELS and (f.label, f.value) not in values:
                false[f.label] += 1
                if args.misses:
                    print(f"FALSE seed={k} {fs}px {f.label} {f.value!r} ocr={f.evidence[0].detail!r}")
    res = {k: {"gold": gold[k], "found": hit[k], "recall": round(hit[k] / gold[k], 4) if gold[k] else None,
               "false": false[k]} for k in sorted(gold)}
    total = sum(gold.values())
    res["all"] = {"gold": total, "found": sum(hit.values()), "recall": round(sum(hit.values()) / total, 4),
                  "false": sum(false.values())}
    out = {
        "screenshots": args.n,
        "seeds": f"{args.seed}-{args.seed + args.n - 1}",
        "variant": args.variant,
        "font_px": "14-22",
        "per_label": res,
        "per_font_px": {fs: round(c["found"] / c["gold"], 4) for fs, c in sorted(by_size.items())},
        "floor_0.95": all(v["recall"] is not None and v["recall"] >= 0.95 for v in res.values()),
    }
    print(json.dumps(out, indent=1))
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)
    return 0 if out["floor_0.95"] else 1


if __name__ == "__main__":
    sys.exit(main())
