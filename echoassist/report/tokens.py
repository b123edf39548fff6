"""Word tokens: one linear regex pass, shared by the phrase registry and the matcher, so a
phrase is stored under exactly the tokens the matcher will see in a report."""

from __future__ import annotations

import re
from typing import NamedTuple

from echoassist.report.numbers import NUMBER

# Words (any script), numbers ("1,200" is one), or single punctuation marks. Hyphens are
# skipped, so "non-dilated" and "mild-to-moderate" read like their spaced forms.
_TOKEN = re.compile(rf"[^\W\d_]+|{NUMBER}|[^\w\s-]")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text, start, end)]


def phrase_key(phrase: str, case_sensitive: bool = False) -> str:
    """The form a phrase is stored and looked up under: its tokens, space-joined
    (lowercased unless case matters)."""
    words = (m.group() for m in _TOKEN.finditer(phrase))
    return " ".join(words if case_sensitive else (w.lower() for w in words))
