"""The weights pipeline on one recipe: time per step, training speed, GGUF sizes, quantization
perplexity and tuned-vs-base scores, as tables.

    .venv/bin/python benchmarks/train_pipeline.py [RECIPE] [--work-dir DIR] [--fresh]

RECIPE defaults to tiny-cpu (SmolLM2-135M on the CPU: a few minutes on two quiet cores).
Finished steps are reused unless --fresh; their times then read "cached".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from echoassist.offline import set_offline_env

set_offline_env()

from training.pipeline import Layout, run  # noqa: E402
from training.recipe import load_recipe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recipe", nargs="?", default="tiny-cpu")
    parser.add_argument("--work-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "echoassist-train-bench")
    parser.add_argument("--fresh", action="store_true", help="delete the work dir first")
    args = parser.parse_args()
    recipe = load_recipe(args.recipe)
    layout = Layout(args.work_dir / recipe.name)
    if args.fresh:
        shutil.rmtree(layout.root, ignore_errors=True)
    # Registering is part of the chain; keep it out of the user's real model list.
    os.environ.setdefault("ECHOASSIST_HOME", str(args.work_dir / "home"))

    times: dict[str, str] = {}
    started: dict[str, float] = {}

    def echo(line: str) -> None:
        kind, _, rest = line.partition(" ")
        step = rest.split(":")[0].split(" (")[0].strip()
        if kind == "[run":
            started[step.removeprefix("] ").strip()] = time.monotonic()
        elif kind == "[done]":
            times[step] = f"{time.monotonic() - started.pop(step, time.monotonic()):.1f} s"
        elif kind == "[skip]":
            times[step] = "cached"

    run(recipe, layout, echo=echo)
    console = Console()

    steps = Table(title=f"{recipe.name}: steps")
    steps.add_column("step")
    steps.add_column("wall time", justify="right")
    for step, took in times.items():
        steps.add_row(step, took)
    console.print(steps)

    ft = json.loads((layout.finetune / "finetune.json").read_text())
    tuning = Table(title="fine-tuning")
    for key in ("device", "quantization", "steps", "train_loss_before", "train_loss_after",
                "test_loss_before", "test_loss_after", "seconds_per_step", "tokens_per_second",
                "trainable_params"):
        tuning.add_row(key, _fmt(ft[key]))
    console.print(tuning)

    results = json.loads((layout.eval / "results.json").read_text())
    quant = Table(title="GGUF files: size and perplexity on held-out text")
    for col in ("type", "MB", "perplexity"):
        quant.add_column(col, justify="right")
    for qtype, row in results["perplexity"].items():
        quant.add_row(qtype, f"{row['size_bytes'] / 1e6:.1f}", f"{row['perplexity']:.3f}")
    console.print(quant)

    scores = Table(title=f"held-out scores ({results['test_items']} items)")
    scores.add_column("metric")
    for label in results["models"]:
        scores.add_column(label, justify="right")
    metrics = [k for k in next(iter(results["models"].values())) if k != "gguf"]
    for metric in metrics:
        scores.add_row(metric, *(_fmt(row[metric]) for row in results["models"].values()))
    console.print(scores)


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
