"""The `doxwacht` command line (Typer + Rich). Placeholder until the CLI lands."""

import typer

app = typer.Typer(help="doxwacht: vind doxing en online bedreigingen.", no_args_is_help=True)


@app.command()
def version() -> None:
    """Print the version."""
    from doxwacht import __version__

    typer.echo(__version__)


def main() -> None:
    app()
