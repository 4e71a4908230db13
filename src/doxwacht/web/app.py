"""The web app: the public report and objection forms with their status pages, and the console.

`create_app(settings)` builds everything from its settings; there is no module-global state."""

from __future__ import annotations

import json
import secrets
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import select
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartException

from doxwacht.cases import audit
from doxwacht.cases.ingest import default_evidence_dir
from doxwacht.cases.service import ACTION_KINDS, RECIPIENT_KIND, CaseError, CaseService
from doxwacht.store import Store
from doxwacht.store.models import AccessLogEntry, Case, EvidenceRecord
from doxwacht.web import console, console_pages, reports, security
from doxwacht.web.models import WebReport, WebSession, WebUpload, WebUser, ensure_tables
from doxwacht.web.serial_engine import SerialEngine
from doxwacht.web.settings import Settings, load_secret
from doxwacht.web.uploads import UploadError, receive

# the console's action form; the record of a talk with the poster (interventie) is made with `doxwacht case act`
WEB_ACTION_KINDS = tuple(k for k in ACTION_KINDS if k != "interventie")

SESSION_COOKIE = "dw_session"
SESSION_CACHE_SECONDS = 5.0
SESSION_CACHE_MAX = 10_000
CSRF_COOKIE = "dw_csrf"
PLATFORMS = ("telegram", "x", "facebook", "instagram", "tiktok", "youtube", "snapchat", "whatsapp", "website",
             "anders")
REPORTERS = {"zelf": "Het gaat over mij", "namens": "Ik meld dit voor iemand anders"}
CONTACTS = {"email": "Per e-mail", "telefoon": "Per telefoon", "geen": "Geen contact"}
ACTION_LABELS = {"verwijderverzoek": "Verwijderverzoek aan de plaatser", "dsa_notice": "DSA-melding aan het platform",
                 "sommatie": "Sommatie", "vordering_125p": "Vordering 126ng/125p", "aangifte_dossier": "Aangiftedossier",
                 "doorverwijzing": "Doorverwijzing"}


class BodyLimit:
    """Refuse request bodies above `limit` bytes, by Content-Length at once and while streaming, before any
    form parser writes them anywhere."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive_: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive_, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await _too_large(send)
        seen = 0
        started = False

        async def limited() -> Any:
            nonlocal seen
            msg = await receive_()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return msg

        async def tracking_send(msg: Any) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(send)


_SECURITY_HEADERS = [
    (b"content-security-policy", (b"default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; "
                                  b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_NO_STORE = (b"cache-control", b"no-store")


class SecurityHeaders:
    """CSP, nosniff, no Referer, no framing on every answer; `Cache-Control: no-store` on all but /static.
    Plain ASGI (no BaseHTTPMiddleware, which costs an extra task and a streamed copy of each answer)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive_: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive_, send)
        extra = _SECURITY_HEADERS if scope["path"].startswith("/static") else [*_SECURITY_HEADERS, _NO_STORE]
        names = {k for k, _ in extra}

        async def send_with_headers(msg: Any) -> None:
            if msg["type"] == "http.response.start":
                headers = [(k, v) for k, v in msg.get("headers", ()) if k.lower() not in names]
                msg = {**msg, "headers": headers + extra}
            await send(msg)

        await self.app(scope, receive_, send_with_headers)


class _TooLarge(Exception):
    pass


