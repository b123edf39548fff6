"""Split a report into sections and sentences, keeping exact character offsets.

Normalisation maps characters one-to-one (same length), so every offset found in the
normalised text is also an offset into the caller's original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from echoassist.report.numbers import decimal_points
from echoassist.report.phrases import SECTION_HEADINGS
from echoassist.report.spelled_numbers import spelled_numbers

# One-to-one replacements only: dashes, odd spaces, superscripts, full-width digits.
_SAME_LENGTH = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\t": " ",
        "\u00b2": "2",
        "\u00b3": "3",
        "\u2019": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2022": "-",
        "\u00b7": "-",
        "\u2264": "<",
        "\u2265": ">",
        "\u00d7": "x",
        "\u00b5": "u",
        "\r": " ",  # "\r\n" must not read as a blank line
        "\x00": " ",
        **{chr(0xFF10 + d): str(d) for d in range(10)},
    }
)

# Sections that never hold findings about this study.
NON_FINDING_SECTIONS = frozenset(
    {"indication", "history", "technique", "patient", "recommendations"}
)
# Headings that, written with their content on the same line, cover only that paragraph.
_PARAGRAPH_ONLY = NON_FINDING_SECTIONS | {"comparison"}

_HEADING = re.compile(
    r"[ \t#*>\-]*(?P<name>[A-Za-z][A-Za-z0-9 ]{0,38}?)[ \t]*(?:(?P<colon>[:|])|$)", re.ASCII
)
_LIST_MARK = re.compile(r"[ \t]*(?:[-*+>#]+|\(?\d{1,2}[.)](?!\d)|\(?[a-z][.)](?=\s))?[ \t]*")
# A sentence ends at . ! ? or ; followed by space, unless the period closes a number
# ("0.8") or a known abbreviation handled by the caller's lexicon ("vs." rarely matters).
# Dot leaders ("LVIDd ...... 4.4 cm") and a stop after a space end nothing: they keep an
# export's name and its value in one sentence.
_SENTENCE_END = re.compile(
    # The mark comes first so the look-behinds (abbreviations) run only at a full stop.
    r"(?:[!?]|\.(?<!\bapprox\.)(?<!\bca\.)(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)"
    r"(?<!\best\.)(?<!\bDr\.)(?<!\bapp\.)(?<!\.\.)(?<!\s\.))(?=\s|$)|[.!?]?\n|"
    # A full stop with no space after it, before a new capitalised word: "60%.Mild MR".
    r"(?<=[a-z%)])\.(?=[A-Z][a-z])"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    section: str
    line_start: int


def normalize(text: str) -> str:
    """Same-length normalisation: offsets into the result are offsets into `text`.
    Decimal commas become points here, so every later reader sees one decimal mark, and
    numbers written as words become digits."""
    return spelled_numbers(decimal_points(text.translate(_SAME_LENGTH)))


def _heading(line: str) -> tuple[str, int, bool] | None:
    """(section, content offset within line, inline) for a heading line, else None."""
    m = _HEADING.match(line)
    if m is None:
        return None
    name = " ".join(m.group("name").lower().split())
    section = SECTION_HEADINGS.get(name)
    if section is None:
        return None
    is_upper = m.group("name").isupper()
    if m.group("colon") is None and not is_upper and line.strip().lower() != name:
        return None
    rest = line[m.end() :]
    return section, m.end(), bool(rest.strip())


# Headings whose inline content is one sentence ("Sex: Male. Age: 54.").
_SENTENCE_ONLY = frozenset({"patient"})


def sentences(text: str) -> list[Sentence]:
    """Sentences (trimmed spans) with the section each belongs to.

    Headings are recognised at the start of any sentence, so a report pasted as one line
    ("FINDINGS: ... IMPRESSION: ...") still splits into sections.
    """
    out: list[Sentence] = []
    state = _State()
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl == -1 else nl
        if text[pos:line_end].strip():
            _split_line(text, pos, line_end, state, out)
        state.end_paragraph()
        if nl == -1:
            break
        pos = nl + 1
    return out


class _State:
    """Current section: a sticky one, and a narrower one a heading may open for a
    paragraph or a sentence."""

    def __init__(self) -> None:
        self.sticky = "findings"
        self.paragraph: str | None = None
        self.sentence: str | None = None

    @property
    def section(self) -> str:
        return self.sentence or self.paragraph or self.sticky

    def open(self, name: str, inline: bool) -> None:
        self.sentence = None
        if inline and name in _SENTENCE_ONLY:
            self.sentence = name
        elif inline and name in _PARAGRAPH_ONLY:
            self.paragraph = name
        else:
            self.sticky, self.paragraph = name, None

    def end_sentence(self) -> None:
        self.sentence = None

    def end_paragraph(self) -> None:
        self.paragraph = self.sentence = None


def _split_line(text: str, start: int, end: int, state: _State, out: list[Sentence]) -> None:
    m = _LIST_MARK.match(text, start, end)
    cursor = m.end() if m else start
    while cursor < end:
        # Headings are short and end the line or carry a colon: skip the regex otherwise.
        window = min(end, cursor + 42)
        maybe = (
            end - cursor <= 40
            or text.find(":", cursor, window) != -1
            or (text.find("|", cursor, window) != -1)
        )
        head = _heading(text[cursor:end]) if maybe else None
        if head is not None:
            name, offset, inline = head
            state.open(name, inline)
            cursor += offset
        m_end = _SENTENCE_END.search(text, cursor, end)
        stop = m_end.end() if m_end else end
        segment = text[cursor:stop]
        s = cursor + len(segment) - len(segment.lstrip())
        e = cursor + len(segment.rstrip())
        for piece_start, piece_end in _pieces(text, s, e):
            out.append(Sentence(piece_start, piece_end, state.section, start))
        state.end_sentence()
        cursor = stop


# Real sentences are far shorter; capping them bounds the per-sentence work, so text
# without full stops (a pasted table, junk) still costs time linear in its length.
MAX_SENTENCE = 400


def _pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while e - s > MAX_SENTENCE:
        cut = max(text.rfind(";", s, s + MAX_SENTENCE), text.rfind(",", s, s + MAX_SENTENCE))
        if cut <= s + MAX_SENTENCE // 2:
            cut = text.rfind(" ", s, s + MAX_SENTENCE)
        if cut <= s:
            cut = s + MAX_SENTENCE - 1
        out.append((s, cut + 1))
        s = cut + 1
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        out.append((s, e))
    return [(a, b) for a, b in out if b > a and not text[a:b].isspace()]
