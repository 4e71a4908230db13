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


def serve(db: DbOpt = None,
          host: Annotated[str, typer.Option("--host", help="Adres; standaard alleen deze computer.")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port")] = 8000,
          https: Annotated[bool, typer.Option("--https", envvar="DOXWACHT_WEB_HTTPS",
                                              help="Achter https: cookies krijgen Secure.")] = False,
          evidence_dir: Annotated[str | None, typer.Option("--evidence-dir", envvar="DOXWACHT_EVIDENCE_DIR")] = None,
          ) -> None:
    """Start de webapp (meldformulier, statuspagina's en console)."""
    import uvicorn

    from doxwacht.web import Settings, create_app

    app = create_app(Settings(db=db, https=https, evidence_dir=evidence_dir,
                              notifier_org=os.environ.get("DOXWACHT_NOTIFIER_ORG", ""),
                              notifier_email=os.environ.get("DOXWACHT_NOTIFIER_EMAIL", ""),
                              notifier_name=os.environ.get("DOXWACHT_NOTIFIER_NAME", ""), smtp=_smtp()))
    typer.echo(f"doxwacht: web op http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, proxy_headers=https, server_header=False)


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
