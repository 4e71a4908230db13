"""Pseudonymous keys for case grouping: a keyed hash of a normalised identifier, under a random salt kept
in the store (never the identifier itself)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from sqlalchemy.orm import Session

from doxwacht.store import Store

SALT_KEY = "cases.salt"

# verdict role ids (doxwacht.intent.lexicon.ROLES) -> role groups (doxwacht.response.RoleGroup values)
ROLE_GROUPS = {
    "agent": "politie", "boa": "boa", "wethouder": "bestuurder", "kamerlid": "politicus",
    "rechter": "rechterlijke macht", "journalist": "journalist", "ambtenaar": "ambtenaar",
}
# watchlist role groups -> role groups
WATCHLIST_GROUPS = {
    "politie": "politie", "boa": "boa", "politicus": "politicus", "bestuurder": "bestuurder",
    "rechterlijke_macht": "rechterlijke macht", "ambtenaar": "ambtenaar", "journalist": "journalist",
    "hulpverlener": "hulpverlener", "burger": "burger", "overig": "burger",
}


def store_salt(store: Store, session: Session) -> bytes:
    value = store.get_meta(session, SALT_KEY)
    if value is None:
        value = secrets.token_hex(32)
        store.set_meta(session, SALT_KEY, value)
    return bytes.fromhex(value)


def normalise(value: str) -> str:
    v = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"\s+", " ", v).strip()


def keyed_hash(salt: bytes, kind: str, value: str, length: int = 24) -> str:
    return hmac.new(salt, f"{kind}\x1f{normalise(value)}".encode(), hashlib.sha256).hexdigest()[:length]
