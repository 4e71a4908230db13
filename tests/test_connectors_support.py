"""Shared helpers for the connector tests (no tests here): a loopback HTTP server with programmable
answers, sinks that fail, and the recorded fixtures' folder."""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from doxwacht.ingest.records import Record

DATA = Path(__file__).parent / "data" / "connectors"


def require(module: str) -> None:
    """Skip the test module when an optional library (the `connectors` extra) is missing; with CI=true
    fail instead, because CI installs the extra."""
    import pytest

    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        importlib.import_module(module)
    else:
        pytest.importorskip(module, reason=f"{module} ontbreekt: pip install -e '.[connectors]'")

# handler(path, query, headers) -> (status, headers, body)
Route = Callable[[str, dict[str, list[str]], dict[str, str]], tuple[int, dict[str, str], bytes]]


class LoopbackServer:
    """An HTTP server on 127.0.0.1 in a thread; `routes[path]` answers, `requests` records what came in."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                headers = {k.lower(): v for k, v in self.headers.items()}
                outer.requests.append((parts.path, query, headers))
                route = outer.routes.get(parts.path)
                status, extra, body = route(parts.path, query, headers) if route else (404, {}, b"niet gevonden")
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class FailingSink:
    """Fails the first `failures` puts, then keeps what it is given."""

    def __init__(self, failures: int = 1) -> None:
        self.failures = failures
        self.calls = 0
        self.records: list[Record] = []

    def put(self, records: Iterable[Record]) -> int:
        self.calls += 1
        batch = list(records)
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("sink tijdelijk onbereikbaar")
        self.records.extend(batch)
        return len(batch)


class Sleeps:
    """An injectable sleep that records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
