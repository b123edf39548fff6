"""`echoassist history ...`: list, export and purge the private history."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from echoassist import services

app = typer.Typer(help="Your private history of questions and reports.", no_args_is_help=True)


SEARCH_HELP = ('Only entries with all these words (stems and prefixes match: "grad" finds '
               '"graded"); "quoted words" as a phrase. Best match first.')


@app.command("list")
def list_entries(words: str = typer.Argument("", help="The same as --search."),
                 search: str = typer.Option("", "--search", "-s", help=SEARCH_HELP),
                 limit: int = typer.Option(20, "--limit", "-n")) -> None:
    """Show recent entries, or those matching a search."""
    for item in services.history_entries(search or words, limit):
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.created))
        typer.echo(f"{item.id:>5}  {stamp}  {item.kind:<8}  {item.title[:60]}")


@app.command()
def export(output: Path = typer.Argument(..., help="Markdown file to write."),
           search: str = typer.Option("", "--search", "-s", help=SEARCH_HELP)) -> None:
    """Export entries to a Markdown file readable by you alone (at most 100,000 entries)."""
    result = services.export_history(output, search)
    typer.echo(result.message)


@app.command()
def purge(yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask.")) -> None:
    """Delete all history."""
    if not yes and not typer.confirm("Delete all EchoAssist history?"):
        raise typer.Exit(1)
    typer.echo("history deleted" if services.purge_history() else "there was no history")


@app.command()
def off() -> None:
    """Stop recording history (existing entries stay until purged)."""
    services.set_history(False)
    typer.echo("history is off; `echoassist history purge` deletes what is there")


@app.command()
def on() -> None:
    """Record history again."""
    services.set_history(True)
    typer.echo("history is on")
