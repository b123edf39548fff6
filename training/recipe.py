"""A recipe: everything one weights run needs, read from YAML and checked field by field.

Validation walks the dataclasses below, so the schema lives in one place and every error names
the file and the dotted field path (``train.learning_rate: expected a number, got 'fast'``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from training.errors import RecipeError

RECIPES_DIR = Path(__file__).parent / "recipes"


@dataclass
class BaseModel:
    path: str | None = None
    """Local folder with a transformers checkpoint (config.json, safetensors, tokenizer)."""
    hub_id: str | None = None
    """Hub id, only used when the machine is online and `path` is not set."""
    gguf: str | None = None
    """A GGUF to dequantize once into a float checkpoint (`builtin:NAME` or a file path)."""
    family: str | None = None
    """Key into training.base_models for dry-run estimates without weights present."""


@dataclass
class DataConfig:
    qa: list[str] = field(default_factory=list)
    """Ready QA JSONL files (relative paths are relative to the recipe file)."""
    documents: list[str] = field(default_factory=list)
    """PDF / Markdown files or folders for synth-qa."""
    kb: str | None = None
    """Name of a knowledge base whose chunks feed synth-qa (instead of `documents`)."""
    reports: list[str] = field(default_factory=list)
    """Echo report folders / JSONL files for synth-reports."""
    teacher_gguf: str | None = None
    teacher_url: str | None = None
    """An OpenAI-compatible endpoint (vLLM, llama.cpp's server), e.g. http://127.0.0.1:8080/v1."""
    teacher_model: str = "teacher"
    concurrency: int = 4
    """Requests in flight to `teacher_url` (a served teacher batches them); a GGUF teacher
    always takes one at a time."""
    teacher_timeout: float = 300.0
    """Seconds per request to `teacher_url`, each try."""
    teacher_retries: int = 5
    """Retries (exponential backoff, 0.5 s to 8 s) on connection errors, timeouts, 429, 5xx."""
    max_chunks: int = 0
    """0 = all chunks."""
    test_fraction: float = 0.2
    seed: int = 13


@dataclass
class LoraConfig:
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: ["all-linear"])
    include_lm_head: bool = False


@dataclass
class TrainConfig:
    epochs: float = 1.0
    max_steps: int = -1
    """Overrides epochs when > 0."""
    learning_rate: float = 2e-4
    scheduler: Literal["cosine", "linear", "constant"] = "cosine"
    warmup_ratio: float = 0.03
    batch_size: int = 4
    grad_accum: int = 1
    max_seq_len: int = 512
    quantization: Literal["nf4", "none"] = "nf4"
    """nf4 applies only when CUDA is present; on CPU the same run is plain float32 LoRA."""
    gradient_checkpointing: bool = True
    """GPU only: on CPU it costs time and saves memory we do not need for tiny models."""
    save_steps: int = 200
    logging_steps: int = 10
    threads: int = 0
    """CPU threads for torch; 0 = torch's default."""
    seed: int = 13


@dataclass
class DistributedConfig:
    """Fine-tuning on several devices through `accelerate launch` (training.distributed)."""

    processes: int = 1
    """One per GPU (or CPU worker); 1 = a plain process, no launcher."""
    strategy: Literal["ddp", "fsdp"] = "ddp"
    """ddp: a whole model per GPU, batches split (LoRA / QLoRA that fits one GPU); fsdp:
    weights, gradients and optimizer state sharded across GPUs (a model that does not fit)."""
    mixed_precision: Literal["bf16", "fp16", "no"] = "bf16"
    """On GPUs; a CPU run is float32 whatever this says."""
    cpu_offload: bool = False
    """fsdp only: sharded parameters wait in CPU RAM between uses (slower, least GPU memory)."""


@dataclass
class MergeConfig:
    dtype: Literal["bfloat16", "float16", "float32"] = "bfloat16"


@dataclass
class ExportConfig:
    outtype: Literal["f16", "bf16", "f32"] = "f16"
    quants: list[str] = field(default_factory=lambda: ["Q4_K_M"])
    """The first one is the file that is evaluated and registered."""


@dataclass
class EvalConfig:
    max_items: int = 200
    max_tokens: int = 128
    n_ctx: int = 2048
    threads: int = 0


