"""The steps of a recipe in order, each skipped when its output is already complete.

Each step's "done" test looks at the step's final output only (written last, atomically), so a
run killed anywhere restarts at the step it was in; finetune also resumes from its checkpoint.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from training.base_models import FAMILIES, lora_params, training_memory_gb
from training.dataset import QAItem, read_items
from training.errors import TrainingError
from training.recipe import Recipe

STEPS = ("synth-qa", "synth-reports", "split", "prepare-base", "finetune", "merge", "export",
         "baseline", "evaluate", "register")


@dataclass
class Layout:
    """Where each step writes inside a run's work dir."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def synth_qa(self) -> Path:
        return self.data / "synth_qa.jsonl"

    @property
    def reports_qa(self) -> Path:
        return self.data / "reports_qa.jsonl"

    @property
    def train(self) -> Path:
        return self.data / "train.jsonl"

    @property
    def test(self) -> Path:
        return self.data / "test.jsonl"

    @property
    def finetune(self) -> Path:
        return self.root / "finetune"

    @property
    def merged(self) -> Path:
        return self.root / "merged"

    @property
    def export(self) -> Path:
        return self.root / "export"

    @property
    def baseline(self) -> Path:
        return self.root / "baseline"

    @property
    def eval(self) -> Path:
        return self.root / "eval"

    @property
    def registered(self) -> Path:
        return self.root / "registered.json"


def default_work_dir(recipe: Recipe) -> Path:
    from echoassist.paths import app_paths

    return app_paths().data_dir / "training" / recipe.name


def applicable(recipe: Recipe, step: str) -> bool:
    data = recipe.data
    if step == "synth-qa":
        return bool(data.documents or data.kb)
    if step == "synth-reports":
        return bool(data.reports)
    if step == "prepare-base":
        return bool(recipe.base.gguf and not recipe.base.path)
    return True


def is_done(recipe: Recipe, layout: Layout, step: str) -> bool:
    from training.export import read_manifest
    from training.finetune import RESULT_FILE
    from training.merge import MERGED_MARKER

    checks: dict[str, Callable[[], bool]] = {
        "synth-qa": lambda: (layout.data / "synth_qa.done").is_file(),
        "synth-reports": lambda: layout.reports_qa.is_file(),
        "split": lambda: (layout.data / "dataset_card.json").is_file(),
        "prepare-base": lambda: (layout.root / "base" / ".prepared").is_file(),
        "finetune": lambda: (layout.finetune / RESULT_FILE).is_file(),
        "merge": lambda: (layout.merged / MERGED_MARKER).is_file(),
        "export": lambda: read_manifest(layout.export) is not None,
        "baseline": lambda: _baseline_file(recipe, layout).is_file(),
        "evaluate": lambda: (layout.eval / "results.json").is_file(),
        "register": lambda: layout.registered.is_file(),
    }
    return checks[step]()


class Plan(TypedDict):
    recipe: str
    work_dir: str
    steps: list[dict[str, str]]
    """{"step": name, "status": "done" / "to do" / "not used by this recipe"}, in order."""
    estimate: dict[str, object]
    launch: dict[str, object]
    """How finetune runs: processes, strategy, batch arithmetic, memory per device, and the
    exact `accelerate launch` command when there is more than one process."""


def plan(recipe: Recipe, layout: Layout) -> Plan:
    """What `run` would do, with rough memory and token estimates; needs no weights."""
    steps = [{"step": s, "status": ("done" if is_done(recipe, layout, s) else "to do")
              if applicable(recipe, s) else "not used by this recipe"} for s in STEPS]
    shape = FAMILIES.get(recipe.base.family or "")
    estimate: dict[str, object] = {"base": recipe.base.path or recipe.base.hub_id or
                                   recipe.base.gguf}
    if shape:
        trainable = lora_params(shape, recipe.lora.r, recipe.lora.include_lm_head)
        t = recipe.train
        estimate |= {
            "base_params": f"{shape.params / 1e9:.2f}B",
            "lora_params": f"{trainable / 1e6:.1f}M",
            "gpu_precision": "NF4 QLoRA" if t.quantization == "nf4" else "bf16 LoRA",
            "gpu_memory_gb": round(training_memory_gb(
                shape, lora=trainable, nf4=t.quantization == "nf4", batch=t.batch_size,
                seq=t.max_seq_len, checkpointing=t.gradient_checkpointing), 1),
            "cpu_memory_gb_fp32_lora": round(training_memory_gb(
                shape, lora=trainable, nf4=False, batch=t.batch_size, seq=t.max_seq_len,
                checkpointing=False) - 1.0 + shape.params * 2 / 1e9, 1),
        }
    data = recipe.data
    if data.teacher_url and applicable(recipe, "synth-qa"):
        estimate["teacher"] = (f"{data.teacher_url} (model '{data.teacher_model}', "
                               f"{data.concurrency} requests in flight, {data.teacher_timeout:g} s "
                               f"timeout, {data.teacher_retries} retries)")
    items = _known_items(recipe)
    if items:
        # ~4 characters per token for English text is close enough for a plan.
        chars = sum(len(i.user_prompt()) + len(i.target()) + len(recipe.system_prompt)
                    for i in items)
        tokens = min(chars / 4, len(items) * recipe.train.max_seq_len)
        train_share = 1 - recipe.data.test_fraction
        estimate |= {"ready_items": len(items),
                     "train_tokens_per_epoch": int(tokens * train_share)}
    else:
        estimate["ready_items"] = "unknown until synth steps run"
    return Plan(recipe=recipe.name, work_dir=str(layout.root), steps=steps, estimate=estimate,
                launch=_launch_summary(recipe, layout))


