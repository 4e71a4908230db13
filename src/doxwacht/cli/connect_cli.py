"""`doxwacht connect rss|mastodon|folder|telegram`: follow live sources and hand what they bring to the
store (embedded default: scan and store at once) or to a Redis stream (`--redis`, for `doxwacht worker`).
Each connector keeps its position in `<state-dir>/<soort>.json`; stop it (Ctrl-C, SIGTERM) and start it
again, and it goes on where it was, without losing or doubling messages. `connect token` makes a token
for the HTTP ingest endpoint (`POST /api/ingest` of `doxwacht web`)."""

from __future__ import annotations

import contextlib
import importlib
import os
import secrets
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from doxwacht.cli.common import acting_user as _user
from doxwacht.cli.common import fail as _fail

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


def _connector_module(name: str) -> Any:
    """`doxwacht.ingest.connectors.<name>`; a library it needs that is not installed (the `connectors` extra:
    feedparser, telethon, httpx) is a clear message and exit status 2, not a traceback."""
    try:
        return importlib.import_module(f"doxwacht.ingest.connectors.{name}")
    except ModuleNotFoundError as err:
        raise _missing(err) from None


def _missing(err: ModuleNotFoundError) -> typer.Exit:
    """The exit for a missing third-party library (to raise); a missing module of doxwacht itself is a bug: re-raised."""
    if err.name and err.name.split(".")[0] == "doxwacht":
        raise err
    return _fail(f"de Python-bibliotheek {err.name!r} ontbreekt voor deze bron; installeer ze met "
                 "pip install 'doxwacht[connectors]'")


def _sink(kind: str, *, redis: str | None, stream: str, db: str | None, user: str | None, key_file: str | None,
          evidence_dir: str | None, report: Callable[[str], None], closing: contextlib.ExitStack) -> tuple[Any, Path | None]:
    """The sink and the evidence directory: the Redis stream sink with `--redis` (evidence only where
    --evidence-dir says, as the worker cannot be asked), else one `Ingestor` for the whole process that scans
    and stores at once (`cases.ingest.storing_ingestor`, as `doxwacht worker` and the API). What is opened is
    closed by `closing` (the run ends with its audit entry, the store is closed)."""
    from doxwacht.ingest.sink import TaggingSink

    if redis:
        try:
            from doxwacht.live.stream import RedisStreamSink
        except ImportError as err:
            raise _fail(f"Redis-ondersteuning ontbreekt ({err}); installeer doxwacht[live]") from None
        sink = TaggingSink(RedisStreamSink(redis, stream), kind)
        closing.callback(sink.close)
        return sink, Path(evidence_dir) if evidence_dir else None
    from doxwacht.cases.ingest import DEFAULT_MIN_SCORE, StoringSink, storing_ingestor
    from doxwacht.cli import app as cli_app
    from doxwacht.store import Store

    store = Store(db)
    closing.callback(store.close)
    try:
        engine = cli_app.make_engine(threshold=DEFAULT_MIN_SCORE, max_chars=1_000_000, db=db, key_file=key_file)
    except Exception as err:  # noqa: BLE001
        raise _fail(f"watchlist: {err}") from None
    ing = storing_ingestor(store, engine, user=_user(user), source=kind, evidence_dir=evidence_dir)
    sink = TaggingSink(StoringSink(ing, on_problem=lambda p: report(str(p))), kind)
    closing.callback(sink.close)
    return sink, ing.blobs.root


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


def _run(kind: str, make: Callable[[Any, Path | None], Any], *, state_dir: str, interval: float, once: bool,
         redis: str | None, stream: str, db: str | None, user: str | None, key_file: str | None,
         evidence_dir: str | None, quiet: bool) -> None:
    """Run connector `make(positions, evidence_root)` into the sink; the sink and its store are closed after."""
    def report(message: str) -> None:
        typer.echo(f"doxwacht: {message}", err=True)

    with contextlib.ExitStack() as closing:
        _run_with(kind, make, closing, state_dir=state_dir, interval=interval, once=once, redis=redis,
                  stream=stream, db=db, user=user, key_file=key_file, evidence_dir=evidence_dir, quiet=quiet,
                  report=report)


def _run_with(kind: str, make: Callable[[Any, Path | None], Any], closing: contextlib.ExitStack, *, state_dir: str,
              interval: float, once: bool, redis: str | None, stream: str, db: str | None, user: str | None,
              key_file: str | None, evidence_dir: str | None, quiet: bool, report: Callable[[str], None]) -> None:
    from doxwacht.ingest.connectors import (
        ConnectorConfigError,
        ConnectorFailed,
        PositionError,
        PositionStore,
        Runner,
    )

    positions = PositionStore(Path(state_dir) / f"{kind}.json")
    try:
        positions.load_all()
    except (ValueError, PositionError) as err:
        raise _fail(str(err)) from None
    sink, evidence_root = _sink(kind, redis=redis, stream=stream, db=db, user=user, key_file=key_file,
                                evidence_dir=evidence_dir, report=report, closing=closing)
    try:
        connector = make(positions, evidence_root)
    except (ValueError, PositionError) as err:
        raise _fail(str(err)) from None

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
    FeedConnector = _connector_module("feeds").FeedConnector  # noqa: N806

    _run("rss", lambda pos, _root: FeedConnector(urls, pos), state_dir=state_dir, interval=interval, once=once, redis=redis,
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
    mod = _connector_module("mastodon")
    TOKEN_ENV, MastodonConnector = mod.TOKEN_ENV, mod.MastodonConnector  # noqa: N806

    _run("mastodon", lambda pos, _root: MastodonConnector(instance, pos, tags=tag or (), local=local,
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

    _run("folder", lambda pos, _root: FolderConnector(directory, pos, settle=settle), state_dir=state_dir,
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

    if redis and not evidence_dir:  # the worker's default (<db>.evidence) is not known here
        raise _fail("met --redis is --evidence-dir (of DOXWACHT_EVIDENCE_DIR) nodig: de map waar de worker de "
                    "originelen bewaart, zodat media en berichten bij elkaar blijven")
    try:
        cfg = load_config(config)
    except ConfigError as err:
        raise _fail(str(err)) from None
    loop = asyncio.new_event_loop()
    try:
        client = make_client(cfg, loop)
    except ModuleNotFoundError as err:  # telethon (the connectors extra) is not installed
        raise _missing(err) from None
    except Exception as err:  # noqa: BLE001 - login/network; the message never holds the api hash
        raise _fail(f"Telegram: aanmelden mislukt ({type(err).__name__})", 1) from None
    _run("telegram", lambda pos, root: TelegramConnector(client, chats, pos, blobs=BlobStore(root or evidence_dir or "."),
                                                         loop=loop),
         state_dir=state_dir,
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
