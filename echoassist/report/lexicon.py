"""Word tokens and the longest-match phrase matcher over them.

One linear regex pass makes the tokens; phrase lookup is a dict probe per token, so the
cost is linear in the input and no input can make a regex backtrack.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from echoassist.report.numbers import NUMBER
from echoassist.report.phrases import CASE_SENSITIVE, LEXICON, Term

# Words (any script), numbers ("1,200" is one), or single punctuation marks. Hyphens are
# skipped, so "non-dilated" and "mild-to-moderate" read like their spaced forms.
_TOKEN = re.compile(rf"[^\W\d_]+|{NUMBER}|[^\w\s-]")


class Token(NamedTuple):
    text: str
    start: int
    end: int


class Match(NamedTuple):
    """A lexicon phrase found in the text: tokens [first, last) and its meaning."""

    term: Term
    start: int
    end: int
    first: int
    last: int
    key: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text, start, end)]


def _compile(
    entries: dict[str, Term], lower: bool
) -> tuple[dict[str, Term], dict[str, tuple[int, ...]]]:
    """Phrase table keyed by space-joined words, and for each first word the phrase
    lengths that start with it, longest first."""
    table: dict[str, Term] = {}
    lengths: dict[str, set[int]] = {}
    for phrase, term in entries.items():
        words = [t.text.lower() if lower else t.text for t in tokenize(phrase)]
        if not words:
            continue
        table[" ".join(words)] = term
        lengths.setdefault(words[0], set()).add(len(words))
    return table, {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}


_LOWER, _LOWER_LONGEST = _compile(LEXICON, lower=True)
_EXACT, _EXACT_LONGEST = _compile(CASE_SENSITIVE, lower=False)


def match(tokens: list[Token]) -> list[Match]:
    """Greedy longest phrase matches, left to right, not overlapping.

    The case-sensitive table (abbreviations in capitals) is tried first; a lowercase
    phrase wins only when it is longer.
    """
    out: list[Match] = []
    n = len(tokens)
    origs = [t.text for t in tokens]
    lowers = [w.lower() for w in origs]
    exact_lengths, lower_lengths = _EXACT_LONGEST, _LOWER_LONGEST
    exact, lower = _EXACT, _LOWER
    i = 0
    while i < n:
        best_len = 0
        best_term: Term | None = None
        best_key = ""
        for length in exact_lengths.get(origs[i], ()):
            if length <= n - i:
                key = " ".join(origs[i : i + length])
                term = exact.get(key)
                if term is not None:
                    best_len, best_term, best_key = length, term, key
                    break
        for length in lower_lengths.get(lowers[i], ()):
            if best_len < length <= n - i:
                key = " ".join(lowers[i : i + length])
                term = lower.get(key)
                if term is not None:
                    best_len, best_term, best_key = length, term, key
                    break
        if best_term is None:
            i += 1
            continue
        out.append(
            Match(
                best_term, tokens[i].start, tokens[i + best_len - 1].end, i, i + best_len, best_key
            )
        )
        i += best_len
    return out
