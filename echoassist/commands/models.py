"""`echoassist models ...`: register, choose and check GGUF chat models."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from echoassist.config import load_settings, update_setting
from echoassist.models import size_text
from echoassist.models.builtin import BUILTIN_MODELS, DEFAULT_BUILTIN


def _registry():  # type: ignore[no-untyped-def]
    # Imported late: the registry pulls in numpy and gguf, which `echoassist --help` and the TUI
    # should not wait for.
    from echoassist.models.registry import Registry

    return Registry()

app = typer.Typer(help="Register, choose and verify GGUF chat models.", no_args_is_help=True)
console = Console()


@app.command("list")
def list_models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List registered models; the one in use is marked."""
    registry = _registry()
    entries = registry.list()
    current = load_settings().model or DEFAULT_BUILTIN
    if not any(e.name == current for e in entries) and current == DEFAULT_BUILTIN:
        entries.append(registry.register_builtin(DEFAULT_BUILTIN, must_save=False))
    if as_json:
        typer.echo(json.dumps([asdict(e) | {"in_use": e.name == current} for e in entries],
                              indent=2))
        return
    table = Table("", "name", "quant", "context", "size", "arch", "source", "file")
    for entry in sorted(entries, key=lambda e: e.name):
        table.add_row("*" if entry.name == current else "", entry.name, entry.quantization,
                      str(entry.context_length), size_text(entry.size_bytes),
                      entry.architecture, entry.source, entry.path)
    console.print(table)


@app.command()
def add(
    path: Path = typer.Argument(..., help="A GGUF model file."),
    name: str = typer.Option(None, "--name", help="Name to register it under."),
    use: bool = typer.Option(False, "--use", help="Also make it the model in use."),
) -> None:
    """Register a GGUF file (its header is checked and its sha256 recorded)."""
    entry = _registry().add(path, name)
    typer.echo(f"added '{entry.name}': {entry.architecture} {entry.quantization}, "
               f"context {entry.context_length}, {size_text(entry.size_bytes)}")
    if not entry.has_chat_template:
        typer.echo("warning: this GGUF has no chat template, so it cannot be used for chat",
                   err=True)
    if use:
        update_setting("model", entry.name)
        typer.echo(f"now using '{entry.name}'")


@app.command()
def use(name: str = typer.Argument(..., help="Registered model name.")) -> None:
    """Make a registered model the one the app uses (its file must still be whole)."""
    entry = _registry().check(name)
    update_setting("model", entry.name)
    typer.echo(f"now using '{entry.name}'")


@app.command()
def remove(name: str = typer.Argument(..., help="Registered model name.")) -> None:
    """Forget a model (its file is left where it is)."""
    entry = _registry().remove(name)
    if load_settings().model == name:
        update_setting("model", "")
    typer.echo(f"removed '{entry.name}' (file kept: {entry.path})")


@app.command()
def verify(name: str = typer.Argument(None, help="Model name; all when omitted.")) -> None:
    """Re-hash model files and compare them with the recorded sha256."""
    registry = _registry()
    names = [name] if name else [e.name for e in registry.list()]
    failed = False
    for model_name in names:
        entry, ok = registry.verify(model_name)
        typer.echo(f"{'ok' if ok else 'CHANGED'}  {model_name}  {entry.path}")
        failed |= not ok
    if failed:
        raise typer.Exit(1)


@app.command()
def builtin() -> None:
    """List the models that ship inside PyPI packages."""
    for model in BUILTIN_MODELS:
        typer.echo(f"{model.name}: {model.description} [{model.licence}]")
