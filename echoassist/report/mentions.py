"""Text grading: which categories a sentence speaks about, with which grade, in which context.

A sentence's phrase matches are cut into clauses (context.py). In each clause, attribute
words ("stenosis", "size", "dilated") are bound to a structure ("aortic valve", "LA"),
giving a category, and each category takes the nearest grade of its clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from echoassist.report import categories as c
from echoassist.report.context import Scope
from echoassist.report.lexicon import Match
from echoassist.report.model import (
    ABNORMAL,
    CURRENT,
    HISTORICAL,
    INDETERMINATE,
    MILD,
    MODERATE,
    NEGATED,
    NORMAL,
    POSSIBLE,
    SEVERE,
    most_severe,
)
from echoassist.report.phrases import (
    ABSORB,
    ATTR,
    GRADE,
    GRADE_BY_ATTRIBUTE,
    MEAS,
    STRUCT,
    WEAK,
    Term,
)

# Text allowed between two grade words that form one grade: "mild-to-moderate",
# "mild/moderate", "severe (4+)", "moderate or severe".
_RANGE_GAP = re.compile(r"[\s\-/(),]*(?:to|or|and)?[\s\-/()]*", re.IGNORECASE)
# Text between a finding and a severity written after it: "enlargement, severe",
# "dilatation: mild".
_POSTPOSED_GAP = re.compile(r"\s*[,:]\s*")
# Two structures written as one: "LA/RA", "LV & RV".
_STRUCTURE_JOIN = re.compile(r"\s*[/&+]\s*")
_SEVERITIES = frozenset({MILD, MODERATE, SEVERE})


@dataclass(frozen=True)
class Mention:
    """A category spoken about in one sentence; `grade` is None when the text gives none."""

    category: str
    grade: str | None
    context: str
    start: int
    end: int
    # The attribute the words name ("stenosis", "paravalvular"): for a prosthesis, which
    # way it fails; None for the structure as a whole.
    aspect: str | None = None


@dataclass
class _Group:
    """Grade words that read as one grade: "mildly" + "reduced", "moderate to severe"."""

    members: list[int]
    grade: str
    attribute: str | None
    keys: list[str]
    grades: list[str]  # each member's own grade, for attribute-dependent words
    first: int  # match index of the first member
    last: int


def sentence_mentions(
    text: str,
    matches: list[Match],
    heading: str | None,
    clause_list: list[list[int]],
    scope: list[Scope],
    carried: tuple[str, ...] = (),
) -> list[Mention]:
    """All category mentions in one sentence (`matches` are its phrase matches, in order;
    `clause_list` and `scope` come from context.clauses and context.scopes). `carried`:
    the categories a sentence opening with a pronoun speaks of ("It is severe.")."""
    if not matches:
        return []
    groups = _grade_groups(text, matches)
    group_of = {i: g for g in groups for i in g.members}
    joined = _joined_structures(text, matches)
    out: list[Mention] = []
    previous: list[tuple[int, str]] = []  # (anchor match index, category) of the last clause
    if carried and groups and matches[0].term.kind == GRADE:
        # The pronoun's grade, anchored on the grade itself, goes to the carried findings.
        previous = [(groups[0].first, cat) for cat in carried]
    for clause in clause_list:
        found = _clause_mentions(matches, clause, clause_list, heading, group_of, scope, joined)
        clause_groups = _unique_groups(clause, group_of)
        if not found and clause_groups and not _has_kind(matches, clause, (STRUCT, ABSORB)):
            # "LVEF 55%, which is normal": a grade with nothing to grade in its clause
            # belongs to the findings just named, in the grade's own context
            # ("..., previously severe, is now normal").
            context_of = _scope_of(clause_groups[0], scope)
            for anchor, cat in previous:
                out.append(_grade_mention(matches, anchor, cat, clause_groups, scope, context_of))
            continue
        for anchor, cat in found:
            out.append(_grade_mention(matches, anchor, cat, clause_groups, scope))
        # A few are enough: a grade after a long list is about its end.
        previous = found[-4:] or previous
    return _dedupe(out)


def _has_kind(matches: list[Match], clause: list[int], kinds: tuple[str, ...]) -> bool:
    return any(matches[i].term.kind in kinds for i in clause)


def _regional(matches: list[Match], clause: list[int]) -> bool:
    """The clause is about a wall segment ("septal hypokinesis", "inferior wall")."""
    for i in clause:
        t = matches[i].term
        if t.kind == ABSORB and t.attribute == c.SYSTOLIC:
            return True
        if t.kind == MEAS and t.measure in ("ivs", "lvpw") and t.attribute is None:
            return True
    return False


def _unique_groups(clause: list[int], group_of: dict[int, _Group]) -> list[_Group]:
    seen: list[_Group] = []
    ids: set[int] = set()
    for i in clause:
        g = group_of.get(i)
        if g is not None and id(g) not in ids:
            ids.add(id(g))
            seen.append(g)
    return seen


def _grade_groups(text: str, matches: list[Match]) -> list[_Group]:
    groups: list[_Group] = []
    for i, m in enumerate(matches):
        if m.term.kind != GRADE:
            continue
        prev = groups[-1] if groups else None
        if prev is not None and _joins(text, matches, prev, i):
            prev.members.append(i)
            prev.keys.append(m.key)
            prev.grades.append(m.term.grade or ABNORMAL)
            prev.last = i
            prev.attribute = prev.attribute or m.term.attribute
            prev.grade = _combine(prev.grade, m.term.grade or ABNORMAL)
            continue
        grade = m.term.grade or ABNORMAL
        groups.append(_Group([i], grade, m.term.attribute, [m.key], [grade], i, i))
    return groups


def _joins(text: str, matches: list[Match], prev: _Group, i: int) -> bool:
    last = prev.last
    between = matches[last + 1 : i]
    if _postposed(text, matches, prev, i):
        return True
    if not between:
        gap = text[matches[last].end : matches[i].start]
        return _RANGE_GAP.fullmatch(gap) is not None
    # "mild LV dilatation", "moderate left atrial enlargement": degree, structure, word.
    degree_then_word = (
        matches[last].term.degree
        and not matches[i].term.degree
        and all(b.term.kind == STRUCT for b in between)
        and len(between) <= 2
    )
    return degree_then_word


def _postposed(text: str, matches: list[Match], prev: _Group, i: int) -> bool:
    """A severity written after an ungraded finding, ending its phrase: "Biatrial
    enlargement, severe.", "RV dilatation: mild". Before another finding ("LA dilated,
    moderate MR") the degree is that finding's."""
    m = matches[i]
    if prev.grade != ABNORMAL or not m.term.degree or m.term.grade not in _SEVERITIES:
        return False
    after = matches[i + 1] if i + 1 < len(matches) else None
    if after is not None and after.key not in (",", ";", "(", ")"):
        return False
    gap = text[matches[prev.last].end : m.start]
    return _POSTPOSED_GAP.fullmatch(gap) is not None


