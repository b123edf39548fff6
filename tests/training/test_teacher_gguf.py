"""A local GGUF teacher through llama.cpp with JSON-schema-constrained output (tiny model)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

if importlib.util.find_spec("llama_cpp") is None:
    pytest.skip("llama-cpp-python is not installed", allow_module_level=True)

from echoassist.models.builtin import builtin_model, builtin_path  # noqa: E402
from training.errors import TrainingError  # noqa: E402
from training.synth_qa import GGUFTeacher, TextChunk, synth_qa  # noqa: E402

pytestmark = pytest.mark.slow

PASSAGE = ("Aortic stenosis is graded by peak velocity. A peak velocity of 4.0 m/s or more is "
           "severe; 3.0 to 3.9 m/s is moderate; 2.6 to 2.9 m/s is mild. A mean gradient of "
           "40 mmHg or more and a valve area below 1.0 cm2 also indicate severe stenosis.")


def test_tiny_teacher_writes_progress_and_filters_its_output(tmp_path: Path) -> None:
    gguf = builtin_path(builtin_model("smollm2-135m"))  # type: ignore[arg-type]
    if gguf is None:
        pytest.skip("the built-in SmolLM2 GGUF is not installed")
    replies: list[str] = []

    class Recording(GGUFTeacher):
        def complete(self, prompt: str) -> str:
            replies.append(super().complete(prompt))
            return replies[-1]

    # 400 tokens hold the longest reply the bounded schema allows (~1,000 characters).
    teacher = Recording(gguf, threads=2, n_ctx=1024, max_tokens=400, n_qa=1, n_mcq=1)
    out = tmp_path / "qa.jsonl"
    chunk = TextChunk("aortic.md#p0#0", "aortic.md", None, PASSAGE)
    try:
        stats = synth_qa([chunk], teacher, out, n_qa=1, n_mcq=1)
        assert stats.kept >= 1
    except TrainingError as exc:  # a 135M teacher often writes junk; the filters must say so
        assert "no usable questions" in str(exc)
    assert replies[0].lstrip().startswith("{")  # the schema grammar forces JSON from token one
    # Bounded strings and item counts make even a rambling 135M teacher close its JSON.
    reply = json.loads(replies[0])
    assert len(reply["qa"]) == 1 and len(reply["mcq"]) == 1
    assert len(reply["mcq"][0]["options"]) == 4
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["chunk"] == chunk.id  # the chunk counts as done either way: resume skips it
