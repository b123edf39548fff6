"""Word tokens and the longest-match phrase matcher over them.

One linear regex pass makes the tokens; phrase lookup is a dict probe per token, so the
cost is linear in the input and no input can make a regex backtrack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from echoassist.report.phrases import CASE_SENSITIVE, LEXICON, Term

# Words (any script), numbers, or single punctuation marks. Hyphens are skipped, so
# "non-dilated" and "mild-to-moderate" read like their spaced forms.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)?|[^\w\s-]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """A lexicon phrase found in the text: tokens [first, last) and its meaning."""

    term: Term
    start: int
    end: int
    first: int
    last: int
    key: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _key(words: list[str]) -> str:
    return " ".join(words)


def _compile(entries: dict[str, Term], lower: bool) -> tuple[dict[str, Term], dict[str, int]]:
    table: dict[str, Term] = {}
    longest: dict[str, int] = {}
    for phrase, term in entries.items():
        words = [t.text.lower() if lower else t.text for t in tokenize(phrase)]
        if not words:
            continue
        table[_key(words)] = term
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return table, longest


_LOWER, _LOWER_LONGEST = _compile(LEXICON, lower=True)
_EXACT, _EXACT_LONGEST = _compile(CASE_SENSITIVE, lower=False)


def match(tokens: list[Token]) -> list[Match]:
    """Greedy longest phrase matches, left to right, not overlapping.

    An all-capitals abbreviation (case-sensitive table) wins over a longer lowercase
    phrase only when it is at least as long.
    """
    lowers = [t.text.lower() for t in tokens]
    origs = [t.text for t in tokens]
    out: list[Match] = []
    i, n = 0, len(tokens)
    while i < n:
        best: tuple[int, Term, str] | None = None
        for table, longest, words in (
            (_EXACT, _EXACT_LONGEST, origs),
            (_LOWER, _LOWER_LONGEST, lowers),
        ):
            span = min(longest.get(words[i], 0), n - i)
            for length in range(span, 0, -1):
                if best is not None and length <= best[0]:
                    break
                key = _key(words[i : i + length])
                term = table.get(key)
                if term is not None:
                    best = (length, term, key)
                    break
        if best is None:
            i += 1
            continue
        length, term, key = best
        out.append(Match(term, tokens[i].start, tokens[i + length - 1].end, i, i + length, key))
        i += length
    return out
