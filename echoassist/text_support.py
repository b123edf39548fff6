"""Sentence splitting for generated text (answers and report summaries), markers kept."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s*\[\d{1,3}\])*\s+(?=[A-Z0-9(\[])")


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
