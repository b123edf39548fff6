"""`echoassist report`: grade an echocardiography report (placeholder until the report package lands)."""

from __future__ import annotations

import typer


def report() -> None:
    """Grade an echocardiography report."""
    typer.echo("echoassist report: not available yet", err=True)
    raise typer.Exit(2)
