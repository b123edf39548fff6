"""Train/test splits by source (document or report) and the dataset card beside them.

Splitting by group, not by item, keeps questions about one document out of both sides: a model
that saw page 3 of a paper in training would otherwise be tested on page 3.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from training.dataset import QAItem, write_items
from training.errors import TrainingError


@dataclass
class Split:
    train: list[QAItem]
    test: list[QAItem]


def split_by_group(items: list[QAItem], test_fraction: float, seed: int) -> Split:
    """Deterministic: a group's side depends only on its name and the seed."""
    groups = sorted({item.group for item in items})
    if len(groups) < 2:
        raise TrainingError(
            f"need questions from at least 2 documents or reports to split, got {len(groups)}"
        )
    ranked = sorted(groups, key=lambda g: hashlib.sha256(f"{seed}:{g}".encode()).hexdigest())
    n_test = min(len(groups) - 1, max(1, round(len(groups) * test_fraction)))
    test_groups = set(ranked[:n_test])
    return Split(
        train=[i for i in items if i.group not in test_groups],
        test=[i for i in items if i.group in test_groups],
    )


class SideCard(TypedDict):
    items: int
    sources: int
    kinds: dict[str, int]
    categories: dict[str, int]
    labels: dict[str, int]


class DatasetCard(TypedDict):
    train: SideCard
    test: SideCard
    test_sources: list[str]
    leakage: list[str]
    """Sources on both sides: empty by construction, written down so a reader can check."""


def dataset_card(split: Split) -> DatasetCard:
    def describe(items: list[QAItem]) -> SideCard:
        return SideCard(
            items=len(items),
            sources=len({i.group for i in items}),
            kinds=dict(sorted(Counter(str(i.kind) for i in items).items())),
            categories=dict(sorted(Counter(i.category for i in items if i.category).items())),
            labels=dict(sorted(Counter(i.label for i in items if i.label).items())),
        )

    return DatasetCard(
        train=describe(split.train),
        test=describe(split.test),
        test_sources=sorted({i.group for i in split.test}),
        leakage=sorted({i.group for i in split.train} & {i.group for i in split.test}),
    )


def write_split(split: Split, out_dir: Path) -> DatasetCard:
    write_items(out_dir / "train.jsonl", split.train)
    write_items(out_dir / "test.jsonl", split.test)
    card = dataset_card(split)
    (out_dir / "dataset_card.json").write_text(json.dumps(card, indent=2), encoding="utf-8")
    (out_dir / "DATASET_CARD.md").write_text(_card_markdown(card), encoding="utf-8")
    return card


def _card_markdown(card: DatasetCard) -> str:
    lines = ["# Dataset card", "", "| split | items | sources | kinds | categories |",
             "|---|---|---|---|---|"]
    for side, d in (("train", card["train"]), ("test", card["test"])):
        kinds = ", ".join(f"{k} {v}" for k, v in d["kinds"].items())
        cats = ", ".join(f"{k} {v}" for k, v in d["categories"].items()) or "-"
        lines.append(f"| {side} | {d['items']} | {d['sources']} | {kinds} | {cats} |")
    lines += ["", f"Test sources: {', '.join(card['test_sources'])}",
              "", "Splits are by source document / report: no source is on both sides."]
    return "\n".join(lines) + "\n"
