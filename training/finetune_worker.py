"""One rank of a multi-process fine-tuning, as `accelerate launch` starts it.

    accelerate launch ... -m training.finetune_worker RECIPE --work-dir DIR [--processes N]

`echoassist-train run` builds this command (training.distributed) after the data steps and
prepare-base; on a GPU node a person may paste it from `--dry-run` and then rerun
`echoassist-train run RECIPE` for the steps after finetune.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from echoassist.offline import set_offline_env

# Before transformers is imported (as training.cli does): never a download at run time.
set_offline_env()

from training.base_model import PREPARED_MARKER, resolve_base  # noqa: E402
from training.distributed import rank, report_failure, world_size  # noqa: E402
from training.errors import TrainingError  # noqa: E402
from training.pipeline import Layout  # noqa: E402
from training.recipe import Recipe, load_recipe  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recipe", help="recipe YAML file or shipped recipe name")
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--processes", type=int, default=None,
                        help="distributed.processes, when echoassist-train was given one")
    args = parser.parse_args(argv)
    layout = Layout(args.work_dir)
    print(f"[rank {rank()}/{world_size()}] pid {os.getpid()}", flush=True)
    try:
        recipe = load_recipe(args.recipe)
        if args.processes:
            recipe.distributed.processes = args.processes
        from training.finetune import finetune

        finetune(recipe, _base(recipe, layout), layout.train, layout.test, layout.finetune)
    except TrainingError as exc:
        layout.finetune.mkdir(parents=True, exist_ok=True)
        report_failure(layout.finetune, str(exc))
        print(f"[rank {rank()}] error: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(3) from None


def _base(recipe: Recipe, layout: Layout) -> str:
    # Every rank would dequantize a GGUF base at once into the same folder: that is the
    # prepare-base step's job, done once before the launch.
    if recipe.base.gguf and not recipe.base.path and \
            not (layout.root / "base" / PREPARED_MARKER).is_file():
        raise TrainingError(
            f"the base model is not prepared in {layout.root / 'base'}; run "
            f"`echoassist-train run {recipe.source_file or recipe.name} --until prepare-base` "
            "first")
    for needed in (layout.train,):
        if not needed.is_file():
            raise TrainingError(f"no training data at {needed}; run `echoassist-train run "
                                f"{recipe.source_file or recipe.name} --until split` first")
    return resolve_base(recipe, layout.root)


if __name__ == "__main__":
    main()
