"""Sending documents to a real local SMTP server (aiosmtpd), plain, with login, STARTTLS and SSL."""

from __future__ import annotations

import email
import json
import logging
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from doxwacht.response import DocumentFactory, MailError, Security, SmtpConfig, send_document
from tests.test_response_support import clock, facts, notifier, platform, poster

FROM = "doxwacht@politie.example"
TO = "abuse@telegram.example"


class Inbox:
    """An aiosmtpd handler that keeps what it receives; refuses recipients at refused.example."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.tls: list[bool] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.tls.append(session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None)
        return "250 Message accepted"

    def message(self, i: int = -1) -> EmailMessage:
        return email.message_from_bytes(self.envelopes[i].original_content, policy=default_policy)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"melder" and auth_data.password == b"geheim"
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    key, crt = d / "key.pem", d / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(crt),
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return crt, key


def server_context(cert: tuple[Path, Path]) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(cert[0]), str(cert[1]))
    return ctx


def run(controller: Controller) -> Iterator[Controller]:
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def plain(inbox: Inbox) -> Iterator[Controller]:
    yield from run(Controller(inbox, hostname="127.0.0.1", port=free_port()))


@pytest.fixture
def with_login(inbox: Inbox) -> Iterator[Controller]:
    yield from run(Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator,
                              auth_required=True, auth_require_tls=False))


@pytest.fixture
def starttls(inbox: Inbox, cert: tuple[Path, Path]) -> Iterator[Controller]:
    yield from run(Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=server_context(cert),
                              require_starttls=True, authenticator=authenticator, auth_required=True))


@pytest.fixture
def implicit_tls(inbox: Inbox, cert: tuple[Path, Path]) -> Iterator[Controller]:
    yield from run(Controller(inbox, hostname="127.0.0.1", port=free_port(), ssl_context=server_context(cert),
                              server_hostname="localhost"))


def config(c: Controller, **kw: Any) -> SmtpConfig:
    kw.setdefault("security", Security.NONE)
    return SmtpConfig(host="127.0.0.1", port=c.port, from_address=FROM, from_name="doxwacht", timeout=10, **kw)


def dsa_doc():
    return DocumentFactory(clock()).dsa_notice(facts(), notifier(), platform(), good_faith_confirmed=True)


def request_doc():
    from datetime import timedelta

    from tests.test_response_support import NOW

    return DocumentFactory(clock()).verwijderverzoek(facts(), notifier(), poster(), deadline=NOW + timedelta(days=1))


def test_sends_text_and_json_attachment(plain: Controller, inbox: Inbox) -> None:
    doc = dsa_doc()
    mid = send_document(doc, TO, config(plain), clock=clock())
    assert len(inbox.envelopes) == 1
    env = inbox.envelopes[0]
    assert env.mail_from == FROM and env.rcpt_tos == [TO]
    msg = inbox.message()
    assert msg["Message-ID"].strip() == mid and mid.endswith("@politie.example>")
    assert msg["Subject"].strip() == f"{doc.title} [DX-2024-0042]"
    assert msg["From"] == f"doxwacht <{FROM}>" and msg["To"] == TO
    assert msg["Content-Language"] == "nl" and msg["X-Doxwacht-Case"] == "DX-2024-0042"
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content().replace("\r\n", "\n") == doc.text
    attachments = list(msg.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["dsa_notice-DX-2024-0042.json"]
    assert attachments[0].get_content_type() == "application/json"
    assert json.loads(attachments[0].get_content()) == doc.data


def test_no_attachment_for_a_letter(plain: Controller, inbox: Inbox) -> None:
    doc = request_doc()
    send_document(doc, ["a@x.example", "b@x.example"], config(plain))
    msg = inbox.message()
    assert not msg.is_multipart() and msg.get_content().replace("\r\n", "\n") == doc.text
    assert inbox.envelopes[0].rcpt_tos == ["a@x.example", "b@x.example"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login(with_login: Controller, inbox: Inbox) -> None:
    send_document(request_doc(), TO, config(with_login, username="melder", password="geheim", allow_plain_login=True))
    assert len(inbox.envelopes) == 1


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_wrong_password_is_reported_without_password_or_body(with_login: Controller, inbox: Inbox,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    doc = request_doc()
    caplog.set_level(logging.DEBUG)
    with pytest.raises(MailError) as e:
        send_document(doc, TO, config(with_login, username="melder", password="fout-wachtwoord",
                                      allow_plain_login=True))
    msg = str(e.value)
    assert "login refused (535)" in msg and "verwijderverzoek" in msg and "DX-2024-0042" in msg
    assert "fout-wachtwoord" not in msg and "fout-wachtwoord" not in caplog.text
    assert "Wat wij van u vragen" not in msg and "Wat wij van u vragen" not in caplog.text
    assert "fout-wachtwoord" not in repr(config(with_login, username="melder", password="fout-wachtwoord"))
    assert inbox.envelopes == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_refuses_plain_login_unless_allowed(with_login: Controller) -> None:
    with pytest.raises(MailError, match="without TLS"):
        send_document(request_doc(), TO, config(with_login, username="melder", password="geheim"))


def test_starttls_with_login(starttls: Controller, inbox: Inbox, cert: tuple[Path, Path]) -> None:
    cfg = config(starttls, security=Security.STARTTLS, username="melder", password="geheim", ca_file=str(cert[0]))
    send_document(dsa_doc(), TO, cfg)
    assert inbox.tls == [True]


def test_starttls_untrusted_certificate_fails_clearly(starttls: Controller) -> None:
    with pytest.raises(MailError, match="SSLCertVerificationError|CERTIFICATE_VERIFY_FAILED"):
        send_document(dsa_doc(), TO, config(starttls, security=Security.STARTTLS))


def test_starttls_not_offered(plain: Controller) -> None:
    with pytest.raises(MailError, match="does not offer STARTTLS"):
        send_document(dsa_doc(), TO, config(plain, security=Security.STARTTLS))


def test_implicit_tls(implicit_tls: Controller, inbox: Inbox, cert: tuple[Path, Path]) -> None:
    send_document(dsa_doc(), TO, config(implicit_tls, security=Security.SSL, ca_file=str(cert[0])))
    assert inbox.tls == [True] and len(inbox.envelopes) == 1


def test_refused_recipients(plain: Controller, inbox: Inbox) -> None:
    with pytest.raises(MailError, match="all recipients refused: x@refused.example \\(550\\)"):
        send_document(dsa_doc(), "x@refused.example", config(plain))
    with pytest.raises(MailError, match="sent as <.*>, but refused for y@refused.example"):
        send_document(dsa_doc(), [TO, "y@refused.example"], config(plain))
    assert inbox.envelopes[0].rcpt_tos == [TO]


def test_connection_refused_is_clear_and_leaks_nothing(caplog: pytest.LogCaptureFixture) -> None:
    doc = dsa_doc()
    caplog.set_level(logging.DEBUG)
    cfg = SmtpConfig(host="127.0.0.1", port=free_port(), from_address=FROM, security=Security.NONE, timeout=5)
    with pytest.raises(MailError) as e:
        send_document(doc, TO, cfg)
    assert "ConnectionRefusedError" in str(e.value) and f"127.0.0.1:{cfg.port}" in str(e.value)
    for line in doc.text.splitlines():
        if len(line) > 20:
            assert line not in str(e.value) and line not in caplog.text


def test_success_log_holds_no_body(plain: Controller, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="doxwacht.response.mailer")
    doc = request_doc()
    mid = send_document(doc, TO, config(plain))
    assert mid in caplog.text and "DX-2024-0042" in caplog.text
    assert "Wat wij van u vragen" not in caplog.text and "06-••••••78" not in caplog.text


def test_invalid_addresses_and_config() -> None:
    cfg = SmtpConfig(host="127.0.0.1", port=25, from_address=FROM, security=Security.NONE)
    with pytest.raises(MailError, match="invalid recipient"):
        send_document(dsa_doc(), "geen-adres", cfg)
    with pytest.raises(ValueError):
        SmtpConfig(host="127.0.0.1", from_address="geen-adres")
    with pytest.raises(ValueError):
        SmtpConfig(host="127.0.0.1", from_address=FROM, username="alleen-naam")
    with pytest.raises(ValueError):
        SmtpConfig(host="", from_address=FROM)
