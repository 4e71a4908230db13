"""`doxwacht watchlist ...` and `doxwacht keygen`: the protected-person register on the command line.

    doxwacht keygen                                   # a new key in ~/.config/doxwacht/watchlist.key
    doxwacht watchlist add --label "Agent A" --role politie --org "Eenheid Utrecht" \\
        --name "Jan de Vries" --phone 06-12345678 --address "Hoofdstraat 12, 1234 AB Amsterdam"
    doxwacht watchlist add                            # asks for everything
    doxwacht watchlist import personen.csv            # columns: see doxwacht.watchlist.register
    doxwacht watchlist list | show ID --reason ... | remove ID | stats | check "tekst" | verify-log

Options every command shares: `--db` (DOXWACHT_DB; default ./doxwacht.db, or a PostgreSQL URL),
`--key-file` (DOXWACHT_WATCHLIST_KEY_FILE; or the key itself in DOXWACHT_WATCHLIST_KEY), `--user`
(DOXWACHT_USER; the login name otherwise) for the access log.

Nothing here prints, logs or echoes an identifier that was registered: messages name the field and
the reason only.

Exit status: 0 done; 1 refused (invalid person, missing or wrong key, unknown id); 2 usage error;
3 import finished but rows were rejected (reported on stderr).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from doxwacht.watchlist.register import Register

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_REJECTED_ROWS = 3

watchlist_app = typer.Typer(
    help="Beschermde personen: registreer ze als sleutel-hashes en herken hun gegevens in elke scan.",
    no_args_is_help=True,
    add_completion=False,
)
keygen_app = typer.Typer(help="Maak een nieuwe watchlist-sleutel.", add_completion=False)

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="DOXWACHT_DB", help="Database: SQLite-bestand of PostgreSQL-URL [standaard: ./doxwacht.db]."),
]
KeyFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--key-file",
        envvar="DOXWACHT_WATCHLIST_KEY_FILE",
        help="Sleutelbestand [standaard: DOXWACHT_WATCHLIST_KEY of ~/.config/doxwacht/watchlist.key].",
    ),
]
UserOpt = Annotated[str | None, typer.Option("--user", envvar="DOXWACHT_USER", help="Wie dit doet (voor het toegangslog).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]

FIELD_NAMES_NL = {
    "name": "naam", "names": "naam", "relative_name": "naam naaste", "relative_names": "naam naaste",
    "address": "adres", "addresses": "adres", "postcode": "postcode + huisnummer", "postcodes": "postcode + huisnummer",
    "phone": "telefoon", "phones": "telefoon", "email": "e-mail", "emails": "e-mail", "plate": "kenteken",
    "plates": "kenteken", "dob": "geboortedatum", "dobs": "geboortedatum", "handle": "account", "handles": "account",
    "iban": "IBAN", "ibans": "IBAN", "workplace": "werkplek", "label": "label", "role": "rolgroep",
    "organisation": "organisatie", "identifiers": "gegevens", "rij": "rij",
}

# (PersonInput field, prompt) for interactive `add`
_PROMPTS = (
    ("names", "Volledige namen en varianten"),
    ("relative_names", "Namen van partner en kinderen"),
    ("addresses", "Adressen (straat huisnummer, postcode plaats)"),
    ("postcodes", "Postcode + huisnummer"),
    ("phones", "Telefoonnummers"),
    ("emails", "E-mailadressen"),
    ("plates", "Kentekens"),
    ("dobs", "Geboortedatum"),
    ("handles", "Accounts op sociale media"),
    ("ibans", "IBAN's"),
)


def _err() -> Console:
    return Console(stderr=True, highlight=False)


def _out() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _fail(message: str, code: int = EXIT_REFUSED) -> typer.Exit:
    _err().print(f"[red]fout:[/red] {message}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def _field_nl(name: str | None) -> str:
    return FIELD_NAMES_NL.get(name or "", name or "")


def _open(db: str | None, key_file: Path | None, *, need_key: bool) -> Register:
    from doxwacht.store import Store
    from doxwacht.watchlist.keys import MissingKeyError, WatchlistKeyError, load_key
    from doxwacht.watchlist.register import Register

    key = None
    try:
        key = load_key(key_file)
    except MissingKeyError as exc:
        if need_key:
            raise _fail(str(exc)) from None
    except WatchlistKeyError as exc:
        raise _fail(str(exc)) from None
    try:
        store = Store(db)
    except Exception as exc:  # a URL or file that cannot be opened
        raise _fail(f"kan de database niet openen: {type(exc).__name__}") from None
    try:
        return Register(store, key)
    except WatchlistKeyError as exc:
        raise _fail(str(exc)) from None


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split("|") if v.strip()]


# ---------------------------------------------------------------------------------------- add
@watchlist_app.command("add")
def add(
    label: Annotated[str | None, typer.Option("--label", help="Pseudoniem voor deze persoon (geen echte naam).")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Rolgroep: politie, boa, politicus, bestuurder, rechterlijke_macht, ambtenaar, journalist, hulpverlener, burger, overig.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="De organisatie die deze persoon registreert.")] = None,
    name: Annotated[list[str] | None, typer.Option("--name", help="Volledige naam (herhaalbaar).")] = None,
    relative_name: Annotated[list[str] | None, typer.Option("--relative-name", help="Naam van partner of kind (herhaalbaar).")] = None,
    address: Annotated[list[str] | None, typer.Option("--address", help="Adres: 'Hoofdstraat 12a, 1234 AB Plaats' (herhaalbaar).")] = None,
    postcode: Annotated[list[str] | None, typer.Option("--postcode", help="Postcode + huisnummer: '1234 AB 12a' (herhaalbaar).")] = None,
    phone: Annotated[list[str] | None, typer.Option("--phone", help="Telefoonnummer (herhaalbaar).")] = None,
    email: Annotated[list[str] | None, typer.Option("--email", help="E-mailadres (herhaalbaar).")] = None,
    plate: Annotated[list[str] | None, typer.Option("--plate", help="Kenteken (herhaalbaar).")] = None,
    dob: Annotated[list[str] | None, typer.Option("--dob", help="Geboortedatum, bv. 1980-03-12.")] = None,
    handle: Annotated[list[str] | None, typer.Option("--handle", help="Account op sociale media of profiel-URL (herhaalbaar).")] = None,
    iban: Annotated[list[str] | None, typer.Option("--iban", help="IBAN (herhaalbaar).")] = None,
    workplace: Annotated[str | None, typer.Option("--workplace", help="Werkplek, bv. 'bureau Zeist' (telt alleen samen met de achternaam).")] = None,
    db: DbOpt = None,
    key_file: KeyFileOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Registreer één persoon; zonder gegevens als opties vraagt het commando ze één voor één."""
    from doxwacht.watchlist.canonical import InvalidIdentifier
    from doxwacht.watchlist.kinds import ROLE_GROUPS
    from doxwacht.watchlist.register import PersonInput

    register = _open(db, key_file, need_key=True)
    values: dict[str, list[str]] = {
        "names": _split(name), "relative_names": _split(relative_name), "addresses": _split(address),
        "postcodes": _split(postcode), "phones": _split(phone), "emails": _split(email), "plates": _split(plate),
        "dobs": _split(dob), "handles": _split(handle), "ibans": _split(iban),
    }
    interactive = not any(values.values()) and not workplace
    if interactive:
        err = _err()
        err.print("Geen gegevens als opties gegeven: vul ze hieronder in (meerdere waarden scheiden met |, leeg = geen).")
    if label is None:
        label = typer.prompt("Label (pseudoniem, geen echte naam)")
    if role is None:
        role = typer.prompt(f"Rolgroep ({', '.join(ROLE_GROUPS)})")
    if org is None:
        org = typer.prompt("Organisatie")
    if interactive:
        for field_name, question in _PROMPTS:
            values[field_name] = _split([typer.prompt(question, default="", show_default=False)])
        workplace = typer.prompt("Werkplek", default="", show_default=False) or None
    person = PersonInput(label=label, role=role, organisation=org, workplace=workplace, **values)
    try:
        person_id = register.add(person, user=user)
    except InvalidIdentifier as exc:
        raise _fail(f"ongeldig gegeven ({_field_nl(exc.kind)}): {exc.reason}") from None
    if as_json:
        typer.echo(json.dumps({"id": person_id}))
    else:
        _out().print(f"Toegevoegd: persoon [bold]{person_id}[/bold] ({label.strip()}).")


