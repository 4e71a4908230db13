"""The per-target summary for triage: one row per target (a watchlist person, an identified person,
an unnamed target in a channel), most serious first.

    target_kind, target, target_group, target_label, messages, doxing, max_severity, levels,
    message_ids, more_ids

`target` is the key of the `targets` column (`doxwacht.spark.targets`: `watchlist:<public id>`,
`<role group>:<keyed hash>`, `<role group>:kanaal`), never a name or an identifier; `target_kind` is
`watchlist`, `identified` or `channel`, `target_group` the role group (politie, journalist, burger,
...), `target_label` the pseudonymous label (the register's label of a watchlist person, `Doelwit
<hash>`, `Onbekend doelwit (<group>)`); `levels` counts the messages per verdict level;
`message_ids` are the first `max_ids` ids (sorted), `more_ids` how many more there are.
"""

from __future__ import annotations

from typing import Any

MAX_IDS = 1000


def target_summary(messages: Any, *, max_ids: int = MAX_IDS) -> Any:
    """The summary DataFrame for a DataFrame with the columns `id`, `level`, `severity` and
    `target_details` (structs `key`, `kind`, `group`, `label`), as `doxwacht.spark.job` scans them."""
    from pyspark.sql import functions as F

    per = messages.select("id", "level", "severity", F.explode("target_details").alias("t")).select(
        "id", "level", "severity", F.col("t.key").alias("target"), F.col("t.kind").alias("target_kind"),
        F.col("t.group").alias("target_group"), F.col("t.label").alias("target_label"),
    )
    per = per.withColumn("level", F.coalesce(F.col("level"), F.lit("none")))
    # one aggregation (one shuffle): the target's key determines its kind, group and label, and the
    # messages per level are counted from the target's levels, in level order as before
    main = per.groupBy("target", "target_kind", "target_group", "target_label").agg(
        F.count(F.lit(1)).alias("messages"),
        F.sum(F.when(F.col("level") == "doxing", 1).otherwise(0)).alias("doxing"),
        F.max("severity").alias("max_severity"),
        F.sort_array(F.collect_set("id")).alias("ids"),
        F.collect_list("level").alias("all_levels"),
    )
    levels = F.map_from_entries(
        F.transform(
            F.array_distinct(F.sort_array("all_levels")),
            lambda lv: F.struct(
                lv.alias("level"), F.size(F.filter("all_levels", lambda x: x == lv)).cast("long").alias("count")
            ),
        )
    ).alias("levels")
    return (
        main.select(
            "target_kind",
            "target",
            "target_group",
            "target_label",
            "messages",
            "doxing",
            "max_severity",
            levels,
            F.slice("ids", 1, max_ids).alias("message_ids"),
            F.greatest(F.size("ids") - F.lit(max_ids), F.lit(0)).alias("more_ids"),
        )
        .repartition(1)  # one sorted file for people to read; far fewer rows than messages
        .sortWithinPartitions(F.desc_nulls_last("max_severity"), F.desc("doxing"), F.desc("messages"), "target")
    )
