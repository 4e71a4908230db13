"""Send a `Document` by SMTP: a plain-text Dutch e-mail, with the structured record as a JSON
attachment for the kinds that carry one (DSA notice, art. 125p request, aangifte file).

Failures raise `MailError` with the server, the document kind, the case code and the SMTP reason;
neither the error nor the log ever holds the document's text or the password.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from enum import StrEnum
from pathlib import Path

from doxwacht.response.clock import Clock, SystemClock
from doxwacht.response.documents import Document
from doxwacht.response.facts import is_email

log = logging.getLogger(__name__)


class Security(StrEnum):
    NONE = "none"  # plain SMTP (a local relay)
    STARTTLS = "starttls"  # upgrade with STARTTLS (port 587)
    SSL = "ssl"  # implicit TLS (port 465)


class MailError(RuntimeError):
    """Sending failed; the message says where and why, never what the document said."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    from_address: str
    port: int = 587
    security: Security = Security.STARTTLS
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    from_name: str = ""
    timeout: float = 30.0
    ca_file: str | None = None  # trust this CA bundle instead of the system's (a relay with its own CA)
    allow_plain_login: bool = False  # log in without TLS: only for a relay on the same machine
    message_id_domain: str | None = None  # default: the domain of from_address

    def __post_init__(self) -> None:
        object.__setattr__(self, "security", Security(self.security))
        if not self.host:
            raise ValueError("SMTP host is empty")
        if not 0 < self.port < 65536:
            raise ValueError(f"SMTP port out of range: {self.port}")
        if not is_email(self.from_address):
            raise ValueError(f"from_address is not an e-mail address: {self.from_address!r}")
        if (self.username is None) != (self.password is None):
            raise ValueError("give both username and password, or neither")

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)


def build_message(document: Document, to: Sequence[str], config: SmtpConfig, *, clock: Clock | None = None,
                  subject: str | None = None, reply_to: str | None = None) -> EmailMessage:
    """The e-mail for `document` (not sent)."""
    clock = clock or SystemClock()
    msg = EmailMessage()
    msg["Subject"] = subject or f"{document.title} [{document.case_code}]"
    msg["From"] = formataddr((config.from_name, config.from_address)) if config.from_name else config.from_address
    msg["To"] = ", ".join(to)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Date"] = format_datetime(clock.now())
    domain = config.message_id_domain or config.from_address.rsplit("@", 1)[1]
    msg["Message-ID"] = make_msgid(idstring=str(document.kind), domain=domain)
    msg["X-Doxwacht-Kind"] = str(document.kind)
    if document.case_code:
        msg["X-Doxwacht-Case"] = document.case_code
    msg.set_content(document.text, charset="utf-8")
    if document.attach_json:
        msg.add_attachment(document.json().encode("utf-8"), maintype="application", subtype="json",
                           filename=document.filename("json"))
    msg["Content-Language"] = "nl"  # after the attachment: a multipart keeps it on the whole message
    return msg


def _reason(e: BaseException) -> str:
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        return "all recipients refused: " + ", ".join(
            f"{addr} ({code})" for addr, (code, _msg) in e.recipients.items())
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return f"login refused ({e.smtp_code})"
    if isinstance(e, smtplib.SMTPResponseException):
        text = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        return f"{type(e).__name__} {e.smtp_code}: {' '.join(text.split())[:200]}"
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return f"the server does not support this: {e}"
    return f"{type(e).__name__}: {e}"


