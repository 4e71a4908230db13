"""Commands for the intent layer: `train` and `evaluate` a user's own classifier, `explain` a text.

The lead mounts these as top-level commands of `doxwacht` (e.g. `app.registered_commands += intent_app
.registered_commands`, or `app.add_typer`).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(help="Intent: eigen classifier trainen en evalueren, teksten uitleggen.", no_args_is_help=True)


@app.command()
def train(
    input: Path = typer.Option(..., "--input", "-i", help="Gelabelde data: CSV met kopregel of JSONL."),
    model: Path = typer.Option(..., "--model", "-m", help="Waar het model komt (bv. model.skops)."),
    text_field: str = typer.Option("text", "--text-field", help="Kolom of veld met de tekst."),
    label_field: str = typer.Option("label", "--label-field", help="Kolom of veld met het label."),
    algorithm: str = typer.Option("logreg", "--algorithm", help="logreg of svm."),
) -> None:
    """Train een eigen classifier (teken- en woord-n-grammen) op je eigen gelabelde data."""
    from doxwacht.intent.classifier import ClassifierError
    from doxwacht.intent.classifier import train as _train

    try:
        meta = _train(input, model, text_field=text_field, label_field=label_field, algorithm=algorithm)
    except ClassifierError as exc:
        typer.echo(f"fout: {exc}", err=True)
        raise typer.Exit(2) from exc
    counts = ", ".join(f"{k}: {v}" for k, v in meta["counts"].items())
    typer.echo(f"model geschreven naar {model} ({meta['n_examples']} voorbeelden; {counts})")
    typer.echo(f"metadata: {model.name}.json (sha256 trainingsbestand {meta['training_sha256'][:12]}…)")


@app.command()
def evaluate(
    input: Path = typer.Option(..., "--input", "-i", help="Gelabelde testdata: CSV of JSONL."),
    model: Path = typer.Option(..., "--model", "-m", help="Model van `doxwacht train`."),
    text_field: str = typer.Option(None, "--text-field", help="Standaard: zoals bij het trainen."),
    label_field: str = typer.Option(None, "--label-field", help="Standaard: zoals bij het trainen."),
    as_json: bool = typer.Option(False, "--json", help="Rapport als JSON."),
) -> None:
    """Meet precisie, recall en F1 per klasse van een getraind model op gelabelde data."""
    from doxwacht.intent.classifier import ClassifierError
    from doxwacht.intent.classifier import evaluate as _evaluate

    try:
        rep = _evaluate(input, model, text_field=text_field, label_field=label_field)
    except ClassifierError as exc:
        typer.echo(f"fout: {exc}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(rep, indent=2, ensure_ascii=False))
        return
    width = max([len("label")] + [len(c["label"]) for c in rep["classes"]])
    typer.echo(f"{'label':<{width}}  precision  recall     f1  support")
    for c in rep["classes"]:
        typer.echo(f"{c['label']:<{width}}  {c['precision']:9.3f}  {c['recall']:6.3f}  {c['f1']:5.3f}  {c['support']:7d}")
    typer.echo(f"accuracy {rep['accuracy']:.3f}   macro-F1 {rep['macro_f1']:.3f}   n = {rep['n']}")
    if rep["unseen_labels"]:
        typer.echo(f"let op: labels die het model niet kent: {', '.join(rep['unseen_labels'])}")


@app.command()
def explain(
    text: str = typer.Argument(..., help="De tekst die je wilt laten uitleggen."),
    as_json: bool = typer.Option(False, "--json", help="Volledig record als JSON."),
) -> None:
    """Leg uit welke intentieregels afgaan (en welke onderdrukt worden) en wat het oordeel is."""
    from rich.console import Console

    from doxwacht.intent import IntentAnalyzer
    from doxwacht.pipeline.engine import Engine
    from doxwacht.verdict import VerdictAnalyzer
    from doxwacht.verdict.render import render_intent_verdict

    ia = IntentAnalyzer()
    record = Engine(analyzers=[ia, VerdictAnalyzer()]).scan(text).to_dict()
    if as_json:
        record["suppressed"] = ia.explain(text)["suppressed"]
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False, default=str))
        return
    console = Console()
    console.print(render_intent_verdict(record))
    for s in ia.explain(text)["suppressed"]:
        console.print(f"  [dim]onderdrukt: {s['rule']} door {s['guard']}: {s['text']!r}[/dim]")


def register(parent: typer.Typer) -> None:
    """Mount `train`, `evaluate` and `explain` as top-level `doxwacht` commands."""
    parent.command("train")(train)
    parent.command("evaluate")(evaluate)
    parent.command("explain")(explain)
