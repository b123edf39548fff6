"""The typer app behind `echoassist COMMAND ...`; echoassist.cli.main decides when it is needed."""

from __future__ import annotations

import typer

from echoassist.commands import history as history_commands
from echoassist.commands import kb as kb_commands
from echoassist.commands import models as models_commands
from echoassist.commands.ask import ask
from echoassist.commands.report import report

app = typer.Typer(
    help="EchoAssist: an offline cardiology assistant. Run with no command to open the app.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command()(ask)
app.command()(report)
app.add_typer(kb_commands.app, name="kb")
app.add_typer(models_commands.app, name="models")
app.add_typer(history_commands.app, name="history")


@app.command()
def doctor() -> None:
    """Show versions, where files live, and what is missing (with the fix)."""
    from echoassist.doctor import run_checks

    checks = run_checks()
    for check in checks:
        mark = "ok " if check.ok else "!! "
        line = f"{mark} {check.name:<16} {check.detail}"
        if check.fix:
            line += f"\n    fix: {check.fix}"
        typer.echo(line)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


@app.command()
def chat() -> None:
    """Open the EchoAssist app (the same as running `echoassist` alone)."""
    from echoassist.tui.app import run_app

    run_app()


@app.callback()
def _root(ctx: typer.Context) -> None:
    """EchoAssist: grounded ECG/echo answers and echo report grading, fully offline."""
    if ctx.invoked_subcommand is None:
        chat()
