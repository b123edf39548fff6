"""Text repairs shared by the extractors: headers/footers, hyphenation, broken-text checks."""

from __future__ import annotations

import re
from collections import Counter

# Lines of a text layer that carry no words: glyph ids, replacement characters, etc.
_WORD = re.compile(r"[A-Za-z]{2,}")
_DIGITS = re.compile(r"\d+")
_HYPHEN_BREAK = re.compile(r"([A-Za-z]{2,})-\n([a-z]{2,})")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*\|?\s+([A-Z][^\n]{1,80})$")
_ROMAN_HEADING = re.compile(
    r"^((?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.|[A-H]\.)\s+([A-Z][A-Za-z\- ]{2,80})$"
)
_NAMED_SECTIONS = {
    "abstract",
    "introduction",
    "background",
    "methods",
    "materials and methods",
    "results",
    "discussion",
    "conclusion",
    "conclusions",
    "limitations",
    "references",
    "acknowledgments",
    "acknowledgements",
    "case report",
    "case presentation",
    "summary",
    "keywords",
    "conflicts of interest",
    "funding",
    "author contributions",
    "data availability statement",
}
MIN_TEXT_CHARS = 20


def _signature(line: str) -> str:
    """Page numbers change from page to page; compare running headers without them, and
    without the spaces around them ("581The International Journal ..." on one page, "580 The
    International Journal ..." on the next)."""
    return " ".join(_DIGITS.sub(" # ", line.lower()).split())


def strip_headers_footers(pages: list[list[str]], edge_lines: int = 2) -> list[list[str]]:
    """Drop lines near the top/bottom that repeat on at least half of the pages (>= 3)."""
    if len(pages) < 3:
        return pages
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = {_signature(x) for x in lines[:edge_lines] + lines[-edge_lines:] if x.strip()}
        counts.update(edges)
    threshold = max(3, len(pages) // 2)
    repeated = {sig for sig, n in counts.items() if n >= threshold}
    bare_number = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.I)
    cleaned = []
    for lines in pages:
        keep = []
        for i, line in enumerate(lines):
            at_edge = i < edge_lines or i >= len(lines) - edge_lines
            if at_edge and (_signature(line) in repeated or bare_number.match(line)):
                continue
            keep.append(line)
        cleaned.append(keep)
    return cleaned


def dehyphenate(text: str) -> str:
    """Join words split across lines ('echocardio-\\ngraphy'); keep real hyphens mid-line."""
    return _HYPHEN_BREAK.sub(r"\1\2", text)


def looks_broken(text: str) -> bool:
    """True when a text layer is mostly not words (bad font encoding, glyph soup)."""
    stripped = "".join(text.split())
    if len(stripped) < MIN_TEXT_CHARS:
        return False
    bad = sum(1 for c in stripped if c == "\ufffd" or (not c.isprintable()))
    if bad / len(stripped) > 0.05:
        return True
    letters_in_words = sum(len(m) for m in _WORD.findall(text))
    letters = sum(1 for c in stripped if c.isalpha())
    # Letter-spaced or glyph-id text has letters but almost no multi-letter words.
    return letters > 50 and letters_in_words / letters < 0.5


def heading_of(line: str) -> str | None:
    """The section name if this line looks like a heading of a paper, else None.

    Numbered ("2.1 Methods", "1 | INTRODUCTION") and roman ("II. METHODS") headings are kept;
    reference-list entries and affiliations ("12 Cole GD, Dhutia NM.", "1 Department of X,
    Y") look alike, so a heading may hold no comma and no full stop.
    """
    text = line.strip()
    if not text or len(text) > 90:
        return None
    plain = text.rstrip(":").strip()
    if plain.lower() in _NAMED_SECTIONS:
        return plain
    match = _NUMBERED_HEADING.match(text) or _ROMAN_HEADING.match(text)
    if not match:
        return None
    number, heading = match.group(1), match.group(2).strip()
    words = heading.split()
    if any(c in heading for c in ",;") or ". " in heading or heading.endswith((".", ":")):
        return None
    if len(words) > 12 or int(number.split(".")[0]) > 15 if number[0].isdigit() else False:
        return None
    # "3 patients were included" is prose: a heading is short or mostly capitalised words.
    if len(words) > 4 and sum(w[0].isupper() for w in words) < len(words) / 2:
        return None
    return f"{number} {heading}"
