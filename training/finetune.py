"""LoRA fine-tuning with TRL's SFTTrainer: QLoRA (NF4) on CUDA, float32 LoRA on CPU.

One code path: only the model loading and the precision flags differ by device. The loss covers
the assistant's answer only (prompt/completion data), and the prompt is rendered with the base
model's own chat template, so the GGUF made later chats the way it was trained.

The same function is every rank of a multi-process run (training.distributed launches it
through accelerate): the Trainer splits batches and averages gradients, and only rank 0 writes
the adapter and finetune.json.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from training.dataset import read_items, to_chat_example
from training.distributed import is_main_process, local_rank, world_size
from training.errors import TrainingError
from training.recipe import Recipe

if TYPE_CHECKING:
    from torch.nn import Module
    from transformers import TrainerCallback

ADAPTER_DIR = "adapter"
RESULT_FILE = "finetune.json"
# Loss checks use a fixed sample so before/after numbers compare the same tokens.
LOSS_SAMPLE = 16
# The untuned model's losses, kept so that a resumed run does not evaluate the base again.
LOSSES_BEFORE = "losses_before.json"


@dataclass
class FinetuneResult:
    adapter_dir: str
    device: str
    quantization: str
    steps: int
    resumed_from_step: int | None
    train_loss_before: float
    train_loss_after: float
    test_loss_before: float | None
    test_loss_after: float | None
    seconds: float
    seconds_per_step: float
    tokens_per_second: float
    trainable_params: int
    loss_curve: list[tuple[int, float]]
    """(step, training loss) every train.logging_steps, earlier runs' included after a resume."""
    peak_gpu_memory_gb: float | None
    """torch.cuda.max_memory_allocated over the loss checks and training (GiB); None on CPU.
    Rank 0's GPU in a multi-process run."""
    processes: int = 1
    strategy: str = "single"
    """"single", "ddp" or "fsdp"."""
    effective_batch: int = 0
    """per-device batch x gradient accumulation x processes."""