def _launch_summary(recipe: Recipe, layout: Layout) -> dict[str, object]:
    from training.distributed import launch_plan

    launch = launch_plan(recipe, layout.root)
    unit = "GB GPU memory per GPU" if launch.device == "cuda" else "GB RAM per process"
    summary: dict[str, object] = {
        "processes": launch.processes,
        "strategy": launch.strategy,
        "device": launch.device,
        "backend": launch.backend,
        "mixed_precision": launch.mixed_precision,
        "per_device_batch": launch.per_device_batch,
        "grad_accum": launch.grad_accum,
        "effective_batch": launch.effective_batch,
        "memory_per_device": (f"~{launch.memory_per_device_gb} {unit}"
                              if launch.memory_per_device_gb is not None else "unknown"),
        "command": launch.shell() if launch.command else "none: finetune runs in this process",
    }
    if launch.notes:
        summary["notes"] = launch.notes
    return summary


def run(recipe: Recipe, layout: Layout, *, echo: Callable[[str], None] = print,
        until: str | None = None) -> dict[str, object]:
    """Run every applicable, unfinished step; returns what each step reported."""
    layout.root.mkdir(parents=True, exist_ok=True)
    reported: dict[str, object] = {}
    for step in STEPS:
        if not applicable(recipe, step):
            continue
        if is_done(recipe, layout, step):
            echo(f"[skip] {step}: already done")
        else:
            echo(f"[run ] {step}")
            start = time.monotonic()
            reported[step] = RUNNERS[step](recipe, layout)
            echo(f"[done] {step} ({time.monotonic() - start:.0f} s): {_summary(reported[step])}")
        if step == until:
            break
    return reported


def _known_items(recipe: Recipe) -> list[QAItem]:
    items = []
    for path in recipe.data.qa:
        file = recipe.resolve(path)
        if file.is_file():
            items += read_items(file)
    return items


def _baseline_file(recipe: Recipe, layout: Layout) -> Path:
    return layout.baseline / f"base-{recipe.export.quants[0]}.gguf"


def _base(recipe: Recipe, layout: Layout) -> str:
    from training.base_model import resolve_base

    return resolve_base(recipe, layout.root)


def _step_synth_qa(recipe: Recipe, layout: Layout) -> object:
    from training.synth_qa import (
        GGUFTeacher,
        HTTPTeacher,
        Teacher,
        document_chunks,
        kb_chunks,
        synth_qa,
    )

    data = recipe.data
    teacher: Teacher
    concurrency = 1
    if data.teacher_url:
        teacher = HTTPTeacher(data.teacher_url, data.teacher_model, timeout=data.teacher_timeout,
                              retries=data.teacher_retries)
        concurrency = data.concurrency
    elif data.teacher_gguf:
        teacher = GGUFTeacher(recipe.resolve(data.teacher_gguf), threads=recipe.eval.threads)
    else:
        raise TrainingError("data: synth-qa needs data.teacher_gguf or data.teacher_url")
    chunks = list(kb_chunks(data.kb) if data.kb else
                  document_chunks(recipe.resolve(p) for p in data.documents))
    if data.max_chunks:
        chunks = chunks[: data.max_chunks]
    try:
        stats = synth_qa(chunks, teacher, layout.synth_qa, concurrency=concurrency)
    finally:
        if isinstance(teacher, GGUFTeacher | HTTPTeacher):
            teacher.close()  # a GGUF's memory, before fine-tuning wants it; a client's sockets
    (layout.data / "synth_qa.done").write_text(json.dumps(
        {"chunks": stats.chunks, "resumed": stats.resumed, "kept": stats.kept,
         "concurrency": concurrency, "rejected": dict(stats.rejected)}), encoding="utf-8")
    return {"kept": stats.kept, "resumed": stats.resumed, "rejected": dict(stats.rejected)}


