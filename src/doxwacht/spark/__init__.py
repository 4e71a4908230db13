"""Batch scanning on Apache Spark: the same engine as `doxwacht scan`, run per partition.

* `session`: the SparkSession (local or from `spark-submit`), with the virtual environment's Python;
* `shipping`: the watchlist key and register snapshot, shipped to executors as a broadcast;
* `inputs`: JSONL and Parquet through Spark's readers, Telegram exports read on the driver;
* `job`: `scan_with_spark` (read -> scan per partition -> write results, count problems);
* `targets`: targets keyed as the case store keys them (keyed hashes, opaque ids, never a name);
* `summary`: the per-target summary for triage;
* `submit`: the `spark-submit` entry point and the `doxwacht scan --engine spark` command.

Needs the `spark` extra (`pip install 'doxwacht[spark]'`) and Java 17 or later. See docs/SCALE.md.
"""
