"""Shipping the watchlist to the executors without exposing the key.

The executors need the key itself (they hash what they find) and the register's digests. Both go in
one `WatchlistPayload`, sent as a Spark *broadcast* variable:

* it never enters the Spark configuration, the command line, a SQL/RDD plan or a log line: the
  closure that runs on the executors holds only the broadcast's numeric id;
* it travels over Spark's own block transfer (authenticated and encrypted with `spark.authenticate`
  and `spark.network.crypto.enabled`; on disk only in Spark's temporary block files, which
  `spark.io.encryption.enabled` encrypts) and is dropped when the job ends (`destroy()`);
* the register's plaintext never exists anywhere: the payload holds HMAC digests and opaque person
  ids, as in `Matcher.serialize()`.

The alternative, a key file path readable only by the user, needs a file system shared by driver
and executors under the same user, which a cluster seldom offers; the broadcast works everywhere.
"""

from __future__ import annotations

import secrets
from typing import Any

from doxwacht.watchlist.analyzer import WatchlistAnalyzer
from doxwacht.watchlist.keys import WatchlistKey
from doxwacht.watchlist.matcher import Matcher


class WatchlistPayload:
    """The key bytes and a register snapshot (digests only). `repr()` shows the fingerprint only."""

    __slots__ = ("_secret", "fingerprint", "snapshot", "token")

    def __init__(self, secret: bytes, snapshot: bytes, fingerprint: str, token: str | None = None) -> None:
        self._secret = secret
        self.snapshot = snapshot
        self.fingerprint = fingerprint
        self.token = token or secrets.token_hex(8)  # names this snapshot in the executors' engine cache

    @classmethod
    def from_key(cls, key: WatchlistKey, matcher: Matcher) -> WatchlistPayload:
        return cls(key._secret, matcher.serialize(), key.fingerprint)

    def analyzer(self) -> WatchlistAnalyzer:
        """The analyzer an executor scans with: the snapshot, no register, no refreshes."""
        key = WatchlistKey(self._secret)
        return WatchlistAnalyzer(Matcher.load(self.snapshot, key.hasher()))

    def __getstate__(self) -> tuple[bytes, bytes, str, str]:
        return self._secret, self.snapshot, self.fingerprint, self.token

    def __setstate__(self, state: tuple[bytes, bytes, str, str]) -> None:
        self._secret, self.snapshot, self.fingerprint, self.token = state

    def __repr__(self) -> str:
        return f"WatchlistPayload(fingerprint={self.fingerprint[:12]}…, {len(self.snapshot)} bytes of digests)"

    __str__ = __repr__


def load_payload(db: str | None = None, key_file: str | None = None) -> WatchlistPayload | None:
    """The configured watchlist (the same configuration `doxwacht scan` reads: `--key-file` or
    DOXWACHT_WATCHLIST_KEY(_FILE), `--db` or DOXWACHT_DB), or None when no key is configured.
    Raises `WrongKeyError` when the key does not fit the register."""
    from doxwacht.store import Store
    from doxwacht.watchlist.keys import key_configured, load_key
    from doxwacht.watchlist.register import Register

    if key_file is None and not key_configured():
        return None
    key = load_key(key_file)
    with Store(db) as store:
        matcher = Register(store, key).load_matcher()
    return WatchlistPayload.from_key(key, matcher)


def ship(spark: Any, payload: WatchlistPayload | None) -> Any:
    """A broadcast of the payload (None stays None)."""
    return None if payload is None else spark.sparkContext.broadcast(payload)