def send_document(document: Document, to: str | Sequence[str], config: SmtpConfig, *, clock: Clock | None = None,
                  subject: str | None = None, reply_to: str | None = None) -> str:
    """Send `document` to `to`; returns the Message-ID. Raises `MailError`."""
    recipients = [to] if isinstance(to, str) else list(to)
    where = f"{document.kind} for case {document.case_code or '?'} via {config.host}:{config.port}"
    bad = [r for r in recipients if not is_email(r)]
    if not recipients or bad:
        raise MailError(f"cannot send {where}: invalid recipient address(es) {bad or recipients}")
    if config.username is not None and config.security == Security.NONE and not config.allow_plain_login:
        raise MailError(f"cannot send {where}: refusing to log in without TLS (set allow_plain_login for a "
                        "relay on this machine)")
    msg = build_message(document, recipients, config, clock=clock, subject=subject, reply_to=reply_to)
    message_id = str(msg["Message-ID"])
    try:
        smtp: smtplib.SMTP
        if config.security == Security.SSL:
            smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=config.tls_context())
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with smtp:
            smtp.ehlo()
            if config.security == Security.STARTTLS:
                if not smtp.has_extn("starttls"):
                    raise MailError(f"cannot send {where}: the server does not offer STARTTLS")
                smtp.starttls(context=config.tls_context())
                smtp.ehlo()
            if config.username is not None and config.password is not None:
                smtp.login(config.username, config.password)
            refused = smtp.send_message(msg, from_addr=config.from_address, to_addrs=recipients)
    except MailError:
        log.warning("mail not sent: %s (STARTTLS missing)", where)
        raise
    except (smtplib.SMTPException, OSError) as e:
        reason = _reason(e)
        log.warning("mail not sent: %s: %s", where, reason)
        raise MailError(f"cannot send {where}: {reason}") from None
    if refused:
        reason = ", ".join(f"{addr} ({code})" for addr, (code, _m) in refused.items())
        log.warning("mail %s partly refused: %s: %s", message_id, where, reason)
        raise MailError(f"{where}: sent as {message_id}, but refused for {reason}")
    log.info("mail sent: %s, message id %s, %d recipient(s)", where, message_id, len(recipients))
    return message_id


SMTP_ENV_PREFIX = "DOXWACHT_SMTP_"


def smtp_config_from_env(environ: Mapping[str, str] | None = None) -> SmtpConfig | None:
    """The SMTP configuration from the environment, or None when `DOXWACHT_SMTP_HOST` is not set.

    `DOXWACHT_SMTP_HOST`, `_PORT` (587), `_SECURITY` (starttls | ssl | none), `_FROM` (required with a host),
    `_FROM_NAME`, `_USER` and `_PASSWORD` or `_PASSWORD_FILE` (a file holding the password, so it stays out
    of the process environment), `_CA_FILE`. A wrong value raises ValueError naming the variable, never
    echoing the password."""
    env = os.environ if environ is None else environ
    host = env.get(SMTP_ENV_PREFIX + "HOST", "").strip()
    if not host:
        return None
    password = env.get(SMTP_ENV_PREFIX + "PASSWORD")
    pw_file = env.get(SMTP_ENV_PREFIX + "PASSWORD_FILE")
    if password is None and pw_file:
        try:
            password = Path(pw_file).read_text(encoding="utf-8").strip()
        except OSError as e:
            raise ValueError(f"{SMTP_ENV_PREFIX}PASSWORD_FILE cannot be read: {e.strerror}") from None
    try:
        port = int(env.get(SMTP_ENV_PREFIX + "PORT", "587"))
    except ValueError:
        raise ValueError(f"{SMTP_ENV_PREFIX}PORT is not a number") from None
    security = env.get(SMTP_ENV_PREFIX + "SECURITY", "starttls").strip().lower()
    if security not in {s.value for s in Security}:
        raise ValueError(f"{SMTP_ENV_PREFIX}SECURITY must be one of starttls, ssl, none")
    from_address = env.get(SMTP_ENV_PREFIX + "FROM", "").strip()
    if not from_address:
        raise ValueError(f"{SMTP_ENV_PREFIX}FROM is required when {SMTP_ENV_PREFIX}HOST is set")
    return SmtpConfig(host=host, from_address=from_address, port=port, security=Security(security),
                      username=env.get(SMTP_ENV_PREFIX + "USER") or None, password=password if env.get(
                          SMTP_ENV_PREFIX + "USER") else None,
                      from_name=env.get(SMTP_ENV_PREFIX + "FROM_NAME", ""),
                      ca_file=env.get(SMTP_ENV_PREFIX + "CA_FILE") or None)
