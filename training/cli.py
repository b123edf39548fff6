"""`echoassist-train`: the weights pipeline's command line."""

from __future__ import annotations

import typer

app = typer.Typer(help="Make weights: synthetic QA, fine-tuning, GGUF export, evaluation.",
                  no_args_is_help=True)


@app.command()
def recipes() -> None:
    """List the shipped recipes."""
    typer.echo("no recipes yet")


def main() -> None:
    app()
