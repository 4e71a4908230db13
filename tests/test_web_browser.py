# ruff: noqa: F811
"""End-to-end tests in a real headless Chromium (Debian's `chromium`, driven by Playwright through
`executable_path`; no browser is ever downloaded). The app runs in a uvicorn server thread on loopback
against a temporary SQLite database.

Screenshots of the main pages go to `$DOXWACHT_TEST_ARTIFACTS` (e.g. `test-artifacts/`), else to the
pytest temporary directory. With CI=true a missing chromium or playwright fails the tests; elsewhere they
are skipped with the reason."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.test_web_support import PASSWORD, T0, engine  # noqa: F401

CHROMIUM = os.environ.get("DOXWACHT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = '<script>alert("x1")</script><img src=x onerror=alert("x2")>"><svg onload=alert("x3")>'


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[web-e2e]')")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    given = os.environ.get("DOXWACHT_TEST_ARTIFACTS")
    folder = Path(given) if given else tmp_path_factory.mktemp("browser-artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Server:
    def __init__(self, app, base: str, thread: threading.Thread, server) -> None:
        self.app, self.base, self.thread, self.server = app, base, thread, server


@pytest.fixture(scope="module")
def server(tmp_path_factory, engine):
    import uvicorn

    from doxwacht.response.clock import FixedClock
    from doxwacht.web import Settings, create_app
    from doxwacht.web.security import add_user

    tmp = tmp_path_factory.mktemp("browser-web")
    settings = Settings(db=str(tmp / "dw.db"), secret_key="browser-test-secret", clock=FixedClock(T0), engine=engine,
                        max_file_bytes=500_000, max_image_pixels=4_000_000)
    app = create_app(settings)
    with app.state.store.transaction(write=True) as s:
        add_user(s, "anna", PASSWORD, "analist", T0)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield Server(app, f"http://127.0.0.1:{port}", thread, srv)
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def _png() -> dict:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 120), "white")
    ImageDraw.Draw(img).text((10, 50), "Lindelaan 14 Deventer", fill="black")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return {"name": "schermafbeelding.png", "mimeType": "image/png", "buffer": buf.getvalue()}


def _context(browser, **kw):
    ctx = browser.new_context(locale="nl-NL", **kw)
    ctx.set_default_timeout(15_000)
    return ctx


def _fill_report(page, what: str, *, links: str = "https://t.me/expose_nl/1", files: list | None = None) -> None:
    page.get_by_label("Wat is er gebeurd?").fill(what)
    page.get_by_label("Links naar de berichten").fill(links)
    page.get_by_label("Platform").select_option("telegram")
    if files:
        page.get_by_label("Schermafbeeldingen of bestanden").set_input_files(files)
    page.get_by_label("Het gaat over mij").check()
    page.get_by_label("Geen contact").check()
    page.get_by_label("Ik geef toestemming", exact=False).check()


def _receipt(page) -> tuple[str, str]:
    code = page.locator(".receipt strong").inner_text().strip()
    assert re.fullmatch(r"DW-\d{4}-\d{6}", code), code
    link = page.locator(".receipt a").get_attribute("href")
    assert link and link.startswith("/status/")
    return code, link


def _login(page, base: str) -> None:
    page.goto(base + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + "/console")


def test_report_to_decision_in_chromium(browser, server, artefacts):
    base = server.base
    reporter = _context(browser)
    page = reporter.new_page()
    page.goto(base + "/melden")
    page.screenshot(path=str(artefacts / "01-meldformulier.png"), full_page=True)
    _fill_report(page, "Iemand zette mijn adres online: Jan de Vries, Lindelaan 14, 7411 XB Deventer. "
                       "We weten waar je woont", files=[_png()])
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_url(base + "/melden")
    assert page.get_by_role("heading", name="Uw melding is ontvangen").is_visible()
    code, status_link = _receipt(page)
    page.screenshot(path=str(artefacts / "02-ontvangstbewijs.png"), full_page=True)
    page.goto(base + status_link)
    assert page.locator("[data-state]").get_attribute("data-state") == "ontvangen"

    analyst = _context(browser)
    console = analyst.new_page()
    _login(console, base)
    row = console.get_by_role("link", name=code)
    assert row.is_visible()
    console.screenshot(path=str(artefacts / "03-wachtrij.png"), full_page=True)
    row.click()
    console.wait_for_url(re.compile(rf".*/console/zaak/{code}"))
    assert "schermafbeelding.png" in console.locator("main").inner_text()  # the screenshot is evidence

    console.get_by_label("Soort actie").select_option("verwijderverzoek")
    console.get_by_label("Naam ontvanger").fill("Beheerder kanaal")
    console.get_by_label("Uw organisatie").fill("Meldpunt Doxing")
    console.get_by_label("Uw naam").fill("A. Jansen")
    console.get_by_label("Uw e-mailadres").fill("a.jansen@example.org")
    console.get_by_role("button", name="Document maken").click()
    document = console.locator("#document")
    document.wait_for()
    assert "Beheerder kanaal" in document.inner_text() and "Meldpunt Doxing" in document.inner_text()
    console.screenshot(path=str(artefacts / "04-zaak-verwijderverzoek.png"), full_page=True)

    console.get_by_role("button", name="Markeer als verzonden").click()
    console.wait_for_load_state()
    assert console.locator("#status").inner_text() == "wacht op reactie"
    console.get_by_label("Verwijderd", exact=True).check()
    console.get_by_label("Toelichting").fill("Bericht is weg")
    console.get_by_role("button", name="Antwoord vastleggen").click()
    console.wait_for_load_state()
    assert console.locator("#status").inner_text() == "verwijderd"
    console.get_by_label("Besluit en redenen").fill("Het bericht is op ons verzoek verwijderd.")
    console.get_by_role("button", name="Zaak afsluiten met dit besluit").click()
    console.wait_for_load_state()
    assert console.locator("#status").inner_text() == "afgesloten"
    console.screenshot(path=str(artefacts / "05-zaak-afgesloten.png"), full_page=True)
    console.get_by_role("link", name="Statistiek").click()
    console.wait_for_url(base + "/console/statistiek")
    assert console.locator("svg.chart").count() >= 5 and console.locator("#afgesloten-zaken").inner_text() == "1"
    console.screenshot(path=str(artefacts / "08-statistiek.png"), full_page=True)

    page.goto(base + status_link)
    assert page.locator("[data-state]").get_attribute("data-state") == "besluit"
    assert "Het bericht is op ons verzoek verwijderd." in page.locator("main").inner_text()
    assert "Lindelaan" not in page.content()
    page.screenshot(path=str(artefacts / "06-status-besluit.png"), full_page=True)
    reporter.close()
    analyst.close()
    assert len(list(artefacts.glob("0*.png"))) >= 7


def test_report_form_works_without_javascript(browser, server):
    ctx = _context(browser, java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server.base + "/melden")
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()  # error summary, server-side
    assert page.locator("#what-fout").is_visible()
    _fill_report(page, "Mijn telefoonnummer 06-21436587 staat online")
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_load_state()
    code, _ = _receipt(page)
    assert code
    ctx.close()


def test_every_field_has_a_label_and_keyboard_reaches_submit(browser, server):
    ctx = _context(browser)
    page = ctx.new_page()
    page.goto(server.base + "/melden")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(el => !el.labels || el.labels.length === 0).map(el => el.id || el.name)""")
    assert unlabelled == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # first tab stop: skip to content
    _fill_report(page, "Mijn adres Lindelaan 14 Deventer staat op een kanaal")
    page.locator("#what").focus()
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("[document.activeElement.tagName, document.activeElement.id, "
                             "document.activeElement.textContent.trim()]")
        seen.append(info[1])
        if info[0] == "BUTTON" and info[2] == "Melding versturen":
            break
    else:
        pytest.fail(f"submit button not reachable with Tab: {seen}")
    order = [i for i in ("links", "platform", "files", "reporter_zelf", "contact_kind_geen", "contact", "consent_ja")
             if i in seen]
    assert order == ["links", "platform", "files", "reporter_zelf", "contact_kind_geen", "contact", "consent_ja"], seen
    assert seen.index("links") < seen.index("platform") < seen.index("files") < seen.index("consent_ja")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Uw melding is ontvangen").is_visible()
    ctx.close()


