#!/usr/bin/env python
"""Scan benchmark: doxwacht against Microsoft Presidio on a Telegram-like Dutch corpus.

    .venv/bin/python bench/bench_scan.py                      # 20 MB corpus, Presidio on the first 2 MB
    .venv/bin/python bench/bench_scan.py --mb 5 --skip-presidio
    .venv/bin/python bench/bench_scan.py --input msgs.jsonl --text-field text --json out.json

What it measures, all single process on one core (pinned with os.sched_setaffinity where allowed):

* throughput (messages/s, MB/s; 1 MB = 10**6 bytes of UTF-8 message text) of `Engine().scan_batch`
  over the whole corpus after a warm-up, in wall-clock time and in CPU time (time.process_time: on a
  loaded machine the CPU figure is the one to compare); only the scan calls are timed;
* Presidio (`presidio-analyzer`, blank spaCy `nl` pipeline, no model download; NL phone numbers plus
  its generic pattern recognizers registered for "nl") on the first `--presidio-mb` MB of the SAME
  corpus, because it is much slower; the ratio compares MB/s on that same slice;
* peak memory: each engine runs in its own fresh subprocess, which reports its own peak resident
  set (VmHWM from /proc/self/status, else getrusage(RUSAGE_SELF).ru_maxrss), so nothing mixes;
* start-up: import + Engine() construction + first scan, timed inside a fresh subprocess, median of
  `--startup-runs` (5) runs;
* a per-step breakdown in CPU time over the first `--breakdown-mb` MB: the engine's own
  `Engine.scan_batch` with timing wrappers around normalisation, the prefilter, each detector on the
  messages the prefilter selects for it, and the stages; the rest of the scan calls' time is the
  engine's own (joining, splitting, result objects). It runs in a fresh process of its own after the
  same warm-up, so that it starts from the state the full scan started from and its steps add up to
  the full scan's CPU time for the same messages (a second pass in the scan's process would find the
  caches of the first filled: numbers validated, name sequences planned).

Floors (PASS/FAIL): >= 5 MB/s for all doxwacht detectors together on one core, peak memory < 250 MB,
start-up < 1 s. `--check` makes the exit status 1 when a floor fails (default: always 0).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from machine import cpu_model  # noqa: E402  (bench/machine.py)

FLOOR_MB_S = 5.0
FLOOR_PEAK_MB = 250.0
FLOOR_STARTUP_S = 1.0
MB = 1_000_000

# the message every start-up probe scans first (personal data of several kinds)
STARTUP_TEXT = (
    "Dit is hem: Jan de Vries, geb. 12-03-1985, Kerkstraat 12a, 3512 AB Utrecht. "
    "Bel 06-12345678 of mail jan.devries@gmail.com, kenteken GZ-123-X, iban NL91ABNA0417164300."
)


# --------------------------------------------------------------------------------------------------
# helpers shared by the parent and the workers (stdlib only: the workers import this module)


def pin_to_one_core(cpu: int | None) -> int | None:
    """Pin this process to `cpu`; returns the core, or None where pinning is not possible."""
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    try:
        os.sched_setaffinity(0, {cpu})
        return cpu
    except OSError:
        return None


def choose_cpu() -> int | None:
    if not hasattr(os, "sched_getaffinity"):
        return None
    return max(os.sched_getaffinity(0))


def memory_mb() -> dict[str, float | None]:
    """Current and peak resident set of this process, in MB (10**6 bytes)."""
    out: dict[str, float | None] = {"rss_mb": None, "peak_rss_mb": None}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    out["rss_mb"] = int(line.split()[1]) * 1024 / MB
                elif line.startswith("VmHWM:"):
                    out["peak_rss_mb"] = int(line.split()[1]) * 1024 / MB
    except OSError:
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # kilobytes on Linux, bytes on macOS
    out["ru_maxrss_mb"] = maxrss / MB if sys.platform == "darwin" else maxrss * 1024 / MB
    if out["peak_rss_mb"] is None:
        out["peak_rss_mb"] = out["ru_maxrss_mb"]
    return out


def text_of(record: Any, field: str) -> str | None:
    """The text of one JSONL record: `record[field]`; a Telegram-export list of parts is joined."""
    value = record.get(field) if isinstance(record, dict) else record
    if isinstance(value, list):  # Telegram export: ["plain", {"type": "phone", "text": "06..."}]
        value = "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in value)
    return value if isinstance(value, str) else None


def read_messages(path: str, field: str, limit: int | None = None) -> Iterator[tuple[str, bool | None]]:
    """(text, pii flag or None) for the first `limit` messages with a text."""
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and n >= limit:
                return
            line = line.strip()
            if not line:
                continue
            record = json.loads(line)
            text = text_of(record, field)
            if text is None:
                continue
            pii = record.get("pii") if isinstance(record, dict) else None
            yield text, pii if isinstance(pii, bool) else None
            n += 1


# --------------------------------------------------------------------------------------------------
# Presidio, configured for Dutch with no downloaded model


def build_presidio(language: str = "nl") -> Any:
    """An AnalyzerEngine for Dutch: blank spaCy pipeline (tokenizer only, no model, no NER), the
    NL-only phone recognizer and the generic pattern recognizers that make sense for Dutch text,
    with Dutch context words. The best Presidio can do here without a trained Dutch model."""
    import logging

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        CryptoRecognizer,
        DateRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        UrlRecognizer,
    )

    try:  # the e-mail recognizer validates with tldextract: use its bundled suffix list, never the network
        import tldextract.tldextract as tx

        tx.TLD_EXTRACTOR = tx.TLDExtract(suffix_list_urls=(), cache_dir=None)
    except Exception:  # pragma: no cover - older presidio without tldextract
        pass

    class BlankSpacyNlpEngine(SpacyNlpEngine):
        """spacy.blank(lang) instead of a downloaded model; lower-cased tokens stand in for lemmas
        (a blank pipeline has no lemmatizer) so that context words still work."""

        def __init__(self, lang: str) -> None:
            super().__init__(models=[{"lang_code": lang, "model_name": f"blank:{lang}"}])
            self.lang = lang

        def load(self) -> None:
            self.nlp = {self.lang: spacy.blank(self.lang)}

        def _doc_to_nlp_artifact(self, doc: Any, language: str) -> Any:
            return NlpArtifacts(
                entities=[], tokens=doc, tokens_indices=[t.idx for t in doc],
                lemmas=[t.lower_ for t in doc], nlp_engine=self, language=language, scores=[],
            )

    lang = language
    recognizers = [
        PhoneRecognizer(
            supported_regions=["NL"], supported_language=lang,
            context=["telefoon", "tel", "bel", "bellen", "mobiel", "nummer", "whatsapp", "app"],
        ),
        EmailRecognizer(supported_language=lang, context=["mail", "email", "e-mail", "mailadres"]),
        IbanRecognizer(supported_language=lang, context=["iban", "rekening", "rekeningnummer", "overmaken", "t.n.v"]),
        IpRecognizer(supported_language=lang, context=["ip", "ip-adres", "ipadres"]),
        UrlRecognizer(supported_language=lang),
        CreditCardRecognizer(supported_language=lang, context=["creditcard", "kaart", "visa", "mastercard"]),
        CryptoRecognizer(supported_language=lang, context=["wallet", "bitcoin", "btc"]),
        DateRecognizer(supported_language=lang, context=["geboren", "geb", "geboortedatum", "datum", "jarig"]),
    ]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[lang])
    return AnalyzerEngine(registry=registry, nlp_engine=BlankSpacyNlpEngine(lang), supported_languages=[lang])


# --------------------------------------------------------------------------------------------------
# workers: each runs in its own fresh subprocess and writes a JSON result file


def _worker_doxwacht(cfg: dict[str, Any]) -> dict[str, Any]:
    from doxwacht import Engine
    from doxwacht.pipeline.engine import MessageTooLong

    engine = Engine()
    detectors = list(engine.registry)
    setup_mem = memory_mb()
    path, field = cfg["corpus"], cfg["text_field"]

    for text, _ in read_messages(path, field, cfg["warmup"]):
        try:
            engine.scan(text)
        except MessageTooLong:
            pass
    if cfg.get("part") == "breakdown":
        # in a process of its own, so that it starts from the same state as the full scan: a second pass
        # over the same messages in the same process finds the engine's caches (numbers validated, name
        # sequences planned) filled by the first and would not add up to the full scan's time
        texts = [t for t, _ in read_messages(path, field, cfg["breakdown_messages"]) if len(t) <= engine.max_chars]
        return {"engine": "doxwacht", "breakdown": breakdown_batched(engine, texts)}

    perf, cpu_time = time.perf_counter, time.process_time
    n = nbytes = skipped = 0
    elapsed = cpu_elapsed = 0.0
    labels: Counter[str] = Counter()
    labels_no_pii: Counter[str] = Counter()
    no_pii_messages = 0
    slice_stats: dict[str, Any] | None = None
    slice_messages = cfg["slice_messages"]
    # the scan loop of `doxwacht scan`: batches of 256 messages through Engine.scan_batch
    everything = list(read_messages(path, field, cfg["messages"]))
    messages = [(t, pii) for t, pii in everything if len(t) <= engine.max_chars]
    skipped = len(everything) - len(messages)
    batch_size = 256
    for b in range(0, len(messages), batch_size):
        chunk = messages[b : b + batch_size]
        c0, t0 = cpu_time(), perf()
        results = engine.scan_batch([t for t, _ in chunk])
        elapsed += perf() - t0
        cpu_elapsed += cpu_time() - c0
        for (text, pii), result in zip(chunk, results):
            n += 1
            nbytes += len(text.encode("utf-8"))
            for f in result.findings:
                labels[str(f.label)] += 1
            if pii is False:
                no_pii_messages += 1
                for f in result.findings:
                    labels_no_pii[str(f.label)] += 1
            if n == slice_messages:
                slice_stats = _stats(n, nbytes, elapsed, labels, cpu_elapsed)
    full = _stats(n, nbytes, elapsed, labels, cpu_elapsed)
    full["skipped_too_long"] = skipped
    scan_mem = memory_mb()

    return {
        "engine": "doxwacht",
        "detectors": [d.name for d in detectors],
        "full": full,
        "slice": slice_stats,
        "findings_in_no_pii_messages": {"messages": no_pii_messages, "by_label": dict(labels_no_pii.most_common())},
        "memory": {"after_setup": setup_mem, "after_scan": scan_mem, "peak_rss_mb": scan_mem["peak_rss_mb"]},
    }


def breakdown_batched(engine: Any, texts: list[str], batch_size: int = 256) -> dict[str, Any]:
    """CPU time (time.process_time) of each step of `Engine.scan_batch` over `texts`, in batches of
    `batch_size`: the engine's own `scan_batch` runs, with timing wrappers around its steps
    (normalisation `Document.batch`, the prefilter, each detector over the (joined) messages the
    prefilter selects for it, the stages, the analyzers). What is left of the time of the
    `scan_batch` calls is the engine's own work around them: selecting and joining the messages per
    detector, splitting the findings back per message, making the result objects and freeing the
    previous batch's (and the garbage collector's passes, wherever they fall). So the steps add up to
    the time of the scan calls, as the headline figure times them."""
    from doxwacht import Document
    from doxwacht.pipeline.engine import _finding_order as finding_order

    cpu = time.process_time
    skip_empty = engine._skip_empty  # (as the engine runs its stages)
    sort = not engine._sorted_by_stages
    times: Counter[str] = Counter()
    raw: Counter[str] = Counter()
    ran_on: Counter[str] = Counter()

    class Timed:
        """`target` with `method` timed under `name` (and the rest of its attributes as they are)."""

        def __init__(self, target: Any, name: str, method: str) -> None:
            self._target, self._name = target, name
            call = getattr(target, method)

            def timed(*args: Any, **kw: Any) -> Any:
                t0 = cpu()
                out = call(*args, **kw)
                if method == "detect":
                    out = list(out)
                    raw[name] += len(out)
                    meta = getattr(args[0], "meta", None) or {}
                    ran_on[name] += len(meta.get("parts", ())) or 1
                times[name] += cpu() - t0
                return out

            setattr(self, method, timed)
            if method == "__call__":
                self._call = timed

        def __call__(self, *args: Any, **kw: Any) -> Any:
            return self._call(*args, **kw)

        def __getattr__(self, attr: str) -> Any:
            return getattr(self._target, attr)

    detectors = list(engine._detectors)
    stages, analyzers, prefilter = engine.stages, engine.analyzers, engine.prefilter
    stage_name = "stages (" + ", ".join(getattr(s, "name", type(s).__name__) for s in stages) + ")"
    batch = Document.__dict__["batch"]
    original_batch = Document.batch

    def timed_batch(items: Any) -> Any:
        t0 = cpu()
        out = original_batch(items)
        times["normalise"] += cpu() - t0
        return out

    # The stages run once per message with findings: a timing wrapper around each call (two clock reads,
    # 1.5 us each on Linux) would cost more than many of them. Without analyzers, which read the staged
    # findings inside `scan_batch`, the engine runs without stages and they run here after it, over
    # each batch in one timed block, as the engine would have run them.
    stages_after = not analyzers
    try:
        engine._detectors = [Timed(d, d.name, "detect") for d in detectors]
        engine.stages = () if stages_after else tuple(Timed(s, stage_name, "__call__") for s in stages)
        engine.prefilter = Timed(prefilter, "prefilter", "masks")
        # (analyzers: their batch hook, or per message)
        engine.analyzers = [
            Timed(a, "analyzers", "analyze_batch" if hasattr(a, "analyze_batch") else "analyze") for a in analyzers
        ]
        Document.batch = staticmethod(timed_batch)  # type: ignore[method-assign,assignment]
        total = 0.0
        bbytes = 0
        for b in range(0, len(texts), batch_size):
            chunk = texts[b : b + batch_size]
            bbytes += sum(len(t.encode("utf-8")) for t in chunk)
            t0 = cpu()
            results = engine.scan_batch(chunk)
            t1 = cpu()
            total += t1 - t0
            if stages_after:
                for result in results:
                    found = list(result.findings)
                    if found or not skip_empty:
                        for stage in stages:
                            found = stage(result.document, found)
                        if sort and len(found) > 1:
                            found.sort(key=finding_order)
                t2 = cpu()
                times[stage_name] += t2 - t1
                total += t2 - t1
    finally:
        engine._detectors, engine.stages, engine.analyzers, engine.prefilter = detectors, stages, analyzers, prefilter
        Document.batch = batch  # type: ignore[method-assign]

    rows = [
        {"name": "Document.batch (normalise)", "labels": [], "seconds": times["normalise"], "raw_findings": None,
         "messages": None},
        {"name": f"prefilter ({prefilter.backend})", "labels": [], "seconds": times["prefilter"], "raw_findings": None,
         "messages": None},
    ]
    rows += [
        {"name": d.name, "labels": sorted(str(x) for x in d.labels), "seconds": times[d.name],
         "raw_findings": raw[d.name], "messages": ran_on[d.name]}
        for d in detectors
    ]
    rows.append({"name": stage_name, "labels": [], "seconds": times[stage_name], "raw_findings": None, "messages": None})
    if analyzers:
        rows.append({"name": "analyzers", "labels": [], "seconds": times["analyzers"], "raw_findings": None,
                     "messages": None})
    rest = max(0.0, total - sum(r["seconds"] for r in rows))
    rows.append({"name": "engine: select, join, split, results", "labels": [], "seconds": rest,
                 "raw_findings": None, "messages": None})
    for r in rows:
        r["share"] = r["seconds"] / (total or 1e-12)
        r["mb_per_s"] = bbytes / MB / r["seconds"] if r["seconds"] > 0 else None
    return {"messages": len(texts), "bytes": bbytes, "seconds": total, "rows": rows}


def _worker_presidio(cfg: dict[str, Any]) -> dict[str, Any]:
    analyzer = build_presidio()
    setup_mem = memory_mb()
    path, field = cfg["corpus"], cfg["text_field"]
    for text, _ in read_messages(path, field, min(cfg["warmup"], cfg["slice_messages"])):
        analyzer.analyze(text=text, language="nl")
    perf = time.perf_counter
    n = nbytes = 0
    elapsed = 0.0
    labels: Counter[str] = Counter()
    confident = 0
    for text, _ in read_messages(path, field, cfg["slice_messages"]):
        t0 = perf()
        results = analyzer.analyze(text=text, language="nl")
        elapsed += perf() - t0
        n += 1
        nbytes += len(text.encode("utf-8"))
        for r in results:
            labels[r.entity_type] += 1
            confident += r.score >= 0.5
    stats = _stats(n, nbytes, elapsed, labels)
    stats["findings_score_ge_0_5"] = confident
    mem = memory_mb()
    return {
        "engine": "presidio",
        "recognizers": [r.name for r in analyzer.registry.recognizers],
        "slice": stats,
        "memory": {"after_setup": setup_mem, "after_scan": mem, "peak_rss_mb": mem["peak_rss_mb"]},
    }


def _stats(n: int, nbytes: int, seconds: float, labels: Counter[str], cpu_seconds: float | None = None) -> dict[str, Any]:
    seconds = max(seconds, 1e-12)
    cpu = max(cpu_seconds, 1e-12) if cpu_seconds is not None else None
    return {
        "messages": n, "bytes": nbytes, "seconds": seconds,
        "messages_per_s": n / seconds, "mb_per_s": nbytes / MB / seconds,
        "cpu_seconds": cpu, "mb_per_cpu_s": nbytes / MB / cpu if cpu else None,
        "findings": sum(labels.values()), "by_label": dict(labels.most_common()),
    }


def run_worker(cfg: dict[str, Any]) -> int:
    cfg["pinned_cpu"] = pin_to_one_core(cfg.get("cpu"))
    result = _worker_doxwacht(cfg) if cfg["engine"] == "doxwacht" else _worker_presidio(cfg)
    result["pinned_cpu"] = cfg["pinned_cpu"]
    with open(cfg["result"], "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


# --------------------------------------------------------------------------------------------------
# start-up probes: a fresh interpreter each time

_STARTUP_DOXWACHT = """
import json, os, sys, time
cpu = {cpu!r}
if cpu is not None and hasattr(os, "sched_setaffinity"):
    try: os.sched_setaffinity(0, {{cpu}})
    except OSError: pass
