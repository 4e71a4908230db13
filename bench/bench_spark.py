"""Spark benchmark: scan throughput of the single-process scan, Spark local[1] and local[2] on the
same generated corpus, and the scaling efficiency (floor: local[2] at least 1.6x local[1]).

    .venv/bin/python bench/bench_spark.py                 # 48 MB corpus (bench/corpus.py), the judged size
    .venv/bin/python bench/bench_spark.py --mb 16         # quicker; fixed costs weigh more
    .venv/bin/python bench/bench_spark.py --mb 64         # larger: Spark's fixed costs matter less
    .venv/bin/python bench/bench_spark.py --stages        # also the JVM's CPU per stage and per thread

What is timed, for each engine, on the same JSONL file:

* single process: `scan_records(make_engine(...), read_path(...))` writing the JSONL output to a file,
  the loop `doxwacht scan` runs (engine construction excluded);
* Spark local[N]: `scan_with_spark` end to end (read with Spark, scan per partition, write Parquet
  results and the per-target summary, count problems), in a fresh process per N, after a warm-up job
  on 500 messages that builds the engine in each Python worker; session start-up excluded.

MB/s counts the UTF-8 bytes of the message texts, as `bench/bench_scan.py` does. The estimate of the
cluster size for 100 million messages an hour is printed from these figures (see docs/SCALE.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
MB = 1_000_000
TARGET_PER_HOUR = 100_000_000
FLOOR = 1.6


def corpus_stats(path: str) -> tuple[int, int]:
    n = nbytes = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            n += 1
            nbytes += len(json.loads(line)["text"].encode("utf-8"))
    return n, nbytes


def run_single(path: str, warm: str, workdir: str) -> dict:
    from doxwacht.cli.app import make_engine
    from doxwacht.ingest import Problem, read_path, scan_records
    from doxwacht.output.jsonl import JsonlWriter

    engine = make_engine(threshold=0.5, max_chars=1_000_000, watchlist=None)
    list(scan_records(engine, read_path(warm)))  # warm-up: first-use costs, as Spark's warm-up job
    out = os.path.join(workdir, "single.jsonl")
    t, cpu = time.perf_counter(), time.process_time()
    with open(out, "w", encoding="utf-8") as fh:
        writer = JsonlWriter(fh)
        for item in scan_records(engine, read_path(path)):
            if not isinstance(item, Problem):
                writer.write(item)
    return {"seconds": time.perf_counter() - t, "worker_cpu": time.process_time() - cpu}


def run_spark(master: str, path: str, warm: str, workdir: str, stages: bool = False) -> dict:
    from doxwacht.spark.job import EngineSpec, scan_with_spark
    from doxwacht.spark.session import make_session

    conf = {"spark.driver.memory": "2g"}
    if stages:  # the UI serves the REST API the per-stage figures come from
        conf.update({"spark.ui.enabled": "true", "spark.ui.port": "0"})
    t = time.perf_counter()
    spark = make_session(master, app_name=f"doxwacht-bench-{master}", conf=conf)
    start = time.perf_counter() - t
    out = os.path.join(workdir, master.replace("[", "_").replace("]", ""))
    scan_with_spark(spark, [warm], out + "-warm", spec=EngineSpec(), overwrite=True)
    jvm = getattr(getattr(spark.sparkContext._gateway, "proc", None), "pid", None)
    jvm_before, threads_before = _cpu_of(jvm), _thread_cpu(jvm)
    seen = {s["stageId"] for s in _stages(spark)} if stages else set()
    t = time.perf_counter()
    report = scan_with_spark(spark, [path], out, summary=out + "-summary", spec=EngineSpec(), overwrite=True)
    seconds = time.perf_counter() - t
    jvm_cpu = None if jvm_before is None else _cpu_of(jvm) - jvm_before
    threads = {name: cpu - threads_before.get(name, 0.0) for name, cpu in _thread_cpu(jvm).items()}
    if stages and jvm_cpu is not None:  # the UI's own threads (on for --stages only) are not the scan's
        jvm_cpu -= sum(cpu for name, cpu in threads.items() if name.startswith("SparkUI"))
    per_stage = [
        {"stage": s["stageId"], "name": s["name"].split(" at ")[0], "tasks": s["numTasks"],
         "run_s": s["executorRunTime"] / 1000, "cpu_s": s["executorCpuTime"] / 1e9, "gc_s": s["jvmGcTime"] / 1000}
        for s in (_stages(spark) if stages else []) if s["stageId"] not in seen and s["numTasks"]
    ]
    spark.stop()
    return {"seconds": seconds, "startup": start, "messages": report.messages, "problems": report.problem_count,
            "worker_cpu": report.scan_cpu_seconds, "jvm_cpu": jvm_cpu, "stages": per_stage,
            "jvm_threads": {k: round(v, 2) for k, v in sorted(threads.items(), key=lambda kv: -kv[1]) if v >= 0.05}}


def _stages(spark) -> list[dict]:
    """The stages of this application, from Spark's REST API (the UI must be on)."""
    import urllib.request

    sc = spark.sparkContext
    url = f"{sc.uiWebUrl}/api/v1/applications/{sc.applicationId}/stages?status=complete"
    with urllib.request.urlopen(url, timeout=30) as response:
        return sorted(json.load(response), key=lambda s: s["stageId"])


def _thread_cpu(pid: int | None) -> dict[str, float]:
    """CPU seconds per kind of JVM thread (names with their numbers taken out), from /proc."""
    totals: dict[str, float] = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except (OSError, TypeError):
        return totals
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat", encoding="utf-8", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        name = "".join("N" if c.isdigit() else c for c in stat[stat.index("(") + 1:stat.rindex(")")]).strip()
        fields = stat.rsplit(")", 1)[1].split()
        totals[name] = totals.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return totals


