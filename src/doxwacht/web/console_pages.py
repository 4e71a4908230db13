"""Console pages beside the queue and the case view: statistics with plots, and watchlist management
(plaintext identifiers only in the add form, on their way to being hashed by the watchlist register;
never shown back, logged or stored).

`add_routes(app, pages)` is called by `create_app` with the app's own helpers (`Pages`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from doxwacht.web import console, security

WATCHLIST_FIELDS = (  # form field -> label (Dutch); one value a line
    ("names", "Namen (ook varianten)"), ("relative_names", "Namen van naasten"), ("addresses", "Adressen"),
    ("postcodes", "Postcode met huisnummer"), ("phones", "Telefoonnummers"), ("emails", "E-mailadressen"),
    ("plates", "Kentekens"), ("dobs", "Geboortedata"), ("handles", "Accounts op sociale media"),
    ("ibans", "Bankrekeningen (IBAN)"))


@dataclass
class Pages:
    """What the pages need from the app: rendering, role and CSRF checks, the store and the clock."""

    render: Callable[..., HTMLResponse]
    require: Callable[[Request, frozenset[str]], Any]
    check_csrf: Callable[[Request, Any], bool]
    csrf_refused: Callable[[Request], HTMLResponse]
    read_form: Callable[[Request], Any]
    store: Any
    clock: Any
    watchlist_key: Callable[[], Any]  # the WatchlistKey; raises WatchlistKeyError when none is configured


def _lines(value: str) -> list[str]:
    return [x.strip() for x in value.splitlines() if x.strip()]


def add_routes(app: FastAPI, p: Pages) -> None:
    # ------------------------------------------------------------------ statistics
    @app.get("/console/statistiek", response_class=HTMLResponse)
    def stats_page(request: Request) -> Response:
        p.require(request, security.CASE_ROLES)
        with p.store.transaction() as s:
            st = console.statistics(s, p.clock.now())
        return p.render(request, "stats.html", st=st)

    # ------------------------------------------------------------------ watchlist
    def register(with_key: bool = False) -> Any:
        """The register; the key (hashing) is needed only to add, reading and removing go without."""
        from doxwacht.watchlist import Register

        return Register(p.store, p.watchlist_key() if with_key else None)

    def watchlist_page(request: Request, user: Any, *, errors: dict[str, str] | None = None, added: str | None = None,
                       status: int = 200, form: dict[str, str] | None = None) -> HTMLResponse:
        from doxwacht.watchlist import ROLE_GROUPS, WatchlistKeyError

        persons = register().list_persons(user=user.username)
        try:
            register(with_key=True)
            key_error = None
        except WatchlistKeyError as err:
            key_error = str(err)
        return p.render(request, "watchlist.html", status, persons=persons, key_error=key_error, errors=errors or {},
                        added=added, roles=ROLE_GROUPS, fields=WATCHLIST_FIELDS,
                        form=form or {"label": "", "role": "", "organisation": ""})

    @app.get("/console/watchlist", response_class=HTMLResponse)
    def watchlist_view(request: Request, toegevoegd: str | None = None) -> Response:
        user = p.require(request, security.WATCHLIST_ROLES)
        return watchlist_page(request, user, added=toegevoegd)

    @app.post("/console/watchlist", response_class=HTMLResponse)
    async def watchlist_add(request: Request) -> Response:
        user = p.require(request, security.WATCHLIST_ROLES)
        form = await p.read_form(request)
        if not p.check_csrf(request, form):
            return p.csrf_refused(request)
        from doxwacht.watchlist import InvalidIdentifier, PersonInput, WatchlistKeyError

        meta = {k: str(form.get(k) or "").strip() for k in ("label", "role", "organisation")}
        values = {k: _lines(str(form.get(k) or "")) for k, _ in WATCHLIST_FIELDS}
        workplace = str(form.get("workplace") or "").strip() or None
        errors: dict[str, str] = {}
        if not meta["label"]:
            errors["label"] = "Geef een pseudoniem (geen echte naam)."
        if not meta["organisation"]:
            errors["organisation"] = "Vul de organisatie in."
        if not any(values.values()):
            errors["names"] = "Vul minstens één gegeven in."
        if not errors:
            person = PersonInput(label=meta["label"], role=meta["role"], organisation=meta["organisation"],
                                 workplace=workplace, **values)
            try:
                pid = await run_in_threadpool(lambda: register(with_key=True).add(person, user=user.username))
            except InvalidIdentifier as err:  # kind and reason only, never the value
                errors["names"] = f"Ongeldig gegeven ({err})."
            except WatchlistKeyError as err:
                errors["form"] = str(err)
            except ValueError as err:  # label or role group
                errors["role" if "rolgroep" in str(err) else "label"] = str(err)[0].upper() + str(err)[1:] + "."
            else:
                return RedirectResponse(f"/console/watchlist?toegevoegd={pid}", status_code=303)
        # the identifiers are never sent back: the user types them again
        return await run_in_threadpool(lambda: watchlist_page(request, user, errors=errors, status=400, form=meta))

    @app.get("/console/watchlist/{person_id}", response_class=HTMLResponse)
    def watchlist_person(request: Request, person_id: str, reden: str | None = None) -> Response:
        user = p.require(request, security.WATCHLIST_ROLES | security.CASE_ROLES)
        reason = (reden or "").strip()
        if len(reason) < 5:
            return p.render(request, "person_reason.html", 200 if not reden else 400, person_id=person_id,
                            error="Geef een reden (minstens 5 tekens); die komt in het auditlog." if reden else None)
        info = register().show(person_id, user=user.username, reason=reason)
        if info is None:
            return p.render(request, "error.html", 404, title="Niet gevonden", message="Deze persoon bestaat niet.")
        return p.render(request, "person.html", info=info,
                        may_remove=user.role in security.WATCHLIST_ROLES)

    @app.post("/console/watchlist/{person_id}/verwijderen")
    async def watchlist_remove(request: Request, person_id: str) -> Response:
        user = p.require(request, security.WATCHLIST_ROLES)
        form = await p.read_form(request)
        if not p.check_csrf(request, form):
            return p.csrf_refused(request)
        reason = str(form.get("reason") or "").strip()
        if len(reason) < 5:
            return p.render(request, "error.html", 400, title="Reden nodig",
                            message="Geef een reden (minstens 5 tekens) om een persoon te verwijderen.")
        await run_in_threadpool(lambda: register().remove(person_id, user=user.username, reason=reason))
        return RedirectResponse("/console/watchlist", status_code=303)
