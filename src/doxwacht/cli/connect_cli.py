"""`doxwacht connect rss|mastodon|folder|telegram`: follow live sources and hand what they bring to the
store (embedded default: scan and store at once) or to a Redis stream (`--redis`, for `doxwacht worker`).
Each connector keeps its position in `<state-dir>/<soort>.json`; stop it (Ctrl-C, SIGTERM) and start it
again, and it goes on where it was, without losing or doubling messages. `connect token` makes a token
for the HTTP ingest endpoint (`POST /api/ingest` of `doxwacht web`)."""

from __future__ import annotations

import contextlib
import getpass
import os
import secrets
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

connect_app = typer.Typer(help="Live bronnen volgen: Telegram, RSS/Atom, Mastodon, een map.", no_args_is_help=True)

StateOpt = Annotated[str, typer.Option("--state-dir", envvar="DOXWACHT_STATE_DIR",
                                       help="Map voor de posities van de connectors (JSON).")]
OnceOpt = Annotated[bool, typer.Option("--once", help="Eén keer bijwerken tot er niets nieuws meer is, dan stoppen.")]
RedisOpt = Annotated[str | None, typer.Option("--redis", envvar="DOXWACHT_REDIS_URL",
                                              help="Zet berichten op deze Redis-stream (redis://...) in plaats van "
                                                   "ze meteen te scannen en op te slaan.")]
StreamOpt = Annotated[str, typer.Option("--stream", help="Naam van de Redis-stream.")]
DbOpt = Annotated[str | None, typer.Option("--db", help="Database (pad of URL) voor scannen en opslaan "
                                                       "(standaard: DOXWACHT_DB of ./doxwacht.db).")]
UserOpt = Annotated[str | None, typer.Option("--user", envvar="DOXWACHT_USER", help="Wie dit doet (toegangslog).")]
KeyOpt = Annotated[str | None, typer.Option("--key-file", help="Sleutel van de watchlist.")]
EvidenceOpt = Annotated[str | None, typer.Option("--evidence-dir", envvar="DOXWACHT_EVIDENCE_DIR",
                                                 help="Map met de beveiligde originelen (ook media).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Alleen fouten melden.")]

DEFAULT_STATE = "doxwacht-connect"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"doxwacht: {message}", err=True)
    return typer.Exit(code)


def _user(user: str | None) -> str:
    if user:
        return user
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return "onbekend"


def _sink(kind: str, *, redis: str | None, stream: str, db: str | None, user: str | None, key_file: str | None,
          evidence_dir: str | None, report: Callable[[str], None]) -> Any:
    """The Redis stream sink with `--redis`; else scan and store at once (`Ingestor`)."""
    from doxwacht.ingest.sink import CallbackSink, TaggingSink

    if redis:
        try:
            from doxwacht.live.stream import RedisStreamSink
        except ImportError as err:
            raise _fail(f"Redis-ondersteuning ontbreekt ({err}); installeer doxwacht[live]") from None
        return TaggingSink(RedisStreamSink(redis, stream), kind)
    from doxwacht.cases import CasePolicy, Ingestor
    from doxwacht.cli import app as cli_app
    from doxwacht.store import Store

    store = Store(db)
    try:
        engine = cli_app.make_engine(threshold=0.5, max_chars=1_000_000, db=db, key_file=key_file)
    except Exception as err:  # noqa: BLE001
        raise _fail(f"watchlist: {err}") from None
    ing = Ingestor(store, engine, user=_user(user), policy=CasePolicy.default(), evidence_dir=evidence_dir,
                   source=kind)
    return TaggingSink(CallbackSink(lambda batch: ing.ingest(batch, on_problem=lambda p: report(str(p)))), kind)


def _evidence_root(evidence_dir: str | None, db: str | None, redis: str | None) -> Path:
    if evidence_dir:
        return Path(evidence_dir)
    if redis:
        return Path("doxwacht-evidence")
    from doxwacht.cases.ingest import default_evidence_dir
    from doxwacht.store import Store

    return default_evidence_dir(Store(db))


