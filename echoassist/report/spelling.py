"""Spelling slips in report words: a word one slip away from exactly one long lexicon word
("stenossis", "regurgitaton", "ventricel", "moderatly") is read as that word.

Only words of at least `MIN_LENGTH` letters are corrected, to lexicon words of at least
`MIN_TARGET` letters: short words lie one edit from too many others ("mid", "mild";
"right", "eight"). A word the lexicon or the English filler list already knows is never
changed, and a slip that could be either of two lexicon words of different meaning is
left alone. Candidates
come from a deletion index (each long lexicon word with one letter dropped), and each is
checked against the kinds of slip that seldom make another real word (`_slip`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from echoassist.report.phrases import ENGLISH_FILLERS, LEXICON, UNIT_WORDS, WORD_NOT_A_SLIP

MIN_LENGTH = 5
MIN_TARGET = 6


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _slip(word: str, target: str) -> bool:
    """`word` is `target` typed with one slip of the kinds that leave a non-word: two
    neighbours swapped ("mitrla"), a letter left out inside the word ("regurgitaton"), or
    a letter doubled ("stenossis"). Changed letters and changed endings are not slips
    here: they mostly make another real word ("values"/"valves", "raises"/"raised"). The
    first letter must agree ("light" is no slip for "slight")."""
    if not word or word[0] != target[0]:
        return False
    if len(word) == len(target):
        diff = [i for i in range(len(word)) if word[i] != target[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == target[diff[1]]
            and word[diff[1]] == target[diff[0]]
        )
    short, long = (word, target) if len(word) < len(target) else (target, word)
    if len(long) - len(short) != 1:
        return False
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    if short[i:] != long[i + 1 :]:
        return False
    if short is word:  # a letter left out, not the last one
        return i < len(long) - 1
    return long[i] in (long[i - 1], long[i + 1 : i + 2])  # a letter doubled


def _index(words: Iterable[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for w in words:
        out.setdefault(w, set()).add(w)
        for d in _deletions(w):
            out.setdefault(d, set()).add(w)
    return out


_KNOWN = frozenset(w for key in LEXICON for w in key.split(" ")) | ENGLISH_FILLERS | UNIT_WORDS
_TARGETS = sorted(w for w in _KNOWN - ENGLISH_FILLERS if len(w) >= MIN_TARGET and w.isalpha())
_INDEX = _index(_TARGETS)


@lru_cache(maxsize=8192)
def corrected(word: str) -> str:
    """The lexicon word a lowercase `word` is a slip for, else `word` itself."""
    if len(word) < MIN_LENGTH or word in _KNOWN or word in WORD_NOT_A_SLIP or not word.isalpha():
        return word
    candidates = set(_INDEX.get(word, ()))  # a letter left out
    for d in _deletions(word):  # a letter added, changed or swapped
        candidates |= _INDEX.get(d, set())
    hits = sorted(c for c in candidates if _slip(word, c))
    if len(hits) == 1:
        return hits[0]
    # Two readings that mean the same ("dilatted": "dilated" or "dilatated") are one.
    meanings = {LEXICON.get(h) for h in hits}
    return hits[0] if len(meanings) == 1 and None not in meanings else word
