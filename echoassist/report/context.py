"""Clauses and ConText-style scopes: negated, uncertain, historical, indeterminate.

Written here rather than taken from medspaCy: medspacy 1.3.1 needs spaCy < 3.8 on
Python 3.11, which needs thinc < 8.3 and so numpy < 2, while this application ships
numpy 2 (lancedb/pyarrow). The rules follow ConText (Harkema et al., 2009): a trigger
phrase opens a scope in one direction that ends at a clause boundary or a terminator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from echoassist.report.lexicon import Match
from echoassist.report.phrases import (
    ATTR,
    BARRIER,
    GRADE,
    HIST,
    INDET,
    MEAS,
    NEG,
    NEG_POST,
    STRUCT,
    UNC,
    UNC_POST,
    WEAK,
)


@dataclass
class Scope:
    negated: bool = False
    uncertain: bool = False
    historical: bool = False
    indeterminate: bool = False


def _is_mention_source(m: Match) -> bool:
    t = m.term
    return (
        t.kind == ATTR
        or (t.kind == MEAS and t.attribute is not None)
        or (t.kind == GRADE and t.attribute is not None)
    )


def clauses(matches: list[Match]) -> list[list[int]]:
    """Indexes of `matches` grouped into clauses.

    Strong boundaries ("but", "with", ";") always split. Weak ones ("and", ",") split only
    when a clause carries two grades and two findings ("mild MR and moderate TR"); a piece
    left without a grade is joined back to the piece before it ("mild MR and TR").
    """
    out: list[list[int]] = []
    current: list[int] = []
    for i, m in enumerate(matches):
        if (m.term.kind == BARRIER or m.term.splits) and current:
            out.append(current)
            current = []
        current.append(i)
    if current:
        out.append(current)
    final: list[list[int]] = []
    for clause in out:
        final.extend(_weak_split(matches, clause))
    return final


def _weak_split(matches: list[Match], clause: list[int]) -> list[list[int]]:
    grades = sum(1 for i in clause if matches[i].term.kind == GRADE)
    sources = sum(1 for i in clause if _is_mention_source(matches[i]))
    if grades < 2 or sources < 2:
        return [clause]
    pieces: list[list[int]] = [[]]
    for i in clause:
        if matches[i].term.kind == WEAK and pieces[-1]:
            pieces.append([])
        pieces[-1].append(i)
    merged: list[list[int]] = []
    pending: list[int] = []  # a leading piece without a grade waits for the next one
    for piece in pieces:
        has_grade = any(matches[i].term.kind == GRADE for i in piece)
        if not has_grade:
            if merged:
                merged[-1].extend(piece)
            else:
                pending.extend(piece)
            continue
        merged.append(pending + piece)
        pending = []
    if pending:
        merged.append(pending)
    # A piece with a grade but nothing to grade belongs to what follows it.
    result: list[list[int]] = []
    carry: list[int] = []
    for piece in merged:
        piece = carry + piece
        carry = []
        if not any(_is_mention_source(matches[i]) for i in piece) and piece is not merged[-1]:
            carry = piece
            continue
        result.append(piece)
    if carry:
        if result:
            result[-1].extend(carry)
        else:
            result.append(carry)
    return result


_SEGMENT_MARKS = frozenset({",", "(", ")"})


def _comma_segments(matches: list[Match], clause: list[int]) -> list[list[int]]:
    """Pieces of a clause between commas and brackets: "LVEF 35% (previously 55%)"."""
    segs: list[list[int]] = [[]]
    for i in clause:
        if matches[i].key in _SEGMENT_MARKS and segs[-1]:
            segs.append([])
        segs[-1].append(i)
    return segs


def scopes(matches: list[Match], clause_list: list[list[int]], text: str) -> list[Scope]:
    """Context of every match, from the triggers in its clause (`text` is what the
    matches' offsets point into)."""
    out = [Scope() for _ in matches]
    for clause in clause_list:
        _forward(matches, clause, out, NEG, "negated", text)
        _forward(matches, clause, out, UNC, "uncertain", text)
        _backward(matches, clause, out, NEG_POST, "negated")
        _backward(matches, clause, out, UNC_POST, "uncertain")
        for seg in _comma_segments(matches, clause):
            kinds = [matches[i].term.kind for i in seg]
            if INDET in kinds:
                for i in seg:
                    out[i].indeterminate = True
            if HIST in kinds and not _comparison_only(matches, seg):
                start = min(p for p, i in enumerate(seg) if matches[i].term.kind == HIST)
                # "previously mild" covers what follows; "mild on the prior study"
                # covers the whole segment.
                first = 0 if _history_covers_segment(matches, seg, start) else start
                for i in seg[first:]:
                    out[i].historical = True
        if any(matches[i].term.kind == NEG_POST and matches[i].term.now for i in clause):
            # "The previously noted effusion has resolved": gone now, not history.
            for i in clause:
                if out[i].negated:
                    out[i].historical = False
    return out


def _comparison_only(matches: list[Match], seg: list[int]) -> bool:
    """True when every history word follows a comparison phrase ("compared with prior")."""
    seen_compare = False
    for i in seg:
        m = matches[i]
        if m.term.comparison:
            seen_compare = True
        elif m.term.kind == HIST and not seen_compare:
            return False
    return seen_compare


def _history_covers_segment(matches: list[Match], seg: list[int], first_hist: int) -> bool:
    # A history word after the first grade or finding ("MR was severe on the prior
    # study") dates the whole segment; one at its start ("previously severe") only
    # what follows.
    return any(matches[i].term.kind in (GRADE, ATTR, MEAS) for i in seg[:first_hist])


# "..., aortic stenosis or significant MR": the last item of a list, joined by "or".
_OR_BEFORE = re.compile(r"\b(?:or|nor)(?:\s+any)?\s*$", re.IGNORECASE)


def _denied_degree(matches: list[Match], clause: list[int], pos: int, text: str) -> bool:
    """A "significant" that ends a negated list ("no AS, AR or significant MR"): the
    negation reaches it, so it starts no positive finding."""
    m = matches[clause[pos]]
    if not m.term.significance or pos == 0:
        return False
    before = matches[clause[pos - 1]]
    return _OR_BEFORE.search(text, before.end, m.start) is not None


def _forward(
    matches: list[Match], clause: list[int], out: list[Scope], kind: str, attr: str, text: str
) -> None:
    active = False
    seen_content = False
    for pos, i in enumerate(clause):
        m = matches[i]
        if m.term.kind == kind:
            active, seen_content = True, False
            continue
        if not active:
            continue
        if m.term.kind == GRADE and seen_content and not _denied_degree(matches, clause, pos, text):
            # A later grade starts a new, positive statement: "no MR, mild TR".
            active = False
            continue
        if m.term.kind in (BARRIER,) or (
            m.term.kind == WEAK and m.key == "," and _grade_ahead(matches, clause, pos, text)
        ):
            active = False
            continue
        setattr(out[i], attr, True)
        if m.term.kind in (GRADE, ATTR, MEAS, STRUCT):
            seen_content = True


def _grade_ahead(matches: list[Match], clause: list[int], pos: int, text: str) -> bool:
    """A grade follows in the clause (before any new trigger) that starts a statement of
    its own: the comma at `pos` ends a negated list ("no MR, mild TR")."""
    for later in range(pos + 1, len(clause)):
        k = matches[clause[later]].term.kind
        if k == GRADE and not _denied_degree(matches, clause, later, text):
            return True
        if k in (NEG, UNC):
            return False
    return False


def _backward(
    matches: list[Match], clause: list[int], out: list[Scope], kind: str, attr: str
) -> None:
    for pos, i in enumerate(clause):
        if matches[i].term.kind != kind:
            continue
        for back in range(pos - 1, -1, -1):
            j = clause[back]
            k = matches[j].term.kind
            if k in (NEG, UNC, NEG_POST, UNC_POST):
                break
            if matches[j].key == "," and not _bare_item_before(matches, clause, back):
                break
            setattr(out[j], attr, True)


# What an item of a list may hold for a trigger after the list to reach it: a finding
# named without a grade or a number ("AS, AR and MS are not seen").
_BARE_ITEM = frozenset({STRUCT, ATTR, WEAK})


def _bare_item_before(matches: list[Match], clause: list[int], comma: int) -> bool:
    """The list item before the comma at clause[comma] names a finding and nothing else."""
    named = False
    for back in range(comma - 1, -1, -1):
        m = matches[clause[back]]
        if m.key == ",":
            break
        if m.term.kind not in _BARE_ITEM:
            return False
        named = named or m.term.kind == ATTR
    return named
