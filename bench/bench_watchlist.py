"""Benchmark of the protected-person watchlist against the floors of its issue.

A synthetic register of 100,000 persons with 10 identifiers each (1,000,000 identifiers: a name, a
relative's name, two phone numbers, an e-mail address, a licence plate, a home address with
postcode, a date of birth, a handle, a workplace) goes into a fresh SQLite store. Then:

* load time: the register -> an in-memory `Matcher` (floor: under 5 s);
* memory: what the matcher holds, by tracemalloc (floor: under 300 MB); the load's peak is shown too;
* scan throughput: `Engine()` with and without `WatchlistAnalyzer` on the same Dutch corpus in the
  same run, chunk by chunk in alternating order, the median of 7 passes (floor: at most 25%
  slower with the watchlist). Judged on this process's CPU time by default (`--clock wall` for
  wall-clock time; both are printed): on a machine shared with other work, wall-clock time mostly
  measures the neighbours. The first pass, which also fills the analyzer's caches, is printed too.
  The collector runs only between the timed chunks (`--gc between`, the default: a full collection
  before each chunk, untimed, with the heap frozen as `StreamingGC` freezes it), so that neither engine
  pays for a collection the other's garbage set off: under `StreamingGC`'s settings (`--gc streaming`,
  as `doxwacht scan` runs) a pass over new messages sets off a few young collections of 10-15 ms each,
  and where they land (in the watched engine's chunks or the other's) follows the allocation sequence:
  the new-message slowdown moved by 30-50 points with a change that cut the analyzer's own CPU time by
  6%. `--gc default`: CPython's own settings. Two ways to scan: in batches (`Engine.scan_many`, as `doxwacht
  scan`, ingest and the worker do; the analyzer's per-batch hook runs once per batch; the default, and
  what the floor is judged on)
  and message by message (`Engine.scan` per message: `--no-batch`); `--both` measures both, one
  after the other, and judges the floor on the batches.
* the same slowdown on messages never scanned before (`--fresh N`, default 3: other draws of the corpus,
  scanned once each after the passes above): a repeated corpus measures the analyzer with every word,
  name and number of it already hashed and looked up, a scanner of live channels sees new ones all
  the time. The floor is judged on both.

The corpus is `bench.corpus` (Telegram-like Dutch messages), plus 2% messages that dox registered
persons, so that the watchlist also has matches to report.

    python bench/bench_watchlist.py                       # the full run, about 2-3 minutes
    python bench/bench_watchlist.py --persons 10000       # smaller, quicker
    python bench/bench_watchlist.py --json bench/out/watchlist.json
    python bench/bench_watchlist.py --db /tmp/wl.db --key-file /tmp/wl.key   # keep the register: a
                                                          # second run skips registering (~1 min)
    python bench/bench_watchlist.py ... --breakdown       # where the analyzer's time goes
    python bench/bench_watchlist.py ... --both            # batches and message by message
    python bench/bench_watchlist.py --names gazetteer     # persons named from the detectors' gazetteers (see below)

`--names gazetteer` draws the persons' first names, surnames and places from the detectors' gazetteers (thousands of
each) instead of the corpus's own short lists (76 first names, 359 surnames, 64 places). Far fewer names are then
shared by several registered persons (the default register holds every name the corpus mentions, about four times
over), but many more everyday words of the chat are registered name or place words ("Best", "Bos", "Mark"), so far
fewer messages take the analyzer's fast path: the slowdown is larger, not smaller.

Exit status 0 when every floor passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from doxwacht import Engine  # noqa: E402
from doxwacht.pipeline.streaming_gc import StreamingGC  # noqa: E402
from doxwacht.store import Store  # noqa: E402
from doxwacht.watchlist import PersonInput, Register, WatchlistAnalyzer, generate_key  # noqa: E402
from doxwacht.watchlist.keys import read_key_file, write_key_file  # noqa: E402
from bench.machine import describe as describe_machine  # noqa: E402

FLOOR_LOAD_S = 5.0
FLOOR_MEMORY_MB = 300.0
FLOOR_SLOWDOWN = 0.25
IDENTIFIERS_PER_PERSON = 10

try:  # the shared corpus and its word lists, when another bench provides them
    from bench import corpus as _corpus

    FIRST_NAMES = [n for n in _corpus.FIRST_NAMES if n.isalpha()]
    SURNAMES = list(_corpus.SURNAMES)
    PARTICLES = list(_corpus.PARTICLES)
    PARTICLE_SURNAMES = list(_corpus.PARTICLE_SURNAMES)
    CITIES = list(_corpus.CITIES)
    STREET_ROOTS = [s for s in _corpus.STREET_ROOTS if s.isalpha()]
except ImportError:  # pragma: no cover - a standalone copy of this file
    _corpus = None
    FIRST_NAMES = "Jan Piet Kees Sanne Anouk Lotte Fleur Emma Daan Sem Lucas Finn Eva Iris Femke".split()
    SURNAMES = "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Kok".split()
    PARTICLES = ["de", "van", "van der", "van den", "ter"]
    PARTICLE_SURNAMES = "Vries Jong Boer Berg Dijk Graaf Wit Bruijn Groot Leeuwen Vliet Heuvel".split()
    CITIES = "Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Zeist".split()
    STREET_ROOTS = "Kerk Molen Dorps School Stations Hoofd Markt Haven Linden Eiken Beuken".split()

STREET_SUFFIXES = ("straat", "weg", "laan", "plein", "singel", "kade", "hof", "dreef")
EMAIL_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "politie.example")
ROLES = ("politie", "politie", "politie", "boa", "bestuurder", "politicus", "rechterlijke_macht", "journalist")
PLATE_CODES = ("LL-DD-DD", "DD-LL-DD", "LL-DD-LL", "DD-LLL-D", "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "DDD-LL-D")
CONSONANTS = "BDFGHJKLNPRSTVXZ"


# ---------------------------------------------------------------------------------------- the register
def _surname(r: random.Random) -> str:
    if r.random() < 0.35:
        return f"{r.choice(PARTICLES)} {r.choice(PARTICLE_SURNAMES)}"
    return r.choice(SURNAMES)


def _plate(r: random.Random) -> str:
    return "".join(
        r.choice(CONSONANTS) if c == "L" else str(r.randint(0, 9)) if c == "D" else c for c in r.choice(PLATE_CODES)
    )


def _postcode(r: random.Random) -> str:
    return f"{r.randint(1000, 9999)} {r.choice(CONSONANTS)}{r.choice(CONSONANTS)}"


def gazetteer_lists() -> tuple[list[str], list[str], list[str]]:
    """(first names, surnames, places) of the detectors' gazetteers (doxwacht/data/gazetteers), written as names are:
    2,912 first names, about 1,500 surnames (with their tussenvoegsels: "van den Berg"), about 4,000 places."""
    from doxwacht.detectors.nl import gazetteers as gz
    from doxwacht.watchlist.canonical import is_tussen

    def written(name: str) -> str:
        words = name.split()
        return " ".join(w if is_tussen(w) and k < len(words) - 1 else w[:1].upper() + w[1:] for k, w in enumerate(words))

    firsts = sorted(written(n) for n in gz.first_names() if n.isalpha())
    surnames = sorted(written(n) for n in gz.surnames() if not is_tussen(n.split()[-1]))
    places = sorted(" ".join(w.capitalize() for w in p.split()) for p in gz.places() if p.replace(" ", "").isalpha())
    return firsts, surnames, places


def make_people(n: int, seed: int = 7, names: str = "corpus") -> list[PersonInput]:
    """`n` invented persons with exactly IDENTIFIERS_PER_PERSON identifiers each. Their names and places come from the
    corpus's own short lists (`names="corpus"`: 76 first names, 359 surnames, 64 places, so that every full name is
    shared by about four registered persons and every name the corpus mentions is registered) or from the detectors'
    gazetteers (`names="gazetteer"`: thousands of each, so that far fewer names are shared, but many more everyday
    words of the corpus are registered name or place words)."""
    r = random.Random(seed)
    if names == "gazetteer":
        first_names, surnames, cities = gazetteer_lists()
        pick_surname = lambda r: r.choice(surnames)  # noqa: E731
    else:
        first_names, cities, pick_surname = FIRST_NAMES, CITIES, _surname
    people = []
    for i in range(n):
        first, surname, city = r.choice(first_names), pick_surname(r), r.choice(cities)
        slug = "".join(c for c in surname.lower() if c.isalnum())
        people.append(
            PersonInput(
                label=f"Bench {i}",
                role=r.choice(ROLES),
                organisation=f"Organisatie {i % 40}",
                names=[f"{first} {surname}"],
                relative_names=[f"{r.choice(first_names)} {surname}"],
                phones=[f"06{r.randint(1, 5)}{r.randint(0, 9_999_999):07d}" for _ in range(2)],
                emails=[f"{first.lower()}.{slug}{i}@{r.choice(EMAIL_DOMAINS)}"],
                plates=[_plate(r)],
                addresses=[
                    f"{r.choice(STREET_ROOTS)}{r.choice(STREET_SUFFIXES)} {r.randint(1, 300)}, {_postcode(r)} {city}"
                ],
                dobs=[f"{r.randint(1950, 2004)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"],
                handles=[f"{first.lower()}{slug}{i}"],
                workplace=f"bureau {r.choice(cities)}",
            )
        )
    return people


# ---------------------------------------------------------------------------------------- the corpus
DOX_TEMPLATES = (
    "Dit is die agent {name}, woont {address}. Bel hem maar op {phone} 😡",
    "{name} rijdt in de {plate}, even langs gaan?",
    "mail {email} en zeg maar dat we weten waar {name} woont",
    "zijn vrouw heet {relative} en zijn nummer is {phone}",
    "kijk hier @{handle} is die boa, geboren {dob}",
    "{name} uit {city} heeft de aanhouding gedaan",
)


def make_corpus(people: list[PersonInput], mb: float, seed: int = 11, corpus_seed: int | None = None) -> list[str]:
    """The bench corpus (`corpus_seed`: another draw of `bench.corpus`, messages never seen in the default one),
    with 2% of its messages replaced by messages that dox registered persons (drawn by `seed`)."""
    r = random.Random(seed)
    if _corpus is not None:
        texts = _corpus.texts(mb) if corpus_seed is None else _corpus.texts(mb, corpus_seed)
    else:  # pragma: no cover
        base = "Wat een gedoe weer bij de gemeente, morgen om 10.00 uur gaan we demonstreren op het plein."
        texts = [base] * int(mb * 1_000_000 / len(base))
    for i in range(0, len(texts), 50):  # 2% doxing messages about registered persons
        p = r.choice(people)
        texts[i] = r.choice(DOX_TEMPLATES).format(
            name=p.names[0], address=p.addresses[0], phone=p.phones[0], plate=p.plates[0], email=p.emails[0],
            relative=p.relative_names[0], handle=p.handles[0], dob=p.dobs[0],
            city=p.addresses[0].rsplit(" ", 1)[-1],
        )
    return texts


# ---------------------------------------------------------------------------------------- measuring
def scan_all(engine: Engine, texts: list[str], batch_size: int | None = None) -> tuple[float, float, list[dict]]:
    """(wall-clock seconds, CPU seconds of this process, the watchlist matches per text): in batches
    of `batch_size` through `Engine.scan_many`, or with `batch_size` None message by message."""
    t0, c0 = time.perf_counter(), time.process_time()
    if batch_size:
        results = list(engine.scan_many(texts, batch_size))
    else:
        results = [engine.scan(t) for t in texts]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return elapsed, cpu, [res.extras.get("watchlist", []) for res in results]


def interleaved(
    base: Engine, watched: Engine, texts: list[str], chunk: int = 50, batch_size: int | None = None,
    collect_between: bool = False,
) -> tuple[dict[str, float], dict[str, float], list[list[dict]]]:
    """One pass over `texts` in chunks, each chunk scanned by both engines in alternating order,
    so that both see the same machine (a shared machine's speed drifts). Returns the wall-clock
    and CPU seconds of each engine ({"wall": ..., "cpu": ...}) and the watched engine's matches.
    With `collect_between`, the collector is off while a chunk is scanned and runs, untimed, before each."""
    t_base = {"wall": 0.0, "cpu": 0.0}
    t_watch = {"wall": 0.0, "cpu": 0.0}
    matches: list[list[dict]] = []
    for n, start in enumerate(range(0, len(texts), chunk)):
        part = texts[start : start + chunk]
        order = (base, watched) if n % 2 == 0 else (watched, base)
        for engine in order:
            if collect_between:
                gc.collect()
            elapsed, cpu, found = scan_all(engine, part, batch_size)
            into = t_base if engine is base else t_watch
            into["wall"] += elapsed
            into["cpu"] += cpu
            if engine is watched:
                matches.extend(found)
    return t_base, t_watch, matches


class _TimedAnalyzer:
    """The watchlist analyzer, with the CPU time of each call added up per kind of message (message by
    message), or per batch (in batches: the kind of each message is not known apart there)."""

    def __init__(self, inner: WatchlistAnalyzer) -> None:
        self.inner = inner
        self.key = inner.key
        self.spent: dict[str, tuple[float, int]] = {}

    def analyze(self, doc, findings, extras):  # type: ignore[no-untyped-def]
        c0 = time.process_time()
        out = self.inner.analyze(doc, findings, extras)
        cpu = time.process_time() - c0
        kind = "with matches" if out else "findings only" if findings else "neither"
        total, n = self.spent.get(kind, (0.0, 0))
        self.spent[kind] = (total + cpu, n + 1)
        return out

    def analyze_batch(self, docs, findings_list, extras_list):  # type: ignore[no-untyped-def]
        c0 = time.process_time()
        out = self.inner.analyze_batch(docs, findings_list, extras_list)
        cpu = time.process_time() - c0
        total, n = self.spent.get("batches", (0.0, 0))
        self.spent["batches"] = (total + cpu, n + len(docs))
        return out


def throughput(
    matcher, texts: list[str], nbytes: int, args: argparse.Namespace, batch_size: int | None,  # type: ignore[no-untyped-def]
    fresh: list[list[str]] | None = None,
) -> dict[str, float | int | str]:
    """Scan `texts` with and without the watchlist (in batches of `batch_size`, or message by
    message when None), alternating, and print and return the figures."""
    figures: dict[str, float | int | str] = {"mode": f"batches of {batch_size}" if batch_size else "message by message"}
    base = Engine()
    analyzer = _TimedAnalyzer(WatchlistAnalyzer(matcher)) if args.breakdown else WatchlistAnalyzer(matcher)
    watched = Engine(analyzers=[analyzer])
    scan_all(base, texts[:300], batch_size)
    scan_all(watched, texts[:300], batch_size)
    # the collector as `doxwacht scan` sets it once a scan is under way (--gc streaming), off while a chunk is timed
    # (--gc between), or CPython's own (--gc default)
    if args.gc == "between":
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            return _throughput(base, watched, analyzer, figures, texts, nbytes, args, batch_size, fresh)
        finally:
            gc.enable()
    with StreamingGC(after=0) if args.gc == "streaming" else contextlib.nullcontext():
        return _throughput(base, watched, analyzer, figures, texts, nbytes, args, batch_size, fresh)


def _throughput(base, watched, analyzer, figures, texts, nbytes, args, batch_size, fresh):  # type: ignore[no-untyped-def]
    chunk = batch_size or 50
    ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
    t_base, t_watch = [], []
    matches: list[list[dict]] = []
    for _ in range(args.passes):
        if isinstance(analyzer, _TimedAnalyzer):
            analyzer.spent.clear()
        tb, tw, matches = interleaved(base, watched, texts, chunk, batch_size, args.gc == "between")
        t_base.append(tb["wall"])
        t_watch.append(tw["wall"])
        for clock, per_pass in ratios.items():
            per_pass.append(tw[clock] / tb[clock])
    best_base, best_watch = min(t_base), min(t_watch)
    # the median pass; the first pass also fills the caches (words, names and places not seen before)
    slowdowns = {clock: sorted(r)[len(r) // 2] - 1 for clock, r in ratios.items()}
    slowdown = slowdowns[args.clock]
    figures.update(
        clock=args.clock,
        slowdown_cpu_pct=round(100 * slowdowns["cpu"], 1), slowdown_wall_pct=round(100 * slowdowns["wall"], 1),
        first_pass_slowdown_cpu_pct=round(100 * (ratios["cpu"][0] - 1), 1),
        first_pass_slowdown_wall_pct=round(100 * (ratios["wall"][0] - 1), 1),
    )
    hit_messages = sum(1 for m in matches if m)
    strengths = Counter(x["strength"] for m in matches for x in m)
    figures.update(
        base_msgs_s=round(len(texts) / best_base), watch_msgs_s=round(len(texts) / best_watch),
        base_mb_s=round(nbytes / 1e6 / best_base, 3), watch_mb_s=round(nbytes / 1e6 / best_watch, 3),
        slowdown_pct=round(100 * slowdown, 1), messages_with_matches=hit_messages,
        matches_strong=strengths["strong"], matches_medium=strengths["medium"], matches_weak=strengths["weak"],
    )
    print(f"  scan {len(texts):,} messages ({round(nbytes / 1e6, 2)} MB) {figures['mode']}: without watchlist {figures['base_msgs_s']:,} msg/s, "
          f"with {figures['watch_msgs_s']:,} msg/s")
    print(f"  slowdown with the watchlist (median of {args.passes} passes): {figures['slowdown_cpu_pct']}% in CPU time, "
          f"{figures['slowdown_wall_pct']}% in wall-clock time (first pass: {figures['first_pass_slowdown_cpu_pct']}% / "
          f"{figures['first_pass_slowdown_wall_pct']}%)")
    print(f"  {hit_messages} messages with watchlist matches ({dict(strengths)})")
    if fresh:
        # the same engines (the analyzer's caches warm from the passes above), on corpora never scanned before: what
        # a scanner of live channels sees. Words, names and numbers new to the analyzer are hashed and looked up
        # the first time (a repeated corpus measures only its warm caches)
        ratios_new: dict[str, list[float]] = {"wall": [], "cpu": []}
        for other in fresh:
            tb, tw, _ = interleaved(base, watched, other, chunk, batch_size, args.gc == "between")
            for clock, per_pass in ratios_new.items():
                per_pass.append(tw[clock] / tb[clock])
        fresh_slowdowns = {clock: sorted(r)[len(r) // 2] - 1 for clock, r in ratios_new.items()}
        figures.update(
            fresh_corpora=len(fresh),
            fresh_slowdown_cpu_pct=round(100 * fresh_slowdowns["cpu"], 1),
            fresh_slowdown_wall_pct=round(100 * fresh_slowdowns["wall"], 1),
            fresh_slowdown_pct=round(100 * fresh_slowdowns[args.clock], 1),
        )
        print(f"  on messages never scanned before ({len(fresh)} other corpora of the same size, median): "
              f"{figures['fresh_slowdown_cpu_pct']}% in CPU time, {figures['fresh_slowdown_wall_pct']}% in wall-clock time")
    if isinstance(analyzer, _TimedAnalyzer):
        inside = sum(cpu for cpu, _ in analyzer.spent.values())
        print(f"  inside the analyzer (last pass): {inside:.3f} s CPU, {100 * inside / tb['cpu']:.1f}% of the scan "
              f"without the watchlist ({tb['cpu']:.3f} s)")
        for kind, (cpu, n) in sorted(analyzer.spent.items()):
            print(f"    {kind:<14} {n:>6} messages {cpu:.3f} s ({1e6 * cpu / max(n, 1):.0f} us each)")
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--corpus-mb", type=float, default=0.5)
    ap.add_argument(
        "--passes",
        type=int,
        default=7,
        help="alternating scan passes (default 7): the slowdown is the median of the passes' ratios, msg/s the "
        "best pass of each engine (a pass takes well under a second: on a shared machine 3 passes were too few "
        "for a steady median)",
    )
    ap.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="which time the slowdown floor is judged on: this process's CPU time (default: steady on a "
        "machine shared with other work) or wall-clock time; both are printed",
    )
    ap.add_argument("--db", help="SQLite file to use (default: a temporary one)")
    ap.add_argument(
        "--key-file",
        help="watchlist key file (made when missing); with --db, a register that already holds the "
        "persons under this key is reused instead of registered again",
    )
    ap.add_argument(
        "--names", choices=("corpus", "gazetteer"), default="corpus",
        help="where the registered persons' names and places come from: the corpus's own short lists (default: every "
        "name the chat mentions is registered, about four times over) or the detectors' gazetteers (thousands of "
        "first names, surnames and places: fewer namesakes, more everyday words that are registered name parts)",
    )
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument(
        "--breakdown",
        action="store_true",
        help="also print the CPU time spent inside the analyzer, per kind of message (with matches, with "
        "findings only, neither), from the last pass (the timing itself adds about 1 us a message); in "
        "batches, the time inside the per-batch hook",
    )
    ap.add_argument(
        "--batch",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="scan in batches through Engine.scan_many, as `doxwacht scan` does (default), or with --no-batch "
        "message by message through Engine.scan",
    )
    ap.add_argument("--batch-size", type=int, default=256, help="messages per batch (default 256, as `doxwacht scan`)")
    ap.add_argument(
        "--both", action="store_true", help="measure in batches and message by message; the floor is judged on batches"
    )
    ap.add_argument(
        "--fresh", type=int, default=3, metavar="N",
        help="also scan N corpora never scanned before (other draws of bench.corpus, same size), with the analyzer's "
        "caches warm from the passes: the slowdown on new messages, as a scanner of live channels sees them "
        "(default 3; 0: skip); the floor is judged on both",
    )
    ap.add_argument(
        "--gc", choices=("between", "streaming", "default"), default="between",
        help="the garbage collector while scanning: only between the timed chunks, untimed (the default), as "
        "`doxwacht scan` sets it once under way (StreamingGC), or CPython's own",
    )
    args = ap.parse_args(argv)

    figures: dict[str, float | int | str] = {}
    tmp = tempfile.TemporaryDirectory(prefix="doxwacht-bench-")
    db = args.db or os.path.join(tmp.name, "watchlist.db")
    if args.key_file and Path(args.key_file).exists():
        key = read_key_file(args.key_file)
    else:
        key = generate_key()
        if args.key_file:
            write_key_file(args.key_file, key)
    print(f"watchlist bench: {args.persons:,} persons x {IDENTIFIERS_PER_PERSON} identifiers (names from the "
          f"{args.names} lists), corpus {args.corpus_mb} MB")
    print(f"  machine: {describe_machine()}")

    t0 = time.perf_counter()
    people = make_people(args.persons, names=args.names)
    figures["names"] = args.names
    figures["generate_s"] = round(time.perf_counter() - t0, 2)

    register = Register(Store(db), key)
    t0 = time.perf_counter()
    reused = bool(args.key_file) and register.stats()["persons"] == len(people)
    if reused:
        figures["register_s"] = 0.0  # the key check happens when the matcher loads
    else:
        report = register.add_many(people, user="bench")
        figures["register_s"] = round(time.perf_counter() - t0, 2)
        if report.errors:
            print(f"  {len(report.errors)} persons rejected, e.g. {report.errors[0]}")
    stats = register.stats()
    figures.update(
        persons=stats["persons"], identifiers=stats["identifiers_total"], hashes=stats["hashes"],
        db_mb=round(Path(db).stat().st_size / 1e6, 1) if Path(db).exists() else 0,
    )
    print(f"  {'reused' if reused else 'registered'} {stats['persons']:,} persons, {stats['identifiers_total']:,} identifiers, "
          f"{stats['hashes']:,} hashes in {figures['register_s']} s (database {figures['db_mb']} MB)")

    # load time: best of two
    loads = []
    matcher = None
    for _ in range(2):
        matcher = None
        gc.collect()
        t0 = time.perf_counter()
        matcher = register.load_matcher()
        loads.append(time.perf_counter() - t0)
    assert matcher is not None
    figures["load_s"] = round(min(loads), 3)

    # memory: what the loaded matcher keeps, and the load's peak
    matcher = None
    gc.collect()
    tracemalloc.start()
    matcher = register.load_matcher()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures["matcher_mb"] = round(current / 2**20, 1)
    figures["matcher_arrays_mb"] = round(matcher.nbytes / 2**20, 1)
    figures["load_peak_mb"] = round(peak / 2**20, 1)
    figures["pair_filter"] = matcher.pair_filter
    print(f"  matcher: {len(matcher):,} entries, load {figures['load_s']} s, holds {figures['matcher_mb']} MB "
          f"(arrays {figures['matcher_arrays_mb']} MB; peak while loading {figures['load_peak_mb']} MB); "
          f"surname-place pair filter {'on' if matcher.pair_filter else 'off'}")

    # throughput, with and without the watchlist, alternating passes
    texts = make_corpus(people, args.corpus_mb)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    figures.update(messages=len(texts), corpus_mb=round(nbytes / 1e6, 2))
    # the register's input (100,000 persons as Python objects) stays in memory but is no part of a
    # scan: freeze it, so that the collector's full passes (which the engine that allocates more
    # sets off more often) do not walk it; a scan process holds only the matcher's arrays
    gc.collect()
    gc.freeze()
    fresh = [make_corpus(people, args.corpus_mb, seed=100 + i, corpus_seed=1000 + i) for i in range(args.fresh)]
    modes = [args.batch_size, None] if args.both else [args.batch_size if args.batch else None]
    slowdown = 0.0
    for n, batch_size in enumerate(modes):
        # a fresh analyzer per mode: each mode's first pass starts with cold caches
        per_mode = throughput(matcher, texts, nbytes, args, batch_size, fresh if n == 0 else None)
        prefix = "" if n == 0 else "message_"
        figures.update({prefix + k: v for k, v in per_mode.items()})
        if n == 0:
            slowdown = per_mode["slowdown_pct"] / 100

    checks = [
        ("load time", f"{figures['load_s']} s", f"< {FLOOR_LOAD_S} s", figures["load_s"] < FLOOR_LOAD_S),
        ("matcher memory", f"{figures['matcher_mb']} MB", f"< {FLOOR_MEMORY_MB} MB", figures["matcher_mb"] < FLOOR_MEMORY_MB),
        (f"slowdown ({args.clock}, {figures['mode']})", f"{figures['slowdown_pct']}%", f"<= {100 * FLOOR_SLOWDOWN:.0f}%", slowdown <= FLOOR_SLOWDOWN),
    ]
    if "fresh_slowdown_pct" in figures:
        checks.append(("slowdown on new messages", f"{figures['fresh_slowdown_pct']}%", f"<= {100 * FLOOR_SLOWDOWN:.0f}%",
                       float(figures["fresh_slowdown_pct"]) / 100 <= FLOOR_SLOWDOWN))
    print()
    for name, value, floor, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name:<15} {value:>10}   (floor {floor})")
    figures["pass"] = "yes" if all(c[3] for c in checks) else "no"
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    tmp.cleanup()
    return 0 if all(c[3] for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