def _joined_structures(text: str, matches: list[Match]) -> frozenset[int]:
    """Indexes i where structure i and structure i + 1 are written as one ("LA/RA")."""
    out = set()
    for i in range(len(matches) - 1):
        a, b = matches[i], matches[i + 1]
        if (
            a.term.kind == STRUCT
            and b.term.kind == STRUCT
            and a.term.structure != c.OTHER
            and b.term.structure != c.OTHER
            and _STRUCTURE_JOIN.fullmatch(text, a.end, b.start) is not None
        ):
            out.add(i)
    return frozenset(out)


def _combine(a: str, b: str) -> str:
    """Two grade words read as one: the higher stated grade; 'abnormal' yields to a degree."""
    if a == ABNORMAL:
        return b
    if b == ABNORMAL:
        return a
    return most_severe([a, b])


def _structures_at(m: Match) -> str | None:
    t = m.term
    if t.kind in (STRUCT, MEAS, ATTR) and t.structure is not None:
        return t.structure
    return None


def _chain(
    matches: list[Match], clause: list[int], pos: int, step: int, joined: frozenset[int]
) -> list[str]:
    """The structure at clause[pos] and any joined to it by 'and' / ',' / '/' ("mitral and
    tricuspid regurgitation", "dilated LA and RA", "LA/RA dilated")."""
    out: list[str] = []
    k = pos
    while 0 <= k < len(clause):
        s = _structures_at(matches[clause[k]])
        if s is None or matches[clause[k]].term.kind == ATTR:
            break
        out.append(s)
        j = k + step
        if not 0 <= j < len(clause):
            break
        if matches[clause[j]].term.kind == WEAK:
            k = j + step
            continue
        if clause[j] - clause[k] == step and min(clause[j], clause[k]) in joined:
            k = j
            continue
        break
    return out


