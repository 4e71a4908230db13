"""Spark batch scanning, run for real in local mode: results equal the single-process scan's message
for message, problems are reported with their locations, the watchlist key stays out of plans and
configuration. One SparkSession (local[2]) serves every test here; the scans run once per module."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doxwacht.cli.app import app, make_engine
from doxwacht.ingest import Problem, ReadOptions, read_path, scan_records
from doxwacht.spark.session import spark_unavailable_reason

REASON = spark_unavailable_reason()
if REASON is not None:
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError(f"Spark tests need pyspark and Java under CI: {REASON}")
    pytest.skip(f"Spark not available: {REASON}", allow_module_level=True)

from doxwacht.spark.inputs import SparkReadOptions, input_rdd
from doxwacht.spark.job import EngineSpec, scan_with_spark, scanned_frame
from doxwacht.spark.shipping import load_payload, ship
from doxwacht.spark.submit import run_scan
from doxwacht.spark.targets import load_keying

MAX_CHARS = 2000
FEW_SPLITS = SparkReadOptions(partitions_per_core=1)  # tiny inputs: fewer tasks, a faster test
PHONE, PLATE = "06-12345678", "12-XKB-3"

MESSAGES = [
    {"id": 1, "text": "Zijn nummer: 0612345678, auto 12XKB3 kenteken. Ga maar langs!", "chat": "expose"},
    {"id": 2, "text": "Bel 06-87654321 voor de taart"},
    {"id": "m-3", "text": "Ik weet waar Jan de Vries woont: Lindelaan 14b, 3034 KP Rotterdam. We gaan hem pakken."},
    {"text": "Dit bericht heeft geen id, wel een mail: piet.jansen@example.nl en NL91 ABNA 0417 1643 00"},
    {"id": 5, "text": "Gezellig weekend gehad, 3-1 gewonnen om 14:30!"},
    "{dit is geen json",
    {"id": 7, "body": "tekst in het verkeerde veld"},
    "",
    {"id": 9, "text": "x" * (MAX_CHARS + 500)},
    {"id": {"chat": 4, "msg": 10}, "text": "Nog een keer: 06 1234 5678, iedereen weet het nu. Maak hem kapot."},
    ["geen", "object"],
    {"id": 12, "text": "Mijn eigen nummer is 0687654321, bel me gerust"},
]


def _line(m: object) -> str:
    return m if isinstance(m, str) else json.dumps(m, ensure_ascii=False)


@pytest.fixture(scope="session")
def spark():
    from doxwacht.spark.session import make_session

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = make_session(
        "local[2]",
        app_name="doxwacht-tests",
        conf={
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.driver.memory": "512m",
            "spark.ui.enabled": "false",
            # a short-lived test JVM: the C1 compiler only and the serial collector start it 2-3x faster
            "spark.driver.extraJavaOptions": "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto",
        },
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def world(tmp_path_factory, spark):
    """A watchlist (key + register), a mixed JSONL input, the single-process scan of it, and the Spark
    scan of it (JSONL results + summary), shared by the tests below."""
    tmp = tmp_path_factory.mktemp("spark")
    mp = pytest.MonkeyPatch()
    for var in ("DOXWACHT_WATCHLIST_KEY", "DOXWACHT_WATCHLIST_KEY_FILE", "DOXWACHT_DB"):
        mp.delenv(var, raising=False)
    mp.setenv("XDG_CONFIG_HOME", str(tmp / "config"))
    key, db = tmp / "watchlist.key", tmp / "wl.db"
    runner = CliRunner()
    assert runner.invoke(app, ["keygen", "--out", str(key)]).exit_code == 0
    added = runner.invoke(app, ["watchlist", "add", "--db", str(db), "--key-file", str(key), "--label", "Agent A",
                                "--role", "politie", "--org", "Eenheid Utrecht", "--phone", PHONE, "--plate", PLATE])
    assert added.exit_code == 0, added.output
    src = tmp / "mixed.jsonl"
    src.write_text("\n".join(_line(m) for m in MESSAGES) + "\n", encoding="utf-8")

    engine = make_engine(threshold=0.5, max_chars=MAX_CHARS, db=str(db), key_file=str(key))
    local = list(scan_records(engine, read_path(str(src), ReadOptions())))
    payload = load_payload(str(db), str(key))
    keying = load_keying(str(db), str(key))
    report = scan_with_spark(
        spark, [str(src)], str(tmp / "out"), output_format="parquet", summary=str(tmp / "summary"),
        spec=EngineSpec(max_chars=MAX_CHARS), watchlist_payload=payload, target_keying=keying, options=FEW_SPLITS,
    )
    rows = [r.asDict() for r in spark.read.parquet(str(tmp / "out")).collect()]
    summary = [r.asDict(recursive=True) for r in spark.read.parquet(str(tmp / "summary")).collect()]
    spark_results = [json.loads(r["result"]) for r in rows]
    yield {"tmp": tmp, "src": src, "key": key, "db": db, "local": local, "payload": payload, "report": report,
           "rows": rows, "results": spark_results, "summary": summary, "keying": keying}
    mp.undo()


def test_results_equal_the_single_process_scan_message_for_message(world) -> None:
    local = [item.to_dict() for item in world["local"] if not isinstance(item, Problem)]
    assert len(local) == 7 and world["report"].messages == 7 and world["report"].with_findings >= 5
    assert world["report"].scan_cpu_seconds > 0
    by_location = {r["source"]["location"]: r for r in world["results"]}
    assert len(by_location) == len(world["results"]) == len(local)
    for expected in local:
        assert by_location[expected["source"]["location"]] == expected
    # what the engine found is really there: watchlist hits, a verdict, an id-less record
    first = by_location[f"{world['src']}:1"]
    assert {(m["kind"], m["strength"]) for m in first["watchlist"]} >= {("phone", "strong"), ("plate", "strong")}
    assert first["verdict"]["level"] == "doxing"
    assert by_location[f"{world['src']}:4"]["id"] == f"{world['src']}:4"
    assert {f["label"] for f in by_location[f"{world['src']}:4"]["findings"]} >= {"EMAIL", "IBAN"}


def test_malformed_records_are_reported_with_locations_and_skipped(world) -> None:
    expected = [(p.kind, p.location, p.message) for p in world["local"] if isinstance(p, Problem)]  # input order
    report = world["report"]
    assert [(p.kind, p.location, p.message) for p in report.problems] == expected
    assert [loc.rsplit(":", 1)[1] for _, loc, _ in expected] == ["6", "7", "9", "11"]
    assert report.problem_count == 4 and report.skipped == 4


def test_counts_cover_every_row_when_only_the_hits_are_written(world, spark, tmp_path) -> None:
    """The counts are observed while the results are written, before the `--only-hits` filter."""
    out = tmp_path / "hits"
    report = scan_with_spark(spark, [str(world["src"])], str(out), output_format="jsonl", only_hits=True,
                             spec=EngineSpec(max_chars=MAX_CHARS), options=FEW_SPLITS)
    written = [json.loads(line) for part in sorted(out.glob("part-*")) for line in part.read_text().splitlines()]
    assert report.messages == world["report"].messages == 7
    assert (report.problem_count, report.skipped) == (4, 4)
    assert len(written) == report.with_findings == world["report"].with_findings < report.messages
    assert all(r["findings"] for r in written)


def test_summary_groups_messages_by_target(world) -> None:
    rows = {r["target"]: r for r in world["summary"]}
    watch = [r for r in rows.values() if r["target_kind"] == "watchlist"]
    assert len(watch) == 1
    person = watch[0]
    assert sorted(person["message_ids"]) == sorted(["1", json.dumps({"chat": 4, "msg": 10})])
    assert person["messages"] == 2 and person["more_ids"] == 0
    local = {json.dumps(i.to_dict()["id"]) if not isinstance(i.to_dict()["id"], str) else i.to_dict()["id"]:
             i.to_dict() for i in world["local"] if not isinstance(i, Problem)}
    assert person["max_severity"] == max(local[i]["verdict"]["severity"] for i in person["message_ids"])
    assert person["doxing"] == sum(local[i]["verdict"]["level"] == "doxing" for i in person["message_ids"])
    # most serious first
    severities = [r["max_severity"] or 0 for r in world["summary"]]
    assert severities == sorted(severities, reverse=True)


def test_the_watchlist_key_stays_out_of_plans_and_configuration(world, spark) -> None:
    secret = world["payload"]._secret
    needles = {secret.hex(), base64.urlsafe_b64encode(secret).decode(), base64.b64encode(secret).decode(),
               world["key"].read_text().strip()}
    broadcast = ship(spark, world["payload"])
    try:
        items = input_rdd(spark, [str(world["src"])], SparkReadOptions())
        df = scanned_frame(spark, items, EngineSpec(max_chars=MAX_CHARS), SparkReadOptions(), broadcast)
        buf = io.StringIO()
        with redirect_stdout(buf):
            df.explain(extended=True)
        texts = [buf.getvalue(), df.rdd.toDebugString().decode(), repr(world["payload"]), repr(broadcast),
                 json.dumps(spark.sparkContext.getConf().getAll())]
        texts += [f"{k}={v}" for k, v in os.environ.items()]
        assert "PythonRDD" in texts[1] or "MapPartitions" in texts[0] or "ExistingRDD" in texts[0]
        for text in texts:
            for needle in needles:
                assert needle not in text
            assert secret.decode("latin-1") not in text
    finally:
        broadcast.destroy()


def test_flat_columns_agree_with_the_result(world) -> None:
    assert world["rows"] and set(world["rows"][0]) == {"id", "level", "severity", "labels", "targets", "source",
                                                       "location", "result"}
    for row in world["rows"]:
        result = json.loads(row["result"])
        assert row["id"] == (result["id"] if isinstance(result["id"], str) else json.dumps(result["id"]))
        assert row["labels"] == sorted({f["label"] for f in result["findings"]})
        assert (row["level"], row["severity"]) == (result["verdict"]["level"], result["verdict"]["severity"])
        assert row["location"] == result["source"]["location"]
        persons = {f"watchlist:{m['person']}" for m in result["watchlist"]}
        assert persons <= set(row["targets"])


def test_parquet_input_is_read_like_jsonl(world, spark) -> None:
    tmp = world["tmp"]
    rows = [m for m in MESSAGES if isinstance(m, dict) and "text" in m and len(m["text"]) < MAX_CHARS]
    spark.createDataFrame([(str(m.get("id", "")), m["text"]) for m in rows], "id string, text string") \
        .coalesce(1).write.parquet(str(tmp / "in.parquet"))
    items = input_rdd(spark, [str(tmp / "in.parquet")], FEW_SPLITS)
    scanned = scanned_frame(spark, items, EngineSpec(max_chars=MAX_CHARS), FEW_SPLITS,
                            ship(spark, world["payload"])).collect()
    assert [r["kind"] for r in scanned] == ["message"] * len(rows)

    def core(r: dict) -> dict:
        return {k: v for k, v in r.items() if k not in ("id", "source", "meta")}

    jsonl = [core(r) for r in world["results"]]
    for n, row in enumerate(scanned, 1):
        result = json.loads(row["result"])
        assert result["source"]["format"] == "parquet"
        assert re.search(rf"part-[^/]*\.parquet:{n}$", result["source"]["location"])
        assert core(result) in jsonl, f"no JSONL twin for {row['id']}"


def test_telegram_export_and_the_cli(world, spark, tmp_path) -> None:
    export = Path(__file__).resolve().parents[1] / "examples" / "telegram_export" / "result.json"
    local = {r["source"]["location"]: r for r in (item.to_dict() for item in scan_records(
        make_engine(threshold=0.5, max_chars=MAX_CHARS, db=str(world["db"]), key_file=str(world["key"])),
        read_path(str(export), ReadOptions())) if not isinstance(item, Problem))}
    out = tmp_path / "tg"
    result = CliRunner().invoke(app, ["scan", str(export), "--engine", "spark", "--master", "local[2]",
                                      "--output", str(out), "--output-format", "jsonl", "--max-chars", str(MAX_CHARS),
                                      "--db", str(world["db"]), "--key-file", str(world["key"])])
    assert result.exit_code == 0, result.output
    got = {r["source"]["location"]: r for part in sorted(out.glob("part-*")) for r in map(json.loads, part.read_text().splitlines())}
    assert got == local and len(got) > 3
    # usage errors are said plainly
    missing = CliRunner().invoke(app, ["scan", str(export), "--engine", "spark"])
    assert missing.exit_code == 2 and "--output" in missing.stderr
    assert run_scan([str(export)], output=str(out), spark=spark, quiet=True) == 2  # output exists


def test_bad_inputs_are_usage_errors_in_dutch(spark, tmp_path, capsys) -> None:
    out = str(tmp_path / "never")
    assert run_scan([str(tmp_path / "weg.jsonl")], output=out, spark=spark, quiet=True) == 2
    assert "niet gevonden" in capsys.readouterr().err
    assert run_scan(["geenschema://bak/x.jsonl"], output=out, spark=spark, quiet=True) == 2
    assert "kan de invoer niet openen" in capsys.readouterr().err
    assert run_scan([str(tmp_path)], output=out, spark=spark, input_format="csv", quiet=True) == 2
    assert "invoerformaat" in capsys.readouterr().err
    assert not (tmp_path / "never").exists()


# what the input says about people: none of it may reach a summary or the driver's log
PLAINTEXT = ("Jan de Vries", "jan de vries", "Lindelaan", "3034 KP", "0612345678", "06-12345678", "06 1234 5678",
             "0687654321", "12XKB3", "12-XKB-3", "piet.jansen", "NL91", "ABNA", "Eenheid Utrecht")


def test_summaries_and_the_driver_log_hold_no_name_or_identifier(world, spark, tmp_path, capsys) -> None:
    out, summary = tmp_path / "out", tmp_path / "doelen"
    status = run_scan([str(world["src"])], output=str(out), output_format="jsonl", summary=str(summary),
                      spark=spark, max_chars=MAX_CHARS, db=str(world["db"]), key_file=str(world["key"]))
    assert status == 3  # the malformed lines of the input
    log = capsys.readouterr().err
    written = "".join(p.read_text(encoding="utf-8") for p in sorted(summary.glob("part-*")))
    rows = [json.loads(line) for line in written.splitlines()]
    texts = {"driver log": log, "summary (jsonl)": written,
             "summary (parquet)": json.dumps(world["summary"], ensure_ascii=False),
             "report": json.dumps(world["report"].top_targets, ensure_ascii=False),
             "keying": repr(world["keying"])}
    for where, text in texts.items():
        for needle in PLAINTEXT:
            assert needle.casefold() not in text.casefold(), f"{needle!r} in the {where}"
    # the targets are there, by pseudonymous label and role group
    assert {r["target_kind"] for r in rows} >= {"watchlist", "identified"}
    named = [r for r in rows if r["target_kind"] == "identified"]
    assert all(re.fullmatch(r"[a-z ]+:[0-9a-f]{24}", r["target"]) for r in named)
    assert all(r["target_label"] == f"Doelwit {r['target'].split(':')[1][:6]}" for r in named)
    assert [(r["target_label"], r["target_group"]) for r in rows if r["target_kind"] == "watchlist"] == [
        ("Agent A", "politie")]
    assert "  Agent A (politie): 2 berichten" in log and re.search(r"  Doelwit [0-9a-f]{6} \(burger\): ", log)
    assert not any(r["target"] in log for r in rows)  # no keys in the log either
    salt = world["keying"]._salt.hex()
    assert world["keying"].from_store and salt not in repr(world["keying"]) and salt not in log


def test_targets_are_keyed_as_the_case_store_keys_them(world, tmp_path) -> None:
    """The Ingestor of the case store, run on the same input, gives every message the same target keys."""
    import shutil

    from sqlalchemy import select

    from doxwacht.cases.ingest import Ingestor
    from doxwacht.store import Store
    from doxwacht.store.models import Message

    db = tmp_path / "cases.db"
    for part in world["db"].parent.glob(world["db"].name + "*"):  # the register and the salt the Spark scan
        shutil.copy(part, db.with_name(part.name.replace(world["db"].name, db.name)))  # used (SQLite's WAL too)
    engine = make_engine(threshold=0.5, max_chars=MAX_CHARS, db=str(db), key_file=str(world["key"]))
    with Store(str(db)) as store:
        Ingestor(store, engine, user="test", evidence_dir=tmp_path / "ev").ingest(read_path(str(world["src"]),
                                                                                             ReadOptions()))
        with store.transaction() as s:
            stored = {key: verdict for key, verdict in s.execute(select(Message.message_key, Message.verdict))}
    ids = {i.record.location: str(i.record.id) for i in world["local"] if not isinstance(i, Problem)}
    compared = set()
    for row in world["rows"]:
        if not row["targets"]:
            continue
        cases = [t["key"] for t in stored[ids[row["location"]]]["targets"]]
        assert row["targets"] == [k.replace("wl:", "watchlist:", 1) for k in cases]
        compared |= {t.split(":")[0] if t.startswith("watchlist:") else "identified" for t in row["targets"]}
    assert compared == {"watchlist", "identified"}


def test_a_reused_worker_keeps_only_the_current_jobs_engine(monkeypatch) -> None:
    import doxwacht.cli.app
    from doxwacht.spark import job

    class Payload:
        def __init__(self, token: str) -> None:
            self.token = token

        def analyzer(self) -> None:
            return None

    class Broadcast:
        def __init__(self, token: str) -> None:
            self.value = Payload(token)

    monkeypatch.setattr(job, "_ENGINES", {})
    monkeypatch.setattr(doxwacht.cli.app, "make_engine", lambda **kw: object())
    spec = EngineSpec()
    first = job.engine_for(spec, Broadcast("job-1"))
    assert job.engine_for(spec, Broadcast("job-1")) is first  # built once per job
    second = job.engine_for(spec, Broadcast("job-2"))
    assert second is not first and list(job._ENGINES.values()) == [second]
    job.engine_for(EngineSpec(threshold=0.7), None)
    assert len(job._ENGINES) == 1


def test_loading_the_watchlist_closes_the_store(world, monkeypatch) -> None:
    from doxwacht.store import Store

    closed: list[Store] = []
    close = Store.close
    monkeypatch.setattr(Store, "close", lambda self: (closed.append(self), close(self))[1])
    assert load_payload(str(world["db"]), str(world["key"])) is not None
    assert len(closed) == 1
    assert load_keying(str(world["db"]), str(world["key"])).from_store
    assert len(closed) == 2
