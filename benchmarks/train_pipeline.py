"""The weights pipeline on one recipe: time per step, training speed, GGUF sizes, quantization
perplexity and tuned-vs-base scores, as tables.

    .venv/bin/python benchmarks/train_pipeline.py [RECIPE] [--work-dir DIR] [--fresh]
    .venv/bin/python benchmarks/train_pipeline.py [RECIPE] --processes 1 2

RECIPE defaults to tiny-cpu (SmolLM2-135M on the CPU: a few minutes on two quiet cores).
Finished steps are reused unless --fresh; their times then read "cached".

--processes N [N ...] times only the finetune step once per process count (the data and the
base prepared once and shared; each count in its own work dir): N > 1 goes through
`accelerate launch` as `distributed.processes: N` does (gloo ranks on a CPU, one per GPU on
CUDA). Per-device batch stays the recipe's, so N processes train N times the tokens per step:
tokens/s is the figure to compare.
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
from training.recipe import Recipe, load_recipe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recipe", nargs="?", default="tiny-cpu")
    parser.add_argument("--work-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "echoassist-train-bench")
    parser.add_argument("--fresh", action="store_true", help="delete the work dir first")
    parser.add_argument("--processes", type=int, nargs="+", default=None,
                        help="only compare finetune at these process counts")
    args = parser.parse_args()
    recipe = load_recipe(args.recipe)
    layout = Layout(args.work_dir / recipe.name)
    if args.fresh:
        shutil.rmtree(layout.root, ignore_errors=True)
    # Registering is part of the chain; keep it out of the user's real model list.
    os.environ.setdefault("ECHOASSIST_HOME", str(args.work_dir / "home"))

    if args.processes:
        compare_processes(recipe, layout, args.processes)
        return

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


def compare_processes(recipe: Recipe, layout: Layout, counts: list[int]) -> None:
    from training.pipeline import RUNNERS

    run(recipe, layout, echo=print, until="prepare-base")
    table = Table(title=f"{recipe.name}: finetune at each process count "
                  f"({recipe.train.max_steps} steps, per-device batch {recipe.train.batch_size})")
    for column in ("processes", "strategy", "effective batch", "seconds", "s/step", "tokens/s",
                   "loss before", "loss after"):
        table.add_column(column, justify="right")
    baseline: float | None = None
    for count in counts:
        root = layout.root.with_name(f"{layout.root.name}-p{count}")
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        for shared in ("data", "base"):  # the same split and base for every count
            if (layout.root / shared).exists():
                (root / shared).symlink_to(layout.root / shared)
        recipe.distributed.processes = count
        ft = RUNNERS["finetune"](recipe, Layout(root))
        assert isinstance(ft, dict)
        speed = float(ft["tokens_per_second"])
        baseline = baseline or speed
        table.add_row(str(count), str(ft.get("strategy", "single")),
                      str(ft.get("effective_batch", "")), _fmt(ft["seconds"]),
                      _fmt(ft["seconds_per_step"]), f"{speed:.1f} ({speed / baseline:.2f}x)",
                      _fmt(ft["train_loss_before"]), _fmt(ft["train_loss_after"]))
    Console(width=120).print(table)


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
