"""`echoassist kb ...`: build and search knowledge bases (placeholder until the kb package lands)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Build, inspect and search knowledge bases.", no_args_is_help=True)


@app.command()
def status() -> None:
    """Show the knowledge base's documents and extraction report."""
    typer.echo("echoassist kb: not available yet", err=True)
    raise typer.Exit(2)
