"""Passwords (argon2), tokens (stored only as hashes), CSRF tokens, roles, login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from doxwacht.web.models import LoginAttempt, WebUser

ROLES = ("analist", "coördinator", "auditor", "beheerder")
ROLE_ALIASES = {"coordinator": "coördinator"}
CASE_ROLES = frozenset({"analist", "coördinator"})
AUDIT_ROLES = frozenset({"auditor"})
ADMIN_ROLES = frozenset({"beheerder"})
WATCHLIST_ROLES = frozenset({"coördinator", "beheerder"})  # add and remove protected persons

_hasher = PasswordHasher()
# verified against when the account does not exist, so timing does not tell which names exist
_DUMMY_HASH = _hasher.hash("doxwacht-dummy-password")


def normalise_role(role: str) -> str:
    r = ROLE_ALIASES.get(role.strip().lower(), role.strip().lower())
    if r not in ROLES:
        raise ValueError(f"onbekende rol {role!r}; kies uit: {', '.join(ROLES)}")
    return r


def hash_password(password: str) -> str:
    if len(password) < 12:
        raise ValueError("een wachtwoord heeft minstens 12 tekens")
    return _hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token(secret: str, nonce: str, bound: str = "") -> str:
    """The form token for a CSRF cookie `nonce`, bound to the session (`bound`) when there is one."""
    return hmac.new(secret.encode(), f"csrf|{nonce}|{bound}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, nonce: str | None, bound: str, given: str | None) -> bool:
    if not nonce or not given:
        return False
    return hmac.compare_digest(csrf_token(secret, nonce, bound), given)


def add_user(s: Session, username: str, password: str, role: str, now: datetime) -> WebUser:
    username = username.strip()
    if not username or len(username) > 128:
        raise ValueError("geef een gebruikersnaam (hoogstens 128 tekens)")
    if s.scalar(select(WebUser.id).where(WebUser.username == username)) is not None:
        raise ValueError(f"gebruiker {username} bestaat al")
    user = WebUser(username=username, password_hash=hash_password(password), role=normalise_role(role),
                   active=True, created_at=now)
    s.add(user)
    s.flush()
    return user


def login_blocked(s: Session, username: str, ip: str, now: datetime, *, max_failures: int,
                  window_minutes: int) -> bool:
    since = now - timedelta(minutes=window_minutes)
    base = select(func.count(LoginAttempt.id)).where(LoginAttempt.at >= since, LoginAttempt.ok.is_(False))
    by_user = s.scalar(base.where(LoginAttempt.username == username.strip().lower())) or 0
    by_ip = s.scalar(base.where(LoginAttempt.ip == ip)) or 0
    return by_user >= max_failures or by_ip >= max_failures


def record_attempt(s: Session, username: str, ip: str, ok: bool, now: datetime) -> None:
    s.add(LoginAttempt(at=now, username=username.strip().lower()[:128], ip=ip[:64], ok=ok))
