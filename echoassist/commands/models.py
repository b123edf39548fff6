"""`echoassist models ...`: register, choose and check GGUF chat models."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from echoassist import services
from echoassist.config import load_settings
from echoassist.models import size_text
from echoassist.models.builtin import BUILTIN_MODELS

app = typer.Typer(help="Register, choose and verify GGUF chat models.", no_args_is_help=True)
console = Console()


@app.command("list")
def list_models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List registered models; the one in use is marked."""
    entries = services.list_models()
    current = services.active_model_name(load_settings())
    if as_json:
        typer.echo(json.dumps([asdict(e) | {"in_use": e.name == current} for e in entries],
                              indent=2))
        return
    table = Table("", "name", "quant", "context", "size", "arch", "source", "file")
    for entry in entries:
        table.add_row("*" if entry.name == current else "", entry.name, entry.quantization,
                      str(entry.context_length), size_text(entry.size_bytes),
                      entry.architecture, entry.source, entry.path)
    console.print(table)


@app.command()
def add(
    path: Path = typer.Argument(..., help="A GGUF model file."),
    name: str = typer.Option("", "--name", help="Name to register it under."),
    use: bool = typer.Option(False, "--use", help="Also make it the model in use."),
) -> None:
    """Register a GGUF file (its header is checked and its sha256 recorded)."""
    entry = services.add_model(path, name)
    typer.echo(f"added '{entry.name}': {entry.architecture} {entry.quantization}, "
               f"context {entry.context_length}, {size_text(entry.size_bytes)}")
    warning = services.no_chat_template_warning(entry)
    if warning:
        typer.echo(f"warning: {warning}", err=True)
    if use:
        services.use_model(entry.name)
        typer.echo(f"now using '{entry.name}'")


@app.command()
def use(name: str = typer.Argument(..., help="Registered model name.")) -> None:
    """Make a registered model the one the app uses (its file must still be whole)."""
    entry = services.use_model(name)
    typer.echo(f"now using '{entry.name}'")


@app.command()
def remove(name: str = typer.Argument(..., help="Registered model name.")) -> None:
    """Forget a model (its file is left where it is); not the one in use."""
    entry = services.remove_model(name, load_settings())
    typer.echo(f"removed '{entry.name}' (file kept: {entry.path})")


@app.command()
def verify(name: str = typer.Argument(None, help="Model name; all when omitted.")) -> None:
    """Re-hash model files and compare them with the recorded sha256."""
    checks = services.verify_models(name)
    for check in checks:
        typer.echo(f"{'ok' if check.ok else 'CHANGED'}  {check.entry.name}  {check.entry.path}")
    if not all(check.ok for check in checks):
        raise typer.Exit(1)


@app.command()
def builtin() -> None:
    """List the models that ship inside PyPI packages."""
    for model in BUILTIN_MODELS:
        typer.echo(f"{model.name}: {model.description} [{model.licence}]")
