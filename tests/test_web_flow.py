# ruff: noqa: F811
"""The public report -> status -> console -> decision flow (FastAPI TestClient)."""

from __future__ import annotations

import re
import stat

from tests.test_web_support import PASSWORD, csrf, engine, login, submit_report, web  # noqa: F401


def _status_url(html: str) -> str:
    m = re.search(r'href="(/status/[A-Za-z0-9_\-]+)"', html)
    assert m
    return m.group(1)


def test_full_flow(web):
    r = submit_report(web)
    assert r.status_code == 200, r.text
    code = re.search(r"DW-\d{4}-\d{6}", r.text).group(0)
    url = _status_url(r.text)
    assert len(url.rsplit("/", 1)[1]) >= 40
    st = web.get(url)
    assert st.status_code == 200 and 'data-state="ontvangen"' in st.text and "Ontvangen" in st.text
    assert "Lindelaan" not in st.text and "agent" not in st.text

    anon = web.cookies.get("dw_csrf")
    assert login(web, "anna").status_code == 303
    assert web.cookies.get("dw_csrf") != anon
    queue = web.get("/console")
    assert queue.status_code == 200 and code in queue.text
    case = web.get(f"/console/zaak/{code}")
    assert case.status_code == 200
    assert "Lindelaan" not in case.text  # masked by default
    token = csrf(case.text)

    # unmasking needs a reason and is logged with it
    r = web.post(f"/console/zaak/{code}/ontmaskeren", data={"csrf": token, "reason": ""})
    assert r.status_code == 400 and "Geef een reden" in r.text
    r = web.post(f"/console/zaak/{code}/ontmaskeren", data={"csrf": token, "reason": "controle melding"})
    assert r.status_code == 200 and "Lindelaan" in r.text

    r = web.post(f"/console/zaak/{code}/actie", data={
        "csrf": token, "kind": "verwijderverzoek", "to_name": "Beheerder kanaal", "from_org": "Politie Oost-Nederland",
        "from_name": "A. Jansen", "from_email": "a.jansen@example.org"})
    assert r.status_code == 200, r.text
    assert 'id="document"' in r.text
    r = web.post(f"/console/zaak/{code}/verzonden", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    r = web.post(f"/console/zaak/{code}/antwoord", data={"csrf": token, "result": "verwijderd", "note": "ok"},
                 follow_redirects=False)
    assert r.status_code == 303
    assert web.get(url).text.count("Besluit genomen") == 1
    r = web.post(f"/console/zaak/{code}/besluit", data={"csrf": token, "decision": "Verwijderd na ons verzoek."},
                 follow_redirects=False)
    assert r.status_code == 303
    st = web.get(url)
    assert 'data-state="besluit"' in st.text and "Verwijderd na ons verzoek." in st.text

    # the trail holds the reads, the unmasking with its reason, and the changes
    from doxwacht.cases.audit import verify
    from doxwacht.store import access_log

    store = web.app_.state.store
    with store.transaction() as s:
        rows = [(e.action, e.actor, e.reason) for e in access_log.entries(s)]
    actions = {a for a, _, _ in rows}
    assert {"report.received", "report.status", "case.list", "case.show", "message.view", "case.act",
            "case.status", "case.close", "web.login"} <= actions
    assert ("message.unmask", "anna", "controle melding") in rows
    assert verify(store).ok


def test_secret_key_file_is_private(web):
    key = web.tmp / "doxwacht-web.key"
    assert key.exists() and stat.S_IMODE(key.stat().st_mode) == 0o600


def test_objection_makes_bezwaar_case(web):
    page = web.get("/bezwaar")
    r = web.post("/bezwaar", data={"csrf": csrf(page.text), "url": "https://example.org/nieuws/1",
                                   "recognisable": "Mijn gezicht op de foto", "request": "Graag vervagen",
                                   "contact_kind": "email", "contact": "x@example.org", "consent": "ja"})
    assert r.status_code == 200, r.text
    code = re.search(r"DW-\d{4}-\d{6}", r.text).group(0)
    from sqlalchemy import select

    from doxwacht.store.models import Case

    with web.app_.state.store.transaction() as s:
        assert s.scalar(select(Case.category).where(Case.code == code)) == "bezwaar"
    assert "Ontvangen" in web.get(_status_url(r.text)).text


def test_report_with_image_and_errors_next_to_fields(web):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buf, "PNG")
    r = submit_report(web, files=[("files", ("scherm.png", buf.getvalue(), "image/png"))])
    assert r.status_code == 200, r.text
    r = submit_report(web, what="", platform="mars", consent="")
    assert r.status_code == 400
    for field in ("what", "platform", "consent"):
        assert f'id="{field}-fout"' in r.text
    assert 'aria-invalid="true"' in r.text


def test_user_add_cli(tmp_path):
    from typer.testing import CliRunner

    from doxwacht.cli.app import app

    db = str(tmp_path / "c.db")
    r = CliRunner().invoke(app, ["web", "user-add", "piet", "--role", "analist", "--db", db, "--password", PASSWORD])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["web", "user-add", "piet2", "--role", "koning", "--db", db, "--password", PASSWORD])
    assert r.exit_code == 2


def test_concurrent_reports_are_all_received(web):
    """Reports arriving at the same time share one scan engine (hyperscan scratch space is not safe across
    threads): every one gets its own receipt, none fails."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.test_web_support import DOX, report_data

    data = report_data(csrf(web.get("/melden").text))

    def post(i: int):
        return web.post("/melden", data={**data, "what": f"{DOX} (melding {i})"})

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(post, range(12)))
    assert [r.status_code for r in results] == [200] * 12
    urls = {_status_url(r.text) for r in results}
    assert len(urls) == 12
