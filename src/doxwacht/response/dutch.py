"""Dates, times and durations written the Dutch way, for documents and reminders (always in UTC,
said so in the text, so nothing depends on the machine's locale or time zone)."""

from __future__ import annotations

from datetime import datetime, timedelta

from doxwacht.response.facts import utc

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def _as_dt(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def format_date(value: str | datetime | None) -> str:
    """'5 maart 2024' (the UTC date)."""
    if value is None:
        return "onbekend"
    d = utc(_as_dt(value))
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_time(value: str | datetime | None) -> str:
    """'5 maart 2024 om 14:05 UTC'."""
    if value is None:
        return "onbekend"
    d = utc(_as_dt(value))
    return f"{format_date(d)} om {d:%H:%M} UTC"


def format_duration(value: timedelta | float) -> str:
    """'24 uur', '7 dagen', '90 minuten' (seconds or a timedelta)."""
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if seconds < 3600:
        minutes = round(seconds / 60)
        return f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"
    hours = round(seconds / 3600)
    if hours >= 48 and hours % 24 == 0:
        return f"{hours // 24} dagen"
    return f"{hours} uur"
