"""The shared labelled corpus (read only, never copied): offsets, schema, accuracy floor."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from echoassist.report import analyze

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text()
)


def _rows(corpus: Path) -> list[dict]:
    path = corpus / "echo" / "labeled_reports.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_report_has_exact_offsets_and_valid_json(shared_corpus: Path) -> None:
    for row in _rows(shared_corpus):
        report = analyze(row["text"])
        jsonschema.validate(report.to_dict(), SCHEMA)
        for f in report.findings:
            for e in f.evidence:
                assert row["text"][e.start : e.end] == e.text


def test_macro_balanced_accuracy_floor(shared_corpus: Path) -> None:
    from benchmarks.report_accuracy import balanced_accuracy, predicted

    rows = _rows(shared_corpus)
    cats = sorted({c for r in rows for c in r["labels"]})
    pairs: dict[str, list[tuple[str, str]]] = {c: [] for c in cats}
    for row in rows:
        labels = analyze(row["text"]).labels()
        for c in cats:
            pairs[c].append((row["labels"].get(c, "absent"), predicted(labels, c)))
    scores = {c: balanced_accuracy(p) for c, p in pairs.items()}
    assert sum(scores.values()) / len(scores) >= 0.95
    assert min(scores.values()) >= 0.85, scores
