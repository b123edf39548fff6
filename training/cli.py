"""`echoassist-train`: the weights pipeline's command line, thin over training.pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from echoassist.offline import set_offline_env

# Before transformers or huggingface_hub are imported: a missing base model must be a clear
# message, not a download attempt. A user who wants a hub download sets HF_HUB_OFFLINE=0.
set_offline_env()

from echoassist.errors import UserError  # noqa: E402
from training.pipeline import STEPS, Layout, default_work_dir, plan, run  # noqa: E402
from training.recipe import RECIPES_DIR, Recipe, load_recipe  # noqa: E402

app = typer.Typer(help="Make weights: synthetic QA, fine-tuning, GGUF export, evaluation.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)

RecipeArg = typer.Argument(..., help="Recipe YAML file, or the name of a shipped recipe.")
WorkDirOpt = typer.Option(None, "--work-dir", help="Where the run keeps its files.")


ProcessesOpt = typer.Option(
    None, "--processes", min=1,
    help="Fine-tune with this many processes (GPUs) through accelerate; overrides "
         "distributed.processes.")


def _open(recipe_path: str, work_dir: Path | None,
          processes: int | None = None) -> tuple[Recipe, Layout]:
    recipe = load_recipe(recipe_path)
    if processes:
        recipe.distributed.processes = processes
    return recipe, Layout(work_dir or default_work_dir(recipe))


@app.command()
def recipes() -> None:
    """List the shipped recipes."""
    for file in sorted(RECIPES_DIR.glob("*.yaml")):
        recipe = load_recipe(file)
        typer.echo(f"{file.stem:<14} {recipe.description}")


@app.command("run")
def run_command(
    recipe: str = RecipeArg,
    work_dir: Path | None = WorkDirOpt,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan; touch nothing."),
    until: str | None = typer.Option(None, help=f"Stop after this step ({', '.join(STEPS)})."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    processes: int | None = ProcessesOpt,
) -> None:
    """Run every step of RECIPE in order, skipping the ones already finished."""
    parsed, layout = _open(recipe, work_dir, processes)
    if until and until not in STEPS:
        raise typer.BadParameter(f"unknown step '{until}'; steps: {', '.join(STEPS)}")
    if dry_run:
        result = plan(parsed, layout)
        if as_json:
            typer.echo(json.dumps(result, indent=2))
            return
        typer.echo(f"recipe {parsed.name}  (work dir {layout.root})")
        for row in result["steps"]:
            typer.echo(f"  {row['step']:<14} {row['status']}")
        for key, value in result["estimate"].items():
            typer.echo(f"  {key}: {value}")
        launch = dict(result["launch"])
        command, notes = launch.pop("command"), launch.pop("notes", [])
        typer.echo("finetune launch")
        for key, value in launch.items():
            typer.echo(f"  {key}: {value}")
        for note in notes if isinstance(notes, list) else []:
            typer.echo(f"  note: {note}")
        typer.echo(f"  command: {command}")
        return
    reported = run(parsed, layout, echo=typer.echo if not as_json else lambda _: None,
                   until=until)
    if as_json:
        typer.echo(json.dumps(reported, indent=2, default=str))


@app.command()
def validate(recipe: str = RecipeArg) -> None:
    """Check a recipe file and say what is wrong with it, field by field."""
    parsed = load_recipe(recipe)
    typer.echo(f"{parsed.name}: ok")


def _single(step: str):  # noqa: ANN202 - a typer command factory
    def command(recipe: str = RecipeArg, work_dir: Path | None = WorkDirOpt,
                processes: int | None = ProcessesOpt) -> None:
        parsed, layout = _open(recipe, work_dir, processes)
        from training.pipeline import RUNNERS

        layout.root.mkdir(parents=True, exist_ok=True)
        typer.echo(json.dumps(RUNNERS[step](parsed, layout), indent=2, default=str))

    command.__doc__ = f"Run only the {step} step of RECIPE (redoes it if it was done)."
    return command


for _step in STEPS:
    app.command(_step)(_single(_step))


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=argv, standalone_mode=True)
    except UserError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
