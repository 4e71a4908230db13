"""Mastodon: recorded statuses served on loopback the way the REST API pages them (min_id, limit, Link
headers, rate-limit headers); HTML to text, resume without loss or repeats, backoff on 429/5xx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doxwacht.ingest.connectors import Backoff, PositionStore, Runner
from doxwacht.ingest.connectors.mastodon import MastodonConnector, instance_url
from doxwacht.ingest.sink import ListSink
from tests.test_connectors_support import DATA, FailingSink, LoopbackServer, Sleeps

RECORDED = json.loads((DATA / "mastodon_statuses.json").read_text(encoding="utf-8"))


class Timeline:
    """`/api/v1/timelines/...` over a list of statuses: newest first, `min_id` gives the page right after it."""

    def __init__(self, statuses: list[dict]) -> None:
        self.statuses = list(statuses)
        self.fail: list[tuple[int, dict[str, str]]] = []
        self.remaining = "299"

    def __call__(self, path, query, headers):
        if self.fail:
            status, extra = self.fail.pop(0)
            return status, extra, b'{"error": "Too many requests"}'
        limit = int(query.get("limit", ["20"])[0])
        ordered = sorted(self.statuses, key=lambda s: int(s["id"]))
        if "min_id" in query:
            page = [s for s in ordered if int(s["id"]) > int(query["min_id"][0])][:limit]
        else:
            page = ordered[-limit:]
        page.reverse()
        extra = {"Content-Type": "application/json", "X-RateLimit-Limit": "300",
                 "X-RateLimit-Remaining": self.remaining, "X-RateLimit-Reset": "2026-11-23T09:00:00.000Z"}
        if page:
            base = f"http://{headers['host']}{path}"
            extra["Link"] = (f'<{base}?max_id={page[-1]["id"]}>; rel="next", '
                             f'<{base}?min_id={page[0]["id"]}>; rel="prev"')
        return 200, extra, json.dumps(page).encode()


@pytest.fixture()
def server():
    with LoopbackServer() as s:
        yield s


def connector(server, state: Path, **kw) -> MastodonConnector:
    return MastodonConnector(server.url, PositionStore(state), **kw)


def test_statuses_become_records(server, tmp_path: Path) -> None:
    server.routes["/api/v1/timelines/public"] = Timeline(RECORDED)
    sink, problems = ListSink(), []
    Runner(connector(server, tmp_path / "m.json"), sink, interval=0, sleep=Sleeps(),
           on_problem=problems.append).run(once=True)
    assert [r.id for r in sink.records] == ["113500000000000101", "113500000000000102", "113500000000000104",
                                            "113500000000000105"]  # oldest first; 103 is malformed
    dox = sink.records[1]
    assert dox.text == ("let op\n\nDie #wethouder woont op de Dorpsstraat 12 in Voorbeeld,\nga maar eens langs."
                        "\n\nfoto van een voordeur")
    host = server.url.removeprefix("http://")
    assert dox.meta["platform"] == "mastodon" and dox.meta["channel"] == host
    assert dox.meta["author"] == "boos@other.example" and dox.meta["tags"] == ["wethouder"]
    assert dox.meta["media"] == ["https://files.social.example/9.jpg"]
    assert sink.records[2].text == 'Gedeeld: "we weten waar je woont"'  # a boost: the boosted post's text
    assert [p.kind for p in problems] == ["malformed"] and "113500000000000103" in problems[0].location


def test_pages_with_min_id_and_resumes_after_restart(server, tmp_path: Path) -> None:
    tl = Timeline(RECORDED[:2])
    server.routes["/api/v1/timelines/tag/wethouder"] = tl
    state = tmp_path / "m.json"
    first = ListSink()
    Runner(connector(server, state, tags=["#wethouder"], limit=2), first, interval=0, sleep=Sleeps()).run(once=True)
    assert [r.id for r in first.records] == ["113500000000000101", "113500000000000102"]
    tl.statuses = RECORDED  # three more arrive; with limit 2 they come in two pages
    second = ListSink()
    Runner(connector(server, state, tags=["wethouder"], limit=2), second, interval=0, sleep=Sleeps()).run(once=True)
    assert [r.id for r in second.records] == ["113500000000000104", "113500000000000105"]
    asked = [q.get("min_id", [None])[0] for p, q, h in server.requests]
    assert asked == [None, "113500000000000102", "113500000000000104"]  # a short page: caught up
    assert PositionStore(state).load_all() == {
        f"mastodon:{server.url.removeprefix('http://')}/tag:wethouder": {"min_id": "113500000000000105"}}


def test_sink_failing_once_loses_and_repeats_nothing(server, tmp_path: Path) -> None:
    server.routes["/api/v1/timelines/public"] = Timeline(RECORDED)
    sink = FailingSink(1)
    stats = Runner(connector(server, tmp_path / "m.json"), sink, interval=0, sleep=Sleeps()).run(once=True)
    assert len(sink.records) == 4 and stats.errors == 1
    again = ListSink()
    Runner(connector(server, tmp_path / "m.json"), again, interval=0, sleep=Sleeps()).run(once=True)
    assert again.records == []


def test_rate_limit_and_server_errors_back_off(server, tmp_path: Path) -> None:
    tl = Timeline(RECORDED)
    tl.fail = [(429, {"Retry-After": "30"}), (502, {})]
    server.routes["/api/v1/timelines/public"] = tl
    sleeps = Sleeps()
    sink = ListSink()
    Runner(connector(server, tmp_path / "m.json"), sink, interval=0, sleep=sleeps,
           backoff=Backoff(base=1, jitter=0)).run(once=True)
    assert sleeps.delays == [30.0, 2.0] and len(sink.records) == 4


def test_remaining_zero_pauses_until_reset(server, tmp_path: Path) -> None:
    tl = Timeline(RECORDED[:1])
    tl.remaining = "0"
    server.routes["/api/v1/timelines/public"] = tl
    now = [1795424400.0 - 60]  # one minute before the reset in the headers (2026-11-23T09:00:00Z)
    conn = connector(server, tmp_path / "m.json", clock=lambda: now[0])
    first = conn.poll()
    conn.commit(first)
    assert len(first.records) == 1
    tl.statuses = RECORDED
    assert conn.poll().records == [] and len(server.requests) == 1  # paused: not even asked
    now[0] += 61
    assert [r.id for r in conn.poll().records] == ["113500000000000102", "113500000000000104",
                                                  "113500000000000105"]


def test_instance_names() -> None:
    assert instance_url("mastodon.social/") == "https://mastodon.social"
    assert instance_url("http://127.0.0.1:8080/api") == "http://127.0.0.1:8080"
    with pytest.raises(ValueError, match="geen geldige"):
        instance_url("ftp://x")


def test_retry_after_forms() -> None:
    from doxwacht.ingest.connectors.http import retry_after

    now = 1795424400.0  # 2026-11-23T09:00:00Z
    assert retry_after({"retry-after": "12"}, now) == 12.0
    assert retry_after({"retry-after": "Mon, 23 Nov 2026 09:01:00 GMT"}, now) == 60.0
    assert retry_after({"x-ratelimit-reset": "2026-11-23T09:05:00.000Z"}, now) == 300.0
    assert retry_after({"x-ratelimit-reset": "2026-11-23T08:00:00Z"}, now) == 0.0
    assert retry_after({"x-ratelimit-reset": "onzin"}, now) is None and retry_after({}, now) is None
