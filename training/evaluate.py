"""Held-out evaluation of GGUFs through llama.cpp: tuned vs untuned base, plus quantization loss.

Writes `results.json` (every number), `REPORT.md` (tables) and `scores.png` (a bar chart).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, TypedDict

from echoassist.engine import GenerationStats
from training.dataset import QAItem, read_items
from training.errors import TrainingError
from training.llm import PERPLEXITY_WINDOW, chat, opened, perplexity
from training.metrics import score
from training.recipe import Recipe
from training.wordnet import WordNetMissing, load_wordnet

RESULTS = "results.json"
_SHOWN = ("mcq_accuracy", "bleu", "rouge_l", "meteor", "token_f1", "severity_balanced_accuracy")


class EvalResults(TypedDict):
    """What `results.json` holds."""

    recipe: str
    test_items: int
    models: dict[str, dict[str, Any]]
    """label -> metric -> value (None where a metric does not apply or is unavailable)."""
    notes: list[str]
    """One line per metric that could not be computed here, with the fix."""
    samples: list[dict[str, str]]
    perplexity: dict[str, dict[str, Any]]


def answer_all(gguf: Path, items: list[QAItem], recipe: Recipe) -> tuple[list[str], float]:
    """Greedy answers to every item; returns them and the generation speed in tokens/s."""
    answers, tokens, start = [], 0, time.monotonic()
    with opened(gguf, n_ctx=recipe.eval.n_ctx, threads=recipe.eval.threads) as engine:
        for item in items:
            messages = [{"role": "system", "content": recipe.system_prompt},
                        {"role": "user", "content": item.user_prompt()}]
            stats = GenerationStats()
            answers.append(chat(engine, messages, max_tokens=recipe.eval.max_tokens,
                                stats=stats).strip())
            tokens += stats.completion_tokens
    seconds = time.monotonic() - start
    return answers, tokens / seconds if seconds else 0.0


def interleave_kinds(items: list[QAItem]) -> list[QAItem]:
    """Round-robin over qa / mcq / report so a max_items cut still scores every kind."""
    by_kind: dict[str, list[QAItem]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    queues = list(by_kind.values())
    return [q[n] for n in range(max(map(len, queues), default=0)) for q in queues if n < len(q)]


def evaluate(recipe: Recipe, test_file: Path, models: dict[str, Path],
             perplexity_files: dict[str, Path], out_dir: Path) -> EvalResults:
    """`models`: label -> GGUF (e.g. tuned, base); `perplexity_files`: type -> GGUF of one model."""
    items = interleave_kinds(read_items(test_file))[: recipe.eval.max_items]
    if not items:
        raise TrainingError(f"no held-out items in {test_file}")
    out_dir.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    try:
        wordnet = load_wordnet()
    except WordNetMissing as exc:  # the other metrics still count; the report says why not this
        wordnet = None
        notes.append(str(exc))
    scored: dict[str, dict[str, Any]] = {}
    samples = []
    for label, gguf in models.items():
        answers, speed = answer_all(gguf, items, recipe)
        scored[label] = {"gguf": gguf.name, **score(items, answers, wordnet=wordnet),
                         "tokens_per_second": round(speed, 1)}
        samples.append((label, answers))
    texts = [f"{i.question}\n{i.target()}" for i in items]
    perplexities = {}
    for qtype, path in perplexity_files.items():
        with opened(path, n_ctx=PERPLEXITY_WINDOW, threads=recipe.eval.threads,
                    scoring=True) as engine:
            perplexities[qtype] = {"file": path.name, "size_bytes": path.stat().st_size,
                                   "perplexity": round(perplexity(engine, texts), 3)}
    results = EvalResults(
        recipe=recipe.name, test_items=len(items), models=scored, notes=notes,
        samples=[{"question": item.user_prompt(), "reference": item.target(),
                  **{label: answers[n] for label, answers in samples}}
                 for n, item in enumerate(items[:5])],
        perplexity=perplexities)
    (out_dir / RESULTS).write_text(json.dumps(results, indent=2), encoding="utf-8")
    (out_dir / "REPORT.md").write_text(report_markdown(results), encoding="utf-8")
    _plot(results, out_dir / "scores.png")
    return results


def report_markdown(results: EvalResults) -> str:
    models = results["models"]
    labels = list(models)
    lines = [f"# Evaluation: {results['recipe']}", "",
             f"{results['test_items']} held-out items (split by source document/report).", "",
             "| metric | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for metric in (*_SHOWN, "tokens_per_second"):
        row = [_fmt(models[label].get(metric)) for label in labels]
        lines.append(f"| {metric} | " + " | ".join(row) + " |")
    if results["notes"]:
        lines += ["", *results["notes"]]
    lines += ["", "## Quantization (perplexity on held-out text)", "",
              "| type | file | MB | perplexity |", "|---|---|---|---|"]
    for qtype, entry in results["perplexity"].items():
        lines.append(f"| {qtype} | {entry['file']} | {entry['size_bytes'] / 1e6:.1f} "
                     f"| {entry['perplexity']:.3f} |")
    return "\n".join(lines) + "\n"


def side_by_side(results: EvalResults) -> str:
    """The terminal table: one line per metric, one column per model, then any notes."""
    models = results["models"]
    labels = list(models)
    lines = [f"{'metric':<28}" + "".join(f"{label:>12}" for label in labels)]
    for metric in (*_SHOWN, "tokens_per_second"):
        lines.append(f"{metric:<28}" + "".join(f"{_fmt(models[m].get(metric)):>12}"
                                               for m in labels))
    return "\n".join([*lines, *results["notes"]])


def _fmt(value: object) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _plot(results: EvalResults, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on a CI runner or over SSH
    import matplotlib.pyplot as plt

    models = results["models"]
    metrics = [m for m in _SHOWN if any(models[label].get(m) is not None for label in models)]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    width = 0.8 / max(len(models), 1)
    for n, (label, row) in enumerate(models.items()):
        # BLEU is 0-100; scale it to 0-1 so all bars share one axis.
        values = [(row[m] or 0) / (100 if m == "bleu" else 1) for m in metrics]
        ax.bar([x + n * width for x in range(len(metrics))], values, width, label=label)
    ax.set_xticks([x + width * (len(models) - 1) / 2 for x in range(len(metrics))],
                  [m.replace("_", " ") for m in metrics], fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_title(f"{results['recipe']}: held-out scores (BLEU / 100)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
