"""Alerts for what cannot wait: doxing verdicts and strong watchlist matches, sent at once to the console
(Rich), by e-mail (`doxwacht.response.mailer`) and by a signed webhook.

Delivery goes through an outbox in the store (`live_alert`, one row per message and channel): the worker
writes the rows after the message is stored and before it acknowledges the stream entry; a unique
(message, channel) constraint makes a redelivered message add nothing. A row is claimed (`sending`) before
it is sent and marked `sent` after, so two workers never send the same row. A worker killed between
sending and marking leaves a `sending` row that is sent again after `lease_s` (or at once when a worker
with the same consumer name restarts): at most once more, with the same `X-Doxwacht-Alert` id, which a
receiver uses to drop the repeat.

An alert carries no more personal data than needed: the target's pseudonymous label, case codes, level,
severity, category, reasons (qualifications, kinds of data, watchlist identifier kinds) and where the
message is (platform, channel, message id, URL); never the message text or an identifier's value.

Webhook signature: `X-Doxwacht-Signature: sha256=<hex>` with
`hex = HMAC-SHA256(secret, "<X-Doxwacht-Timestamp>." + body)`, the timestamp in Unix seconds. Receivers
check it with `verify_signature` (constant-time, with a tolerance against replays).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from doxwacht.response.clock import Clock, SystemClock
from doxwacht.store import Store
from doxwacht.store.models import Case, CaseMessage, LiveAlert, Message

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Doxwacht-Signature"
TIMESTAMP_HEADER = "X-Doxwacht-Timestamp"
ALERT_HEADER = "X-Doxwacht-Alert"
SIGNATURE_PREFIX = "sha256="
TOLERANCE_S = 300
MAX_ATTEMPTS = 8  # outbox attempts per row (each attempt retries the webhook itself a few times)

DATA_NAMES = {
    "ADDRESS": "adres", "POSTCODE": "postcode", "PHONE": "telefoonnummer", "EMAIL": "e-mailadres",
    "LICENSE_PLATE": "kenteken", "IBAN": "IBAN", "BSN": "BSN", "DATE_OF_BIRTH": "geboortedatum",
    "PERSON": "naam", "GEO_COORDINATE": "coördinaten", "SOCIAL_HANDLE": "account", "IP_ADDRESS": "IP-adres",
    "URL": "link",
}
WATCHLIST_KIND_NAMES = {
    "phone": "telefoonnummer", "email": "e-mailadres", "plate": "kenteken", "postcode": "postcode met huisnummer",
    "address": "adres", "handle": "account", "iban": "IBAN", "name": "naam", "relative_name": "naam van een familielid",
}


class AlertError(RuntimeError):
    """A channel could not deliver an alert; the message says where and why, never what the alert held."""


# ---------------------------------------------------------------------------------------------------- content
def alert_payload(message: Message, case_codes: Sequence[str] = ()) -> dict[str, Any] | None:
    """The alert for a stored message, or None when it needs none (no doxing verdict and no strong
    watchlist match)."""
    verdict = message.verdict or {}
    strong = [w for w in verdict.get("watchlist", ()) or () if w.get("strength") == "strong"]
    kinds = (["doxing"] if message.level == "doxing" else []) + (["watchlist"] if strong else [])
    if not kinds:
        return None
    targets = verdict.get("targets", ()) or ()
    if strong:  # the protected persons first
        targets = sorted(targets, key=lambda t: not t.get("protected"))
    labels = list(dict.fromkeys(str(t.get("label")) for t in targets if t.get("label")))
    reasons: list[str] = []
    if message.level == "doxing":
        reasons.append(f"oordeel doxing, ernst {message.severity}")
    for q in verdict.get("qualifications", ()) or ():
        if q.get("name"):
            reasons.append(f"mogelijk {q['name']} ({q.get('article') or 'artikel onbekend'})")
    data = [DATA_NAMES.get(str(d.get("label")), str(d.get("label")).lower()) for d in verdict.get("data", ()) or ()
            if d.get("disclosure") == "third_party"]
    if data:
        reasons.append("gegevens van een ander: " + ", ".join(dict.fromkeys(data)))
    if strong:
        reasons.append("sterke overeenkomst met de watchlist: " + ", ".join(
            dict.fromkeys(WATCHLIST_KIND_NAMES.get(str(w.get("kind")), str(w.get("kind"))) for w in strong)))
    ident = "/".join((message.source, message.platform, message.channel, message.message_key))
    return {
        "alert": hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32],
        "kinds": kinds,
        "level": message.level,
        "severity": int(message.severity),
        "category": message.category,
        "label": labels[0] if labels else "onbekend doelwit",
        "labels": labels,
        "protected": any(bool(t.get("protected")) for t in targets) or bool(strong),
        "cases": list(case_codes),
        "reasons": reasons,
        "platform": message.platform,
        "channel": message.channel,
        "message": message.message_key,
        "url": message.url,
        "posted_at": message.posted_at.isoformat() if message.posted_at else None,
        "stored_at": message.ingested_at.isoformat() if message.ingested_at else None,
    }


def alert_text(payload: Mapping[str, Any]) -> str:
    """The alert as Dutch plain text (e-mail body)."""
    lines = [
        f"doxwacht-waarschuwing: {', '.join(payload['kinds'])}",
        "",
        f"Doelwit: {payload['label']}{' (beschermd persoon)' if payload.get('protected') else ''}",
        f"Zaak: {', '.join(payload['cases']) or 'nog geen zaak'}",
        f"Niveau: {payload['level']}, ernst {payload['severity']}, categorie {payload.get('category') or '-'}",
        f"Bericht: {payload['platform']} / {payload['channel']} / {payload['message']}",
    ]
    if payload.get("url"):
        lines.append(f"Link: {payload['url']}")
    lines += ["", "Redenen:"] + [f"- {r}" for r in payload["reasons"]]
    lines += ["", f"Kenmerk: {payload['alert']}",
              "Deze waarschuwing bevat geen persoonsgegevens; bekijk de zaak in doxwacht (wordt gelogd)."]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------- signature
def sign(secret: bytes, body: bytes, timestamp: int | str) -> str:
    """The `X-Doxwacht-Signature` value for `body` sent at `timestamp` (Unix seconds)."""
    mac = hmac.new(secret, str(timestamp).encode("ascii") + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


def verify_signature(secret: bytes, body: bytes, timestamp: str | None, signature: str | None, *,
                     tolerance_s: float = TOLERANCE_S, now: float | None = None) -> bool:
    """True when `signature` (the X-Doxwacht-Signature header) signs `body` with `timestamp` (the
    X-Doxwacht-Timestamp header) and the timestamp is within `tolerance_s` of now."""
    if not timestamp or not signature:
        return False
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - ts) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, body, ts), signature.strip())


# ---------------------------------------------------------------------------------------------------- channels
class Channel(Protocol):
    name: str

    def send(self, payload: Mapping[str, Any]) -> None:
        """Deliver one alert; raise AlertError when it could not."""
        ...


class ConsoleChannel:
    """Prints the alert with Rich (standard error by default)."""

    name = "console"

    def __init__(self, console: Any | None = None) -> None:
        from rich.console import Console

        self.console = console or Console(stderr=True)

    def send(self, payload: Mapping[str, Any]) -> None:
        from rich.markup import escape

        cases = ", ".join(payload["cases"]) or "geen zaak"
        style = "bold red" if payload["level"] == "doxing" else "bold yellow"
        self.console.print(
            f"[{style}]WAARSCHUWING[/] {escape(', '.join(payload['kinds']))} · {escape(cases)} · "
            f"ernst {payload['severity']} · {escape(str(payload['label']))} · "
            f"{escape(str(payload['platform']))}/{escape(str(payload['channel']))}/{escape(str(payload['message']))}"
            f"\n  {escape('; '.join(payload['reasons']))}", highlight=False, soft_wrap=True)


class MailChannel:
    """Sends the alert as a plain Dutch e-mail through `doxwacht.response.mailer`."""

    name = "mail"

    def __init__(self, config: Any, to: Sequence[str], *, clock: Clock | None = None) -> None:
        if not to:
            raise ValueError("geen ontvangers voor e-mailwaarschuwingen")
        self.config = config
        self.to = list(to)
        self.clock = clock

    def send(self, payload: Mapping[str, Any]) -> None:
        from doxwacht.response.documents import Document
        from doxwacht.response.mailer import MailError, send_document

        code = payload["cases"][0] if payload["cases"] else ""
        doc = Document(kind=cast(Any, "waarschuwing"), title="doxwacht-waarschuwing", text=alert_text(payload),
                       data={"case_code": code})
        subject = (f"doxwacht-waarschuwing: {', '.join(payload['kinds'])}, ernst {payload['severity']}"
                   + (f" [{code}]" if code else ""))
        try:
            send_document(doc, self.to, self.config, clock=self.clock, subject=subject)
        except MailError as err:
            raise AlertError(str(err)) from None


class WebhookChannel:
    """POSTs the alert as JSON, signed with HMAC-SHA256 over "<timestamp>.<body>"; retries network errors,
    429 and 5xx with exponential backoff; any other non-2xx answer fails at once."""

    name = "webhook"

    def __init__(self, url: str, secret: bytes, *, timeout: float = 10.0, retries: int = 3, backoff: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        from doxwacht.ingest.connectors.http import safe_url

        if not url.startswith(("http://", "https://")):
            raise ValueError(f"webhook-adres moet met http:// of https:// beginnen: {safe_url(url)}")
        if len(secret) < 16:
            raise ValueError("het webhookgeheim moet minstens 16 bytes lang zijn")
        self.url = url
        self.shown_url = safe_url(url)  # what errors, logs and last_error show: no token, query or userinfo
        self.secret = secret
        self.timeout = timeout
        self.retries = max(1, retries)
        self.backoff = backoff
        self.sleep = sleep

    def request(self, payload: Mapping[str, Any], *, now: float | None = None) -> tuple[bytes, dict[str, str]]:
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        ts = int(time.time() if now is None else now)
        headers = {"Content-Type": "application/json; charset=utf-8", TIMESTAMP_HEADER: str(ts),
                   SIGNATURE_HEADER: sign(self.secret, body, ts), ALERT_HEADER: str(payload["alert"]),
                   "User-Agent": "doxwacht-webhook/1"}
        return body, headers

    def send(self, payload: Mapping[str, Any]) -> None:
        import httpx

        last = ""
        for attempt in range(self.retries):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            body, headers = self.request(payload)  # signed anew: the timestamp stays fresh
            try:
                resp = httpx.post(self.url, content=body, headers=headers, timeout=self.timeout)
            except httpx.HTTPError as err:
                last = f"{type(err).__name__}"
                continue
            if 200 <= resp.status_code < 300:
                return
            last = f"HTTP {resp.status_code}"
            if resp.status_code != 429 and resp.status_code < 500:
                break
        raise AlertError(f"webhook {self.shown_url}: {last} na {attempt + 1} poging(en)")


# ---------------------------------------------------------------------------------------------------- outbox
class AlertOutbox:
    """The alert rows of one worker (`owner`, its consumer name) for `channels`."""

    def __init__(self, store: Store, channels: Sequence[Channel], *, owner: str, clock: Clock | None = None,
                 lease_s: float = 60.0, max_attempts: int = MAX_ATTEMPTS,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.channels = {c.name: c for c in channels}
        self.owner = owner[:128]
        self.clock: Clock = clock or SystemClock()
        self.lease = timedelta(seconds=lease_s)
        self.max_attempts = max_attempts
        self.on_error = on_error
        self.sent = 0
        self.failed = 0

    def _insert(self) -> Any:
        return (pg_insert if self.store.dialect == "postgresql" else sqlite_insert)(LiveAlert)

    def recover(self) -> int:
        """Hand back rows this owner had claimed when it died (a restart under the same consumer name)."""
        with self.store.transaction(write=True) as s:
            res = s.execute(update(LiveAlert).where(LiveAlert.status == "sending", LiveAlert.claimed_by == self.owner)
                            .values(status="pending", claimed_by=None, claimed_at=None))
            return int(cast(Any, res).rowcount or 0)

    def record(self, message_ids: Iterable[int]) -> list[int]:
        """Write pending rows for the messages among `message_ids` that need an alert (rows already
        there stay as they are); returns those message ids."""
        ids = sorted(set(message_ids))
        if not ids or not self.channels:
            return []
        with self.store.transaction() as s:
            messages = list(s.scalars(select(Message).where(Message.id.in_(ids))))
            wanted = [m for m in messages if alert_payload(m) is not None]
            codes: dict[int, list[str]] = {}
            if wanted:
                for mid, code in s.execute(select(CaseMessage.message_id, Case.code)
                                           .join(Case, Case.id == CaseMessage.case_id)
                                           .where(CaseMessage.message_id.in_([m.id for m in wanted]))
                                           .order_by(Case.code)):
                    codes.setdefault(mid, []).append(code)
        now = self.clock.now()
        rows: list[dict[str, Any]] = []
        for m in wanted:
            payload = alert_payload(m, codes.get(m.id, ()))
            rows += [{"message_id": m.id, "channel": ch, "status": "pending", "created_at": now, "attempts": 0,
                      "payload": payload} for ch in self.channels]
        if rows:  # a write transaction only when there is something to alert
            with self.store.transaction(write=True) as s:
                s.execute(self._insert().values(rows).on_conflict_do_nothing(index_elements=["message_id", "channel"]))
        return sorted({int(r["message_id"]) for r in rows})

    def _due(self, row: LiveAlert, now: datetime) -> bool:
        if row.status == "sending":  # its sender died
            return row.claimed_at is None or row.claimed_at < now - self.lease
        if row.attempts == 0 or row.claimed_at is None:
            return True
        return row.claimed_at < now - timedelta(seconds=min(300.0, 2.0 ** row.attempts))

    def deliver(self, message_ids: Iterable[int] | None = None, limit: int = 200) -> int:
        """Send the due rows (of `message_ids`, or all); returns how many went out."""
        now = self.clock.now()
        q = select(LiveAlert).where(LiveAlert.status.in_(("pending", "sending")),
                                    LiveAlert.channel.in_(list(self.channels))).order_by(LiveAlert.id).limit(limit)
        if message_ids is not None:
            ids = sorted(set(message_ids))
            if not ids:
                return 0
            q = q.where(LiveAlert.message_id.in_(ids))
        claimed: list[tuple[int, str, dict[str, Any], int]] = []  # id, channel, payload, attempts so far
        with self.store.transaction() as s:
            due = [(r.id, r.channel, r.payload, r.attempts, r.status) for r in s.scalars(q).all() if self._due(r, now)]
        if not due:
            return 0
        with self.store.transaction(write=True) as s:  # claim: the conditional update lets one worker win
            for rid, channel, payload, attempts, status in due:
                res = s.execute(update(LiveAlert).where(LiveAlert.id == rid, LiveAlert.status == status,
                                                        LiveAlert.attempts == attempts)
                                .values(status="sending", claimed_by=self.owner, claimed_at=now, attempts=attempts + 1)
                                .execution_options(synchronize_session=False))
                if cast(Any, res).rowcount == 1:
                    claimed.append((rid, channel, payload, attempts + 1))
        sent = 0
        for rid, channel_name, payload, attempts in claimed:
            try:
                self.channels[channel_name].send(payload)
            except Exception as err:  # noqa: BLE001 - one channel failing must not stop the others
                status = "failed" if attempts >= self.max_attempts else "pending"
                msg = str(err) if isinstance(err, AlertError) else type(err).__name__
                with self.store.transaction(write=True) as s:
                    s.execute(update(LiveAlert).where(LiveAlert.id == rid)
                              .values(status=status, claimed_by=None, last_error=msg[:1000]))
                self.failed += status == "failed"
                log.info("alert %s via %s not sent (%s): %s", payload.get("alert"), channel_name, status, msg)
                if self.on_error:
                    self.on_error(f"waarschuwing via {channel_name} niet verstuurd"
                                  f"{' (opgegeven)' if status == 'failed' else ' (volgt opnieuw)'}: {msg}")
                continue
            with self.store.transaction(write=True) as s:
                s.execute(update(LiveAlert).where(LiveAlert.id == rid)
                          .values(status="sent", sent_at=self.clock.now(), last_error=None))
            sent += 1
        self.sent += sent
        return sent

    def pending(self, *, due_only: bool = False) -> int:
        """Rows of this outbox's channels not yet sent (nor given up); with `due_only`, only those a
        `deliver` now would try (not waiting for a backoff or another worker's lease)."""
        now = self.clock.now()
        with self.store.transaction() as s:
            rows = s.scalars(select(LiveAlert).where(LiveAlert.status.in_(("pending", "sending")),
                                                     LiveAlert.channel.in_(list(self.channels)))).all()
            return sum(1 for r in rows if not due_only or self._due(r, now))