@dataclass
class Recipe:
    name: str
    base: BaseModel
    description: str = ""
    system_prompt: str = (
        "You are EchoAssist, a cardiology assistant. Answer concisely and accurately."
    )
    data: DataConfig = field(default_factory=DataConfig)
    lora: LoraConfig = field(default_factory=LoraConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    distributed: DistributedConfig = field(default_factory=DistributedConfig)
    merge: MergeConfig = field(default_factory=MergeConfig)
    export: ExportConfig = field(default_factory=ExportConfig)
    eval: EvalConfig = field(default_factory=EvalConfig)
    source_file: Path | None = field(default=None, compare=False)

    def resolve(self, value: str) -> Path:
        """A path from the recipe, relative to the recipe file's folder."""
        path = Path(value).expanduser()
        if path.is_absolute() or self.source_file is None:
            return path
        return (self.source_file.parent / path).resolve()


def load_recipe(path: Path | str) -> Recipe:
    """Read and validate a recipe; a bare name means a shipped recipe (e.g. `tiny-cpu`)."""
    path = Path(path)
    if not path.exists() and (RECIPES_DIR / f"{path.name}.yaml").is_file():
        path = RECIPES_DIR / f"{path.name}.yaml"
    if not path.is_file():
        raise RecipeError(f"recipe not found: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RecipeError(f"{path}: not valid YAML: {exc}") from exc
    recipe = recipe_from_dict(raw, origin=str(path))
    recipe.source_file = path.resolve()
    return recipe


def recipe_from_dict(raw: object, *, origin: str = "recipe") -> Recipe:
    recipe = _build(Recipe, raw, origin, "")
    _check_ranges(recipe, origin)
    return recipe


def recipe_to_dict(recipe: Recipe) -> dict[str, Any]:
    data = dataclasses.asdict(recipe)
    data.pop("source_file")
    return data


def _build(cls: type, raw: object, origin: str, prefix: str) -> Any:
    where = prefix.rstrip(".") or "top level"
    if not isinstance(raw, dict):
        raise RecipeError(f"{origin}: {where}: expected a mapping, got {_show(raw)}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "source_file"}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise RecipeError(
            f"{origin}: unknown field {prefix}{unknown[0]} (allowed: {', '.join(fields)})"
        )
    values = {}
    for name, spec in fields.items():
        if name not in raw:
            required = (spec.default is dataclasses.MISSING
                        and spec.default_factory is dataclasses.MISSING)
            if required:
                raise RecipeError(f"{origin}: missing required field {prefix}{name}")
            continue
        values[name] = _coerce(hints[name], raw[name], origin, f"{prefix}{name}")
    return cls(**values)


def _coerce(kind: Any, value: object, origin: str, where: str) -> Any:
    origin_type = typing.get_origin(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _build(kind, value, origin, f"{where}.")
    if origin_type in (types.UnionType, typing.Union):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        if value is None:
            return None
        return _coerce(options[0], value, origin, where)
    if origin_type is Literal:
        choices = typing.get_args(kind)
        if value not in choices:
            allowed = ", ".join(map(str, choices))
            raise RecipeError(f"{origin}: {where}: expected one of {allowed}, got {_show(value)}")
        return value
    if origin_type is list:
        if not isinstance(value, list):
            raise RecipeError(f"{origin}: {where}: expected a list, got {_show(value)}")
        (item,) = typing.get_args(kind)
        return [_coerce(item, v, origin, f"{where}[{i}]") for i, v in enumerate(value)]
    if kind is bool:
        if not isinstance(value, bool):
            raise RecipeError(f"{origin}: {where}: expected true or false, got {_show(value)}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise RecipeError(f"{origin}: {where}: expected a whole number, got {_show(value)}")
        return value
    if kind is float:
        # YAML reads 2e-4 as a string (YAML 1.1 wants a dot), so accept numeric strings.
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RecipeError(f"{origin}: {where}: expected a number, got {_show(value)}")
        return float(value)
    if kind is str:
        if not isinstance(value, str) or not value.strip():
            raise RecipeError(f"{origin}: {where}: expected a non-empty text, got {_show(value)}")
        return value
    raise TypeError(f"recipe schema has an unsupported type at {where}: {kind}")


def _check_ranges(recipe: Recipe, origin: str) -> None:
    checks = [
        (recipe.base.path or recipe.base.hub_id or recipe.base.gguf,
         "base: set one of base.path, base.hub_id or base.gguf"),
        (recipe.lora.r > 0, "lora.r: must be > 0"),
        (recipe.lora.alpha > 0, "lora.alpha: must be > 0"),
        (0 <= recipe.lora.dropout < 1, "lora.dropout: must be in [0, 1)"),
        (recipe.train.learning_rate > 0, "train.learning_rate: must be > 0"),
        (recipe.train.batch_size > 0, "train.batch_size: must be > 0"),
        (recipe.train.grad_accum > 0, "train.grad_accum: must be > 0"),
        (recipe.train.max_seq_len >= 32, "train.max_seq_len: must be >= 32"),
        (recipe.train.epochs > 0 or recipe.train.max_steps > 0,
         "train.epochs: must be > 0 (or set train.max_steps)"),
        (0 < recipe.data.test_fraction < 1, "data.test_fraction: must be between 0 and 1"),
        (1 <= recipe.data.concurrency <= 1024, "data.concurrency: must be 1 to 1024"),
        (1 <= recipe.distributed.processes <= 1024, "distributed.processes: must be 1 to 1024"),
        (recipe.distributed.strategy == "fsdp" or not recipe.distributed.cpu_offload,
         "distributed.cpu_offload: only with distributed.strategy: fsdp"),
        (recipe.data.teacher_timeout > 0, "data.teacher_timeout: must be > 0"),
        (recipe.data.teacher_retries >= 0, "data.teacher_retries: must be >= 0"),
        (recipe.export.quants, "export.quants: list at least one quantization type"),
        (not (recipe.data.teacher_gguf and recipe.data.teacher_url),
         "data: set only one of data.teacher_gguf and data.teacher_url"),
        (all(c.isalnum() or c in "-_." for c in recipe.name), "name: use letters, digits, - _ ."),
    ]
    for ok, message in checks:
        if not ok:
            raise RecipeError(f"{origin}: {message}")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
