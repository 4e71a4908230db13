"""RSS/Atom: recorded feeds served on loopback; new entries only, conditional GET, HTML to text, resume
after a restart without loss or repeats, backoff on server errors, a broken feed reported and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_connectors_support import require

require("feedparser")

from doxwacht.ingest.connectors import Backoff, ConnectorError, PositionStore, Runner
from doxwacht.ingest.connectors.feeds import FeedConnector
from doxwacht.ingest.sink import ListSink
from tests.test_connectors_support import DATA, FailingSink, LoopbackServer, Sleeps


class Feed:
    """Serves one recorded file with an ETag; answers 304 to a matching If-None-Match."""

    def __init__(self, name: str, etag: str = '"v1"', content_type: str = "application/rss+xml") -> None:
        self.name, self.etag, self.content_type = name, etag, content_type
        self.fail: list[int] = []

    def __call__(self, path, query, headers):
        if self.fail:
            return self.fail.pop(0), {"Retry-After": "7"}, b"storing"
        if headers.get("if-none-match") == self.etag:
            return 304, {"ETag": self.etag}, b""
        return 200, {"ETag": self.etag, "Last-Modified": "Mon, 23 Nov 2026 09:20:00 GMT",
                     "Content-Type": self.content_type}, (DATA / self.name).read_bytes()


@pytest.fixture()
def server():
    with LoopbackServer() as s:
        yield s


def run_once(urls, state: Path, sink=None, **kw):
    sink = sink if sink is not None else ListSink()
    conn = FeedConnector(urls, PositionStore(state))
    stats = Runner(conn, sink, interval=0, sleep=Sleeps(), **kw).run(once=True)
    return sink, stats


def test_entries_become_records_with_text_and_meta(server, tmp_path: Path) -> None:
    server.routes["/rss"] = Feed("feed_rss.xml")
    server.routes["/atom"] = Feed("feed_atom.xml", content_type="application/atom+xml")
    sink, _ = run_once([server.url + "/rss", server.url + "/atom"], tmp_path / "rss.json")
    by_id = {r.id: r for r in sink.records}
    assert set(by_id) == {"voorbeeld-nieuws-1000", "voorbeeld-nieuws-1001", "tag:rijksoverheid.example,2026:nieuws/77"}
    r = by_id["voorbeeld-nieuws-1001"]
    assert r.text == ("Wethouder bedreigd na raadsvergadering\n\nNa de vergadering van donderdag werd de wethouder "
                      "bedreigd.\n\nDe politie onderzoekt het.")
    assert r.meta["platform"] == "rss" and r.meta["channel"] == server.url + "/rss"
    assert r.meta["url"] == "https://www.voorbeeld.nl/nieuws/wethouder-bedreigd"
    assert r.meta["date"] == "2026-11-23T08:15:00+00:00" and r.meta["feed"] == "Gemeente Voorbeeld – Nieuws"
    assert "track()" not in by_id["voorbeeld-nieuws-1000"].text  # content:encoded, script dropped
    assert "dinsdag opgehaald.\nZie de afvalkalender" in by_id["voorbeeld-nieuws-1000"].text
    assert by_id["tag:rijksoverheid.example,2026:nieuws/77"].text.startswith("Nieuwe aanpak doxing\n\nHet kabinet")
    assert [r.id for r in sink.records][:2] == ["voorbeeld-nieuws-1000", "voorbeeld-nieuws-1001"]  # oldest first


def test_conditional_get_and_resume_after_restart(server, tmp_path: Path) -> None:
    feed = Feed("feed_rss.xml")
    server.routes["/rss"] = feed
    url = server.url + "/rss"
    first, _ = run_once([url], tmp_path / "rss.json")
    assert len(first.records) == 2
    # restart (a new connector on the same state file): unchanged feed -> 304, nothing handed over
    again, _ = run_once([url], tmp_path / "rss.json")
    assert again.records == []
    assert server.requests[-1][2]["if-none-match"] == '"v1"'
    assert server.requests[-1][2]["if-modified-since"] == "Mon, 23 Nov 2026 09:20:00 GMT"
    # the feed changes: only the new entry comes, the one still in the feed is not repeated
    feed.name, feed.etag = "feed_rss_updated.xml", '"v2"'
    new, _ = run_once([url], tmp_path / "rss.json")
    assert [r.id for r in new.records] == ["voorbeeld-nieuws-1002"]
    assert "raadslid & zijn kenteken" in new.records[0].text


def test_sink_failing_once_loses_and_repeats_nothing(server, tmp_path: Path) -> None:
    server.routes["/rss"] = Feed("feed_rss.xml")
    sink = FailingSink(1)
    _, stats = run_once([server.url + "/rss"], tmp_path / "rss.json", sink=sink)
    assert sorted(r.id for r in sink.records) == ["voorbeeld-nieuws-1000", "voorbeeld-nieuws-1001"]
    assert sink.calls == 2 and stats.errors == 1
    again, _ = run_once([server.url + "/rss"], tmp_path / "rss.json")
    assert again.records == []


def test_server_errors_back_off_and_honour_retry_after(server, tmp_path: Path) -> None:
    feed = Feed("feed_rss.xml")
    feed.fail = [503, 503]
    server.routes["/rss"] = feed
    now = [0.0]

    def sleep(seconds: float) -> None:  # a fake clock that moves when the runner waits
        delays.append(seconds)
        now[0] += seconds

    delays: list[float] = []
    conn = FeedConnector([server.url + "/rss"], PositionStore(tmp_path / "rss.json"), clock=lambda: now[0])
    sink = ListSink()
    Runner(conn, sink, interval=0, sleep=sleep, backoff=Backoff(base=1, jitter=0)).run(once=True)
    # two 503s: each time waited the 7 s the server asked for (more than the backoff), then it succeeded
    assert delays == [7.0, 7.0] and len(sink.records) == 2
    feed.fail = [503]
    with pytest.raises(ConnectorError, match="503"):
        FeedConnector([server.url + "/rss"], PositionStore(tmp_path / "rss.json")).poll()


def test_broken_feed_is_reported_and_the_others_go_on(server, tmp_path: Path) -> None:
    server.routes["/rss"] = Feed("feed_rss.xml")
    server.routes["/kapot"] = Feed("not_a_feed.html", content_type="text/html")
    problems = []
    conn = FeedConnector([server.url + "/kapot", server.url + "/weg", server.url + "/rss"],
                         PositionStore(tmp_path / "rss.json"))
    sink = ListSink()
    Runner(conn, sink, interval=0, sleep=Sleeps(), on_problem=problems.append).run(once=True)
    assert len(sink.records) == 2
    assert {p.source for p in problems} == {server.url + "/kapot", server.url + "/weg"}
    assert any("geen geldige RSS/Atom" in p.message for p in problems)
    assert any("404" in p.message for p in problems)


def test_seen_ids_are_bounded(server, tmp_path: Path) -> None:
    server.routes["/rss"] = Feed("feed_rss.xml")
    state = PositionStore(tmp_path / "rss.json")
    conn = FeedConnector([server.url + "/rss"], state, max_seen=1)
    Runner(conn, ListSink(), interval=0, sleep=Sleeps()).run(once=True)
    assert len(state.load(FeedConnector.key(server.url + "/rss"))["seen"]) == 1


def test_bad_urls_are_refused() -> None:
    with pytest.raises(ValueError, match="geen http"):
        FeedConnector(["ftp://x"], PositionStore("/nonexistent/x.json"))