def _step_synth_reports(recipe: Recipe, layout: Layout) -> object:
    from training.dataset import write_items
    from training.synth_reports import synth_reports

    items = synth_reports([recipe.resolve(p) for p in recipe.data.reports])
    return {"items": write_items(layout.reports_qa, items)}


def _step_split(recipe: Recipe, layout: Layout) -> object:
    from training.splits import split_by_group, write_split
    from training.synth_qa import read_synth_items

    items = _known_items(recipe)
    if applicable(recipe, "synth-qa"):
        items += read_synth_items(layout.synth_qa)
    if applicable(recipe, "synth-reports"):
        items += read_items(layout.reports_qa)
    if not items:
        raise TrainingError("no training data: set data.qa, data.documents/kb or data.reports")
    return write_split(split_by_group(items, recipe.data.test_fraction, recipe.data.seed),
                       layout.data)


def _step_prepare_base(recipe: Recipe, layout: Layout) -> object:
    return {"base": _base(recipe, layout)}


def _step_finetune(recipe: Recipe, layout: Layout) -> object:
    from dataclasses import asdict

    from training.finetune import RESULT_FILE, finetune

    base = _base(recipe, layout)
    if recipe.distributed.processes > 1:
        from training.distributed import launch, launch_plan

        launch(launch_plan(recipe, layout.root), layout.finetune)
        result_file = layout.finetune / RESULT_FILE
        if not result_file.is_file():
            raise TrainingError(f"the launched fine-tuning ended without {result_file}")
        return json.loads(result_file.read_text(encoding="utf-8"))
    return asdict(finetune(recipe, base, layout.train, layout.test, layout.finetune))


def _step_merge(recipe: Recipe, layout: Layout) -> object:
    from training.finetune import ADAPTER_DIR
    from training.merge import merge_adapter

    merge_adapter(_base(recipe, layout), layout.finetune / ADAPTER_DIR, layout.merged,
                  recipe.merge.dtype)
    return {"merged": str(layout.merged)}


def _step_export(recipe: Recipe, layout: Layout) -> object:
    from training.export import export

    manifest = export(recipe, layout.merged, layout.export, threads=recipe.eval.threads)
    return {"files": {f["file"]: f["size_bytes"] for f in manifest["files"]},
            "check": manifest["check"]}


def _step_baseline(recipe: Recipe, layout: Layout) -> object:
    """The untuned base through the same convert + quantize path, for a fair comparison."""
    from training.export import convert_to_gguf, quantize_gguf

    layout.baseline.mkdir(parents=True, exist_ok=True)
    base = Path(_base(recipe, layout))
    if not base.is_dir():
        raise TrainingError(f"the baseline needs the base weights on disk; got '{base}'")
    full = layout.baseline / f"base-{recipe.export.outtype}.gguf"
    if not full.is_file():
        convert_to_gguf(base, full, recipe.export.outtype)
    target = _baseline_file(recipe, layout)
    quantize_gguf(full, target, recipe.export.quants[0], recipe.eval.threads)
    full.unlink()  # only the quantized baseline is evaluated; the 16-bit copy is large
    return {"baseline": target.name}


def _step_evaluate(recipe: Recipe, layout: Layout) -> object:
    from training.evaluate import evaluate, side_by_side
    from training.export import read_manifest

    manifest = read_manifest(layout.export)
    if manifest is None:
        raise TrainingError("no complete export to evaluate; run the export step")
    files = {f["type"]: layout.export / f["file"] for f in manifest["files"]}
    tuned = layout.export / str(manifest["primary"])
    results = evaluate(recipe, layout.test,
                       {"tuned": tuned, "base": _baseline_file(recipe, layout)},
                       files, layout.eval)
    print(side_by_side(results))
    return {"report": str(layout.eval / "REPORT.md")}


def _step_register(recipe: Recipe, layout: Layout) -> object:
    from training.register import register_export

    entry = register_export(layout.export, recipe.name)
    layout.registered.write_text(json.dumps(entry, indent=2), encoding="utf-8")
    return entry


RUNNERS: dict[str, Callable[[Recipe, Layout], object]] = {
    "synth-qa": _step_synth_qa,
    "synth-reports": _step_synth_reports,
    "split": _step_split,
    "prepare-base": _step_prepare_base,
    "finetune": _step_finetune,
    "merge": _step_merge,
    "export": _step_export,
    "baseline": _step_baseline,
    "evaluate": _step_evaluate,
    "register": _step_register,
}


def _summary(value: object) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 160 else text[:157] + "..."
