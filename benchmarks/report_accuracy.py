"""Accuracy of echoassist.report on labelled reports (not a timed test).

`--set corpus` (the default) reads ../shared/corpus/echo/labeled_reports.jsonl relative to
the repository; `--set unseen` reads tests/report/data/unseen_styles.txt, our own reports
in styles the analyser was not written against, labelled before it was run on them.
Prints macro balanced accuracy over the labelled categories and a confusion table for
each; the macro figure is also given over the categories with at least 5 labels.
Classes per category: absent, normal, mild, moderate, severe; balanced accuracy is the
mean recall over the gold classes that occur. Label mapping from the analyser: the four
grades map to themselves, ungraded `abnormal` maps to `mild` (the lowest abnormal grade),
`not_assessed` and a missing category map to `absent`.

    python benchmarks/report_accuracy.py [--set corpus|unseen] [--show-errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from echoassist.report import analyze

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "echo"
UNSEEN = Path(__file__).resolve().parent.parent / "tests" / "report" / "data" / "unseen_styles.txt"
MIN_LABELS = 5  # categories with fewer gold labels are shown but kept out of the second macro
CLASSES = ("absent", "normal", "mild", "moderate", "severe")
MAPPING = {
    "normal": "normal",
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "abnormal": "mild",
    "not_assessed": "absent",
}


def predicted(labels: dict[str, str], category: str) -> str:
    return MAPPING.get(labels.get(category, "not_assessed"), "absent")


def balanced_accuracy(pairs: list[tuple[str, str]]) -> float:
    per_gold: dict[str, list[bool]] = defaultdict(list)
    for gold, pred in pairs:
        per_gold[gold].append(gold == pred)
    recalls = [sum(v) / len(v) for v in per_gold.values()]
    return sum(recalls) / len(recalls)


def read_unseen(path: Path = UNSEEN) -> list[dict]:
    """Records of the unseen-style set: `=== ID`, `style:`, `labels: cat=grade ...`, then
    the report between a `<<<` line and a `>>>` line (lines starting `#` outside a report
    are comments)."""
    rows: list[dict] = []
    row: dict | None = None
    body: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if body is not None:
            if line == ">>>":
                assert row is not None
                row["text"] = "\n".join(body) + "\n"
                rows.append(row)
                row, body = None, None
            else:
                body.append(line)
        elif line.startswith("=== "):
            row = {"id": line[4:].strip(), "labels": {}, "style": ""}
        elif row is not None and line.startswith("style:"):
            row["style"] = line[6:].strip()
        elif row is not None and line.startswith("labels:"):
            row["labels"] = dict(item.split("=", 1) for item in line[7:].split())
        elif row is not None and line == "<<<":
            body = []
    return rows


def read_rows(path: Path) -> list[dict]:
    if path.suffix == ".txt":
        return read_unseen(path)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(
    path: Path,
) -> tuple[dict[str, list[tuple[str, str]]], list[tuple[str, str, str, str]]]:
    rows = read_rows(path)
    categories = sorted({cat for row in rows for cat in row["labels"]})
    pairs: dict[str, list[tuple[str, str]]] = {cat: [] for cat in categories}
    errors: list[tuple[str, str, str, str]] = []
    for row in rows:
        labels = analyze(row["text"]).labels()
        for cat in categories:
            gold = row["labels"].get(cat, "absent")
            pred = predicted(labels, cat)
            pairs[cat].append((gold, pred))
            if gold != pred:
                errors.append((row["id"], cat, gold, pred))
    return pairs, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("corpus", "unseen"), default="corpus")
    parser.add_argument("--show-errors", type=int, default=0, help="list this many errors")
    args = parser.parse_args(argv)
    path = CORPUS / "labeled_reports.jsonl" if args.set == "corpus" else UNSEEN
    console = Console()
    if not path.is_file():
        console.print(f"skipped: {path} is not present")
        return 0
    pairs, errors = evaluate(path)
    title = "shared corpus" if args.set == "corpus" else "unseen styles"
    summary = Table(title=f"Balanced accuracy per category ({title})")
    summary.add_column("category")
    summary.add_column("labels", justify="right")
    summary.add_column("balanced acc.", justify="right")
    summary.add_column("confusion (gold -> predicted: count)")
    scores = {}
    for cat, cat_pairs in pairs.items():
        scores[cat] = balanced_accuracy(cat_pairs)
        confusion = Counter(cat_pairs)
        cells = ", ".join(
            f"{g}->{p}: {n}"
            for (g, p), n in sorted(
                confusion.items(), key=lambda kv: (CLASSES.index(kv[0][0]), CLASSES.index(kv[0][1]))
            )
        )
        labelled = sum(gold != "absent" for gold, _ in cat_pairs)
        summary.add_row(cat, str(labelled), f"{scores[cat]:.3f}", cells)
    console.print(summary)
    macro = sum(scores.values()) / len(scores)
    worst = min(scores, key=scores.__getitem__)
    console.print(
        f"macro balanced accuracy: {macro:.3f} over {len(scores)} categories; "
        f"worst {worst} {scores[worst]:.3f}"
    )
    counted = [
        cat
        for cat, cat_pairs in pairs.items()
        if sum(gold != "absent" for gold, _ in cat_pairs) >= MIN_LABELS
    ]
    if counted and len(counted) < len(scores):
        sub = sum(scores[cat] for cat in counted) / len(counted)
        low = min(counted, key=scores.__getitem__)
        console.print(
            f"over the {len(counted)} categories with >= {MIN_LABELS} labels: {sub:.3f}; "
            f"worst {low} {scores[low]:.3f}"
        )
    for err in errors[: args.show_errors]:
        console.print("  ".join(err))
    return 0


if __name__ == "__main__":
    sys.exit(main())