def _bind(
    matches: list[Match],
    clause: list[int],
    pos: int,
    clause_list: list[list[int]],
    heading: str | None,
    attribute: str,
    joined: frozenset[int],
) -> list[str]:
    """Structures an attribute at clause[pos] describes, nearest first."""
    for k in range(pos - 1, -1, -1):
        if _structures_at(matches[clause[k]]) is not None:
            return _chain(matches, clause, k, -1, joined)
    for k in range(pos + 1, len(clause)):
        if _structures_at(matches[clause[k]]) is not None:
            return _chain(matches, clause, k, 1, joined)
    first = clause[0]
    for prior in reversed(clause_list):
        if prior[0] >= first:
            continue
        for i in reversed(prior):
            s = _structures_at(matches[i])
            if s is not None:
                return [s]
    if heading is not None:
        return [heading]
    default = c.DEFAULT_STRUCTURE.get(attribute)
    return [default] if default else []


def _clause_mentions(
    matches: list[Match],
    clause: list[int],
    clause_list: list[list[int]],
    heading: str | None,
    group_of: dict[int, _Group],
    scope: list[Scope],
    joined: frozenset[int],
) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    explicit: set[str] = set()
    for pos, i in enumerate(clause):
        t = matches[i].term
        if t.kind in (ATTR, MEAS) and t.attribute is not None:
            explicit.add(t.attribute)
            structs = (
                [t.structure]
                if t.structure
                else _bind(matches, clause, pos, clause_list, heading, t.attribute, joined)
            )
            for s in structs:
                found.extend((i, cat) for cat in c.categories_for(s, t.attribute))
    # Grade words that carry their attribute: "The LA is dilated", "Dilated RV", "normal
    # in size and function". A systolic word ("reduced") defers to any attribute named.
    for pos, i in enumerate(clause):
        g = group_of.get(i)
        if g is None or g.first != i or g.attribute is None or g.attribute in explicit:
            continue
        if g.attribute == c.SYSTOLIC and (explicit or _regional(matches, clause)):
            continue
        last_pos = clause.index(g.last) if g.last in clause else pos
        structs = _bind_group(
            matches, clause, pos, last_pos, clause_list, heading, g.attribute, joined
        )
        for s in structs:
            found.extend((i, cat) for cat in c.categories_for(s, g.attribute))
    if not found and not _has_kind(matches, clause, (ABSORB,)):
        # "The left ventricle is normal.", "Normal RV.": a structure with a normal grade.
        groups = _unique_groups(clause, group_of)
        if any(g.grade == NORMAL and g.attribute is None for g in groups):
            for i in clause:
                named = _structures_at(matches[i])
                if named is None or matches[i].term.kind != STRUCT or scope[i].negated:
                    continue
                shared = c.DEFAULT_ATTRIBUTES.get(named) if named in c.EXPANDS else None
                for part in c.EXPANDS.get(named, (named,)):
                    for attr in shared or c.DEFAULT_ATTRIBUTES.get(part, ()):
                        found.extend((i, cat) for cat in c.categories_for(part, attr))
    return found


def _bind_group(
    matches: list[Match],
    clause: list[int],
    first_pos: int,
    last_pos: int,
    clause_list: list[list[int]],
    heading: str | None,
    attribute: str,
    joined: frozenset[int],
) -> list[str]:
    # A structure inside the group ("mild LV dilatation") wins.
    for k in range(first_pos, last_pos + 1):
        s = _structures_at(matches[clause[k]])
        if s is not None:
            return [s]
    return _bind(matches, clause, first_pos, clause_list, heading, attribute, joined)


