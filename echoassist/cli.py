"""The `echoassist` command line: thin wrappers over library functions.

`echoassist` alone (or `echoassist chat`) opens the app straight away: typer and the commands'
modules (the report engine among them) cost about 0.2 s, all of it before the first frame, and
the app needs none of them. Everything else goes through the typer app in commands/root.py.
"""

from __future__ import annotations

import sys
from typing import Any

from echoassist.offline import install_guard, set_offline_env

# Before any library that might reach for a model hub is imported.
set_offline_env()

OPEN_APP: tuple[list[str], ...] = ([], ["chat"])  # argument lists that open the TUI


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    install_guard()
    from echoassist.config import ConfigError
    from echoassist.errors import UserError

    try:
        if args in OPEN_APP:
            from echoassist.tui.app import run_app

            run_app()
        else:
            from echoassist.commands.root import app

            # standalone mode: click prints usage errors and handles Exit/Abort itself.
            app(args=args, standalone_mode=True, prog_name="echoassist")
    except (UserError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(getattr(exc, "exit_code", 1))


def __getattr__(name: str) -> Any:
    """`echoassist.cli.app`, the typer app, imported only by those who ask for it (tests)."""
    if name == "app":
        from echoassist.commands.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    main()
