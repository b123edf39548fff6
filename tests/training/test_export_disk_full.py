"""A disk that fills up mid-export: real failed writes (a file-size limit makes them fail with
EFBIG, as ENOSPC would), in the converter and in llama.cpp's quantizer; one line, no GGUF left
under its final name, nothing registered, and a rerun with room goes on from the finished files.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

for module in ("torch", "transformers", "llama_cpp"):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[train]')",
                    allow_module_level=True)

from training.errors import TrainingError  # noqa: E402
from training.export import llama_cpp_dir  # noqa: E402

pytestmark = pytest.mark.slow

LIMIT = 1_000_000  # bytes per file: below every GGUF this model makes (F16 8 MB, Q4_0 2 MB)

# Past the limit a write fails with EFBIG, as it would with ENOSPC on a full disk, once SIGXFSZ
# is ignored (Python ignores it at startup anyway; said here so the test does not rely on that).
# The converter, a Python process the child starts, inherits the limit and fails the same way.
CHILD = """
import resource, signal, sys
limit = int(sys.argv[1])
if limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from training.cli import main
main(sys.argv[2:])
"""


@pytest.fixture(scope="module")
def merged_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer model with SmolLM2's tokenizer and random weights: what `merge` leaves."""
    try:
        llama_cpp_dir()
    except TrainingError as exc:
        pytest.skip(str(exc))
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaConfig

    from tests.helpers import builtin_gguf

    gguf = builtin_gguf()
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128,
                         num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                         max_position_embeddings=1024, tie_word_embeddings=True,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    # Weights set so that greedy decoding says "Yes" forever (export checks that the GGUF answers
    # with text; random weights answer newlines): no layer writes to the residual stream, every
    # ordinary token embeds to v, "Yes" to 2v, special tokens to 0; the tied head scores "Yes".
    with torch.no_grad():
        for name, weight in model.named_parameters():
            if name.endswith(("o_proj.weight", "down_proj.weight")):
                weight.zero_()
        embeddings = model.get_input_embeddings().weight
        embeddings[:] = torch.randn(config.hidden_size)
        embeddings[list(tokenizer.added_tokens_decoder)] = 0
        (yes,) = tokenizer.encode("Yes", add_special_tokens=False)
        embeddings[yes] *= 2
    out = tmp_path_factory.mktemp("work") / "merged"
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def _cli(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(limit), *args],
                          capture_output=True, text=True, timeout=300)


def _recipe(path: Path, quants: list[str]) -> str:
    path.write_text(yaml.safe_dump({"name": "disk-test", "base": {"path": "unused"},
                                    "export": {"outtype": "f16", "quants": quants}}))
    return str(path)


def _error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr  # one line, no traceback
    return lines[0]


def _registered() -> set[str]:
    from echoassist.models.registry import Registry

    return {m.name for m in Registry().list()}


def test_disk_full_mid_export_leaves_nothing_final_and_a_rerun_goes_on(
    merged_model: Path, tmp_path: Path
) -> None:
    work = merged_model.parent
    export_dir = work / "export"
    recipe = _recipe(tmp_path / "recipe.yaml", ["Q8_0"])

    # 1. The converter's write fails: one line naming the folder, no GGUF, nothing registered.
    line = _error_line(_cli(LIMIT, "export", recipe, "--work-dir", str(work)))
    assert line.startswith("error: disk full: disk-test-f16.gguf could not be written in "
                           f"{export_dir} (file too large: the file-size limit"), line
    assert "it needs about" in line and "rerun the export step" in line
    assert sorted(p.name for p in export_dir.iterdir()) == []
    assert "no complete export" in _error_line(
        _cli(0, "register", recipe, "--work-dir", str(work)))
    assert "disk-test" not in _registered()

    # 2. With room, the same command finishes.
    done = _cli(0, "export", recipe, "--work-dir", str(work))
    assert done.returncode == 0, done.stderr
    f16 = export_dir / "disk-test-f16.gguf"
    kept = f16.stat().st_mtime_ns

    # 3. One more quantization type, and the disk fills while llama.cpp writes it.
    recipe = _recipe(tmp_path / "recipe.yaml", ["Q8_0", "Q4_0"])
    line = _error_line(_cli(LIMIT, "export", recipe, "--work-dir", str(work)))
    assert line.startswith("error: disk full: disk-test-Q4_0.gguf could not be written in "
                           f"{export_dir}"), line
    assert sorted(p.name for p in export_dir.iterdir()) == ["disk-test-Q8_0.gguf",
                                                            "disk-test-f16.gguf"]
    assert f16.stat().st_mtime_ns == kept  # the finished 16-bit file was reused, not redone
    assert "no complete export" in _error_line(
        _cli(0, "register", recipe, "--work-dir", str(work)))

    # 4. The rerun with room completes the export from where it stopped, and registers.
    done = _cli(0, "export", recipe, "--work-dir", str(work))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((export_dir / "manifest.json").read_text())
    assert [f["type"] for f in manifest["files"]] == ["F16", "Q8_0", "Q4_0"]
    assert f16.stat().st_mtime_ns == kept
    registered = _cli(0, "register", recipe, "--work-dir", str(work))
    assert registered.returncode == 0, registered.stderr
    assert json.loads(registered.stdout)["path"].endswith("disk-test-Q8_0.gguf")
    assert "disk-test" in _registered()
