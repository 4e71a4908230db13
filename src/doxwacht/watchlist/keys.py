"""The watchlist key: 32 random bytes that live OUTSIDE the database (a key file or an environment
variable), the keyed hash built on it, and its fingerprint.

* Hashes are HMAC-SHA256 under a subkey derived from the key, over `domain \\x1f canonical`,
  truncated to 16 bytes (128 bits).
* The fingerprint is HMAC-SHA256 of a fixed label under the key: it identifies the key (so a wrong
  key is refused) without revealing it. The key itself is never stored, logged or printed.

Where the key comes from, first match wins: an explicit file path; the environment variable
DOXWACHT_WATCHLIST_KEY (the key itself, as written by `encode_key`, or 64 hex digits);
DOXWACHT_WATCHLIST_KEY_FILE; `$XDG_CONFIG_HOME/doxwacht/watchlist.key` (default
`~/.config/doxwacht/watchlist.key`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)

KEY_ENV = "DOXWACHT_WATCHLIST_KEY"
KEY_FILE_ENV = "DOXWACHT_WATCHLIST_KEY_FILE"
KEY_BYTES = 32
KEY_PREFIX = "dxwk1:"
DIGEST_BYTES = 16

_FINGERPRINT_LABEL = b"doxwacht/watchlist/key-fingerprint/v1"
_HASH_LABEL = b"doxwacht/watchlist/identifier-hash/v1"
_SEP = b"\x1f"


class WatchlistKeyError(Exception):
    """Base of the key errors; the message is Dutch and safe to show (it never holds key material)."""


class MissingKeyError(WatchlistKeyError):
    pass


class KeyFormatError(WatchlistKeyError):
    pass


class WrongKeyError(WatchlistKeyError):
    pass


class WatchlistKey:
    """The secret. `repr()` shows only the fingerprint."""

    __slots__ = ("_secret", "_fingerprint")

    def __init__(self, secret: bytes) -> None:
        if len(secret) != KEY_BYTES:
            raise KeyFormatError(f"een watchlist-sleutel moet {KEY_BYTES} bytes zijn")
        self._secret = bytes(secret)
        self._fingerprint = hmac.new(self._secret, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def hasher(self) -> Hasher:
        return Hasher(self)

    def _derive(self, label: bytes) -> bytes:
        return hmac.new(self._secret, label, hashlib.sha256).digest()

    def __repr__(self) -> str:
        return f"WatchlistKey(fingerprint={self._fingerprint[:12]}…)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WatchlistKey) and hmac.compare_digest(self._secret, other._secret)

    def __hash__(self) -> int:
        return hash(self._fingerprint)


class Hasher:
    """HMAC-SHA256/128 of `domain \\x1f canonical` under the key's hash subkey. The inner and outer
    SHA-256 states are precomputed, so one hash is two `copy()+update()` calls (RFC 2104)."""

    __slots__ = ("fingerprint", "_inner", "_outer")

    def __init__(self, key: WatchlistKey) -> None:
        subkey = key._derive(_HASH_LABEL).ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in subkey))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in subkey))
        self.fingerprint = key.fingerprint

    def digest(self, domain: str, canonical: str) -> bytes:
        inner = self._inner.copy()
        inner.update(domain.encode() + _SEP + canonical.encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()[:DIGEST_BYTES]

    def __repr__(self) -> str:
        return f"Hasher(fingerprint={self.fingerprint[:12]}…)"


def generate_key() -> WatchlistKey:
    return WatchlistKey(secrets.token_bytes(KEY_BYTES))


def encode_key(key: WatchlistKey) -> str:
    return KEY_PREFIX + base64.urlsafe_b64encode(key._secret).decode("ascii")


def decode_key(text: str) -> WatchlistKey:
    """Parse `dxwk1:<base64url>` or 64 hex digits. Errors never quote the text."""
    raw = text.strip()
    try:
        if raw.startswith(KEY_PREFIX):
            secret = base64.urlsafe_b64decode(raw[len(KEY_PREFIX):].encode("ascii"))
        elif len(raw) == 2 * KEY_BYTES:
            secret = bytes.fromhex(raw)
        else:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raise KeyFormatError(
            f"de watchlist-sleutel heeft geen geldig formaat (verwacht '{KEY_PREFIX}…' of {2 * KEY_BYTES} hexcijfers; "
            "maak er een met 'doxwacht keygen')"
        ) from None
    return WatchlistKey(secret)


def default_key_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "doxwacht" / "watchlist.key"


def write_key_file(path: str | os.PathLike[str], key: WatchlistKey | None = None, *, force: bool = False) -> WatchlistKey:
    """Write a (new) key to `path`, readable by the owner only (0600). Refuses to overwrite an
    existing file unless `force`: overwriting a key makes every registered person unmatchable."""
    key = key or generate_key()
    target = Path(path).expanduser()
    if target.parent != Path("."):
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(target, flags, 0o600)
    except FileExistsError:
        raise WatchlistKeyError(
            f"sleutelbestand {target} bestaat al; overschrijven maakt de huidige watchlist onbruikbaar "
            "(gebruik --force als u dat zeker weet)"
        ) from None
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (encode_key(key) + "\n").encode("ascii"))
    finally:
        os.close(fd)
    return key


def read_key_file(path: str | os.PathLike[str]) -> WatchlistKey:
    target = Path(path).expanduser()
    try:
        st = target.stat()
        data = target.read_text(encoding="ascii")
    except FileNotFoundError:
        raise MissingKeyError(f"sleutelbestand {target} niet gevonden (maak er een met 'doxwacht keygen')") from None
    except (OSError, UnicodeDecodeError):
        raise KeyFormatError(f"sleutelbestand {target} is niet leesbaar") from None
    if os.name == "posix" and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("sleutelbestand %s is leesbaar voor anderen dan de eigenaar; zet de rechten op 0600", target)
    return decode_key(data)


def load_key(path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> WatchlistKey:
    """The configured key (see the module docstring for the order); MissingKeyError if none."""
    env = os.environ if env is None else env
    if path is not None:
        return read_key_file(path)
    if env.get(KEY_ENV):
        return decode_key(env[KEY_ENV])
    if env.get(KEY_FILE_ENV):
        return read_key_file(env[KEY_FILE_ENV])
    default = default_key_path(env)
    if default.exists():
        return read_key_file(default)
    raise MissingKeyError(
        f"geen watchlist-sleutel gevonden: zet {KEY_ENV} of {KEY_FILE_ENV}, geef --key-file, of maak "
        f"{default} met 'doxwacht keygen'"
    )


def key_configured(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return bool(env.get(KEY_ENV) or env.get(KEY_FILE_ENV) or default_key_path(env).exists())
