"""Missing base model, missing converter, full disk, incomplete export: clear errors, no debris."""

from __future__ import annotations

import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from training.base_model import resolve_base
from training.errors import TrainingError
from training.export import convert_to_gguf, quantize_gguf
from training.recipe import load_recipe, recipe_from_dict
from training.register import register_export


def _recipe(base: dict):
    return recipe_from_dict({"name": "t", "base": base})


def test_missing_base_folder_says_what_to_fix(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match=r"base.path: no transformers checkpoint"):
        resolve_base(_recipe({"path": str(tmp_path / "nowhere")}), tmp_path)


def test_hub_base_while_offline_is_refused_not_downloaded(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="offline"):
        resolve_base(_recipe({"hub_id": "org/model"}), tmp_path)


def test_missing_base_gguf(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="base.gguf: file not found"):
        resolve_base(_recipe({"gguf": str(tmp_path / "x.gguf")}), tmp_path)


def test_missing_converter_points_at_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ECHOASSIST_LLAMA_CPP_DIR", str(tmp_path))
    with pytest.raises(TrainingError, match="install.sh"):
        convert_to_gguf(tmp_path, tmp_path / "out.gguf", "f16")


def test_full_disk_stops_before_writing(tmp_path: Path, monkeypatch) -> None:
    src = tmp_path / "model-f16.gguf"
    src.write_bytes(b"\0" * 4096)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage(10, 10, 100))
    with pytest.raises(TrainingError, match="not enough disk space"):
        quantize_gguf(src, tmp_path / "model-Q4_0.gguf", "Q4_0")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model-f16.gguf"]


def test_unknown_quant_type(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    with pytest.raises(TrainingError, match="unknown llama.cpp quantization type 'Q9_X'"):
        quantize_gguf(tmp_path / "a.gguf", tmp_path / "b.gguf", "Q9_X")


def test_incomplete_export_is_never_registered(tmp_path: Path) -> None:
    (tmp_path / "echoassist-tiny-Q8_0.gguf.part").write_bytes(b"GGUF")
    with pytest.raises(TrainingError, match="no complete export"):
        register_export(tmp_path, "echoassist-tiny")
    from echoassist.models.registry import Registry

    assert "echoassist-tiny" not in {m.name for m in Registry().list()}


def test_dry_run_plans_every_recipe_without_weights(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from training.cli import app

    for name in ("tiny-cpu", "echo-mistral", "ecg-llama", "gpu-check"):
        result = CliRunner().invoke(app, ["run", name, "--dry-run", "--work-dir",
                                          str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert "finetune" in result.output and "gpu_memory_gb" in result.output
    assert not any(tmp_path.iterdir())  # a dry run writes nothing
    assert load_recipe("ecg-llama").lora.include_lm_head


def test_cli_reports_a_bad_recipe_as_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("name: x\nbase: {path: /m}\ntrain: {epochs: lots}\n")
    from training.cli import main

    with pytest.raises(SystemExit) as info:
        main(["validate", str(bad)])
    assert info.value.code == 1
    assert "train.epochs: expected a number, got 'lots'" in capsys.readouterr().err


def test_out_of_ram_message_names_the_knobs_and_says_a_rerun_starts_over(tmp_path: Path) -> None:
    from training.finetune import out_of_memory_message

    recipe = load_recipe("echo-mistral")
    message = out_of_memory_message(recipe, cuda=False, work_dir=tmp_path,
                                    gradient_checkpointing=False)
    assert message.startswith("out of memory (RAM)") and "\n" not in message
    assert "train.batch_size=4, train.max_seq_len=1536, lora.r=64" in message
    assert "no checkpoint was saved yet" in message and "gradient_checkpointing" not in message
    (tmp_path / "checkpoints" / "checkpoint-200").mkdir(parents=True)
    assert "checkpoint-200" in out_of_memory_message(recipe, cuda=True, work_dir=tmp_path,
                                                     gradient_checkpointing=True)