@contextlib.contextmanager
def _stop_on_signals(runner: Any) -> Iterator[None]:
    """SIGINT/SIGTERM stop the runner after the current batch (its position is then saved)."""
    def handler(signum: int, frame: Any) -> None:
        typer.echo("doxwacht: stoppen na de huidige batch ...", err=True)
        runner.stop()

    old: dict[int, Any] = {}
    with contextlib.suppress(ValueError):  # not the main thread: no signal handlers
        old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def _run(kind: str, make: Callable[[Any], Any], *, state_dir: str, interval: float, once: bool, redis: str | None,
         stream: str, db: str | None, user: str | None, key_file: str | None, evidence_dir: str | None,
         quiet: bool) -> None:
    from doxwacht.ingest.connectors import (
        ConnectorConfigError,
        ConnectorFailed,
        PositionError,
        PositionStore,
        Runner,
    )

    def report(message: str) -> None:
        typer.echo(f"doxwacht: {message}", err=True)

    positions = PositionStore(Path(state_dir) / f"{kind}.json")
    try:
        positions.load_all()
        connector = make(positions)
    except (ValueError, PositionError) as err:
        raise _fail(str(err)) from None
    sink = _sink(kind, redis=redis, stream=stream, db=db, user=user, key_file=key_file, evidence_dir=evidence_dir,
                 report=report)

    def on_batch(batch: Any) -> None:
        if batch.records and not quiet:
            typer.echo(f"{kind}: {len(batch.records)} berichten doorgegeven", err=True)

    def on_error(err: BaseException, delay: float) -> None:
        report(f"{kind}: {err}; nieuwe poging over {delay:.0f} s")

    runner = Runner(connector, sink, interval=interval, on_problem=lambda p: report(str(p)), on_batch=on_batch,
                    on_error=on_error)
    try:
        with _stop_on_signals(runner):
            stats = runner.run(once=once)
    except ConnectorFailed as err:
        raise _fail(str(err), 1) from None
    except (PositionError, ConnectorConfigError) as err:
        raise _fail(str(err)) from None
    if not quiet:
        target = f"Redis-stream {stream}" if redis else "de database"
        typer.echo(f"{kind}: {stats.records} berichten naar {target}, {stats.problems} problemen, "
                   f"{stats.errors} fouten; positie bewaard in {positions.path}", err=True)


def _interval(value: float) -> float:
    if value <= 0:
        raise typer.BadParameter("moet groter dan 0 zijn")
    return value


@connect_app.command("rss")
def rss(urls: Annotated[list[str], typer.Argument(help="Adressen van RSS- of Atom-feeds.")],
        state_dir: StateOpt = DEFAULT_STATE,
        interval: Annotated[float, typer.Option("--interval", callback=_interval,
                                                help="Seconden tussen twee rondes.")] = 300.0,
        once: OnceOpt = False, redis: RedisOpt = None, stream: StreamOpt = "doxwacht:in", db: DbOpt = None,
        user: UserOpt = None, key_file: KeyOpt = None, evidence_dir: EvidenceOpt = None, quiet: QuietOpt = False,
        ) -> None:
    """Volg RSS/Atom-feeds (nieuws, officiële sites); alleen nieuwe berichten worden doorgegeven."""
    from doxwacht.ingest.connectors.feeds import FeedConnector

    _run("rss", lambda pos: FeedConnector(urls, pos), state_dir=state_dir, interval=interval, once=once, redis=redis,
         stream=stream, db=db, user=user, key_file=key_file, evidence_dir=evidence_dir, quiet=quiet)


@connect_app.command("mastodon")
def mastodon(instance: Annotated[str, typer.Argument(help="Mastodon-server, bv. mastodon.social.")],
             tag: Annotated[list[str] | None, typer.Option("--tag", help="Volg deze hashtag (herhaalbaar); "
                                                                         "zonder: de openbare tijdlijn.")] = None,
             local: Annotated[bool, typer.Option("--local", help="Alleen berichten van deze server.")] = False,
             state_dir: StateOpt = DEFAULT_STATE,
             interval: Annotated[float, typer.Option("--interval", callback=_interval,
                                                     help="Seconden tussen twee rondes.")] = 60.0,
             once: OnceOpt = False, redis: RedisOpt = None, stream: StreamOpt = "doxwacht:in", db: DbOpt = None,
             user: UserOpt = None, key_file: KeyOpt = None, evidence_dir: EvidenceOpt = None,
             quiet: QuietOpt = False) -> None:
    """Volg de openbare tijdlijn of hashtags van een Mastodon-server (token: DOXWACHT_MASTODON_TOKEN)."""
    from doxwacht.ingest.connectors.mastodon import TOKEN_ENV, MastodonConnector

    _run("mastodon", lambda pos: MastodonConnector(instance, pos, tags=tag or (), local=local,
                                                   token=os.environ.get(TOKEN_ENV)),
         state_dir=state_dir, interval=interval, once=once, redis=redis, stream=stream, db=db, user=user,
         key_file=key_file, evidence_dir=evidence_dir, quiet=quiet)


