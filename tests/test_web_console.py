# ruff: noqa: F811
"""Console pages: the queue (order, pages, overdue flags), marked message text with reasons, statistics
with plots, watchlist management (plaintext only in the form, stored hashed), roles and CSRF on them."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, text

from tests.test_web_support import T0, csrf, engine, login, submit_report, web  # noqa: F401


def _add_cases(store, specs) -> None:
    """specs: (code, severity, opened hours before T0, status, overdue action?)."""
    from doxwacht.store.models import Case, CaseAction

    with store.transaction(write=True) as s:
        for code, severity, hours, status, late in specs:
            at = T0 - timedelta(hours=hours)
            case = Case(code=code, group_key=f"g-{code}", target_key=f"t-{code}", target_group="burger",
                        target_label="iemand", protected=False, targets=[], category="doxing", level="high",
                        severity=severity, source="test", platform="telegram", channel="c", platforms=["telegram"],
                        status=status, message_count=0, opened_at=at, updated_at=at)
            s.add(case)
            s.flush()
            if late:
                s.add(CaseAction(case_id=case.id, kind="verwijderverzoek", created_at=at, created_by="anna",
                                 platform="telegram", due_at=T0 - timedelta(hours=1), status="open"))


def _codes(html: str) -> list[str]:
    return re.findall(r'<a href="/console/zaak/(DW-T-\d+)">', html)


def test_queue_orders_by_severity_then_age_with_pages_and_overdue(web):
    specs = [(f"DW-T-{i:03d}", sev, hours, "nieuw", False) for i, (sev, hours) in enumerate(
        [(3, 5), (9, 1), (9, 30), (5, 2), (1, 100)])]
    specs += [("DW-T-900", 10, 1, "afgesloten", False), ("DW-T-901", 7, 3, "in behandeling", True)]
    specs += [(f"DW-T-{100 + i}", 0, 200 + i, "nieuw", False) for i in range(60)]
    _add_cases(web.app_.state.store, specs)
    login(web, "anna")
    page1 = web.get("/console")
    assert page1.status_code == 200
    codes = _codes(page1.text)
    assert codes[:6] == ["DW-T-002", "DW-T-001", "DW-T-901", "DW-T-003", "DW-T-000", "DW-T-004"]
    assert "DW-T-900" not in page1.text  # closed cases are not in the queue
    assert len(codes) == 50 and "66 open zaken" in page1.text and "pagina 1 van 2" in page1.text
    row = re.search(r"DW-T-901.*?</tr>", page1.text, re.DOTALL).group(0)
    assert "verlopen" in row
    assert "verlopen" not in re.search(r"DW-T-002.*?</tr>", page1.text, re.DOTALL).group(0)
    page2 = web.get("/console?pagina=2")
    rest = _codes(page2.text)
    assert len(rest) == 16 and not set(rest) & set(codes)
    assert rest == [f"DW-T-{n}" for n in range(115, 99, -1)]  # severity 0, oldest first: the newest come last
    assert _codes(web.get("/console?pagina=99").text) == rest  # past the end: the last page
    assert _codes(web.get("/console?pagina=x").text) == codes


def test_case_view_marks_findings_and_intent_with_reasons(web):
    r = submit_report(web)
    code = re.search(r"DW-\d{4}-\d{6}", r.text).group(0)
    login(web, "anna")
    page = web.get(f"/console/zaak/{code}")
    assert page.status_code == 200
    marks = re.findall(r'<mark class="([^"]+)" title="([^"]*)">([^<]*)</mark>', page.text)
    assert marks, page.text
    kinds = {k for k, _, _ in marks}
    assert any("gegeven" in k for k in kinds) and any("intentie" in k for k in kinds)
    assert "Lindelaan" not in page.text and "06-21436587" not in page.text  # masked view
    assert any("Gegeven" in why for _, why, _ in marks) and "Gemarkeerd en waarom" in page.text
    assert re.search(r"<li value=\"1\">(Gegeven|Intentie)", page.text)
    token = csrf(page.text)
    r = web.post(f"/console/zaak/{code}/ontmaskeren", data={"csrf": token, "reason": "controle markering"})
    marked_text = " ".join(t for _, _, t in re.findall(r'<mark class="([^"]+)" title="([^"]*)">([^<]*)</mark>', r.text))
    assert "06-21436587" in marked_text  # unmasked: the values themselves are marked


def test_statistics_page_has_plots_and_counts(web):
    _add_cases(web.app_.state.store, [("DW-T-001", 5, 1, "nieuw", True), ("DW-T-002", 3, 50, "afgesloten", False)])
    submit_report(web)
    login(web, "anna")
    r = web.get("/console/statistiek")
    assert r.status_code == 200
    assert r.text.count("<svg") >= 5 and 'role="img"' in r.text
    assert re.search(r'id="open-zaken">2<', r.text) and re.search(r'id="afgesloten-zaken">1<', r.text)
    assert re.search(r'id="verlopen">1<', r.text) and re.search(r'id="berichten">1<', r.text)
    assert "<th scope=\"row\">telegram</th><td>2</td>" in r.text
    days = re.findall(r"<title>(\d{4}-\d{2}-\d{2}): (\d+)</title>", r.text)
    assert len(days) == 60 and ("2026-03-02", "1") in days


PERSON = {"label": "Agent K", "role": "politie", "organisation": "Politie Oost", "names": "Karel Geheimnaam",
          "addresses": "Lindelaan 14, 7411 XB Deventer", "phones": "06-12345679"}


def test_watchlist_stores_only_hashes_and_never_shows_plaintext(web):
    login(web, "cor")
    page = web.get("/console/watchlist")
    assert page.status_code == 200 and "Nog niemand geregistreerd" in page.text
    r = web.post("/console/watchlist", data={"csrf": csrf(page.text), **PERSON}, follow_redirects=True)
    assert r.status_code == 200 and "is toegevoegd" in r.text and "Agent K" in r.text
    for secret in ("Geheimnaam", "Lindelaan", "12345679"):
        assert secret not in r.text
    store = web.app_.state.store
    with store.transaction() as s:
        dump = "\n".join(str(row) for t in ("watchlist_person", "watchlist_identifier", "access_log")
                         for row in s.execute(text(f"SELECT * FROM {t}")))
    assert dump.count("Agent K") >= 1
    for secret in ("Geheimnaam", "Lindelaan", "12345679", "7411"):
        assert secret not in dump
    raw = b"".join(f.read_bytes() for f in web.tmp.glob("dw.db*") if f.is_file())  # with the WAL
    assert b"Geheimnaam" not in raw and b"12345679" not in raw
    # an invalid identifier is refused with its kind and reason, never its value, and nothing is echoed back
    r = web.post("/console/watchlist", data={"csrf": csrf(page.text), **PERSON, "label": "Agent L",
                                             "phones": "12", "names": "Piet Onzichtbaar"})
    assert r.status_code == 400 and 'id="names-fout"' in r.text and "Onzichtbaar" not in r.text
    r = web.post("/console/watchlist", data={"csrf": csrf(page.text), "label": "", "organisation": "", "role": "politie"})
    assert r.status_code == 400 and 'id="label-fout"' in r.text and 'id="names-fout"' in r.text


def test_opening_a_protected_person_asks_a_reason_that_is_audited(web):
    login(web, "cor")
    page = web.get("/console/watchlist")
    web.post("/console/watchlist", data={"csrf": csrf(page.text), **PERSON})
    pid = re.search(r'href="/console/watchlist/([^"]+)">Agent K<', web.get("/console/watchlist").text).group(1)
    web.cookies.clear()
    login(web, "anna")  # analysts open persons from matches, with a reason
    r = web.get(f"/console/watchlist/{pid}")
    assert r.status_code == 200 and "reden nodig" in r.text and "Politie Oost" not in r.text
    assert web.get(f"/console/watchlist/{pid}?reden=x").status_code == 400
    r = web.get(f"/console/watchlist/{pid}", params={"reden": "match in zaak DW-1"})
    assert r.status_code == 200 and "Politie Oost" in r.text and "Persoon verwijderen" not in r.text
    from doxwacht.store.models import AccessLogEntry

    store = web.app_.state.store
    with store.transaction() as s:
        rows = list(s.execute(select(AccessLogEntry.action, AccessLogEntry.actor, AccessLogEntry.reason,
                                     AccessLogEntry.object_id)))
    assert ("watchlist.show", "anna", "match in zaak DW-1", pid) in rows
    # removal: coördinator only, with a reason and a valid CSRF token
    assert web.post(f"/console/watchlist/{pid}/verwijderen", data={"csrf": csrf(r.text),
                                                                  "reason": "niet meer nodig"}).status_code == 403
    web.cookies.clear()
    login(web, "cor")
    r = web.get(f"/console/watchlist/{pid}", params={"reden": "opschonen lijst"})
    token = csrf(r.text)
    assert web.post(f"/console/watchlist/{pid}/verwijderen", data={"reason": "niet meer nodig"}).status_code == 403
    assert web.post(f"/console/watchlist/{pid}/verwijderen", data={"csrf": token, "reason": "x"}).status_code == 400
    r = web.post(f"/console/watchlist/{pid}/verwijderen", data={"csrf": token, "reason": "niet meer nodig"},
                 follow_redirects=False)
    assert r.status_code == 303 and "Agent K" not in web.get("/console/watchlist").text


NEW_GET = {"/console/statistiek": {"analist", "coördinator"}, "/console/watchlist": {"coördinator", "beheerder"},
           "/console/watchlist/onbekend": {"analist", "coördinator", "beheerder"}}
NEW_POST = {"/console/watchlist": {"coördinator", "beheerder"},
            "/console/watchlist/onbekend/verwijderen": {"coördinator", "beheerder"}}
USERS = {"anna": "analist", "cor": "coördinator", "otto": "auditor", "bea": "beheerder"}


def test_new_console_pages_refuse_anonymous_wrong_role_and_missing_csrf(web):
    for path in NEW_GET:
        r = web.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/inloggen", path
    for path in NEW_POST:
        r = web.post(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/inloggen", path
    for name, role in USERS.items():
        web.cookies.clear()
        login(web, name)
        home = {"analist": "/console", "coördinator": "/console", "auditor": "/console/audit",
                "beheerder": "/console/gebruikers"}[role]
        token = csrf(web.get(home).text)
        for path, roles in NEW_GET.items():
            r = web.get(path, follow_redirects=False)
            assert r.status_code == (200 if role in roles else 403), (name, path, r.status_code)
        for path, roles in NEW_POST.items():
            r = web.post(path, data={"csrf": token, "reason": "x" * 10, "label": "x", "organisation": "x",
                                     "role": "politie", "names": "Jan Jansen"}, follow_redirects=False)
            assert (r.status_code in (303, 200, 400)) == (role in roles), (name, path, r.status_code)
            if role not in roles:
                assert r.status_code == 403
            else:
                assert web.post(path, data={"csrf": "0" * 64}).status_code == 403
