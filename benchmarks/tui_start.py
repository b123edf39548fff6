"""TUI start to interactive: process start -> first frame on screen (a benchmark, not a test).

Each run starts a fresh Python process on a pseudo-terminal (80x24), reads what it draws, and
stops the clock when the question box ("... press Enter") reaches the terminal: the first screen
is up and typing goes to it. The baseline is a minimal Textual app (a header, a label, the same
input, a footer) started the same way in the same run, alternating with the app so machine load
affects both alike; `python -c pass` shows the interpreter's share. Target (issue 6):
EchoAssist <= 1 s.

    python benchmarks/tui_start.py [--runs N] [--home DIR]

By default the app runs in a throwaway EchoAssist home (default settings, built-in model); pass
--home to start it on a real one. The model loads in the background, so its load time is not
part of this number (the header says "loading ..." meanwhile).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 1.0
PLACEHOLDER = "Ask a question and press Enter"
# The cursor sits on the first letter, which is drawn in its own style: match the rest.
MARKER = PLACEHOLDER[1:].encode()

HELLO = f"""
from textual.app import App
from textual.widgets import Footer, Header, Input, Label

class Hello(App):
    BINDINGS = [("f1", "bell", "Bell")]

    def compose(self):
        yield Header()
        yield Label("Hello")
        yield Input(placeholder={PLACEHOLDER!r})
        yield Footer()

Hello().run()
"""

# What the `echoassist` console script does with no arguments: open the app.
ECHOASSIST = "from echoassist.cli import main; main([])"

BASELINE = "Textual hello-world (baseline)"
APP = "EchoAssist TUI"
SUBJECTS = {"python -c pass": "pass", BASELINE: HELLO, APP: ECHOASSIST}


def _pty_pair(columns: int, rows: int) -> tuple[int, int]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return master, slave


def start_seconds(code: str, env: dict[str, str], timeout: float = 60.0) -> float:
    """One run: seconds from spawning the process until its question box is on the terminal.

    `python -c pass` draws nothing: its time is until it exits.
    """
    master, slave = _pty_pair(80, 24)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=REPO,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - started < timeout:
            readable, _, _ = select.select([master], [], [], 0.05)
            if not readable:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child has gone
                data = b""
            if not data:
                if code == "pass":
                    child.wait()
                    return time.perf_counter() - started
                raise RuntimeError(f"exited before its first screen: {seen[-500:]!r}")
            seen = seen[-len(MARKER) :] + data
            if MARKER in seen:
                return time.perf_counter() - started
        raise RuntimeError(f"no first screen within {timeout:.0f} s")
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        os.close(master)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per subject (median shown)")
    parser.add_argument("--home", type=Path, help="EchoAssist home to start on (default: fresh)")
    args = parser.parse_args(argv)

    console = Console()
    with tempfile.TemporaryDirectory() as fresh_home:
        home = str(args.home.expanduser()) if args.home else fresh_home
        env = {**os.environ, "ECHOASSIST_HOME": home, "TERM": "xterm-256color"}
        for name in ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_SCREENSHOT"):
            env.pop(name, None)
        for code in SUBJECTS.values():  # warm the file cache: the first start is not the claim
            start_seconds(code, env)
        times: dict[str, list[float]] = {name: [] for name in SUBJECTS}
        for _ in range(args.runs):
            for name, code in SUBJECTS.items():
                times[name].append(start_seconds(code, env))

    baseline = statistics.median(times[BASELINE])
    table = Table(title=f"Process start -> first frame, 80x24 pty, {args.runs} runs each")
    for column in ("", "median s", "min s", "max s", "x baseline", "target"):
        table.add_column(column, justify="left" if not column else "right")
    for name, values in times.items():
        median = statistics.median(values)
        target = ""
        if name == APP:
            target = f"<= {TARGET_S:.1f} s " + ("met" if median <= TARGET_S else "MISSED")
        table.add_row(
            name,
            f"{median:.3f}",
            f"{min(values):.3f}",
            f"{max(values):.3f}",
            f"{median / baseline:.2f}",
            target,
        )
    console.print(table)
    console.print(f"cpu cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
