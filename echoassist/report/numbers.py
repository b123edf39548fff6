"""Numbers as clinicians write them: decimal commas ("2,8 m/s") and thousands groups
("1,200 ms"), read the same as "2.8" and "1200".

Much of Europe writes a decimal comma; English-style reports write commas between list
items ("EF 55, LVIDd 4.8 cm") and, rarely, in thousands. The rules that tell them apart:

- a comma followed by a space (or anything but a digit) separates items;
- a comma between digits with one or two digits after it is a decimal comma
  ("1,2 cm", "52,5 %"), unless it is part of a run of comma-joined numbers ("1,2,3");
- a comma after a lone 0 is always a decimal comma ("0,125 cm2"): no thousands group
  follows a 0;
- otherwise, three-digit groups after a comma are thousands ("1,200", "12,000").
"""

from __future__ import annotations

import re

# A decimal comma: see the module docstring. The look-behinds keep the match at the
# start of a digit run and out of comma-joined lists ("1,2,3"); the look-ahead likewise,
# while a comma that ends the number ("E/A 0,8, E/e' 12") is a separator and allowed.
_DECIMAL_COMMA = re.compile(r"(?<![\d.])(?<!\d,)(?:0,\d+|\d+,\d{1,2})(?!\d|,\d)")
_COMMA_DIGIT = re.compile(r",\d")

# One number token: a thousands-grouped integer, or digits with an optional decimal part.
# Decimal commas never reach this pattern: `decimal_points` turned them into points.
NUMBER = r"\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+(?:\.\d+)?"


def _comma_to_point(m: re.Match[str]) -> str:
    return m.group().replace(",", ".")


def decimal_points(text: str) -> str:
    """`text` with every decimal comma written as a point; same length, so offsets into
    the result are offsets into `text`."""
    # Most reports have no comma before a digit: one quick literal scan skips the pass,
    # whose look-behind would otherwise be tried at every character.
    if _COMMA_DIGIT.search(text) is None:
        return text
    return _DECIMAL_COMMA.sub(_comma_to_point, text)


def to_float(number: str) -> float:
    """The value of a NUMBER match ("4.5", "1,200")."""
    return float(number.replace(",", ""))
