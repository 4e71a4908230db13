"""`doxwacht serve` (the web app with uvicorn) and `doxwacht web user-add`."""

from __future__ import annotations

import os
from typing import Annotated

import typer

DbOpt = Annotated[str | None, typer.Option("--db", help="Database (pad of URL); standaard DOXWACHT_DB of ./doxwacht.db.")]

web_app = typer.Typer(help="De webconsole: gebruikers beheren.", no_args_is_help=True)


def _smtp() -> object:
    """SMTP for mail to reporters (DOXWACHT_SMTP_*), or None."""
    from doxwacht.response.mailer import smtp_config_from_env

    try:
        return smtp_config_from_env()
    except ValueError as err:
        typer.echo(f"doxwacht: SMTP-instellingen kloppen niet: {err}", err=True)
        raise typer.Exit(2) from None


WORKERS_ENV = "DOXWACHT_WEB_WORKERS"


def _settings_from_env(*, engine: object = None) -> object:
    """The web settings from the environment (DOXWACHT_DB, DOXWACHT_WEB_HTTPS, DOXWACHT_EVIDENCE_DIR,
    DOXWACHT_NOTIFIER_*, DOXWACHT_SMTP_*): what `serve` sets, and what each worker process reads."""
    from doxwacht.web import Settings

    return Settings(db=os.environ.get("DOXWACHT_DB") or None,
                    https=os.environ.get("DOXWACHT_WEB_HTTPS", "").lower() in ("1", "true", "ja", "yes"),
                    evidence_dir=os.environ.get("DOXWACHT_EVIDENCE_DIR") or None,
                    notifier_org=os.environ.get("DOXWACHT_NOTIFIER_ORG", ""),
                    notifier_email=os.environ.get("DOXWACHT_NOTIFIER_EMAIL", ""),
                    notifier_name=os.environ.get("DOXWACHT_NOTIFIER_NAME", ""), smtp=_smtp(), engine=engine)


def app_from_env() -> object:
    """The app of one server process (uvicorn factory): settings from the environment, and the scan engine
    built now rather than on the first report."""
    from doxwacht.cli.app import make_engine
    from doxwacht.web import create_app

    settings = _settings_from_env()
    settings.engine = make_engine(threshold=0.5, max_chars=settings.max_text_chars * 2, db=settings.db)
    return create_app(settings)


def serve(db: DbOpt = None,
          host: Annotated[str, typer.Option("--host", help="Adres; standaard alleen deze computer.")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port")] = 8000,
          https: Annotated[bool, typer.Option("--https", envvar="DOXWACHT_WEB_HTTPS",
                                              help="Achter https: cookies krijgen Secure.")] = False,
          evidence_dir: Annotated[str | None, typer.Option("--evidence-dir", envvar="DOXWACHT_EVIDENCE_DIR")] = None,
          workers: Annotated[int, typer.Option("--workers", envvar=WORKERS_ENV, min=1, max=64,
                                               help="Aantal serverprocessen (elk met een eigen scanner); "
                                                    "SQLite-schrijvers wachten op elkaar (WAL).")] = 1,
          access_log: Annotated[bool, typer.Option("--access-log/--geen-access-log",
                                                   help="Elk verzoek op stderr melden.")] = True,
          ) -> None:
    """Start de webapp (meldformulier, statuspagina's en console)."""
    import uvicorn

    from doxwacht.store import Store, resolve_url

    # every worker process reads its settings from the environment (a --db given here included)
    os.environ["DOXWACHT_DB"] = resolve_url(db).render_as_string(hide_password=False)
    os.environ["DOXWACHT_WEB_HTTPS"] = "1" if https else ""
    if evidence_dir:
        os.environ["DOXWACHT_EVIDENCE_DIR"] = evidence_dir
    _smtp()  # wrong SMTP settings stop here, not in each worker
    Store(os.environ["DOXWACHT_DB"]).close()  # schema upgraded once, before the workers open it
    typer.echo(f"doxwacht: web op http://{host}:{port}/ ({workers} proces{'sen' if workers > 1 else ''})", err=True)
    uvicorn.run("doxwacht.cli.web_cli:app_from_env", factory=True, host=host, port=port, workers=workers,
                proxy_headers=https, server_header=False, access_log=access_log)


@web_app.command("user-add")
def user_add(username: str,
             role: Annotated[str, typer.Option("--role", help="analist, coördinator, auditor of beheerder")],
             db: DbOpt = None,
             password: Annotated[str | None, typer.Option("--password", envvar="DOXWACHT_WEB_PASSWORD",
                                                          help="Anders wordt ernaar gevraagd.")] = None) -> None:
    """Maak een account voor de console (wachtwoord met argon2 gehasht)."""
    from doxwacht.cases import audit
    from doxwacht.response.clock import SystemClock
    from doxwacht.store import Store
    from doxwacht.web.models import ensure_tables
    from doxwacht.web.security import add_user

    if password is None:
        password = typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    store = Store(db)
    ensure_tables(store)
    now = SystemClock().now()
    try:
        with store.transaction(write=True) as s:
            user = add_user(s, username, password, role, now)
            audit.record(store, s, actor=os.environ.get("DOXWACHT_USER") or "beheer", action="web.user_add",
                         object_type="account", object_id=str(user.id), details={"role": user.role}, at=now)
    except ValueError as err:
        typer.echo(f"doxwacht: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"gebruiker {username} ({user.role}) aangemaakt", err=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(web_app, name="web")
