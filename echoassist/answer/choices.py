"""Multiple-choice questions: the stem and the options it offers.

"Which finding favours pericarditis over STEMI? (a) ... (b) ... (c) ... (d) ..." and "which of
these is NOT a sign of constriction: septal bounce, annulus reversus, ..., or ...?" ask about
each option in turn. The evidence then holds what the knowledge base says of each option, and
the options' words are the asker's choices, not what the knowledge base must hold: a distractor
("Spodick sign") the notes never mention is no reason to refuse the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Choices:
    stem: str  # the question without its options
    options: tuple[str, ...]


MIN_LETTERED = 2  # "(a) ... (b) ..." is already a choice between two
MIN_LISTED = 3  # "x, y or z" after "which of these": fewer is an ordinary "x or y" question
MAX_OPTION_WORDS = 20  # longer is a sentence, not an option

# "(a) ", "a) ", "A. ", "(A) " before an option, at the question's start or after a space.
_MARKER = re.compile(r"(?:(?<=\s)|^)(?:\(([a-eA-E])\)|([a-eA-E])[).])\s+")
# "which of these/the following ...", "which one is NOT ...", "which ... does NOT ...".
_ASKS_WHICH = re.compile(r"\b(?i:which)\s+(?:one\s+)?(?i:of)\s+(?:these|the\s+following|them)\b|"
                         r"\b(?i:which)\b[^:?]{0,80}?\bNOT\b")
_LAST_OR = re.compile(r"^(.*)\s+or\s+(.*)$")  # "x, y, z or w": the last comma is an "or"


def multiple_choice(question: str) -> Choices | None:
    """The question's stem and options; None when it offers none."""
    return _lettered(question) or _listed(question)


def _lettered(question: str) -> Choices | None:
    markers = list(_MARKER.finditer(question))
    # The options run a, b, c ... in order, each letter once, all in one case.
    letters = [(m[1] or m[2]) for m in markers]
    start = next((i for i, letter in enumerate(letters) if letter in "aA"), None)
    if start is None:
        return None
    run = [markers[start]]
    for marker, letter in zip(markers[start + 1:], letters[start + 1:], strict=True):
        if letter == chr(ord(letters[start]) + len(run)):
            run.append(marker)
    if len(run) < MIN_LETTERED:
        return None
    ends = [m.start() for m in run[1:]] + [len(question)]
    options = tuple(_clean(question[m.end():end]) for m, end in zip(run, ends, strict=True))
    if not all(options) or any(len(o.split()) > MAX_OPTION_WORDS for o in options):
        return None
    return Choices(question[:run[0].start()].strip(), options)


def _listed(question: str) -> Choices | None:
    asks = _ASKS_WHICH.search(question)
    if asks is None:
        return None
    colon = question.find(":", asks.start())
    if colon < 0:
        return None
    # Commas part the options; "or" only the last two ("capture or fusion beats" is one).
    parts = question[colon + 1:].split(",")
    last = _LAST_OR.match(parts[-1].strip())
    if last and len(parts) > 1 and not parts[-1].strip().startswith("or "):
        parts[-1:] = [last[1], last[2]]
    items = tuple(cleaned for cleaned in map(_clean, parts) if cleaned)
    if len(items) < MIN_LISTED or any(len(item.split()) > MAX_OPTION_WORDS for item in items):
        return None
    return Choices(question[:colon].strip(), items)


def _clean(option: str) -> str:
    return re.sub(r"^(?:or|and)\s+|[\s,;.?]+$|\s+(?:or|and)$", "", option.strip()).strip()