async def _too_large(send: Any) -> None:
    body = (b"<!doctype html><html lang=nl><meta charset=utf-8><title>Te groot</title>"
            b"<p>Uw bestanden zijn samen te groot. Stuur hoogstens 3 bestanden van elk 10 MB.</p>")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Denied(Exception):
    def __init__(self, status: int, location: str | None = None) -> None:
        self.status, self.location = status, location


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    store = Store(settings.db)
    ensure_tables(store)
    db_folder = store.path.parent if store.path is not None else None
    secret = load_secret(settings, db_folder)
    evidence_dir = Path(settings.evidence_dir) if settings.evidence_dir else default_evidence_dir(store)
    upload_dir = Path(settings.upload_dir) if settings.upload_dir else (
        store.path.with_name(store.path.name + ".uploads") if store.path is not None else Path("doxwacht-uploads"))
    clock = settings.clock
    service = CaseService(store, clock=clock, evidence_dir=evidence_dir)
    report_ingestors = reports.ReportIngestors()  # group commit of reports; one open ingest run, ended at shutdown
    reporter_mail = None  # receipts and decisions by e-mail, when SMTP and the sender are configured
    if settings.smtp is not None and settings.notifier_org and settings.notifier_name and settings.notifier_email:
        from doxwacht.response import Notifier
        from doxwacht.web.reporter_mail import ReporterMailer

        reporter_mail = ReporterMailer(store, settings.smtp, Notifier(settings.notifier_org, settings.notifier_name,
                                                                      settings.notifier_email), clock=clock)
    env = Environment(loader=PackageLoader("doxwacht.web", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)  # compiled once per process
    env.globals.update(platforms=PLATFORMS, reporters=REPORTERS, contacts=CONTACTS, action_labels=ACTION_LABELS)
    # the engine's scanners (Hyperscan scratch) are not safe across threads: SerialEngine serialises the scans
    # only; storing runs in parallel (SQLite writers queue on the Store's write lock)
    state: dict[str, Any] = {"engine": SerialEngine(settings.engine) if settings.engine is not None else None}
    engine_lock = threading.Lock()

    def engine() -> Any:
        if state["engine"] is None:
            with engine_lock:  # build it once, also when the first requests come in together
                if state["engine"] is None:
                    from doxwacht.cli.app import make_engine

                    state["engine"] = SerialEngine(make_engine(threshold=0.5, max_chars=settings.max_text_chars * 2,
                                                               db=settings.db))
        return state["engine"]

    app = FastAPI(title="doxwacht", docs_url=None, redoc_url=None, openapi_url=None)
    app.router.add_event_handler("shutdown", report_ingestors.close)
    app.state.report_ingestors = report_ingestors
    app.state.settings, app.state.store, app.state.service = settings, store, service
    app.mount("/static", StaticFiles(packages=[("doxwacht.web", "static")]), name="static")

    # ------------------------------------------------------------------ helpers
    def cookie(resp: Response, name: str, value: str, max_age: int | None = None) -> None:
        resp.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax", secure=settings.https, path="/")

    # token hash -> (account, session end, when read): a page view reads the session once per few seconds, not
    # every time. Logging out drops it here at once; a logout in another worker process, an expired session or
    # a deactivated account takes effect within SESSION_CACHE_SECONDS.
    session_cache: dict[str, tuple[WebUser, Any, float]] = {}

    def current_user(request: Request) -> tuple[WebUser, str] | None:
        tok = request.cookies.get(SESSION_COOKIE)
        if not tok:
            return None
        th = security.token_hash(tok)
        now = clock.now()
        hit = session_cache.get(th)
        if hit is not None and time.monotonic() - hit[2] < SESSION_CACHE_SECONDS and hit[1] > now:
            return hit[0], th
        with store.transaction() as s:  # one round trip: the session's account, if the session is still valid
            row = s.execute(select(WebUser, WebSession.expires_at).join(WebSession, WebSession.user_id == WebUser.id)
                            .where(WebSession.token_hash == th, WebSession.expires_at > now,
                                   WebUser.active.is_(True))).first()
            if row is None:
                session_cache.pop(th, None)
                return None
            user, expires_at = row
            s.expunge(user)
        if len(session_cache) >= SESSION_CACHE_MAX:
            session_cache.clear()
        session_cache[th] = (user, expires_at, time.monotonic())
        return user, th

    def nonce(request: Request) -> str:
        n = request.cookies.get(CSRF_COOKIE)
        if not n:
            n = request.state.__dict__.setdefault("new_csrf", secrets.token_urlsafe(24))
        return n

    def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        who = getattr(request.state, "user", None)
        bound = getattr(request.state, "session_hash", "") or ""
        ctx.setdefault("user", who)
        ctx["csrf"] = security.csrf_token(secret, nonce(request), bound)
        html = env.get_template(name).render(**ctx)
        resp = HTMLResponse(html, status_code=status)
        if "new_csrf" in request.state.__dict__:
            cookie(resp, CSRF_COOKIE, request.state.new_csrf)
        return resp

    def check_csrf(request: Request, form: Any) -> bool:
        bound = getattr(request.state, "session_hash", "") or ""
        return security.csrf_ok(secret, request.cookies.get(CSRF_COOKIE), bound, form.get("csrf"))

    def require(request: Request, roles: frozenset[str]) -> WebUser:
        found = current_user(request)
        if found is None:
            raise Denied(303, "/inloggen")
        user, th = found
        request.state.user, request.state.session_hash = user, th
        if user.role not in roles:
            raise Denied(403)
        return user

    def csrf_refused(request: Request) -> HTMLResponse:
        return render(request, "error.html", 403, title="Formulier niet geaccepteerd",
                      message="Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens.")

    def watchlist_key() -> Any:
        if settings.watchlist_key is None:
            from doxwacht.watchlist import load_key

            return load_key()
        return settings.watchlist_key

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied) -> Response:
        if exc.location:
            return RedirectResponse(exc.location, status_code=exc.status)
        return render(request, "error.html", exc.status, title="Geen toegang",
                      message="U heeft geen toegang tot deze pagina.")

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    from doxwacht.web.ingest_api import mount_ingest  # POST /api/ingest (bearer token; connectors, other systems)
    mount_ingest(app, settings, store, engine, evidence_dir)

    async def read_form(request: Request) -> Any:
        return await request.form(max_files=settings.max_files, max_fields=50)

    console_pages.add_routes(app, console_pages.Pages(render, require, check_csrf, csrf_refused, read_form, store,
                                                      clock, watchlist_key))

    # ------------------------------------------------------------------ public
    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        return render(request, "home.html")

    def report_ctx(values: dict[str, Any] | None = None, errors: dict[str, str] | None = None) -> dict[str, Any]:
        return {"v": values or {"platform": "", "reporter": "", "contact_kind": ""}, "errors": errors or {},
                "max_mb": settings.max_file_bytes // (1024 * 1024), "max_files": settings.max_files}

    @app.get("/melden", response_class=HTMLResponse)
    async def report_form(request: Request) -> Response:
        return render(request, "report.html", **report_ctx())

    def contact_errors(v: dict[str, str], errors: dict[str, str]) -> None:
        if v["contact_kind"] not in CONTACTS:
            errors["contact_kind"] = "Kies hoe wij contact met u mogen opnemen."
        elif v["contact_kind"] == "email" and ("@" not in v["contact"] or len(v["contact"]) > 200):
            errors["contact"] = "Vul een geldig e-mailadres in."
        elif v["contact_kind"] == "telefoon" and not (6 <= sum(c.isdigit() for c in v["contact"]) <= 15):
            errors["contact"] = "Vul een geldig telefoonnummer in."

    @app.post("/melden", response_class=HTMLResponse)
    async def report_submit(request: Request) -> Response:
        try:
            form = await read_form(request)
        except MultiPartException:
            return render(request, "report.html", 400, **report_ctx(errors={
                "files": f"Stuur hoogstens {settings.max_files} bestanden."}))
        if not check_csrf(request, form):
            return csrf_refused(request)
        v = {k: str(form.get(k) or "").strip() for k in ("what", "links", "platform", "reporter", "contact_kind",
                                                          "contact")}
        v["consent"] = form.get("consent") == "ja"
        errors: dict[str, str] = {}
        if not v["what"]:
            errors["what"] = "Beschrijf wat er is gebeurd."
        elif len(v["what"]) > settings.max_text_chars:
            errors["what"] = f"Gebruik hoogstens {settings.max_text_chars} tekens."
        if len(v["links"]) > 5000:
            errors["links"] = "Te veel links; stuur de belangrijkste."
        if v["platform"] not in PLATFORMS:
            errors["platform"] = "Kies het platform waar het gebeurde."
        if v["reporter"] not in REPORTERS:
            errors["reporter"] = "Geef aan of het over u gaat of over iemand anders."
        contact_errors(v, errors)
        if not v["consent"]:
            errors["consent"] = "U moet toestemming geven om uw melding te kunnen behandelen."
        uploads = [f for f in form.getlist("files") if hasattr(f, "read") and (f.filename or f.size)]
        stored = []
        try:
            if len(uploads) > settings.max_files:
                errors["files"] = f"Stuur hoogstens {settings.max_files} bestanden."
            elif not errors:
                for f in uploads:
                    stored.append(await receive(f, upload_dir, max_bytes=settings.max_file_bytes,
                                                max_pixels=settings.max_image_pixels))
        except UploadError as err:
            errors["files"] = str(err)[0].upper() + str(err)[1:] + "."
        try:
            if errors:
                return render(request, "report.html", 400, **report_ctx(v, errors))
            receipt = await run_in_threadpool(
                reports.submit_report, store, engine(), evidence_dir=evidence_dir, clock=clock, what=v["what"],
                links=v["links"], platform=v["platform"], reporter=v["reporter"], contact_kind=v["contact_kind"],
                contact=v["contact"] if v["contact_kind"] != "geen" else "", files=stored, ingestors=report_ingestors)
        finally:
            for f in stored:
                f.path.unlink(missing_ok=True)
        page = render(request, "receipt.html", receipt=receipt, status_url=f"/status/{receipt.token}")
        if reporter_mail is not None and receipt.report_id is not None:
            page.background = BackgroundTask(reporter_mail.receipt, receipt.report_id)  # after the answer
        return page

    @app.get("/bezwaar", response_class=HTMLResponse)
    async def objection_form(request: Request) -> Response:
        return render(request, "objection.html", v={"contact_kind": ""}, errors={})

    @app.post("/bezwaar", response_class=HTMLResponse)
    async def objection_submit(request: Request) -> Response:
        form = await read_form(request)
        if not check_csrf(request, form):
            return csrf_refused(request)
        v = {k: str(form.get(k) or "").strip() for k in ("url", "recognisable", "request", "contact_kind", "contact")}
        v["consent"] = form.get("consent") == "ja"
        errors: dict[str, str] = {}
        if not v["url"] or len(v["url"]) > 2000:
            errors["url"] = "Geef aan om welk bericht het gaat (link of omschrijving)."
        if not v["recognisable"] or len(v["recognisable"]) > settings.max_text_chars:
            errors["recognisable"] = "Beschrijf waaraan u herkenbaar bent."
        if not v["request"] or len(v["request"]) > settings.max_text_chars:
            errors["request"] = "Beschrijf wat u van ons vraagt."
        contact_errors(v, errors)
        if not v["consent"]:
            errors["consent"] = "U moet toestemming geven om uw bezwaar te kunnen behandelen."
        if errors:
            return render(request, "objection.html", 400, v=v, errors=errors)
        receipt = await run_in_threadpool(
            reports.submit_objection, store, engine(), evidence_dir=evidence_dir, clock=clock, url=v["url"],
            recognisable=v["recognisable"], request=v["request"], contact_kind=v["contact_kind"],
            contact=v["contact"] if v["contact_kind"] != "geen" else "", ingestors=report_ingestors)
        page = render(request, "receipt.html", receipt=receipt, status_url=f"/status/{receipt.token}")
        if reporter_mail is not None and receipt.report_id is not None:
            page.background = BackgroundTask(reporter_mail.receipt, receipt.report_id)  # after the answer
        return page

    @app.get("/status/{token}", response_class=HTMLResponse)
    def status_page(request: Request, token: str) -> Response:
        info = reports.public_status(store, token, clock)
        if info is None:
            return render(request, "error.html", 404, title="Niet gevonden",
                          message="Deze statuslink is onbekend. Controleer of u de hele link heeft gekopieerd.")
        return render(request, "status.html", info=info)

    # ------------------------------------------------------------------ login
    @app.get("/inloggen", response_class=HTMLResponse)
    async def login_form(request: Request) -> Response:
        return render(request, "login.html", errors={}, username="")

    @app.post("/inloggen", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        form = await read_form(request)
        if not check_csrf(request, form):
            return csrf_refused(request)
        username = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        ip = request.client.host if request.client else "onbekend"

        def attempt() -> tuple[str, str | None]:
            now = clock.now()
            with store.transaction(write=True) as s:
                if security.login_blocked(s, username, ip, now, max_failures=settings.login_max_failures,
                                          window_minutes=settings.login_window_minutes):
                    security.record_attempt(s, username, ip, False, now)
                    audit.record(store, s, actor=username[:128] or "onbekend", action="web.login_blocked",
                                 object_type="account", details={"ip": ip}, at=now)
                    return "blocked", None
                user = s.scalar(select(WebUser).where(WebUser.username == username))
                ok = security.check_password(user.password_hash if user else None, password) and bool(
                    user and user.active)
                security.record_attempt(s, username, ip, ok, now)
                audit.record(store, s, actor=username[:128] or "onbekend",
                             action="web.login" if ok else "web.login_failed", object_type="account",
                             details={"ip": ip}, at=now)
                if not ok:
                    return "failed", None
                tok = security.new_token()
                s.add(WebSession(token_hash=security.token_hash(tok), user_id=user.id, created_at=now,
                                 expires_at=now + timedelta(hours=settings.session_hours)))
                return "ok", tok

        result, tok = await run_in_threadpool(attempt)
        if result == "blocked":
            return render(request, "login.html", 429, username=username, errors={
                "form": f"Te veel mislukte pogingen. Probeer het over {settings.login_window_minutes} minuten opnieuw."})
        if result == "failed":
            return render(request, "login.html", 401, username=username,
                          errors={"form": "Gebruikersnaam of wachtwoord klopt niet."})
        resp = RedirectResponse("/console", status_code=303)
        cookie(resp, SESSION_COOKIE, tok, max_age=settings.session_hours * 3600)
        cookie(resp, CSRF_COOKIE, secrets.token_urlsafe(24))  # fresh CSRF nonce for the new session
        return resp

    @app.post("/uitloggen")
    async def logout(request: Request) -> Response:
        require(request, frozenset(security.ROLES))
        form = await read_form(request)
        if not check_csrf(request, form):
            return csrf_refused(request)
        session_cache.pop(request.state.session_hash, None)
        with store.transaction(write=True) as s:
            sess = s.get(WebSession, request.state.session_hash)
            if sess is not None:
                s.delete(sess)
        resp = RedirectResponse("/inloggen", status_code=303)
        resp.delete_cookie(SESSION_COOKIE, path="/")
        return resp

    # ------------------------------------------------------------------ console
    @app.get("/console", response_class=HTMLResponse)
    def queue(request: Request) -> Response:
        user = require(request, security.CASE_ROLES)
        try:
            page = max(1, int(request.query_params.get("pagina", "1")))
        except ValueError:
            page = 1
        now = clock.now()
        with store.transaction() as s:  # read without holding the write lock; the audit entry after
            q = console.queue_page(s, now, page)
        with store.transaction(write=True) as s:
            audit.record(store, s, actor=user.username, action="case.list", object_type="case",
                         details={"count": len(q.rows), "page": q.page, "open": q.total}, at=now)
        return render(request, "queue.html", q=q)

    def case_page(request: Request, user: WebUser, code: str, reason: str | None, *, unmasked: list[str] | None = None,
                  document: Any = None, errors: dict[str, str] | None = None, status: int = 200) -> Response:
        try:
            view = service.show(code, user=user.username, reason=reason, text=True)
        except CaseError as err:
            if "reden" in str(err):
                return render(request, "reason.html", 200, code=code.upper(), error=None)
            return render(request, "error.html", 404, title="Niet gevonden", message=str(err))
        with store.transaction() as s:
            uploads = list(s.scalars(select(WebUpload).join(WebReport, WebReport.id == WebUpload.report_id)
                                     .where(WebReport.case_id == view.case.id)))
            s.expunge_all()
            marked = []
            for i, m in enumerate(view.messages):
                raw = unmasked[i] if unmasked and i < len(unmasked) else console.raw_text(s, service.blobs, m.id)
                segs = console.mark(raw, m.findings or [], m.intent or [], masked=not unmasked) if raw else None
                marked.append((segs, console.notes_of(segs or []), console.watchlist_reasons(m.verdict or {})))
        return render(request, "case.html", status, view=view, reason=reason or "", unmasked=unmasked, marked=marked,
                      document=document, uploads=uploads, errors=errors or {},
                      action_kinds=WEB_ACTION_KINDS, now=clock.now(), notifier_org=settings.notifier_org,
                      notifier_email=settings.notifier_email)

    @app.get("/console/zaak/{code}", response_class=HTMLResponse)
    def case_view(request: Request, code: str, reden: str | None = None) -> Response:
        user = require(request, security.CASE_ROLES)
        return case_page(request, user, code, reden)

    async def case_post(request: Request) -> tuple[WebUser, Any] | Response:
        user = require(request, security.CASE_ROLES)
        form = await read_form(request)
        if not check_csrf(request, form):
            return csrf_refused(request)
        return user, form

    @app.post("/console/zaak/{code}/ontmaskeren", response_class=HTMLResponse)
    async def unmask(request: Request, code: str) -> Response:
        got = await case_post(request)
        if isinstance(got, Response):
            return got
        user, form = got
        reason = str(form.get("reason") or "").strip()
        if len(reason) < 5:
            return await run_in_threadpool(case_page, request, user, code, str(form.get("context_reason") or "") or None,
                                           errors={"reason": "Geef een reden (minstens 5 tekens); die komt in het auditlog."},
                                           status=400)

        def read() -> list[str]:
            out: list[str] = []
            try:
                view = service.show(code, user=user.username, reason=reason)
            except CaseError:
                return out
            with store.transaction(write=True) as s:
                case = s.scalar(select(Case).where(Case.code == code.strip().upper()))
                for m in view.messages:
                    sha = s.scalar(select(EvidenceRecord.sha256).where(
                        EvidenceRecord.message_id == m.id, EvidenceRecord.media_type == "application/json")
                        .order_by(EvidenceRecord.id).limit(1))
                    try:
                        out.append(json.loads(service.blobs.get(sha))["text"] if sha else "(tekst niet beschikbaar)")
                    except (OSError, ValueError, KeyError):
                        out.append("(tekst niet beschikbaar)")
                audit.record(store, s, actor=user.username, action="message.unmask", object_type="case",
                             object_id=case.code, reason=reason,
                             details={"protected": case.protected, "message_ids": [m.id for m in view.messages][:100]},
                             at=clock.now())
            return out

        texts = await run_in_threadpool(read)
        return await run_in_threadpool(case_page, request, user, code, reason, unmasked=texts)

    @app.post("/console/zaak/{code}/actie", response_class=HTMLResponse)
    async def act(request: Request, code: str) -> Response:
        got = await case_post(request)
        if isinstance(got, Response):
            return got
        user, form = got
        from doxwacht.response import DocumentError, Notifier, Recipient, RecipientKind

        kind = str(form.get("kind") or "")
        f = {k: str(form.get(k) or "").strip() for k in ("to_name", "to_email", "to_org", "from_org", "from_name",
                                                          "from_email", "reason")}
        errors: dict[str, str] = {}
        if kind not in WEB_ACTION_KINDS:
            errors["kind"] = "Kies een soort actie."
        for k, msg in (("from_org", "Vul uw organisatie in."), ("from_name", "Vul uw naam in."),
                       ("from_email", "Vul uw e-mailadres in.")):
            if not f[k]:
                errors[k] = msg
        if errors:
            return await run_in_threadpool(case_page, request, user, code, f["reason"] or None, errors=errors,
                                           status=400)
        rk = RECIPIENT_KIND.get(kind, RecipientKind.POLICE)
        recipient = Recipient(f["to_name"], rk, f["to_email"], f["to_org"]) if (
            f["to_name"] or f["to_email"] or f["to_org"]) else None
        try:
            _, doc = await run_in_threadpool(
                lambda: service.act(code, kind, user=user.username, notifier=Notifier(f["from_org"], f["from_name"],
                                                                                       f["from_email"]),
                                    recipient=recipient, good_faith=form.get("good_faith") == "ja",
                                    reason=f["reason"] or None))
        except CaseError as err:
            return await run_in_threadpool(case_page, request, user, code, f["reason"] or None,
                                           errors={"kind": str(err)}, status=400)
        except DocumentError as err:
            return await run_in_threadpool(case_page, request, user, code, f["reason"] or None, errors={
                "kind": "Het document kan niet worden gemaakt; ontbreekt: " + "; ".join(err.problems)}, status=400)
        return await run_in_threadpool(case_page, request, user, code, f["reason"] or None, document=doc)

    async def change(request: Request, code: str, fn: Any) -> Response:
        got = await case_post(request)
        if isinstance(got, Response):
            return got
        user, form = got
        try:
            err_field = await run_in_threadpool(fn, user, form)
        except CaseError as err:
            return await run_in_threadpool(case_page, request, user, code, str(form.get("reason") or "") or None,
                                           errors={"status": str(err)}, status=400)
        if err_field:
            return await run_in_threadpool(case_page, request, user, code, str(form.get("reason") or "") or None,
                                           errors=err_field, status=400)
        from urllib.parse import quote

        reason = str(form.get("reason") or "")
        return RedirectResponse(f"/console/zaak/{quote(code.upper())}" + (f"?reden={quote(reason)}" if reason else ""),
                                status_code=303)

    @app.post("/console/zaak/{code}/verzonden")
    async def mark_sent(request: Request, code: str) -> Response:
        def fn(user: WebUser, form: Any) -> None:
            service.set_status(code, "wacht op reactie", user=user.username, reason=str(form.get("reason") or "") or None)
            service.note(code, "Document verzonden", user=user.username)
        return await change(request, code, fn)

    @app.post("/console/zaak/{code}/antwoord")
    async def answer(request: Request, code: str) -> Response:
        def fn(user: WebUser, form: Any) -> dict[str, str] | None:
            result = str(form.get("result") or "")
            if result not in ("verwijderd", "niet verwijderd"):
                return {"result": "Kies het antwoord van het platform."}
            note = str(form.get("note") or "").strip()
            service.set_status(code, result, user=user.username, reason=str(form.get("reason") or "") or None)
            service.note(code, f"Antwoord platform: {result}" + (f". {note}" if note else ""), user=user.username)
            return None
        return await change(request, code, fn)

    @app.post("/console/zaak/{code}/besluit")
    async def decide(request: Request, code: str) -> Response:
        def fn(user: WebUser, form: Any) -> dict[str, str] | None:
            decision = str(form.get("decision") or "").strip()
            if not decision:
                return {"decision": "Schrijf het besluit en de redenen op."}
            service.close(code, decision=decision, user=user.username, reason=str(form.get("reason") or "") or None)
            return None
        response = await change(request, code, fn)
        if reporter_mail is not None and response.status_code == 303:
            response.background = BackgroundTask(reporter_mail.decision, code)  # the decision to the reporters
        return response

    @app.get("/console/audit", response_class=HTMLResponse)
    def audit_page(request: Request) -> Response:
        user = require(request, security.AUDIT_ROLES)
        with store.transaction(write=True) as s:
            rows = list(s.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id.desc()).limit(500)))
            audit.record(store, s, actor=user.username, action="audit.view", object_type="access_log",
                         details={"count": len(rows)}, at=clock.now())
            s.expunge_all()
        report = audit.verify(store)
        return render(request, "audit.html", rows=rows, report=report)

    @app.get("/console/gebruikers", response_class=HTMLResponse)
    def users_page(request: Request) -> Response:
        require(request, security.ADMIN_ROLES)
        with store.transaction() as s:
            users = list(s.scalars(select(WebUser).order_by(WebUser.username)))
            s.expunge_all()
        return render(request, "users.html", users=users)

    return app
