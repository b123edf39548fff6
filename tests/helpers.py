"""Paths to real model files that tests use (no mocks: the built-in model is real)."""

from __future__ import annotations

from pathlib import Path

import pytest

from echoassist.models.builtin import BUILTIN_MODELS, builtin_path


def builtin_gguf() -> Path:
    path = builtin_path(BUILTIN_MODELS[0])
    if path is None:
        pytest.fail("the built-in model package is not installed: run ./install.sh --dev")
    return path


def default_sigint() -> None:
    """preexec_fn for a child the test will interrupt: a shell that starts the test run in the
    background (`pytest &` without job control) leaves SIGINT ignored, and a child that inherits
    that never sees the Ctrl-C the test sends."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The real `echoassist` entry point, as a user runs it (it turns a UserError into one line
    and exit code 1): (exit code, stdout, stderr)."""
    from echoassist.cli import main

    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
