"""Recipes: the shipped ones validate; a malformed one names the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from training.errors import RecipeError
from training.recipe import RECIPES_DIR, load_recipe, recipe_from_dict

SHIPPED = sorted(p.stem for p in RECIPES_DIR.glob("*.yaml"))


def test_all_three_recipes_are_shipped() -> None:
    assert {"tiny-cpu", "echo-mistral", "ecg-llama"} <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_recipe_validates(name: str) -> None:
    recipe = load_recipe(name)
    assert recipe.name and recipe.export.quants


def test_published_settings_are_kept() -> None:
    mistral, llama = load_recipe("echo-mistral"), load_recipe("ecg-llama")
    assert (mistral.lora.r, mistral.train.quantization, mistral.train.scheduler,
            mistral.train.epochs) == (64, "nf4", "cosine", 1.0)
    assert (llama.lora.r, llama.lora.alpha, llama.lora.include_lm_head, llama.train.epochs,
            llama.train.learning_rate) == (256, 128, True, 2.0, 2e-4)


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _tiny() -> dict:
    return yaml.safe_load((RECIPES_DIR / "tiny-cpu.yaml").read_text())


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["train"].update(learning_rate="fast"),
         "train.learning_rate: expected a number"),
        (lambda d: d["lora"].update(r=0), "lora.r: must be > 0"),
        (lambda d: d["lora"].update(r=8.5), "lora.r: expected a whole number"),
        (lambda d: d["train"].update(scheduler="wavy"), "train.scheduler: expected one of"),
        (lambda d: d["train"].update(batchsize=4), "unknown field train.batchsize"),
        (lambda d: d.pop("name"), "missing required field name"),
        (lambda d: d.update(base={}), "base: set one of"),
        (lambda d: d["data"].update(qa="x.jsonl"), "data.qa: expected a list"),
        (lambda d: d.update(lora=[1, 2]), "lora: expected a mapping"),
        (lambda d: d["export"].update(quants=[]), "export.quants"),
    ],
)
def test_malformed_recipe_names_the_field(tmp_path: Path, edit, message: str) -> None:
    data = _tiny()
    edit(data)
    path = _write(tmp_path, data)
    with pytest.raises(RecipeError) as info:
        load_recipe(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_not_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(RecipeError, match="not valid YAML"):
        load_recipe(bad)
    with pytest.raises(RecipeError, match="recipe not found"):
        load_recipe(tmp_path / "nope.yaml")


def test_relative_paths_resolve_against_the_recipe_file() -> None:
    recipe = load_recipe("tiny-cpu")
    assert recipe.resolve(recipe.data.qa[0]).is_file()


def test_exponent_without_dot_is_read_as_a_number() -> None:
    data = _tiny()
    data["train"]["learning_rate"] = "2e-4"  # YAML 1.1 reads this as a string
    assert recipe_from_dict(data).train.learning_rate == 2e-4


def test_gpu_check_script_parses_and_its_recipe_asks_for_nf4() -> None:
    import subprocess

    script = RECIPES_DIR.parent / "gpu_check" / "run.sh"
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    recipe = load_recipe("gpu-check")
    assert (recipe.train.quantization, recipe.base.family) == ("nf4", "smollm2-135m")
