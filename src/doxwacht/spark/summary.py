"""The per-target summary for triage: one row per target of the verdicts (a watchlist person, a
named person, a group, a role, ...), most serious first.

    target_kind, target, messages, doxing, max_severity, levels, message_ids, more_ids

`target` is `kind:who` as in the `targets` column (`watchlist:<person id>`: a protected person of
the register, by its opaque id; `person:<name>`; `group:<label>`); `levels` counts the messages per
verdict level; `message_ids` are the first `max_ids` ids (sorted), `more_ids` how many more there are.
"""

from __future__ import annotations

from typing import Any

MAX_IDS = 1000


def target_summary(messages: Any, *, max_ids: int = MAX_IDS) -> Any:
    """The summary DataFrame for a DataFrame with the columns `id`, `level`, `severity`, `targets`."""
    from pyspark.sql import functions as F

    per = messages.select("id", "level", "severity", F.explode("targets").alias("target"))
    per = per.withColumn("level", F.coalesce(F.col("level"), F.lit("none")))
    levels = (
        per.groupBy("target", "level")
        .count()
        .groupBy("target")
        .agg(F.map_from_entries(F.sort_array(F.collect_list(F.struct("level", "count")))).alias("levels"))
    )
    main = per.groupBy("target").agg(
        F.count(F.lit(1)).alias("messages"),
        F.sum(F.when(F.col("level") == "doxing", 1).otherwise(0)).alias("doxing"),
        F.max("severity").alias("max_severity"),
        F.sort_array(F.collect_set("id")).alias("ids"),
    )
    return (
        main.join(levels, "target")
        .select(
            F.split("target", ":", 2).getItem(0).alias("target_kind"),
            "target",
            "messages",
            "doxing",
            "max_severity",
            "levels",
            F.slice("ids", 1, max_ids).alias("message_ids"),
            F.greatest(F.size("ids") - F.lit(max_ids), F.lit(0)).alias("more_ids"),
        )
        .repartition(1)  # one sorted file for people to read; far fewer rows than messages
        .sortWithinPartitions(F.desc_nulls_last("max_severity"), F.desc("doxing"), F.desc("messages"), "target")
    )