t0 = time.perf_counter()
from doxwacht import Engine
t1 = time.perf_counter()
engine = Engine()
t2 = time.perf_counter()
result = engine.scan({text!r})
t3 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "construct_s": t2 - t1, "first_scan_s": t3 - t2, "total_s": t3 - t0,
                  "findings": len(result.findings)}}))
"""

_STARTUP_PRESIDIO = """
import json, os, sys, time
cpu = {cpu!r}
if cpu is not None and hasattr(os, "sched_setaffinity"):
    try: os.sched_setaffinity(0, {{cpu}})
    except OSError: pass
sys.path.insert(0, {here!r})
import bench_scan
t0 = time.perf_counter()
import presidio_analyzer, spacy
t1 = time.perf_counter()
analyzer = bench_scan.build_presidio()
t2 = time.perf_counter()
result = analyzer.analyze(text={text!r}, language="nl")
t3 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "construct_s": t2 - t1, "first_scan_s": t3 - t2, "total_s": t3 - t0,
                  "findings": len(result)}}))
"""


def measure_startup(engine: str, runs: int, cpu: int | None) -> dict[str, Any]:
    template = _STARTUP_DOXWACHT if engine == "doxwacht" else _STARTUP_PRESIDIO
    code = template.format(cpu=cpu, text=STARTUP_TEXT, here=str(HERE))
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_child_env())
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            return {"error": proc.stderr.strip()[-2000:]}
        sample = json.loads(proc.stdout.strip().splitlines()[-1])
        sample["process_wall_s"] = wall
        samples.append(sample)
    keys = ("import_s", "construct_s", "first_scan_s", "total_s", "process_wall_s")
    return {"runs": runs, "median": {k: statistics.median(s[k] for s in samples) for k in keys},
            "samples": samples}


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    env["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""  # no network from tldextract, whatever the import order
    return env


def run_engine_subprocess(cfg: dict[str, Any], workdir: str) -> dict[str, Any]:
    cfg = dict(cfg, result=os.path.join(workdir, f"{cfg['engine']}-{cfg.get('part', 'scan')}.json"))
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--_worker", json.dumps(cfg)],
        capture_output=True, text=True, env=_child_env(),
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip()[-3000:]}
    with open(cfg["result"], encoding="utf-8") as fh:
        result = json.load(fh)
    result["process_wall_s"] = wall
    return result


# --------------------------------------------------------------------------------------------------
# the parent: corpus, runs, report


def prepare_corpus(args: argparse.Namespace, workdir: str) -> dict[str, Any]:
    """Write (or count) the corpus; returns its description and the message counts of the slices."""
    presidio_bytes = int(args.presidio_mb * MB)
    breakdown_bytes = int(args.breakdown_mb * MB) if args.breakdown_mb else None
    if args.input:
        path, source = args.input, f"file {args.input}"
        limit = int(args.mb * MB) if args.mb_given else None
    else:
        import corpus as corpus_mod

        path = os.path.join(workdir, "corpus.jsonl")
        source = f"generated (bench/corpus.py, seed {args.seed})"
        limit = int(args.mb * MB)
        corpus_mod.write_jsonl(path, args.mb, args.seed)

    n = nbytes = npii = 0
    slice_n = breakdown_n = None
    for text, pii in read_messages(path, args.text_field):
        n += 1
        nbytes += len(text.encode("utf-8"))
        npii += bool(pii)
        if slice_n is None and nbytes >= presidio_bytes:
            slice_n = n
        if breakdown_n is None and breakdown_bytes is not None and nbytes >= breakdown_bytes:
            breakdown_n = n
        if limit is not None and nbytes >= limit:
            break
    if n == 0:
        raise SystemExit(f"no messages with a {args.text_field!r} field in {path}")
    slice_n = slice_n or n
    breakdown_n = breakdown_n or n
    # the slice's own byte count, for the report
    slice_bytes = sum(len(t.encode("utf-8")) for t, _ in read_messages(path, args.text_field, slice_n))
    return {
        "path": path, "source": source, "messages": n, "bytes": nbytes, "pii_messages": npii if not args.input else None,
        "presidio_slice": {"messages": slice_n, "bytes": slice_bytes},
        "breakdown_messages": breakdown_n,
    }


def _fmt(x: Any, digits: int = 2) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def report(fig: dict[str, Any]) -> None:
    from rich.table import Table

    console = _console()
    c = fig["corpus"]
    dx, pr = fig["doxwacht"], fig.get("presidio") or {}
    console.print(
        f"\n[bold]corpus[/]: {c['source']}: {c['messages']:,} messages, {c['bytes'] / MB:.2f} MB"
        + (f", {c['pii_messages']:,} ({c['pii_messages'] / c['messages']:.1%}) with personal data" if c.get("pii_messages") is not None else "")
    )
    console.print(
        f"[bold]machine[/]: {fig['machine'].get('cpu_model', '?')}, {fig['machine']['python']} on "
        f"{fig['machine']['platform']}, {fig['machine']['cpus']} cores; engines pinned to core {fig['machine']['pinned_cpu']}"
        if fig["machine"]["pinned_cpu"] is not None else "[bold]machine[/]: not pinned (no sched_setaffinity)"
    )
    sl = c["presidio_slice"]
    slice_label = f"first {sl['bytes'] / MB:.2f} MB"

    if "error" in dx:
        console.print(f"[red]doxwacht run failed[/]:\n{dx['error']}")
        return
    table = Table(title="scan throughput, one process, one core", title_justify="left")
    table.add_column("")
    table.add_column(f"doxwacht\n(full {dx['full']['bytes'] / MB:.1f} MB)", justify="right")
    presidio_ok = bool(pr) and "error" not in pr and "skipped" not in pr
    if presidio_ok:
        table.add_column(f"doxwacht\n({slice_label})", justify="right")
        table.add_column(f"Presidio\n({slice_label})", justify="right")
    cols = [dx["full"]] + ([dx["slice"] or dx["full"], pr["slice"]] if presidio_ok else [])

    def row(name: str, key: str, digits: int = 2) -> None:
        table.add_row(name, *[_fmt(col.get(key), digits) for col in cols])

    def row2(name: str, dox: str, pres: str) -> None:  # figures of the two processes, not of the slice
        table.add_row(name, dox, *(["", pres] if presidio_ok else []))

    row("messages", "messages")
    row("scan time (s)", "seconds")
    row("messages/s", "messages_per_s", 0)
    row("MB/s", "mb_per_s", 3)
    if dx["full"].get("cpu_seconds") is not None:
        table.add_row("scan CPU time (s)", _fmt(dx["full"]["cpu_seconds"], 2), *(["", ""] if presidio_ok else []))
        table.add_row("MB/s of CPU time", _fmt(dx["full"]["mb_per_cpu_s"], 3), *(["", ""] if presidio_ok else []))
    row("findings", "findings")
    if presidio_ok:
        table.add_row("  of which score >= 0.5", "", "", _fmt(pr["slice"]["findings_score_ge_0_5"]))
    mem_d, mem_p = dx["memory"], pr.get("memory", {}) if presidio_ok else {}
    row2("peak RSS (MB, own process)", _fmt(mem_d["peak_rss_mb"], 1), _fmt(mem_p.get("peak_rss_mb"), 1))
    row2("RSS after setup (MB)", _fmt(mem_d["after_setup"]["rss_mb"], 1),
         _fmt(mem_p.get("after_setup", {}).get("rss_mb"), 1))
    su_d, su_p = fig["startup"].get("doxwacht", {}), fig["startup"].get("presidio", {})
    steps = ("import_s", "construct_s", "first_scan_s")
    if "median" in su_d:
        row2(f"start-up (s, median of {su_d['runs']})", _fmt(su_d["median"]["total_s"], 3),
             _fmt(su_p["median"]["total_s"], 3) if "median" in su_p else "-")
        row2("  import / construct / 1st scan", " / ".join(_fmt(su_d["median"][k], 3) for k in steps),
             " / ".join(_fmt(su_p["median"][k], 3) for k in steps) if "median" in su_p else "-")
    elif "error" in su_d:
        console.print(f"[red]doxwacht start-up probe failed[/]:\n{su_d['error']}")
    console.print(table)

    console.print("findings by label, doxwacht (full): " + ", ".join(f"{k} {v:,}" for k, v in dx["full"]["by_label"].items()))
    fp = dx.get("findings_in_no_pii_messages", {})
    if fp.get("messages"):
        console.print(f"  in the {fp['messages']:,} messages generated without doxing data (public figures, helplines "
                      "and news URLs are expected there; the rest are false positives): "
                      + (", ".join(f"{k} {v:,}" for k, v in fp["by_label"].items()) or "none"))
    if presidio_ok:
        console.print("findings by entity, Presidio (slice): " + ", ".join(f"{k} {v:,}" for k, v in pr["slice"]["by_label"].items()))
        console.print(
            f"\n[bold]ratio[/]: doxwacht is [bold]{fig['ratio']['same_slice']:.1f}x[/] Presidio's MB/s on the same "
            f"{slice_label} ({dx['slice']['mb_per_s']:.3f} vs {pr['slice']['mb_per_s']:.3f} MB/s); "
            f"doxwacht on the full corpus vs Presidio on the slice: {fig['ratio']['full_vs_slice']:.1f}x.\n"
            f"Presidio was measured on the {slice_label} of the corpus only ({sl['messages']:,} messages) because it "
            "is slow; configuration: blank spaCy 'nl' (no model, no NER), recognizers "
            + ", ".join(pr.get("recognizers", [])) + " (phone: NL only)."
        )
    elif pr.get("skipped"):
        console.print(f"\n[yellow]Presidio skipped[/]: {pr['skipped']}")
    elif pr.get("error"):
        console.print(f"\n[red]Presidio run failed[/]:\n{pr['error']}")

    bd = dx["breakdown"]
    if "error" in bd:
        console.print(f"[red]breakdown failed[/]:\n{bd['error']}")
        return
    bt = Table(title=f"doxwacht CPU time per step of Engine.scan_batch over the first {bd['bytes'] / MB:.2f} MB "
               f"({bd['messages']:,} messages, batches of 256)", title_justify="left")
    for col, just in (("step", "left"), ("labels", "left"), ("CPU s", "right"), ("share", "right"),
                      ("MB/s alone", "right"), ("messages run on", "right"), ("raw findings", "right")):
        bt.add_column(col, justify=just)
    for r in sorted(bd["rows"], key=lambda r: -r["seconds"]):
        bt.add_row(r["name"], ",".join(r["labels"]), _fmt(r["seconds"], 3), f"{r['share']:.1%}",
                   _fmt(r["mb_per_s"], 2), _fmt(r.get("messages")), _fmt(r["raw_findings"]))
    console.print(bt)
    if not dx["detectors"]:
        console.print("[yellow]note[/]: the engine has no detectors yet; the figures measure the bare pipeline.")

    ft = Table(title="floors", title_justify="left")
    for col in ("check", "measured", "floor", "result"):
        ft.add_column(col)
    for f in fig["floors"]:
        verdict = "-" if f["pass"] is None else "[green]PASS[/]" if f["pass"] else "[red]FAIL[/]"
        ft.add_row(f["name"], _fmt(f["value"], 3) + f" {f['unit']}", f["rule"], verdict)
    console.print(ft)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    console = Console(stderr=stderr)
    if not console.is_terminal:  # piped or redirected: wide enough for the tables
        console = Console(stderr=stderr, width=130)
    return console


def floors(fig: dict[str, Any]) -> list[dict[str, Any]]:
    dx = fig["doxwacht"]
    su = fig["startup"].get("doxwacht", {})
    mb_s = dx.get("full", {}).get("mb_per_s")
    peak = dx.get("memory", {}).get("peak_rss_mb")
    start = su.get("median", {}).get("total_s")
    return [
        {"name": "throughput, all detectors, one core", "value": mb_s, "unit": "MB/s", "rule": f">= {FLOOR_MB_S} MB/s",
         "pass": None if mb_s is None else mb_s >= FLOOR_MB_S},
        {"name": "peak memory of a full scan", "value": peak, "unit": "MB", "rule": f"< {FLOOR_PEAK_MB:.0f} MB",
         "pass": None if peak is None else peak < FLOOR_PEAK_MB},
        {"name": "start-up: import + Engine() + first scan", "value": start, "unit": "s",
         "rule": f"< {FLOOR_STARTUP_S} s (median)", "pass": None if start is None else start < FLOOR_STARTUP_S},
    ]


def presidio_missing() -> str | None:
    missing = [m for m in ("presidio_analyzer", "spacy") if importlib.util.find_spec(m) is None]
    if missing:
        return (f"{' and '.join(missing)} not installed; install with `.venv/bin/pip install -e '.[bench]'` "
                "(no spaCy model is needed)")
    return None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=None, help="corpus size in MB of message text (default 20; "
                    "with --input: read at most this much)")
    ap.add_argument("--seed", type=int, default=None, help="corpus seed (default: bench/corpus.py's)")
    ap.add_argument("--input", help="scan this JSONL file instead of generating a corpus")
    ap.add_argument("--text-field", default="text", help="the text field of --input records (default: text)")
    ap.add_argument("--presidio-mb", type=float, default=2.0, help="Presidio runs on the first N MB (default 2)")
    ap.add_argument("--breakdown-mb", type=float, default=5.0,
                    help="per-detector breakdown over the first N MB (default 5; 0 = whole corpus)")
    ap.add_argument("--warmup", type=int, default=300, help="messages scanned before timing (default 300)")
    ap.add_argument("--startup-runs", type=int, default=5, help="fresh subprocesses for start-up (default 5)")
    ap.add_argument("--skip-presidio", action="store_true", help="do not run Presidio")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the engines to one core")
    ap.add_argument("--json", metavar="OUT", help="write all figures to this JSON file")
    ap.add_argument("--check", action="store_true", help="exit 1 when a floor fails")
    ap.add_argument("--_worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.mb_given = args.mb is not None
    if args.mb is None:
        args.mb = 20.0
    if args.seed is None:
        import corpus as corpus_mod

        args.seed = corpus_mod.DEFAULT_SEED
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args._worker:
        return run_worker(json.loads(args._worker))

    err = _console(stderr=True)
    cpu = None if args.no_pin else choose_cpu()
    started = time.perf_counter()
    fig: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpu_model": cpu_model(), "cpus": os.cpu_count(), "pinned_cpu": cpu},
        "floors_rule": {"mb_per_s": FLOOR_MB_S, "peak_mb": FLOOR_PEAK_MB, "startup_s": FLOOR_STARTUP_S},
    }
    skip_reason = "--skip-presidio" if args.skip_presidio else presidio_missing()

    with tempfile.TemporaryDirectory(prefix="doxwacht-bench-") as workdir:
        err.print(f"[dim]corpus: {'reading ' + args.input if args.input else f'generating {args.mb:g} MB'} ...[/]")
        corpus = prepare_corpus(args, workdir)
        fig["corpus"] = {k: v for k, v in corpus.items() if k != "path"}
        cfg = {
            "corpus": corpus["path"], "text_field": args.text_field, "messages": corpus["messages"],
            "slice_messages": corpus["presidio_slice"]["messages"],
            "breakdown_messages": corpus["breakdown_messages"], "warmup": args.warmup, "cpu": cpu,
        }
        fig["startup"] = {}
        err.print(f"[dim]start-up: doxwacht, {args.startup_runs} fresh processes ...[/]")
        fig["startup"]["doxwacht"] = measure_startup("doxwacht", args.startup_runs, cpu)
        err.print(f"[dim]doxwacht: scanning {corpus['bytes'] / MB:.1f} MB ...[/]")
        fig["doxwacht"] = run_engine_subprocess(dict(cfg, engine="doxwacht"), workdir)
        if "error" not in fig["doxwacht"]:
            err.print(f"[dim]doxwacht: per-step breakdown of the first {args.breakdown_mb:g} MB, in a fresh process ...[/]")
            part = run_engine_subprocess(dict(cfg, engine="doxwacht", part="breakdown"), workdir)
            fig["doxwacht"]["breakdown"] = part.get("breakdown") or {"error": part.get("error")}
        if skip_reason:
            fig["presidio"] = {"skipped": skip_reason}
        else:
            err.print(f"[dim]start-up: Presidio, {args.startup_runs} fresh processes ...[/]")
            fig["startup"]["presidio"] = measure_startup("presidio", args.startup_runs, cpu)
            err.print(f"[dim]Presidio: scanning the first {corpus['presidio_slice']['bytes'] / MB:.1f} MB ...[/]")
            fig["presidio"] = run_engine_subprocess(dict(cfg, engine="presidio"), workdir)

    dx, pr = fig["doxwacht"], fig["presidio"]
    if "error" not in dx and "slice" in pr and "error" not in pr:
        fig["ratio"] = {
            "same_slice": dx["slice"]["mb_per_s"] / pr["slice"]["mb_per_s"],
            "full_vs_slice": dx["full"]["mb_per_s"] / pr["slice"]["mb_per_s"],
        }
    fig["floors"] = floors(fig)
    fig["total_wall_s"] = time.perf_counter() - started
    report(fig)
    out = _console()
    out.print(f"[dim]benchmark wall time {fig['total_wall_s']:.0f} s[/]")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(fig, fh, indent=2, ensure_ascii=False)
        out.print(f"figures written to {args.json}")
    failed = "error" in dx or any(f["pass"] is False for f in fig["floors"])
    return 1 if (args.check and failed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
