"""The wire form of a record round-trips, and a bad entry becomes a Problem, never an exception."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.sink import CallbackSink, ListSink, Sink, record_from_fields, record_to_fields

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(texts, texts, st.dictionaries(st.text(max_size=10), st.one_of(st.integers(), texts), max_size=4))
def test_round_trip(rid: str, text: str, meta: dict) -> None:
    r = Record(id=rid, text=text, source="telegram:kanaal", location="kanaal#1", format="telegram", meta=meta)
    assert record_from_fields(record_to_fields(r)) == r


def test_bytes_keys_and_values_as_redis_returns_them() -> None:
    r = Record(id="7", text="Jan woont op Dorpsstraat 1", source="s", location="l", format="rss", meta={"a": 1})
    raw = {k.encode(): v.encode() for k, v in record_to_fields(r).items()}
    assert record_from_fields(raw) == r


def test_bad_entries_are_problems() -> None:
    assert isinstance(record_from_fields({"text": "x"}), Problem)
    p = record_from_fields({"id": "1", "text": "x", "meta": "{niet json"})
    assert isinstance(p, Problem) and p.kind == "malformed"
    assert record_from_fields({"id": "1", "text": "x", "v": "9"}).kind == "unsupported"
    assert record_from_fields({b"id": b"\xff", b"text": b"x"}).kind == "encoding"


def test_sinks_follow_the_protocol() -> None:
    got: list[list[Record]] = []
    r = Record(id=1, text="a", source="s", location="l", format="text")
    for sink in (ListSink(), CallbackSink(got.append)):
        assert isinstance(sink, Sink)
        assert sink.put([r, r]) == 2
    assert got == [[r, r]]


def test_tagging_sink_gives_one_store_key_whichever_way_a_message_travels() -> None:
    from doxwacht.cases.ingest import identity
    from doxwacht.ingest.sink import TaggingSink

    r = Record(id="42", text="a", source="https://nieuws.example/feed", location="feed#42", format="rss",
               meta={"platform": "rss", "channel": "nieuws"})
    direct, via_stream = ListSink(), ListSink()
    TaggingSink(direct, "rss").put([r])
    TaggingSink(via_stream, "rss").put([r])
    over_wire = record_from_fields(record_to_fields(via_stream.records[0]))
    # stored at once (connector's own Ingestor, source "rss") or by a worker (its Ingestor's source "live")
    a = identity(direct.records[0], source="rss", platform=None, channel=None)
    b = identity(over_wire, source="live", platform=None, channel=None)
    assert a == b and a.source == "rss"
    assert r.meta == {"platform": "rss", "channel": "nieuws"}  # the original record is not changed
    tagged = Record(id="1", text="b", source="s", location="l", format="api", meta={"ingest_source": "api"})
    TaggingSink(direct, "rss").put([tagged])
    assert direct.records[-1].meta["ingest_source"] == "api"  # an existing tag is kept
