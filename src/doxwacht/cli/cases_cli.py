"""`doxwacht ingest`, `case` (list, show, act, status, assign, note, deadlines, close), `evidence`
(export, verify), `audit verify` and `stats`. Every command takes `--db` (DOXWACHT_DB) and `--user`
(DOXWACHT_USER); reads of personal data, changes and exports go into the hash-chained access log."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from doxwacht.cli.common import acting_user as _user
from doxwacht.cli.common import fail as _fail

DbOpt = Annotated[str | None, typer.Option("--db", help="Database (pad of URL); standaard DOXWACHT_DB of ./doxwacht.db.")]
UserOpt = Annotated[str | None, typer.Option("--user", envvar="DOXWACHT_USER", help="Wie dit doet (voor het toegangslog).")]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Waarom (verplicht bij zaken van beschermde personen).")]
EvidenceOpt = Annotated[str | None, typer.Option("--evidence-dir", envvar="DOXWACHT_EVIDENCE_DIR",
                                                 help="Map met de beveiligde originelen; standaard <db>.evidence.")]

case_app = typer.Typer(help="Zaken: lijst, inzien, acties, status, afsluiten.", no_args_is_help=True)
evidence_app = typer.Typer(help="Bewijspakketten maken en controleren.", no_args_is_help=True)
audit_app = typer.Typer(help="Het toegangslog (audit trail).", no_args_is_help=True)


def _store(db: str | None) -> Any:
    from doxwacht.store import Store

    return Store(db)


def _service(db: str | None, evidence_dir: str | None = None) -> Any:
    from doxwacht.cases.service import CaseService

    return CaseService(_store(db), evidence_dir=evidence_dir)


def ingest(
    files: Annotated[list[str], typer.Argument(help="Exports: Telegram (result.json of map), JSONL, CSV, tekst.")],
    db: DbOpt = None,
    user: UserOpt = None,
    key_file: Annotated[str | None, typer.Option("--key-file", help="Sleutel van de watchlist.")] = None,
    evidence_dir: EvidenceOpt = None,
    source: Annotated[str, typer.Option("--source", help="Naam van de bron (deel van de berichtsleutel).")] = "import",
    platform: Annotated[str | None, typer.Option("--platform", help="Platform als de export het niet zegt.")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="Kanaal als de export het niet zegt.")] = None,
    policy: Annotated[str | None, typer.Option("--policy", help="Zaakbeleid (JSON); standaard het ingebouwde.")] = None,
    min_score: Annotated[float, typer.Option("--min-score", min=0.0, max=1.0)] = 0.5,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Berichten per transactie.")] = 512,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Scan exports en sla berichten, bewijs en zaken op. Opnieuw inlezen voegt niets dubbel toe."""
    from doxwacht.cases import CasePolicy, Ingestor
    from doxwacht.cli import app as cli_app
    from doxwacht.ingest import InputSource, read_source
    from doxwacht.pipeline.streaming_gc import StreamingGC

    inputs, _ = cli_app._resolve_inputs(files)
    store = _store(db)
    try:
        engine = cli_app.make_engine(threshold=min_score, max_chars=1_000_000, db=db, key_file=key_file)
    except Exception as err:
        raise _fail(f"watchlist: {err}") from None
    ing = Ingestor(store, engine, user=_user(user), policy=CasePolicy.load(policy), evidence_dir=evidence_dir,
                   source=source, platform=platform, channel=channel, chunk=batch)
    total = sum(Path(p).stat().st_size for p in inputs if p != "-")
    console = Console(stderr=True)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.fields[read]} gelezen, {task.fields[stored]} nieuw"), TimeElapsedColumn(),
                        console=console, transient=True, disable=quiet or not sys.stderr.isatty())
    problems: list[str] = []

    def items() -> Any:
        done = 0
        for path in inputs:
            with InputSource.open(path) as src:
                progress.update(task, description=Path(src.name).name)
                for item in read_source(src):
                    yield item
                    gc_settings.seen()
                    progress.update(task, completed=done + src.bytes_read)
                done += src.size or src.bytes_read

    with progress, StreamingGC() as gc_settings:  # a long run: the engine's heap out of the collector's way
        task = progress.add_task("inlezen", total=total or None, read=0, stored=0)
        ing.on_chunk = lambda st: progress.update(task, read=st.read, stored=st.stored)
        stats = ing.ingest(items(), on_problem=lambda p: problems.append(str(p)))
    for p in problems[:20]:
        typer.echo(f"doxwacht: {p}", err=True)
    if not quiet:
        typer.echo(f"{stats.read} berichten gelezen, {stats.stored} nieuw opgeslagen, {stats.duplicates} al aanwezig; "
                   f"{stats.cases_opened} zaken geopend, {stats.cases_extended} keer een zaak aangevuld", err=True)
    if stats.problems:
        raise typer.Exit(3)


