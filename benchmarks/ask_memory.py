"""Peak RSS of a one-shot `echoassist ask` against bare llama-cpp-python on the same model.

Each run is its own child process, so its peak RSS (ru_maxrss from wait4) is its own. Linux
carries a parent's resident size into a forked child's ru_maxrss, so the KBs are built in a
child too and this process stays small (its own peak is printed as the floor of the readings).
  bare:           llama_cpp.Llama with the app's context window answering the question, no KB
  ask, starter:   `echoassist ask --kb <starter KB> --no-history`
  ask, 10k chunk: the same over the starter KB grown to --chunks rows (see benchmarks/ttft.py)
The issue's target is model file size + 600 MB.

    .venv/bin/python benchmarks/ask_memory.py [--chunks 10000] [--model NAME|PATH]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from echoassist.config import Settings
from echoassist.models.registry import resolve_model

QUESTION = "What does a prolonged QT interval indicate?"
MARGIN_MB = 600
BARE = """
import sys
from llama_cpp import Llama
llm = Llama(sys.argv[1], n_ctx=int(sys.argv[2]), n_threads=int(sys.argv[3]), verbose=False)
llm.create_chat_completion(messages=[{"role": "user", "content": sys.argv[4]}], max_tokens=128)
"""


def peak_rss_mb(command: list[str], env: dict[str, str]) -> float:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise SystemExit(f"{command[:3]} failed ({process.returncode}): {error[-500:]}")
    return usage.ru_maxrss / 1024  # KiB on Linux


def prepare(folder: Path, chunks: int) -> None:
    """Child process: the starter KB, and a copy grown to `chunks` rows."""
    import numpy as np
    from ttft import STARTER, add_filler  # benchmarks/ is on sys.path when run as a script

    from kb import KnowledgeBase

    KnowledgeBase(folder / "starter").build([STARTER])
    shutil.copytree(folder / "starter", folder / "grown")
    add_filler(KnowledgeBase(folder / "grown"), chunks, np.random.default_rng(0))
    print(KnowledgeBase(folder / "grown").status().chunks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--model", default=None)
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(args.prepare, args.chunks)
    settings = Settings()
    entry = resolve_model(args.model, settings.model)
    model_mb = entry.size_bytes / 2**20
    echoassist = str(Path(sys.executable).with_name("echoassist"))

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ECHOASSIST_HOME": str(Path(tmp) / "home")}
        built = subprocess.run(
            [sys.executable, __file__, "--prepare", tmp, "--chunks", str(args.chunks)],
            check=True, capture_output=True, text=True,
        )
        chunks = int(built.stdout.split()[-1])
        ask = [echoassist, "ask", QUESTION, "--model", str(entry.path), "--no-history", "--kb"]
        floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        runs = {
            "bare llama-cpp-python": peak_rss_mb(
                [sys.executable, "-c", BARE, str(entry.path), str(settings.max_context),
                 str(settings.threads), QUESTION], env),
            "ask, starter KB": peak_rss_mb([*ask, str(Path(tmp) / "starter")], env),
            f"ask, {chunks}-chunk KB": peak_rss_mb([*ask, str(Path(tmp) / "grown")], env),
        }

    table = Table(title=f"peak RSS: {entry.name} ({entry.quantization}, {model_mb:.0f} MiB "
                  f"file), context {settings.max_context}; target file + {MARGIN_MB} MiB = "
                  f"{model_mb + MARGIN_MB:.0f} MiB")
    for column in ("run", "peak RSS MiB", "over the file", "ratio to bare", "within target"):
        table.add_column(column, justify="right")
    bare = runs["bare llama-cpp-python"]
    for name, rss in runs.items():
        table.add_row(name, f"{rss:.0f}", f"{rss - model_mb:.0f}", f"{rss / bare:.2f}",
                      "yes" if rss <= model_mb + MARGIN_MB else "NO")
    Console().print(table)
    print(f"this process's own peak RSS, the floor of every reading: {floor:.0f} MiB")


if __name__ == "__main__":
    main()
