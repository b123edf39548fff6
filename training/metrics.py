"""Answer-quality metrics: pure functions over predictions and references, no model needed."""

from __future__ import annotations

import re
import string
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from training.dataset import LETTERS, QAItem

if TYPE_CHECKING:
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

GRADES = ("normal", "mild", "moderate", "severe")
_GRADE_WORDS = {"normal": "normal", "none": "normal", "trace": "normal", "trivial": "normal",
                "mild": "mild", "moderate": "moderate", "severe": "severe"}


def normalize(text: str) -> list[str]:
    """SQuAD-style: lower case, no punctuation or articles, split on whitespace."""
    text = text.lower().translate(str.maketrans("", "", string.punctuation.replace("-", "")))
    return [t for t in text.split() if t not in {"a", "an", "the"}]


def token_f1(prediction: str, reference: str) -> float:
    pred, ref = normalize(prediction), normalize(reference)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not pred or not ref or common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def bleu(predictions: list[str], references: list[str]) -> float:
    import sacrebleu

    return float(sacrebleu.corpus_bleu(predictions, [references]).score)


def rouge_l(predictions: list[str], references: list[str]) -> float:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    scores = [scorer.score(ref, pred)["rougeL"].fmeasure
              for pred, ref in zip(predictions, references, strict=True)]
    return sum(scores) / len(scores) if scores else 0.0


def meteor(predictions: list[str], references: list[str],
           wordnet: WordNetCorpusReader) -> float:
    """Mean sentence METEOR (nltk: exact, stem and WordNet-synonym matches, alpha 0.9)."""
    from nltk.translate.meteor_score import meteor_score

    scores = [meteor_score([_words(ref)], _words(pred), wordnet=wordnet)
              for pred, ref in zip(predictions, references, strict=True)]
    return sum(scores) / len(scores) if scores else 0.0


def _words(text: str) -> list[str]:
    """Words and punctuation marks; nltk's own tokenizer would need its punkt download."""
    return re.findall(r"\w+(?:[-']\w+)*|[^\w\s]", text.lower())


def mcq_choice(prediction: str, options: list[str]) -> int | None:
    """The option a free-text answer picked: a letter ("B", "B)", "(B)") or an option's text."""
    match = re.search(r"(?:^|[\s(])([A-D])(?:[).:\s]|$)", prediction.strip())
    if match:
        return LETTERS.index(match.group(1))
    lowered = prediction.lower()
    hits = [i for i, opt in enumerate(options) if opt.lower() in lowered]
    return hits[0] if len(hits) == 1 else None


def grade_in(text: str) -> str | None:
    """The first severity word in an answer ("Moderate to severe ..." -> moderate)."""
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _GRADE_WORDS:
            return _GRADE_WORDS[word]
    return None


def balanced_accuracy(gold: list[str], predicted: list[str | None]) -> float:
    """Mean recall over the grades present in `gold` (macro): rare grades count as much."""
    hits: dict[str, int] = defaultdict(int)
    totals = Counter(gold)
    for g, p in zip(gold, predicted, strict=True):
        hits[g] += int(g == p)
    return sum(hits[g] / n for g, n in totals.items()) / len(totals) if totals else 0.0


def score(items: list[QAItem], predictions: list[str], *,
          wordnet: WordNetCorpusReader | None = None) -> dict[str, float | int | None]:
    """All metrics for one model's answers; a metric is None when no item of its kind exists
    (METEOR also when `wordnet` is None: training.wordnet says why)."""
    free = [(p, i.target()) for i, p in zip(items, predictions, strict=True) if i.kind != "mcq"]
    mcq = [(p, i) for i, p in zip(items, predictions, strict=True) if i.kind == "mcq"]
    graded = [(p, i) for i, p in zip(items, predictions, strict=True) if i.label]
    preds, refs = [p for p, _ in free], [r for _, r in free]
    return {
        "items": len(items),
        "mcq_items": len(mcq),
        "mcq_accuracy": (sum(mcq_choice(p, i.options) == i.answer_index for p, i in mcq) / len(mcq)
                         if mcq else None),
        "bleu": bleu(preds, refs) if free else None,
        "rouge_l": rouge_l(preds, refs) if free else None,
        "meteor": meteor(preds, refs, wordnet) if free and wordnet is not None else None,
        "token_f1": sum(token_f1(p, r) for p, r in free) / len(free) if free else None,
        "severity_balanced_accuracy": (
            balanced_accuracy([str(i.label) for _, i in graded], [grade_in(p) for p, _ in graded])
            if graded else None),
    }
