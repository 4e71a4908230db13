"""Web settings: database, session secret, upload limits, clock. No module-global state: every app gets
its own `Settings`."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doxwacht.response.clock import Clock, SystemClock

SECRET_ENV = "DOXWACHT_WEB_SECRET"
SECRET_FILE = "doxwacht-web.key"


@dataclass
class Settings:
    db: str | None = None  # path or SQLAlchemy URL; None: DOXWACHT_DB or ./doxwacht.db
    secret_key: str | None = None  # None: DOXWACHT_WEB_SECRET, else a key file next to the database
    evidence_dir: str | None = None
    upload_dir: str | None = None  # where uploads are streamed before they are checked; default <db>.uploads
    max_file_bytes: int = 10 * 1024 * 1024
    max_files: int = 3
    max_text_chars: int = 20_000
    max_image_pixels: int = 40_000_000
    https: bool = False  # behind https: session cookies get Secure
    session_hours: int = 8
    login_max_failures: int = 5
    login_window_minutes: int = 15
    notifier_org: str = ""
    notifier_email: str = ""
    notifier_name: str = ""
    smtp: Any = None  # a response.mailer.SmtpConfig: receipts and decisions e-mailed to reporters; None: no mail
    clock: Clock = field(default_factory=SystemClock)
    engine: Any = None  # a doxwacht Engine (intent + verdict); None: built on first use
    watchlist_key: Any = None  # a WatchlistKey for the watchlist pages; None: the configured one (env, key file)

    @property
    def max_request_bytes(self) -> int:
        """Hard cap on a request body: all files at their limit plus room for the text fields."""
        return self.max_files * self.max_file_bytes + 1024 * 1024


def load_secret(settings: Settings, db_folder: Path | None) -> str:
    """The session secret: given, from the environment, or read from (first start: written to) a key file
    with mode 0600 in the database's folder."""
    if settings.secret_key:
        return settings.secret_key
    env = os.environ.get(SECRET_ENV)
    if env:
        return env
    folder = db_folder or Path.cwd()
    path = folder / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:  # another process was first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key
