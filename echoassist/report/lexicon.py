"""The longest-match phrase matcher over word tokens.

Tokens come from one linear regex pass (tokens.py); phrase lookup is a dict probe per
token, so the cost is linear in the input and no input can make a regex backtrack.
"""

from __future__ import annotations

from typing import NamedTuple

from echoassist.report.phrases import (
    CASE_SENSITIVE,
    LEXICON,
    LOWERCASE_NOT_ABBREVIATIONS,
    Term,
)
from echoassist.report.spelling import corrected
from echoassist.report.tokens import Token, tokenize

__all__ = ["Match", "Token", "match", "tokenize"]


class Match(NamedTuple):
    """A lexicon phrase found in the text: tokens [first, last) and its meaning."""

    term: Term
    start: int
    end: int
    first: int
    last: int
    key: str


def _first_words(table: dict[str, Term]) -> dict[str, tuple[int, ...]]:
    """For each first word, the lengths (in tokens) of the phrases that start with it,
    longest first. Registry keys are already space-joined tokens (phrases.Registry)."""
    lengths: dict[str, set[int]] = {}
    for key in table:
        words = key.split(" ")
        lengths.setdefault(words[0], set()).add(len(words))
    return {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}


_LOWER, _LOWER_LONGEST = LEXICON, _first_words(LEXICON)
_EXACT, _EXACT_LONGEST = CASE_SENSITIVE, _first_words(CASE_SENSITIVE)
# Capitals-only words of the case-sensitive table, by their lowercase form ("tr": "TR").
_CAPITALS = {
    w.lower(): w
    for key in CASE_SENSITIVE
    for w in key.split(" ")
    if len(w) > 1 and w.isupper() and w.isalpha() and w.lower() not in LOWERCASE_NOT_ABBREVIATIONS
}


def match(tokens: list[Token], all_lowercase: bool = False) -> list[Match]:
    """Greedy longest phrase matches, left to right, not overlapping.

    The case-sensitive table (abbreviations in capitals) is tried first; a lowercase
    phrase wins only when it is longer. In a report written all in lowercase
    (`all_lowercase`), abbreviations are looked up as if written in capitals. Lowercase
    lookups read a word with a spelling slip as the lexicon word it stands for
    (spelling.py).
    """
    out: list[Match] = []
    n = len(tokens)
    origs = [t.text for t in tokens]
    if all_lowercase:
        origs = [_CAPITALS.get(w, w) for w in origs]
    lowers = [corrected(w.lower()) for w in origs]
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
