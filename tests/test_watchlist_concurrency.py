"""Scans running while an import runs see the old register or the new one, never half of it."""

from __future__ import annotations

import threading
import time

from doxwacht import Label
from doxwacht.store import Store
from doxwacht.watchlist import PersonInput, Register, WatchlistAnalyzer, generate_key
from tests.test_watchlist_support import engine_with, make_register, sample_person

N = 200


def _phone(i: int) -> str:
    return f"06-{20000000 + i}"


def test_scans_during_an_import_see_old_or_new_register(tmp_path, monkeypatch):
    key = generate_key()
    reg = make_register(tmp_path, key)
    reg.add(sample_person())
    newcomers = [PersonInput(label=f"Agent {i}", role="politie", organisation="O", phones=[_phone(i)]) for i in range(N)]
    items = [(Label.PHONE, _phone(i)) for i in range(N)] + [(Label.PHONE, "06-12345678")]
    text = " ".join(p for _, p in items)

    # keep the import's transaction open a while after its rows are written
    written = threading.Event()
    original = Register._insert

    def slow_insert(self, session, prepared, user):
        ids = original(self, session, prepared, user)
        written.set()
        time.sleep(0.6)
        return ids

    monkeypatch.setattr(Register, "_insert", slow_insert)

    # scanners use their own store connection, as another process would
    scanner_register = Register(Store(tmp_path / "w.db"), key)
    forced = WatchlistAnalyzer.from_register(scanner_register, refresh_interval=None)
    auto = WatchlistAnalyzer.from_register(scanner_register, refresh_interval=0)
    seen: list[tuple[str, int, int, bool, float]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def scanning(name: str, analyzer: WatchlistAnalyzer, force: bool) -> None:
        engine = engine_with(analyzer, items)
        try:
            while not stop.is_set():
                during = written.is_set()
                started = time.monotonic()
                if force:
                    analyzer.refresh(force=True)
                matches = engine.scan(text).to_dict()["watchlist"]
                seen.append((name, len({m["person"] for m in matches}), len(analyzer.matcher.persons), during, started))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=scanning, args=("forced", forced, True)),
        threading.Thread(target=scanning, args=("auto-1", auto, False)),
        threading.Thread(target=scanning, args=("auto-2", auto, False)),
    ]
    for t in threads:
        t.start()
    report = reg.add_many(newcomers)
    committed = time.monotonic()
    deadline = committed + 20
    names = ("forced", "auto-1", "auto-2")
    while time.monotonic() < deadline and not all(
        sum(1 for s in list(seen) if s[0] == n and s[1] == N + 1) >= 2 for n in names
    ):
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join()

    assert not errors
    assert len(report.added) == N
    assert {s[1] for s in seen} <= {1, N + 1}  # persons matched in one scan: all old or all new
    assert {s[2] for s in seen} <= {1, N + 1}  # persons in the snapshot
    # some scans ran while the rows were written but not committed, and saw the old register
    assert any(s[3] and s[1] == 1 for s in seen if s[0] == "forced")
    # after the commit every scanner comes to see the new one, and never goes back to the old one
    for name in names:
        mine = [s[1] for s in seen if s[0] == name]
        assert N + 1 in mine, name
        first_new = mine.index(N + 1)
        assert set(mine[first_new:]) == {N + 1}, name


def test_swap_is_atomic_for_a_scan_in_flight(tmp_path):
    reg = make_register(tmp_path)
    analyzer = WatchlistAnalyzer.from_register(reg, refresh_interval=None)
    old = analyzer.matcher
    reg.add(sample_person())
    new = reg.load_matcher()
    assert analyzer.swap(new) is old and analyzer.matcher is new
    # a scan given the old snapshot keeps using it
    from doxwacht import Document

    assert analyzer.match(Document("Jan de Vries"), (), old) == []
    assert len(analyzer.match(Document("Jan de Vries"), (), new)) == 1
