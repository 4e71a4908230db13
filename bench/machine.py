"""The processor a benchmark ran on, for its printed figures: throughput floors are per core, and a core of one
machine is not a core of another (the same code measured 2.3-3.0 MB/s on one session's machine and 9.6 MB/s on
another's), so every bench prints which processor its figures are from."""

from __future__ import annotations

import os
import platform


def cpu_model() -> str:
    """"AMD EPYC (family 26, model 2, 2596 MHz)" from /proc/cpuinfo where there is one, else what `platform` knows."""
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if not line.strip():
                    break  # the first processor's block is enough
                key, _, value = line.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or platform.machine() or "unknown processor"
    extra = [f"{k} {fields[key]}" for k, key in (("family", "cpu family"), ("model", "model")) if fields.get(key)]
    if fields.get("cpu MHz"):
        extra.append(f"{float(fields['cpu MHz']):.0f} MHz")
    return f"{name} ({', '.join(extra)})" if extra else name


def describe() -> str:
    """One line: processor, cores, Python."""
    return f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}"


if __name__ == "__main__":
    print(describe())
