"""Sentence splitting and word-overlap support, used to attribute answer sentences to sources."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s*\[\d{1,3}\])*\s+(?=[A-Z0-9(\[])")
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
# Words that say nothing about which source a sentence came from.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because
been before being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers him his how i if in into is it its itself just
may me might more most must my no nor not now of off on once only or other our out over own same
she should so some such than that the their them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your
however therefore thus usually often typically generally called known""".split()
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, keeping citation markers with their sentence."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group(0).rstrip())
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1}


def support_score(sentence: str, source: str) -> float:
    """Share of the sentence's content words that the source contains (0..1)."""
    words = content_words(sentence)
    if not words:
        return 0.0
    return len(words & content_words(source)) / len(words)