@connect_app.command("folder")
def folder(directory: Annotated[str, typer.Argument(metavar="MAP", help="Map die in de gaten wordt gehouden.")],
           settle: Annotated[float, typer.Option("--settle", min=0.0, help="Seconden dat een bestand onveranderd "
                                                                           "moet zijn voor het wordt gelezen.")] = 2.0,
           state_dir: StateOpt = DEFAULT_STATE,
           interval: Annotated[float, typer.Option("--interval", callback=_interval,
                                                   help="Seconden tussen twee rondes.")] = 5.0,
           once: OnceOpt = False, redis: RedisOpt = None, stream: StreamOpt = "doxwacht:in", db: DbOpt = None,
           user: UserOpt = None, key_file: KeyOpt = None, evidence_dir: EvidenceOpt = None,
           quiet: QuietOpt = False) -> None:
    """Lees bestanden (JSONL, CSV, Telegram-exports, tekst) die in een map worden gezet, elk één keer."""
    from doxwacht.ingest.connectors.folder import FolderConnector

    _run("folder", lambda pos: FolderConnector(directory, pos, settle=settle), state_dir=state_dir,
         interval=interval, once=once, redis=redis, stream=stream, db=db, user=user, key_file=key_file,
         evidence_dir=evidence_dir, quiet=quiet)


@connect_app.command("telegram")
def telegram(chats: Annotated[list[str], typer.Argument(help="Kanalen of groepen: @naam, t.me-link of id.")],
             config: Annotated[str | None, typer.Option("--config", envvar="DOXWACHT_TELEGRAM_CONFIG",
                                                        help="TOML-bestand met [telegram] api_id, api_hash, "
                                                             "session (of de DOXWACHT_TELEGRAM_* variabelen).")] = None,
             state_dir: StateOpt = DEFAULT_STATE,
             interval: Annotated[float, typer.Option("--interval", callback=_interval,
                                                     help="Seconden tussen twee rondes (nieuwe berichten komen "
                                                          "direct binnen).")] = 30.0,
             once: OnceOpt = False, redis: RedisOpt = None, stream: StreamOpt = "doxwacht:in", db: DbOpt = None,
             user: UserOpt = None, key_file: KeyOpt = None, evidence_dir: EvidenceOpt = None,
             quiet: QuietOpt = False) -> None:
    """Volg Telegram-kanalen en -groepen live (met inhalen vanaf de laatste positie); media als bewijs."""
    import asyncio

    from doxwacht.evidence import BlobStore
    from doxwacht.ingest.connectors.telegram_live import (
        ConfigError,
        TelegramConnector,
        load_config,
        make_client,
    )

    try:
        cfg = load_config(config)
    except ConfigError as err:
        raise _fail(str(err)) from None
    blobs = BlobStore(_evidence_root(evidence_dir, db, redis))
    loop = asyncio.new_event_loop()
    try:
        client = make_client(cfg, loop)
    except Exception as err:  # noqa: BLE001 - login/network; the message never holds the api hash
        raise _fail(f"Telegram: aanmelden mislukt ({type(err).__name__})", 1) from None
    _run("telegram", lambda pos: TelegramConnector(client, chats, pos, blobs=blobs, loop=loop), state_dir=state_dir,
         interval=interval, once=once, redis=redis, stream=stream, db=db, user=user, key_file=key_file,
         evidence_dir=evidence_dir, quiet=quiet)


@connect_app.command("token")
def token() -> None:
    """Maak een toegangstoken voor POST /api/ingest; de server bewaart alleen de hash."""
    from doxwacht.web.ingest_api import TOKEN_HASH_ENV, token_sha256

    tok = secrets.token_urlsafe(32)
    typer.echo(f"token (geef aan het systeem dat berichten aanlevert): {tok}")
    typer.echo(f"hash (zet op de server): {TOKEN_HASH_ENV}={token_sha256(tok)}")
    if sys.stdout.isatty():
        typer.echo("Bewaar het token veilig; het wordt nergens opgeslagen.", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(connect_app, name="connect")