def _cpu_of(pid: int | None) -> float | None:
    """User + system CPU seconds of a process (the JVM), from /proc; None where unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, TypeError):
        return None


def child(args: argparse.Namespace) -> int:
    if args.engine == "single":
        result = run_single(args.input, args.warm, args.workdir)
    else:
        result = run_spark(args.engine, args.input, args.warm, args.workdir, stages=args.stages)
    print("RESULT " + json.dumps(result))
    return 0


def measure(engine: str, path: str, warm: str, workdir: str, stages: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", engine, "--input", path, "--warm", warm, "--workdir", workdir]
    cmd += ["--stages"] if stages else []
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"{engine} failed")
    return json.loads(lines[-1][len("RESULT "):])


def print_stages(results: dict) -> None:
    """Where the JVM's CPU went: per stage (the task threads' CPU) and per kind of thread."""
    for engine, r in results.items():
        if "stages" not in r:
            continue
        print(f"\n{engine}: JVM CPU per stage (task threads; the Python workers' CPU is not in it)")
        for s in r["stages"]:
            print(f"  stage {s['stage']:>3} {s['name']:<14} {s['tasks']:>3} tasks  run {s['run_s']:6.1f}s  "
                  f"CPU {s['cpu_s']:5.2f}s  GC {s['gc_s']:4.1f}s")
        print(f"  stages together: CPU {sum(s['cpu_s'] for s in r['stages']):.2f}s; JVM threads: "
              + ", ".join(f"{name} {cpu:.1f}s" for name, cpu in r["jvm_threads"].items()))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mb", type=float, default=48.0,
                   help="corpus size in MB of JSONL (default 48: large enough that Spark's fixed costs stop hiding the scaling)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--json", action="store_true", help="also print the figures as JSON")
    p.add_argument("--stages", action="store_true",
                   help="also print the JVM's CPU per Spark stage (REST API) and per kind of JVM thread")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--input", help=argparse.SUPPRESS)
    p.add_argument("--warm", help=argparse.SUPPRESS)
    p.add_argument("--workdir", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        args.engine = args.child
        return child(args)

    import corpus as corpus_mod

    with tempfile.TemporaryDirectory(prefix="doxwacht-bench-spark-") as workdir:
        path = os.path.join(workdir, "corpus.jsonl")
        warm = os.path.join(workdir, "warm.jsonl")
        seed = args.seed if args.seed is not None else corpus_mod.DEFAULT_SEED
        corpus_mod.write_jsonl(path, args.mb, seed)
        with open(path, encoding="utf-8") as src, open(warm, "w", encoding="utf-8") as dst:
            dst.writelines(line for _, line in zip(range(500), src))
        n, nbytes = corpus_stats(path)
        print(f"corpus: {n:,} messages, {nbytes / MB:.1f} MB of text ({os.path.getsize(path) / MB:.1f} MB JSONL); "
              f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at start")
        results = {}
        for engine in ("single", "local[1]", "local[2]"):
            results[engine] = measure(engine, path, warm, workdir, stages=args.stages)
            r = results[engine]
            if "messages" in r and r["messages"] != n:
                raise SystemExit(f"{engine} scanned {r['messages']} messages, expected {n}")
        print(f"load average {os.getloadavg()[0]:.1f} at the end (figures taken under that load)")
    base = results["local[1]"]["seconds"]
    print()
    print(f"{'engine':<12}{'seconds':>10}{'messages/s':>14}{'MB/s':>8}{'vs local[1]':>13}{'start-up s':>12}"
          f"{'scan CPU s':>12}{'JVM CPU s':>11}{'messages/CPU-s':>16}")
    for engine, r in results.items():
        s = r["seconds"]
        startup = f"{r['startup']:.1f}" if "startup" in r else "-"
        jvm_cpu = r.get("jvm_cpu") or 0.0
        total = r["worker_cpu"] + jvm_cpu
        print(f"{engine:<12}{s:>10.1f}{n / s:>14,.0f}{nbytes / MB / s:>8.2f}{base / s:>12.2f}x{startup:>12}"
              f"{r['worker_cpu']:>12.1f}{jvm_cpu:>11.1f}{n / total:>16,.0f}")
    print("(scan CPU s: CPU time of the Python processes that scan, engine construction included; JVM CPU s:")
    print(" the Spark JVM's, reading, converting, caching and writing; messages/CPU-s counts both. Wall-clock")
    print(" figures depend on what else runs on the machine, CPU figures much less)")
    if args.stages:
        print_stages(results)
    speedup = base / results["local[2]"]["seconds"]
    efficiency = speedup / 2
    print()
    print(f"scaling local[1] -> local[2]: {speedup:.2f}x, efficiency {efficiency:.0%} "
          f"(floor {FLOOR}x: {'met' if speedup >= FLOOR else 'NOT met'})")
    need = TARGET_PER_HOUR / 3600
    wall = n / results["local[1]"]["seconds"]
    cpu = n / (results["local[2]"]["worker_cpu"] + (results["local[2]"].get("jvm_cpu") or 0.0))
    print(f"100M messages/hour = {need:,.0f} messages/s")
    for label, per_core, eff in (
        ("local[1] wall clock, measured efficiency", wall, min(1.0, efficiency)),
        ("local[1] wall clock, 80% efficiency", wall, 0.8),
        ("local[2] CPU time (Python + JVM), 80% efficiency", cpu, 0.8),
    ):
        cores = math.ceil(need / (per_core * eff))
        print(f"  from {label}: {per_core:,.0f} messages/s per core x {eff:.0%} -> {cores} executor cores")
    if args.json:
        print(json.dumps({"messages": n, "text_bytes": nbytes, "results": results, "speedup": speedup}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
