"""The `echoassist` command line: thin wrappers over library functions."""

from __future__ import annotations

import sys

import typer

from echoassist.offline import install_guard, set_offline_env

# Before any library that might reach for a model hub is imported.
set_offline_env()

from echoassist.commands import kb as kb_commands  # noqa: E402
from echoassist.commands.report import report  # noqa: E402
from echoassist.errors import UserError  # noqa: E402

app = typer.Typer(
    help="EchoAssist: an offline cardiology assistant. Run with no command to open the app.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(kb_commands.app, name="kb")
app.command()(report)


@app.callback()
def _root(ctx: typer.Context) -> None:
    """EchoAssist: grounded ECG/echo answers and echo report grading, fully offline."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def main(argv: list[str] | None = None) -> None:
    install_guard()
    try:
        app(args=argv, standalone_mode=True)
    except UserError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
