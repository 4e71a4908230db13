"""Small helpers the command modules share: who is acting (for the access log) and a usage error."""

from __future__ import annotations

import getpass

import typer


def acting_user(user: str | None) -> str:
    """`--user` (DOXWACHT_USER) when given, else the login name, else "onbekend"."""
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in this environment
        return "onbekend"


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `doxwacht: message` on standard error; raise the returned Exit with `code`."""
    typer.echo(f"doxwacht: {message}", err=True)
    return typer.Exit(code)