# ---------------------------------------------------------------------------------------- import
@watchlist_app.command("import")
def import_csv(
    csv_file: Annotated[Path, typer.Argument(help="CSV-bestand, één persoon per rij (kolommen: zie de documentatie).", exists=True, dir_okay=False, readable=True)],
    role: Annotated[str | None, typer.Option("--role", help="Rolgroep voor rijen zonder rolgroep.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Organisatie voor rijen zonder organisatie.")] = None,
    db: DbOpt = None,
    key_file: KeyFileOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Importeer personen uit CSV; foute rijen worden gemeld en overgeslagen.

    De goede rijen gaan er in één transactie in. De kolommen staan in docs/WATCHLIST.md.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from doxwacht.watchlist.register import CsvFormatError

    register = _open(db, key_file, need_key=True)
    err = _err()
    with Progress(
        TextColumn("gegevens hashen"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=as_json,
    ) as bar:
        task = bar.add_task("import", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            report = register.import_csv(csv_file, user=user, role=role, organisation=org, progress=progress)
        except CsvFormatError as exc:
            raise _fail(str(exc)) from None
        except UnicodeDecodeError:
            raise _fail("het CSV-bestand is geen geldige UTF-8") from None
    if as_json:
        typer.echo(json.dumps({"rows": report.rows, "added": report.added, "errors": [e.to_dict() for e in report.errors]}))
    else:
        _out().print(f"{report.rows} rijen gelezen: {len(report.added)} toegevoegd, {len(report.errors)} geweigerd.")
        if report.errors:
            table = Table("rij", "kolom", "reden", title="Geweigerde rijen", title_justify="left")
            for e in report.errors:
                table.add_row(str(e.row), _field_nl(e.field), e.reason)
            err.print(table)
    if report.errors:
        raise typer.Exit(EXIT_REJECTED_ROWS)


# ---------------------------------------------------------------------------------------- list / show / remove
@watchlist_app.command("list")
def list_persons(
    org: Annotated[str | None, typer.Option("--org", help="Alleen deze organisatie.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Alleen deze rolgroep.")] = None,
    db: DbOpt = None,
    key_file: KeyFileOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon de geregistreerde personen: id, label, rolgroep en organisatie (nooit hun gegevens)."""
    register = _open(db, key_file, need_key=False)
    try:
        people = register.list_persons(user=user, organisation=org, role=role)
    except ValueError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    if as_json:
        typer.echo(json.dumps([{"id": p.id, "label": p.label, "role": p.role, "organisation": p.organisation} for p in people]))
        return
    table = Table("id", "label", "rolgroep", "organisatie", title=f"{len(people)} personen", title_justify="left")
    for p in people:
        table.add_row(p.id, p.label, p.role, p.organisation)
    _out().print(table)


@watchlist_app.command("show")
def show(
    person_id: Annotated[str, typer.Argument(help="Het id van de persoon.")],
    reason: Annotated[str, typer.Option("--reason", help="Waarom u deze persoon inziet (komt in het toegangslog).")],
    db: DbOpt = None,
    key_file: KeyFileOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon wat niet geheim is over één persoon; wordt gelogd.

    Label, rolgroep, organisatie en welke soorten gegevens zijn geregistreerd (nooit de gegevens zelf).
    """
    register = _open(db, key_file, need_key=False)
    try:
        info = register.show(person_id, user=user, reason=reason)
    except ValueError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    if info is None:
        raise _fail(f"geen persoon met id {person_id}")
    if as_json:
        typer.echo(json.dumps(info.to_dict()))
        return
    out = _out()
    out.print(f"[bold]{info.label}[/bold]  ({info.id})")
    out.print(f"rolgroep: {info.role}\norganisatie: {info.organisation}")
    out.print(f"geregistreerd: {info.created_at:%Y-%m-%d %H:%M} door {info.created_by}")
    kinds = ", ".join(f"{_field_nl(k)} ({n})" for k, n in sorted(info.identifiers.items()))
    out.print(f"gegevens: {kinds or '-'}")


@watchlist_app.command("remove")
def remove(
    person_id: Annotated[str, typer.Argument(help="Het id van de persoon.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Waarom (komt in het toegangslog).")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Niet om bevestiging vragen.")] = False,
    db: DbOpt = None,
    key_file: KeyFileOpt = None,
    user: UserOpt = None,
) -> None:
    """Verwijder een persoon en al zijn hashes."""
    register = _open(db, key_file, need_key=False)
    if not yes and not typer.confirm(f"Persoon {person_id} verwijderen?", default=False):
        raise typer.Exit(EXIT_REFUSED)
    if not register.remove(person_id, user=user, reason=reason):
        raise _fail(f"geen persoon met id {person_id}")
    _out().print(f"Verwijderd: persoon {person_id}.")


# ---------------------------------------------------------------------------------------- stats / check / verify-log
@watchlist_app.command("stats")
def stats(
    db: DbOpt = None,
    key_file: KeyFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tellingen: personen, gegevens per soort, hashes, per rolgroep en organisatie."""
    register = _open(db, key_file, need_key=False)
    data = register.stats()
    if as_json:
        typer.echo(json.dumps(data))
        return
    out = _out()
    out.print(f"personen: {data['persons']}   gegevens: {data['identifiers_total']}   hashes: {data['hashes']}")
    out.print(f"versie van het register: {data['generation']}   sleutel: {data['key_fingerprint'] or '-'}")
    if data["persons_without_place_pairs"]:
        out.print(
            f"[yellow]{data['persons_without_place_pairs']} personen zijn geregistreerd voordat het register "
            "achternaam-plaatsparen bewaarde: registreer ze opnieuw (verwijderen en weer toevoegen of importeren) "
            "om scans sneller te maken[/yellow]"
        )
    table = Table("soort", "aantal", title="Gegevens per soort", title_justify="left")
    for kind, n in data["identifiers"].items():
        table.add_row(_field_nl(kind), str(n))
    out.print(table)
    for title, key in (("Per rolgroep", "by_role"), ("Per organisatie", "by_organisation")):
        t = Table("", "personen", title=title, title_justify="left")
        for name, n in sorted(data[key].items()):
            t.add_row(name, str(n))
        out.print(t)


@watchlist_app.command("check")
def check(
    text: Annotated[str | None, typer.Argument(help="De tekst; zonder argument: standaardinvoer.")] = None,
    db: DbOpt = None,
    key_file: KeyFileOpt = None,
) -> None:
    """Scan één tekst en toon de watchlist-treffers (persoon-id, soort, sterkte, plek) als JSON."""
    from doxwacht.pipeline import Engine
    from doxwacht.watchlist.analyzer import WatchlistAnalyzer
    from doxwacht.watchlist.keys import WatchlistKeyError

    register = _open(db, key_file, need_key=True)
    try:
        analyzer = WatchlistAnalyzer.from_register(register, refresh_interval=None)
    except WatchlistKeyError as exc:
        raise _fail(str(exc)) from None
    body = text if text is not None else sys.stdin.read()
    result = Engine(analyzers=[analyzer]).scan(body)
    typer.echo(json.dumps(result.extras["watchlist"], ensure_ascii=False))


@watchlist_app.command("verify-log")
def verify_log(db: DbOpt = None) -> None:
    """Controleer de hashketen van het toegangslog."""
    register = _open(db, None, need_key=False)
    report = register.verify_log()
    if report.ok:
        _out().print(f"Toegangslog in orde: {report.entries} regels.")
        return
    raise _fail(f"toegangslog verbroken bij regel {report.first_bad_id}: {report.problem}")


# ---------------------------------------------------------------------------------------- keygen
def keygen(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Waar de sleutel komt [standaard: DOXWACHT_WATCHLIST_KEY_FILE of ~/.config/doxwacht/watchlist.key]."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Een bestaand sleutelbestand overschrijven (de oude watchlist wordt dan onbruikbaar).")] = False,
) -> None:
    """Maak een nieuwe watchlist-sleutel in een bestand dat alleen de eigenaar kan lezen.

    32 willekeurige bytes, rechten 0600. Bewaar de sleutel NIET bij de database of in dezelfde back-up.
    """
    import os

    from doxwacht.watchlist.keys import KEY_FILE_ENV, WatchlistKeyError, default_key_path, write_key_file

    target = out or Path(os.environ.get(KEY_FILE_ENV) or default_key_path())
    try:
        key = write_key_file(target, force=force)
    except WatchlistKeyError as exc:
        raise _fail(str(exc)) from None
    out_console = _out()
    out_console.print(f"Sleutel geschreven naar {target} (rechten 0600).")
    out_console.print(f"Vingerafdruk: {key.fingerprint[:12]}")
    out_console.print("Bewaar een kopie op een veilige plek, gescheiden van de database en haar back-ups.")


keygen_app.callback(invoke_without_command=True)(keygen)


def register(app: typer.Typer) -> None:
    """Called by `doxwacht.cli.app` for every `*_cli` module: mount `watchlist` and `keygen`."""
    app.add_typer(watchlist_app, name="watchlist")
    app.command("keygen")(keygen)


__all__ = ["keygen", "keygen_app", "register", "watchlist_app"]