def finetune(recipe: Recipe, base: str, train_file: Path, test_file: Path | None,
             work_dir: Path, *, callbacks: Sequence[TrainerCallback] = ()) -> FinetuneResult:
    """Train the adapter into `work_dir`; `callbacks` watch the run (e.g. the GPU check's)."""
    import datasets
    import torch
    import transformers
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    # Per-pass progress bars bury the loss lines the user wants to watch.
    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()

    cfg = recipe.train
    world = world_size()
    cuda = torch.cuda.is_available()
    strategy = "single" if world == 1 else ("fsdp" if cuda and recipe.distributed.strategy ==
                                            "fsdp" else "ddp")
    if cfg.threads > 0:
        # CPU ranks share the cores the recipe names.
        torch.set_num_threads(max(1, cfg.threads // world) if not cuda else cfg.threads)
    quantize = cuda and cfg.quantization == "nf4"
    precision = recipe.distributed.mixed_precision if cuda else "no"

    tokenizer = AutoTokenizer.from_pretrained(base)
    if not tokenizer.chat_template:
        raise TrainingError(f"the base model at {base} has no chat template; use an instruct model")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token

    def examples(path: Path) -> Dataset:
        items = read_items(path)
        if not items:
            raise TrainingError(f"no training examples in {path}")
        return Dataset.from_list([to_chat_example(i, recipe.system_prompt) for i in items])

    train_ds = examples(train_file)
    test_ds = examples(test_file) if test_file and test_file.stat().st_size else None

    model = _load_model(base, quantize=quantize, cuda=cuda, strategy=strategy)
    lora = LoraConfig(
        r=recipe.lora.r,
        lora_alpha=recipe.lora.alpha,
        lora_dropout=recipe.lora.dropout,
        target_modules=_target_modules(model, recipe.lora.target_modules,
                                       recipe.lora.include_lm_head),
        task_type="CAUSAL_LM",
    )
    args = SFTConfig(
        output_dir=str(work_dir / "checkpoints"),
        max_length=cfg.max_seq_len,
        per_device_train_batch_size=cfg.batch_size,
        per_device_eval_batch_size=cfg.batch_size,
        gradient_accumulation_steps=cfg.grad_accum,
        learning_rate=cfg.learning_rate,
        lr_scheduler_type=cfg.scheduler,
        warmup_steps=cfg.warmup_ratio,  # < 1 means a fraction of all steps
        num_train_epochs=cfg.epochs,
        max_steps=cfg.max_steps,
        logging_steps=cfg.logging_steps,
        save_steps=cfg.save_steps,
        save_total_limit=2,
        seed=cfg.seed,
        # TRL's defaults assume a GPU: bf16 and fused AdamW fail or crawl on CPU.
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        use_cpu=not cuda,  # with several processes: gloo ranks on the CPU
        ddp_backend="gloo" if world > 1 and not cuda else None,
        # LoRA leaves the frozen base's parameters out of the graph: skip DDP's search for them.
        ddp_find_unused_parameters=False if world > 1 else None,
        gradient_checkpointing=cuda and cfg.gradient_checkpointing,
        # FSDP-QLoRA wants reentrant checkpointing; DDP wants the non-reentrant kind.
        gradient_checkpointing_kwargs={"use_reentrant": strategy == "fsdp"},
        # Paged 8-bit AdamW fails to save FSDP checkpoints (PEFT's FSDP-QLoRA notes).
        optim="paged_adamw_8bit" if quantize and strategy != "fsdp" else "adamw_torch",
        completion_only_loss=True,
        report_to="none",
        disable_tqdm=True,
        dataloader_num_workers=0,
    )
    trainer = SFTTrainer(model=model, args=args, train_dataset=train_ds, eval_dataset=test_ds,
                         processing_class=tokenizer, peft_config=lora, callbacks=list(callbacks))
    # Trainer types its datasets as any torch dataset; SFTTrainer keeps the tokenized copies of
    # ours as datasets.Dataset, which is what the loss checks select from.
    train_tokens, test_tokens = trainer.train_dataset, trainer.eval_dataset
    assert isinstance(train_tokens, Dataset)
    assert test_tokens is None or isinstance(test_tokens, Dataset)
    fit_sample = train_tokens.select(range(min(LOSS_SAMPLE, len(train_tokens))))
    test_sample = (test_tokens.select(range(min(LOSS_SAMPLE, len(test_tokens))))
                   if test_tokens is not None else None)

    def losses() -> tuple[float, float | None]:
        fit = trainer.evaluate(eval_dataset=fit_sample)["eval_loss"]
        test = trainer.evaluate(eval_dataset=test_sample)["eval_loss"] if test_sample else None
        return fit, test

    # A killed run left checkpoints: continue from the newest (weights, optimizer, data order).
    done_steps = _checkpoint_steps(work_dir)
    try:
        if cuda:
            torch.cuda.reset_peak_memory_stats()
        before_file = work_dir / LOSSES_BEFORE
        if done_steps and before_file.is_file():
            fit, test = json.loads(before_file.read_text(encoding="utf-8"))
            before = (float(fit), None if test is None else float(test))
        else:
            before = losses()  # every rank: evaluation is a collective step
            if is_main_process():
                before_file.write_text(json.dumps(before), encoding="utf-8")
        start = time.monotonic()
        output = trainer.train(resume_from_checkpoint=True if done_steps else None)
        seconds = time.monotonic() - start
        after = losses()
    except (torch.cuda.OutOfMemoryError, MemoryError) as exc:
        raise TrainingError(out_of_memory_message(
            recipe, cuda=isinstance(exc, torch.cuda.OutOfMemoryError), work_dir=work_dir,
            gradient_checkpointing=bool(args.gradient_checkpointing))) from exc

    adapter_dir = work_dir / ADAPTER_DIR
    if trainer.is_fsdp_enabled:  # gather the sharded adapter into one loadable file
        fsdp_plugin = trainer.accelerator.state.fsdp_plugin
        assert fsdp_plugin is not None
        fsdp_plugin.set_state_dict_type("FULL_STATE_DICT")
    trainer.save_model(str(adapter_dir))  # every rank calls it; the Trainer writes on rank 0
    steps = output.global_step
    if not is_main_process():
        return _result_of_main(work_dir)
    tuned = trainer.model
    assert tuned is not None  # set since construction
    mean_len = sum(len(ids) for ids in train_tokens["input_ids"]) / len(train_tokens)
    tokenizer.save_pretrained(str(adapter_dir))
    tokens = (mean_len * cfg.batch_size * cfg.grad_accum * world
              * (steps - max(done_steps, default=0)))
    result = FinetuneResult(
        adapter_dir=str(adapter_dir),
        device="cuda" if cuda else "cpu",
        quantization="nf4" if quantize else "none",
        steps=steps,
        resumed_from_step=max(done_steps) if done_steps else None,
        train_loss_before=before[0],
        train_loss_after=after[0],
        test_loss_before=before[1],
        test_loss_after=after[1],
        seconds=round(seconds, 2),
        seconds_per_step=round(seconds / max(steps - max(done_steps, default=0), 1), 3),
        tokens_per_second=round(tokens / seconds, 1) if seconds else 0.0,
        trainable_params=sum(p.numel() for p in tuned.parameters() if p.requires_grad),
        loss_curve=[(int(row["step"]), round(float(row["loss"]), 4))
                    for row in trainer.state.log_history if "loss" in row],
        peak_gpu_memory_gb=round(torch.cuda.max_memory_allocated() / 2**30, 2) if cuda else None,
        processes=world,
        strategy=strategy,
        effective_batch=cfg.batch_size * cfg.grad_accum * world,
    )
    (work_dir / RESULT_FILE).write_text(json.dumps(asdict(result), indent=2), encoding="utf-8")
    return result


def _result_of_main(work_dir: Path) -> FinetuneResult:
    """What another rank returns: a placeholder naming the adapter (rank 0 writes the result,
    perhaps after this rank returns; the launcher's caller reads the file)."""
    return FinetuneResult(
        adapter_dir=str(work_dir / ADAPTER_DIR), device="", quantization="", steps=0,
        resumed_from_step=None, train_loss_before=0.0, train_loss_after=0.0,
        test_loss_before=None, test_loss_after=None, seconds=0.0, seconds_per_step=0.0,
        tokens_per_second=0.0, trainable_params=0, loss_curve=[], peak_gpu_memory_gb=None,
        processes=world_size())


def out_of_memory_message(recipe: Recipe, *, cuda: bool, work_dir: Path,
                          gradient_checkpointing: bool) -> str:
    """One line: what ran out, the settings that size memory, and where a rerun resumes."""
    cfg = recipe.train
    fix = ("lower train.batch_size (raise train.grad_accum to keep the effective batch), "
           "train.max_seq_len or lora.r")
    if cuda and not gradient_checkpointing:
        fix += ", or set train.gradient_checkpointing: true"
    if cuda and recipe.distributed.strategy != "fsdp":
        fix += ("; with several GPUs, distributed.strategy: fsdp shards the model across them")
    steps = _checkpoint_steps(work_dir)
    resume = (f"checkpoint-{max(steps)} in {work_dir / 'checkpoints'} is kept and rerunning "
              "`echoassist-train finetune` resumes from it" if steps else
              f"no checkpoint was saved yet (every train.save_steps={cfg.save_steps} steps), so a "
              "rerun starts over")
    what = "GPU memory" if cuda else "memory (RAM)"
    return (f"out of {what} while fine-tuning (train.batch_size={cfg.batch_size}, "
            f"train.max_seq_len={cfg.max_seq_len}, lora.r={recipe.lora.r}): {fix}; {resume}")


def _checkpoint_steps(work_dir: Path) -> list[int]:
    names = (p.name.rsplit("-", 1)[1] for p in (work_dir / "checkpoints").glob("checkpoint-*"))
    return [int(n) for n in names if n.isdigit()]


def _load_model(base: str, *, quantize: bool, cuda: bool,  # noqa: ANN202 - torch types
                strategy: str = "single"):
    import torch
    from transformers import AutoModelForCausalLM

    if not quantize:
        dtype = torch.bfloat16 if cuda else torch.float32
        return AutoModelForCausalLM.from_pretrained(base, dtype=dtype)
    from peft import prepare_model_for_kbit_training
    from transformers import BitsAndBytesConfig

    if strategy == "fsdp":
        # FSDP shards float tensors only: NF4 packed into bf16 storage, the model in bf16, no
        # device_map (FSDP places the shards) and no fp32 upcast of the norms, which would mix
        # dtypes inside one flat parameter.
        bnb = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                                 bnb_4bit_use_double_quant=True,
                                 bnb_4bit_compute_dtype=torch.bfloat16,
                                 bnb_4bit_quant_storage=torch.bfloat16)
        return AutoModelForCausalLM.from_pretrained(base, quantization_config=bnb,
                                                    dtype=torch.bfloat16)
    bnb = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                             bnb_4bit_use_double_quant=True,
                             bnb_4bit_compute_dtype=torch.bfloat16)
    # DDP: each rank's whole model on its own GPU.
    model = AutoModelForCausalLM.from_pretrained(base, quantization_config=bnb,
                                                 dtype=torch.bfloat16,
                                                 device_map={"": local_rank()})
    return prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)


def _target_modules(model: Module, wanted: list[str], include_lm_head: bool) -> list[str] | str:
    """'all-linear' leaves out lm_head; ECG-LLM trains it too, so expand the names then."""
    if not include_lm_head:
        return "all-linear" if wanted == ["all-linear"] else wanted
    import torch

    if wanted == ["all-linear"]:
        wanted = sorted({name.rsplit(".", 1)[-1] for name, module in model.named_modules()
                         if isinstance(module, torch.nn.Linear) and "lm_head" not in name})
    return [*wanted, "lm_head"]