@case_app.command("list")
def case_list(db: DbOpt = None, user: UserOpt = None,
              status: Annotated[str | None, typer.Option("--status")] = None,
              platform: Annotated[str | None, typer.Option("--platform")] = None,
              limit: Annotated[int, typer.Option("--limit")] = 50,
              as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Zaken, ernstigste eerst (alleen codes, pseudoniemen en tellingen)."""
    svc = _service(db)
    cases = svc.list(status=status, platform=platform, limit=limit, user=_user(user))
    rows = [{"code": c.code, "status": c.status, "categorie": c.category, "ernst": c.severity, "doelwit": c.target_label,
             "groep": c.target_group, "beschermd": c.protected, "platform": c.platform, "berichten": c.message_count,
             "toegewezen": c.assignee or ""} for c in cases]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    t = Table(title=f"{len(rows)} zaken")
    for col in ("code", "status", "categorie", "ernst", "doelwit", "groep", "platform", "berichten", "toegewezen"):
        t.add_column(col)
    for r in rows:
        t.add_row(*(str(r[c]) for c in ("code", "status", "categorie", "ernst", "doelwit", "groep", "platform",
                                        "berichten", "toegewezen")))
    Console(width=160).print(t)


@case_app.command("show")
def case_show(code: str, db: DbOpt = None, user: UserOpt = None, reason: ReasonOpt = None,
              evidence_dir: EvidenceOpt = None,
              text: Annotated[bool, typer.Option("--text", help="Toon de berichten (persoonsgegevens gemaskeerd).")] = False,
              ) -> None:
    """Eén zaak: doelwit (pseudoniem), berichten, tijdlijn, acties met termijnen. Wordt gelogd."""
    from doxwacht.cases.service import CaseError

    svc = _service(db, evidence_dir)
    try:
        v = svc.show(code, user=_user(user), reason=reason, text=text)
    except CaseError as err:
        raise _fail(str(err)) from None
    for a in svc.alerts:
        typer.echo(f"doxwacht: WAARSCHUWING ongebruikelijke inzage door {a.actor}: {a.details['distinct']} beschermde "
                   f"zaken/personen binnen {a.details['window_minutes']} minuten (melding {a.id})", err=True)
    c = v.case
    con = Console(width=160)
    con.print(f"[bold]{c.code}[/bold]  status: {c.status}  categorie: {c.category}  niveau: {c.level}  ernst: {c.severity}")
    con.print(f"doelwit: {c.target_label} ({c.target_group}{', beschermd' if c.protected else ''})  "
              f"platform: {c.platform}  kanaal: {c.channel}  toegewezen: {c.assignee or '-'}")
    if c.decision:
        con.print(f"besluit: {c.decision}")
    t = Table(title="berichten")
    for col in ("id", "bericht", "geplaatst", "niveau", "ernst", "url"):
        t.add_column(col)
    for m in v.messages:
        t.add_row(str(m.id), m.message_key, str(m.posted_at or ""), m.level, str(m.severity), m.url or "")
    con.print(t)
    if v.excerpts:
        for m, e in zip(v.messages, v.excerpts):
            con.print(f"{m.message_key}: {e}", markup=False, highlight=False)
    t = Table(title="acties")
    for col in ("id", "soort", "gemaakt", "termijn", "status", "verlopen"):
        t.add_column(col)
    for a in v.actions:
        t.add_row(str(a.id), a.kind, f"{a.created_at:%Y-%m-%d %H:%M}", f"{a.due_at:%Y-%m-%d %H:%M}" if a.due_at else "-",
                  a.status, "JA" if a.overdue else "")
    con.print(t)
    for a in v.actions:
        if a.escalation:
            con.print(f"[bold red]Termijn verlopen (actie {a.id})[/bold red]\n{a.escalation}", highlight=False)
    t = Table(title="tijdlijn")
    for col in ("tijd", "wie", "soort", "tekst"):
        t.add_column(col)
    for e in v.events:
        t.add_row(f"{e.at:%Y-%m-%d %H:%M}", e.actor, e.kind, e.text)
    con.print(t)


@case_app.command("act")
def case_act(code: str, kind: Annotated[str, typer.Argument(help="verwijderverzoek, dsa_notice, sommatie, "
                                                              "vordering_125p, aangifte_dossier, doorverwijzing, "
                                                              "interventie")],
             db: DbOpt = None, user: UserOpt = None, reason: ReasonOpt = None, evidence_dir: EvidenceOpt = None,
             to_name: Annotated[str, typer.Option("--to-name", help="Naam van de ontvanger.")] = "",
             to_email: Annotated[str, typer.Option("--to-email")] = "",
             to_org: Annotated[str, typer.Option("--to-org")] = "",
             from_org: Annotated[str, typer.Option("--from-org", envvar="DOXWACHT_NOTIFIER_ORG")] = "",
             from_name: Annotated[str, typer.Option("--from-name", envvar="DOXWACHT_NOTIFIER_NAME")] = "",
             from_email: Annotated[str, typer.Option("--from-email", envvar="DOXWACHT_NOTIFIER_EMAIL")] = "",
             good_faith: Annotated[bool, typer.Option("--good-faith", help="Verklaring te goeder trouw (DSA).")] = False,
             out: Annotated[str | None, typer.Option("--out", help="Schrijf het document naar dit bestand.")] = None,
             held_by: Annotated[str, typer.Option("--held-by", help="Interventie: wie het gesprek voerde.")] = "",
             talk_form: Annotated[str, typer.Option("--form", help="Interventie: vorm (bijv. 'gesprek op het "
                                                                   "bureau', 'huisbezoek', 'telefonisch').")] = "",
             poster: Annotated[str, typer.Option("--poster", help="Interventie: de plaatser (pseudoniem).")] = "",
             summary: Annotated[str, typer.Option("--summary", help="Interventie: samenvatting van het gesprek.")] = "",
             outcome: Annotated[str, typer.Option("--outcome", help="Interventie: uitkomst.")] = "",
             agreement: Annotated[list[str] | None, typer.Option("--agreement", help="Interventie: afspraak "
                                                                                     "(herhaalbaar).")] = None,
             held_at: Annotated[str | None, typer.Option("--held-at", help="Interventie: wanneer (ISO 8601, UTC); "
                                                                           "standaard nu.")] = None,
             ) -> None:
    """Zet een actie uit: legt de termijn vast en maakt het Nederlandse document. `interventie` legt een
    gesprek met de plaatser vast (--held-by, --form, --poster, --summary, --outcome)."""
    from doxwacht.cases.service import RECIPIENT_KIND, CaseError
    from doxwacht.response import DocumentError, Notifier, Recipient, RecipientKind

    svc = _service(db, evidence_dir)
    notifier = Notifier(from_org, from_name, from_email)
    rk = RECIPIENT_KIND.get(kind, RecipientKind.POLICE)
    recipient = Recipient(to_name, rk, to_email, to_org) if (to_name or to_email or to_org) else None
    intervention = None
    if kind == "interventie":
        from datetime import UTC, datetime

        from doxwacht.response.facts import Intervention

        try:
            when = datetime.fromisoformat(held_at.replace("Z", "+00:00")) if held_at else svc.clock.now()
        except ValueError:
            raise _fail(f"--held-at is geen tijdstip: {held_at!r}") from None
        intervention = Intervention(held_at=when if when.tzinfo else when.replace(tzinfo=UTC), held_by=held_by,
                                    poster=poster, form=talk_form, summary=summary, outcome=outcome,
                                    agreements=tuple(agreement or ()))
    try:
        action, doc = svc.act(code, kind, user=_user(user), notifier=notifier, recipient=recipient,
                              good_faith=good_faith, reason=reason, intervention=intervention)
    except CaseError as err:
        raise _fail(str(err)) from None
    except DocumentError as err:
        raise _fail("document kan niet gemaakt worden; ontbreekt: " + "; ".join(err.problems), 1) from None
    due = f"; termijn tot {action.due_at:%Y-%m-%d %H:%M} UTC" if action.due_at else ""
    typer.echo(f"actie {action.id} ({kind}) vastgelegd{due}", err=True)
    if out:
        Path(out).write_text(doc.text, encoding="utf-8")
    else:
        typer.echo(doc.text)


@case_app.command("status")
def case_status(code: str, status: str, db: DbOpt = None, user: UserOpt = None, reason: ReasonOpt = None) -> None:
    """Zet de status (nieuw, in behandeling, actie uitgezet, wacht op reactie, verwijderd, niet verwijderd,
    geëscaleerd, afgesloten); alleen toegestane overgangen."""
    from doxwacht.cases.service import CaseError

    try:
        _service(db).set_status(code, status, user=_user(user), reason=reason)
    except CaseError as err:
        raise _fail(str(err)) from None


@case_app.command("assign")
def case_assign(code: str, assignee: str, db: DbOpt = None, user: UserOpt = None) -> None:
    """Wijs een zaak toe."""
    from doxwacht.cases.service import CaseError

    try:
        _service(db).assign(code, assignee, user=_user(user))
    except CaseError as err:
        raise _fail(str(err)) from None


@case_app.command("note")
def case_note(code: str, text: str, db: DbOpt = None, user: UserOpt = None) -> None:
    """Voeg een notitie toe aan de tijdlijn."""
    from doxwacht.cases.service import CaseError

    try:
        _service(db).note(code, text, user=_user(user))
    except CaseError as err:
        raise _fail(str(err)) from None


@case_app.command("deadlines")
def case_deadlines(db: DbOpt = None, user: UserOpt = None) -> None:
    """Termijnen bewaken: herinneringen (bij 50% en 90% van de termijn) en verlopen termijnen met het
    escalatievoorstel, elk één keer op de tijdlijn van de zaak. Draai dit periodiek (cron, systemd-timer)."""
    svc = _service(db)
    for code, rem in svc.send_reminders(user=_user(user)):
        typer.echo(f"{code}: {rem.text}")
    for code, esc in svc.check_deadlines(user=_user(user)):
        typer.echo(f"{code}:\n{esc.text}\n")


FromOrg = Annotated[str, typer.Option("--from-org", envvar="DOXWACHT_NOTIFIER_ORG", help="Afzender: organisatie.")]
FromName = Annotated[str, typer.Option("--from-name", envvar="DOXWACHT_NOTIFIER_NAME", help="Afzender: naam.")]
FromEmail = Annotated[str, typer.Option("--from-email", envvar="DOXWACHT_NOTIFIER_EMAIL", help="Afzender: e-mail.")]


def _reporter_mailer(store: Any, from_org: str, from_name: str, from_email: str) -> Any:
    """The reporter mailer when SMTP is configured (DOXWACHT_SMTP_*), else None."""
    from doxwacht.response import Notifier
    from doxwacht.response.mailer import smtp_config_from_env

    try:
        smtp = smtp_config_from_env()
    except ValueError as err:
        raise _fail(f"SMTP-instellingen kloppen niet: {err}") from None
    if smtp is None:
        return None
    if not (from_org and from_name and from_email):
        raise _fail("voor post aan melders zijn --from-org, --from-name en --from-email nodig "
                    "(of DOXWACHT_NOTIFIER_ORG, _NAME en _EMAIL)")
    from doxwacht.web.reporter_mail import ReporterMailer

    return ReporterMailer(store, smtp, Notifier(from_org, from_name, from_email))


def _mail_summary(res: Any) -> None:
    if res.sent:
        typer.echo(f"{len(res.sent)} brief/brieven aan melders verzonden", err=True)
    for rid, why in res.failed:
        typer.echo(f"doxwacht: brief aan melder (melding {rid}) niet verzonden: {why}; "
                   "probeer later opnieuw met 'doxwacht case mail'", err=True)


@case_app.command("close")
def case_close(code: str, decision: Annotated[str, typer.Option("--decision", help="Het besluit.")],
               db: DbOpt = None, user: UserOpt = None, reason: ReasonOpt = None,
               notify: Annotated[bool, typer.Option("--notify/--no-notify",
                                                    help="Stuur melders met een e-mailadres het besluit "
                                                         "(als SMTP is ingesteld: DOXWACHT_SMTP_*).")] = True,
               from_org: FromOrg = "", from_name: FromName = "", from_email: FromEmail = "") -> None:
    """Sluit een zaak af met een besluit; melders met een e-mailadres krijgen het besluit met de redenen."""
    from doxwacht.cases.service import CaseError

    svc = _service(db)
    # the mail settings are checked before the case is closed: a wrong setting changes nothing
    mailer = _reporter_mailer(svc.store, from_org, from_name, from_email) if notify else None
    try:
        svc.close(code, decision=decision, user=_user(user), reason=reason)
    except CaseError as err:
        raise _fail(str(err)) from None
    if mailer is not None:
        _mail_summary(mailer.decision(code))


@case_app.command("mail")
def case_mail(db: DbOpt = None, from_org: FromOrg = "", from_name: FromName = "", from_email: FromEmail = "") -> None:
    """Verstuur alle nog openstaande post aan melders (ontvangstbevestigingen en besluiten) opnieuw."""
    mailer = _reporter_mailer(_store(db), from_org, from_name, from_email)
    if mailer is None:
        raise _fail("SMTP is niet ingesteld (DOXWACHT_SMTP_HOST, DOXWACHT_SMTP_FROM, ...)")
    res = mailer.send_pending()
    _mail_summary(res)
    if res.failed:
        raise typer.Exit(1)
    if not res.sent:
        typer.echo("geen openstaande post aan melders", err=True)


@evidence_app.command("export")
def evidence_export(code: str, out: Annotated[str, typer.Option("--out", help="Zip-bestand.")],
                    db: DbOpt = None, user: UserOpt = None, reason: ReasonOpt = None,
                    evidence_dir: EvidenceOpt = None) -> None:
    """Maak het bewijspakket van een zaak (originelen + manifest); wordt gelogd."""
    from doxwacht.cases import evidence as ev

    try:
        res = ev.export_case(_store(db), code, out, user=_user(user), reason=reason, evidence_dir=evidence_dir)
    except ValueError as err:
        raise _fail(str(err)) from None
    typer.echo(f"{res.path}: manifest {res.manifest_sha256}, pakket {res.package_sha256}")


@evidence_app.command("verify")
def evidence_verify(path: str, db: DbOpt = None, user: UserOpt = None) -> None:
    """Controleer een bewijspakket; exitstatus 1 als het niet klopt."""
    from doxwacht.cases import evidence as ev

    report = ev.verify(_store(db), path, user=_user(user))
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("verify")
def audit_verify(db: DbOpt = None) -> None:
    """Controleer de hashketen van het toegangslog; exitstatus 1 bij een gewijzigde, verwijderde of
    ingevoegde regel."""
    from doxwacht.cases import audit

    r = audit.verify(_store(db))
    if r.ok:
        typer.echo(f"toegangslog intact: {r.entries} regels")
        return
    typer.echo(f"toegangslog NIET intact bij regel {r.first_bad_id}: {r.problem}")
    raise typer.Exit(1)


def stats(db: DbOpt = None, user: UserOpt = None,
          period: Annotated[str, typer.Option("--period", help="day, week, month of year")] = "month",
          fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv of json")] = "table",
          plots: Annotated[str | None, typer.Option("--plots", help="Map voor PNG-grafieken.")] = None) -> None:
    """Statistiek: zaken per periode, categorie, platform en doelgroep; verwijderpercentage en mediane
    tijd tot verwijdering per platform; verlopen acties."""
    from doxwacht.cases import audit
    from doxwacht.cases import stats as st

    if period not in st.PERIODS:
        raise _fail(f"onbekende periode {period!r}; kies uit {', '.join(st.PERIODS)}")
    store = _store(db)
    data = st.compute(store, period=period)
    with store.transaction(write=True) as s:
        audit.record(store, s, actor=_user(user), action="stats.view", object_type="stats", details={"period": period})
    if fmt == "json":
        typer.echo(st.to_json(data))
    elif fmt == "csv":
        typer.echo(st.to_csv(data), nl=False)
    else:
        con = Console(width=160)
        con.print(f"berichten per niveau: {data['messages']}   zaken: {data['cases_total']}   "
                  f"verlopen acties: {data['overdue_actions']}")
        for key, title in (("cases_per_period", f"zaken per {period}"), ("cases_by_category", "per categorie"),
                           ("cases_by_platform", "per platform"), ("cases_by_target_group", "per doelgroep"),
                           ("cases_by_status", "per status")):
            t = Table(title=title)
            t.add_column("")
            t.add_column("zaken", justify="right")
            for k, v in data[key].items():
                t.add_row(str(k), str(v))
            con.print(t)
        t = Table(title="verwijderingen per platform")
        for col in ("platform", "zaken met actie", "verwijderd", "percentage", "mediaan uren"):
            t.add_column(col)
        for p, v in data["takedown"].items():
            t.add_row(p, str(v["cases_with_action"]), str(v["removed"]),
                      f"{100 * v['rate']:.0f}%" if v["rate"] is not None else "-", str(v["median_hours_to_removal"] or "-"))
        con.print(t)
    if plots:
        for p in st.plot(data, plots):
            typer.echo(f"grafiek: {p}", err=True)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("stats")(stats)
    app.add_typer(case_app, name="case")
    app.add_typer(evidence_app, name="evidence")
    app.add_typer(audit_app, name="audit")


_ = os  # keep the import for envvar docs
