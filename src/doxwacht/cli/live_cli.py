"""`doxwacht worker` (consume a Redis stream: scan, store, alert) and `doxwacht publish` (files into the stream).

Both need the `live` extra (`redis`). The Redis URL comes from `--redis` or DOXWACHT_REDIS_URL
(`redis://host:6379/0`, `rediss://...`, `unix:///run/redis.sock`). E-mail alerts use the SMTP settings of
the environment (DOXWACHT_SMTP_HOST, _PORT, _SECURITY, _FROM, _USER, _PASSWORD_FILE; see
`doxwacht.response.mailer`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from doxwacht.cases.ingest import DEFAULT_MIN_SCORE
from doxwacht.cli.common import acting_user as _user
from doxwacht.cli.common import fail as _fail
from doxwacht.live.stream import DEAD_MAXLEN, DEAD_STREAM, DEFAULT_GROUP, DEFAULT_STREAM
from doxwacht.pipeline.streaming_gc import StreamingGC

RedisOpt = Annotated[str | None, typer.Option("--redis", envvar="DOXWACHT_REDIS_URL",
                                              help="Redis-adres, bv. redis://localhost:6379/0 of unix:///pad/redis.sock.")]
StreamOpt = Annotated[str, typer.Option("--stream", help="Naam van de Redis-stroom.")]


def _client(url: str | None) -> Any:
    from doxwacht.live.stream import LiveUnavailable, connect

    try:
        client = connect(url)
        client.ping()
    except LiveUnavailable as err:
        raise _fail(str(err)) from None
    except Exception as err:  # noqa: BLE001 - connection errors of every kind, said plainly
        raise _fail(f"Redis niet bereikbaar ({type(err).__name__}: {err})") from None
    return client


def worker(
    redis_url: RedisOpt = None,
    stream: StreamOpt = DEFAULT_STREAM,
    group: Annotated[str, typer.Option("--group", help="Consumentengroep; workers in één groep delen het werk.")] = DEFAULT_GROUP,
    consumer: Annotated[str | None, typer.Option(
        "--consumer", help="Naam van deze worker in de groep (vast kiezen: na een herstart neemt hij zijn eigen "
                           "onafgemaakte berichten terug). Standaard: host-pid.")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database (pad of URL); standaard DOXWACHT_DB of ./doxwacht.db.")] = None,
    user: Annotated[str | None, typer.Option("--user", envvar="DOXWACHT_USER", help="Wie dit doet (voor het toegangslog).")] = None,
    key_file: Annotated[str | None, typer.Option("--key-file", help="Sleutel van de watchlist.")] = None,
    evidence_dir: Annotated[str | None, typer.Option("--evidence-dir", envvar="DOXWACHT_EVIDENCE_DIR",
                                                     help="Map met de beveiligde originelen; standaard <db>.evidence.")] = None,
    source: Annotated[str, typer.Option("--source", help="Naam van de bron (deel van de berichtsleutel).")] = "live",
    policy: Annotated[str | None, typer.Option("--policy", help="Zaakbeleid (JSON); standaard het ingebouwde.")] = None,
    min_score: Annotated[float, typer.Option("--min-score", min=0.0, max=1.0)] = DEFAULT_MIN_SCORE,
    batch: Annotated[int, typer.Option("--batch", min=1, max=10_000, help="Berichten per leesronde en transactie.")] = 100,
    block_ms: Annotated[int, typer.Option("--block-ms", min=1, help="Zo lang wachten op nieuwe berichten (ms).")] = 1000,
    claim_idle_ms: Annotated[int, typer.Option(
        "--claim-idle-ms", min=0, help="Berichten die een andere worker zo lang onbevestigd laat, overnemen (ms).")] = 60_000,
    dead_stream: Annotated[str, typer.Option("--dead-stream", help="Stroom voor onbruikbare berichten.")] = DEAD_STREAM,
    dead_maxlen: Annotated[int, typer.Option(
        "--dead-maxlen", min=1, help="Zoveel onbruikbare berichten (ongeveer) bewaren; oudere vervallen.")] = DEAD_MAXLEN,
    webhook: Annotated[str | None, typer.Option("--webhook", help="Webhook-adres voor waarschuwingen (HTTP POST, HMAC-ondertekend).")] = None,
    webhook_secret_file: Annotated[Path | None, typer.Option(
        "--webhook-secret-file", help="Bestand met het webhookgeheim (minstens 16 bytes).")] = None,
    mail_to: Annotated[list[str] | None, typer.Option(
        "--mail-to", help="E-mailadres voor waarschuwingen (herhaalbaar); SMTP uit DOXWACHT_SMTP_*.")] = None,
    console_alerts: Annotated[bool, typer.Option("--console-alerts/--no-console-alerts",
                                                 help="Waarschuwingen op het scherm tonen.")] = True,
    drain: Annotated[bool, typer.Option("--drain", help="Stoppen zodra er niets meer te lezen of te versturen is.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Geen samenvatting.")] = False,
) -> None:
    """Lees berichten uit een Redis-stroom: scannen, opslaan (idempotent) en direct waarschuwen bij doxing
    of een sterke watchlist-overeenkomst. Een bericht wordt pas bevestigd als het is opgeslagen.
    Stopt netjes na de lopende ronde bij SIGTERM of Ctrl-C."""
    from rich.console import Console

    from doxwacht.cases.ingest import storing_ingestor
    from doxwacht.cli import app as cli_app
    from doxwacht.live.alerts import (
        AlertOutbox,
        ConsoleChannel,
        MailChannel,
        WebhookChannel,
    )
    from doxwacht.live.worker import StreamWorker, default_consumer
    from doxwacht.store import Store

    console = Console(stderr=True)
    channels: list[Any] = []
    if console_alerts:
        channels.append(ConsoleChannel(console))
    if webhook:
        if webhook_secret_file is None:
            raise _fail("--webhook vraagt ook --webhook-secret-file")
        try:
            secret = webhook_secret_file.read_bytes().strip()
        except OSError as err:
            raise _fail(f"webhookgeheim niet leesbaar: {webhook_secret_file} ({err.strerror})") from None
        try:
            channels.append(WebhookChannel(webhook, secret))
        except ValueError as err:
            raise _fail(str(err)) from None
    if mail_to:
        from doxwacht.response.mailer import smtp_config_from_env

        try:
            smtp = smtp_config_from_env()
        except ValueError as err:
            raise _fail(f"e-mail: {err}") from None
        if smtp is None:
            raise _fail("--mail-to vraagt een SMTP-server: zet DOXWACHT_SMTP_HOST en DOXWACHT_SMTP_FROM")
        try:
            channels.append(MailChannel(smtp, mail_to))
        except ValueError as err:
            raise _fail(str(err)) from None
    client = _client(redis_url)
    store = Store(db)
    try:
        engine = cli_app.make_engine(threshold=min_score, max_chars=1_000_000, db=db, key_file=key_file)
    except Exception as err:  # noqa: BLE001
        raise _fail(f"watchlist: {err}") from None
    name = consumer or default_consumer()
    ingestor = storing_ingestor(store, engine, user=_user(user), source=source, policy=policy,
                                evidence_dir=evidence_dir, chunk=batch)
    outbox = AlertOutbox(store, channels, owner=name, on_error=lambda m: typer.echo(f"doxwacht: {m}", err=True)) \
        if channels else None
    w = StreamWorker(client, ingestor, stream=stream, group=group, consumer=name, batch=batch, block_ms=block_ms,
                     claim_idle_ms=claim_idle_ms, dead_stream=dead_stream, dead_maxlen=dead_maxlen, outbox=outbox,
                     on_problem=lambda p: typer.echo(f"doxwacht: {p} (naar {dead_stream})", err=True))
    w.install_signal_handlers()
    if not quiet:
        typer.echo(f"doxwacht: worker {name} leest {stream} (groep {group}); stoppen met Ctrl-C of SIGTERM", err=True)
    try:
        with StreamingGC(after=0):  # a long run: the engine's heap out of the collector's way
            stats = w.run(drain=drain)
    except Exception as err:
        import redis
        from sqlalchemy.exc import DBAPIError

        if isinstance(err, redis.RedisError):  # nothing is lost: unacknowledged entries are read again
            raise _fail(f"Redis-fout: {type(err).__name__}: {err}; start de worker opnieuw", 1) from None
        if isinstance(err, DBAPIError):
            raise _fail(f"databasefout: {type(err.orig).__name__}: {err.orig}; start de worker opnieuw", 1) from None
        raise
    finally:
        store.close()
    if not quiet:
        typer.echo(f"doxwacht: worker {name} gestopt: {stats.entries} berichten verwerkt, {stats.stored} nieuw "
                   f"opgeslagen, {stats.duplicates} al aanwezig, {stats.dead} onbruikbaar, "
                   f"{stats.alerts} waarschuwingen verstuurd", err=True)


def publish(
    files: Annotated[list[str], typer.Argument(help="Invoer: Telegram-export (result.json of map), JSONL, CSV, tekst; '-' standaardinvoer.")],
    redis_url: RedisOpt = None,
    stream: StreamOpt = DEFAULT_STREAM,
    maxlen: Annotated[int | None, typer.Option("--maxlen", min=1, help="Stroom ongeveer tot zoveel berichten inkorten.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    source: Annotated[str, typer.Option("--source", help="Naam van de bron in de berichtsleutel; standaard die van "
                                                         "`doxwacht ingest`, zodat een bericht nooit dubbel komt.")]
    = "import",
) -> None:
    """Zet berichten uit bestanden in de Redis-stroom voor `doxwacht worker`. Onleesbare berichten worden
    gemeld en overgeslagen (exitstatus 3)."""
    from doxwacht.cli import app as cli_app
    from doxwacht.ingest import InputSource, Problem, read_source
    from doxwacht.live.stream import RedisStreamSink

    inputs, _ = cli_app._resolve_inputs(files)
    _client(redis_url).close()
    from doxwacht.ingest.sink import TaggingSink
    from doxwacht.live.stream import redis_url as resolve

    sink = TaggingSink(RedisStreamSink(resolve(redis_url), stream, maxlen), source)
    published = problems = 0
    buf: list[Any] = []
    try:
        for path in inputs:
            try:
                src = InputSource.open(path)
            except OSError as err:
                typer.echo(f"doxwacht: {path}: kan niet lezen ({err.strerror or err}); overgeslagen", err=True)
                problems += 1
                continue
            with src:
                for item in read_source(src):
                    if isinstance(item, Problem):
                        problems += 1
                        if problems <= 20:
                            typer.echo(f"doxwacht: {item}", err=True)
                        continue
                    buf.append(item)
                    if len(buf) >= 500:
                        published += sink.put(buf)
                        buf = []
        if buf:
            published += sink.put(buf)
    finally:
        sink.close()
    if not quiet:
        typer.echo(f"{published} berichten in {stream} gezet" + (f", {problems} problemen gemeld" if problems else ""),
                   err=True)
    if problems:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
    app.command("publish")(publish)