def test_xss_payloads_stay_inert_in_the_browser(browser, server, artefacts):
    dialogs: list[str] = []
    ctx = _context(browser)
    ctx.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    page = ctx.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.base + "/melden")
    _fill_report(page, "Hallo " + XSS, links=XSS)
    page.get_by_label("Per e-mail").check()
    page.get_by_label("E-mailadres of telefoonnummer").fill(XSS)
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_load_state()
    assert XSS in page.locator("#what").input_value()  # invalid e-mail: the form comes back with the payload
    page.get_by_label("Geen contact").check()
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_load_state()
    code, link = _receipt(page)

    console = ctx.new_page()
    console.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _login(console, server.base)
    console.goto(f"{server.base}/console/zaak/{code}")
    console.get_by_label("Reden om de tekst onversleuteld te zien").fill("controle XSS")
    console.get_by_role("button", name="Tekst tonen").click()
    console.wait_for_load_state()
    assert '<script>alert("x1")</script>' in console.locator("main").inner_text()
    console.get_by_label("Besluit en redenen").fill(XSS)
    console.get_by_role("button", name="Zaak afsluiten met dit besluit").click()
    console.wait_for_load_state()
    page.goto(server.base + link)
    assert '<script>alert("x1")</script>' in page.locator("main").inner_text()
    page.screenshot(path=str(artefacts / "07-xss-inert.png"), full_page=True)
    assert page.locator("main script, main img[src=x], main svg").count() == 0
    assert dialogs == []
    ctx.close()