def _grade_mention(
    matches: list[Match],
    anchor: int,
    category: str,
    groups: list[_Group],
    scope: list[Scope],
    own: Scope | None = None,
) -> Mention:
    m = matches[anchor]
    own = own or scope[anchor]
    attribute = m.term.attribute
    usable = [
        g
        for g in groups
        if _scope_of(g, scope).historical == own.historical and _may_grade(matches, anchor, g)
    ]
    chosen = min(usable, key=lambda g: _distance(g, anchor), default=None)
    grade: str | None
    g_scope = _scope_of(chosen, scope) if chosen else Scope()
    negated = own.negated or g_scope.negated
    uncertain = own.uncertain or g_scope.uncertain
    if chosen is not None:
        grade = _group_grade(chosen, attribute)
    elif m.term.grade is not None:
        grade = None if uncertain and not negated else m.term.grade
    else:
        grade = None
    if negated:
        grade = NORMAL
    if own.indeterminate and not negated:
        context, grade = INDETERMINATE, None
    elif own.historical:
        context = HISTORICAL
    elif uncertain:
        context = POSSIBLE
    elif negated:
        context = NEGATED
    else:
        context = CURRENT
    start = min(m.start, matches[chosen.first].start) if chosen else m.start
    end = max(m.end, matches[chosen.last].end) if chosen else m.end
    return Mention(category, grade, context, start, end, attribute)


def _may_grade(matches: list[Match], anchor: int, g: _Group) -> bool:
    """Whether group `g` can grade the finding at `anchor`. Not when the group's own word
    names another attribute ("EF 70%, impaired relaxation" is diastolic), nor
    when it stands before a later finding of its own ("EF 60%, mild MR")."""
    own = matches[anchor].term.attribute
    # "reduced" and "impaired" (filed as systolic words) grade any function.
    specific = g.attribute not in (None, c.SYSTOLIC)
    if specific and own is not None and g.attribute != own and g.grade != NORMAL:
        return False
    if g.first > anchor and g.last + 1 < len(matches):
        if _names_finding(matches[g.last + 1].term):
            return g.first == anchor + 1
    if g.last < anchor and not (
        g.last + 1 < len(matches) and _names_finding(matches[g.last + 1].term)
    ):
        # "Conc LVH (mod), EF 70%", "MR mild, EF 60%": a grade just after another named
        # finding (not a bare structure: "LV normal size and function") is that finding's.
        k = g.first - 1
        while k >= 0 and matches[k].term.kind == WEAK:
            k -= 1
        before = matches[k].term if k >= 0 else None
        if before is not None and before.kind != STRUCT and _names_finding(before):
            return False
    return True


def _names_finding(t: Term) -> bool:
    return t.kind == STRUCT or (t.kind in (ATTR, MEAS) and t.structure is not None)


def _scope_of(g: _Group, scope: list[Scope]) -> Scope:
    s = Scope()
    for i in g.members:
        s.negated |= scope[i].negated
        s.uncertain |= scope[i].uncertain
        s.historical |= scope[i].historical
        s.indeterminate |= scope[i].indeterminate
    return s


def _distance(g: _Group, anchor: int) -> tuple[int, int]:
    if g.first <= anchor <= g.last:
        return (0, 0)
    if anchor < g.first:
        return (g.first - anchor, 1)
    return (anchor - g.last, 0)  # prefer a grade just before its noun ("mild MR")


def _group_grade(g: _Group, attribute: str | None) -> str:
    if attribute is None:
        return g.grade
    grades = [
        GRADE_BY_ATTRIBUTE.get(k, {}).get(attribute, own)
        for k, own in zip(g.keys, g.grades, strict=True)
    ]
    out = grades[0]
    for grade in grades[1:]:
        out = _combine(out, grade)
    return out


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[str, str | None, str, str | None]] = set()
    out = []
    for m in mentions:
        key = (m.category, m.grade, m.context, m.aspect)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
