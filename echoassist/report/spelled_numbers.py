"""Numbers written as words ("forty-five percent", "thirty two millimetres of mercury",
"two point eight metres per second") rewritten as digits, keeping the text's length.

Dictated reports spell numbers out. The rewrite pads the digits with spaces to the words'
length, so offsets into the result are offsets into the original (sections.normalize).
Whole numbers up to 99, with an optional decimal digit after "point". A lone digit word
is rewritten only before a unit or "point" (phrases.NUMBER_UNIT_WORDS): "one of the
valves" and "grade two" stay words.
"""

from __future__ import annotations

import re

from echoassist.report.phrases import (
    NUMBER_POINT,
    NUMBER_TEENS,
    NUMBER_TENS,
    NUMBER_UNIT_WORDS,
    NUMBER_UNITS,
)


def _words(table: dict[str, int]) -> str:
    return "|".join(sorted(table, key=len, reverse=True))


_UNIT = _words(NUMBER_UNITS)
_WHOLE = (
    rf"(?P<tens>{_words(NUMBER_TENS)})(?:[\s-]+(?P<ones>{_UNIT}))?\b"
    rf"|(?P<teen>{_words(NUMBER_TEENS)})\b"
    rf"|(?P<unit>{_UNIT})\b(?=\s*(?:{NUMBER_POINT}\b|"
    + "|".join(re.escape(u) for u in NUMBER_UNIT_WORDS)
    + "))"
)
_SPELLED = re.compile(
    rf"\b(?:{_WHOLE})(?:\s+{NUMBER_POINT}\s+(?P<decimal>{_UNIT})\b)?", re.IGNORECASE
)
# A quick test on the lowercased text that skips the pass for the many reports with no
# number words: a word start, one of the first letters, then the rest of a number word.
_ALL = sorted({**NUMBER_UNITS, **NUMBER_TEENS, **NUMBER_TENS}, key=len, reverse=True)
_FIRST = "".join(sorted({w[0] for w in _ALL}))
_ANY = re.compile(rf"(?<![a-z])[{_FIRST}](?:{'|'.join(w[1:] for w in _ALL)})(?![a-z])")


def _digits(m: re.Match[str]) -> str:
    g = m.groupdict()
    if g["tens"]:
        value = NUMBER_TENS[g["tens"].lower()] + (
            NUMBER_UNITS[g["ones"].lower()] if g["ones"] else 0
        )
    elif g["teen"]:
        value = NUMBER_TEENS[g["teen"].lower()]
    else:
        value = NUMBER_UNITS[g["unit"].lower()]
    text = str(value) + (f".{NUMBER_UNITS[g['decimal'].lower()]}" if g["decimal"] else "")
    return text.ljust(len(m.group()))


def spelled_numbers(text: str) -> str:
    """`text` with spelled-out numbers written as digits, padded to the same length."""
    if _ANY.search(text.lower()) is None:
        return text
    return _SPELLED.sub(_digits, text)
