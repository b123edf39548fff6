"""The one registry of report words (phrases.py) and what it refers to.

A phrase registered twice with two meanings must fail loudly, and every structure,
attribute, measure, category and guideline table the words point at must exist.
"""

from __future__ import annotations

import pytest

from echoassist.report import analyze
from echoassist.report import categories as c
from echoassist.report import guidelines as g
from echoassist.report import phrases as p
from echoassist.report.grading import PRECEDENCE, STRUCTURE_CATEGORY, UNGRADED_CATEGORY
from echoassist.report.measurements import SPECS, STRUCTURE_DEPENDENT
from echoassist.report.model import LABELS, NOT_ASSESSED
from echoassist.report.sections import NON_FINDING_SECTIONS
from echoassist.report.tokens import phrase_key

GRADES = set(LABELS) - {NOT_ASSESSED}
# Measures read and shown, but graded by no table: body size feeds other grades.
RECORDED_ONLY = {"bsa", "height", "weight"}


def _all_terms() -> list[tuple[str, p.Term]]:
    return [*p.LEXICON.items(), *p.CASE_SENSITIVE.items()]


# --- the registry helper -------------------------------------------------------------


def test_a_phrase_with_a_second_meaning_is_refused_naming_both_sections() -> None:
    reg = p.Registry()
    reg.begin("grades")
    reg.add("very large|huge", p.Term(p.GRADE, grade="severe", degree=True))
    reg.begin("size words")
    with pytest.raises(p.PhraseConflict, match="'very large'.*'size words'.*'grades'"):
        reg.add("enlarged|very large", p.Term(p.GRADE, grade="abnormal", attribute="size"))


def test_the_same_meaning_twice_is_accepted() -> None:
    reg = p.Registry()
    term = p.Term(p.STRUCT, structure=c.PERICARDIUM)
    reg.add("pericardium|pericardial sac", term)
    reg.add("pericardial sac", p.Term(p.STRUCT, structure=c.PERICARDIUM))
    assert reg.words == {"pericardium": term, "pericardial sac": term}


def test_spellings_that_read_alike_are_one_phrase() -> None:
    # Hyphens and case do not make a second phrase, so they cannot dodge the check.
    reg = p.Registry()
    reg.add("echo-free space", p.Term(p.MEAS, measure="effusion_depth"))
    with pytest.raises(p.PhraseConflict):
        reg.add("Echo free space", p.Term(p.ABSORB))


def test_abbreviations_in_capitals_are_their_own_table() -> None:
    reg = p.Registry()
    reg.add("as", p.Term(p.WEAK))
    reg.add("AS", p.Term(p.ATTR, attribute=c.STENOSIS, structure=c.AV), capitals=True)
    assert reg.words["as"].kind == p.WEAK
    assert reg.capitals["AS"].kind == p.ATTR


def test_every_phrase_is_stored_as_the_matcher_reads_it() -> None:
    assert all(phrase_key(k) == k for k in p.LEXICON)
    assert all(phrase_key(k, case_sensitive=True) == k for k in p.CASE_SENSITIVE)
    assert all(p.REGISTRY.where[(False, k)] for k in p.LEXICON)


# --- the conflicts the old `|=` merges hid, as decided -------------------------------


@pytest.mark.parametrize(
    ("phrase", "kind", "expected"),
    [
        ("very large", p.GRADE, {"grade": "severe", "degree": True}),
        ("large sized", p.GRADE, {"grade": "abnormal", "degree": False}),
        ("not excluded", p.UNC_POST, {}),
        ("pleural effusion", p.STRUCT, {"structure": c.OTHER}),
        ("vegetation", p.STRUCT, {"structure": c.OTHER}),
        ("wall motion abnormality", p.ABSORB, {"attribute": c.SYSTOLIC}),
        ("ejection fraction", p.MEAS, {"measure": "ef", "attribute": c.SYSTOLIC}),
        ("vena contracta width", p.MEAS, {"measure": "vena_contracta"}),
    ],
)
def test_conflict_decisions(phrase: str, kind: str, expected: dict[str, object]) -> None:
    term = p.LEXICON[phrase]
    assert term.kind == kind
    for name, value in expected.items():
        assert getattr(term, name) == value


def test_very_large_is_the_top_grade() -> None:
    assert analyze("Left atrial size is very large.").labels() == {"la_cavity": "severe"}
    assert analyze("Very large pericardial effusion.").labels() == {
        "pericardial_effusion": "severe"
    }


# --- everything the words refer to exists ---------------------------------------------


def test_every_term_names_a_known_kind_structure_attribute_grade_and_measure() -> None:
    for key, t in _all_terms():
        assert t.kind in p.KINDS, key
        assert t.structure is None or t.structure in c.STRUCTURES, key
        assert t.attribute is None or t.attribute in c.ATTRIBUTES, key
        assert t.grade is None or t.grade in GRADES, key
        assert (t.measure is not None) == (t.kind == p.MEAS), key
        assert t.measure is None or t.measure in SPECS, key


def test_every_named_structure_and_attribute_pair_has_a_category() -> None:
    # A phrase that names both a structure and an attribute must land in a category.
    for key, t in _all_terms():
        if t.kind in (p.ATTR, p.MEAS) and t.structure and t.attribute:
            assert c.categories_for(t.structure, t.attribute), key


def test_every_category_is_reachable_from_the_words_or_a_table() -> None:
    reached = set(STRUCTURE_CATEGORY.values()) | {t.category for t in g.TABLES}
    reached |= {cat for cat, _ in UNGRADED_CATEGORY.values()}
    for structure in c.STRUCTURES:
        for attribute in c.ATTRIBUTES:
            reached.update(c.categories_for(structure, attribute))
    assert set(c.CATEGORIES) <= reached
    assert set(c.CATEGORY_OF.values()) <= set(c.CATEGORIES)


def test_every_measure_is_graded_by_a_table_or_filed_under_a_category() -> None:
    graded = ({t.measure for t in g.TABLES} - {"wall"}) | set(g.WALL_MEASURES)
    filed = set(UNGRADED_CATEGORY) | {m for m, _ in STRUCTURE_CATEGORY}
    for measure in SPECS:
        assert measure in graded | filed | RECORDED_ONLY, measure
    assert set(STRUCTURE_DEPENDENT) <= set(SPECS)
    for cat, order in PRECEDENCE.items():
        assert cat in c.CATEGORIES
        assert set(order) <= set(SPECS)


def test_every_table_names_its_guideline_category_and_measure() -> None:
    for t in g.TABLES:
        assert t.guideline in g.GUIDELINES, t.label
        assert t.category in c.CATEGORIES, t.label
        assert t.measure in SPECS or t.measure == "wall", t.label
        assert t.structure is None or t.structure in c.STRUCTURES, t.label
        assert t.sex in (None, "m", "f"), t.label
        assert t.bands[0].low is None and all(b.low is not None for b in t.bands[1:]), t.label
        lows = [b.low for b in t.bands[1:] if b.low is not None]
        assert lows == sorted(lows), t.label
        assert {b.grade for b in t.bands} <= GRADES, t.label
    assert set(g.WALL_MEASURES) <= set(SPECS)
    assert set(g.DIASTOLIC_LIMITS) <= set(SPECS)


def test_the_other_word_lists_point_at_real_things() -> None:
    for word, attributes in p.GRADE_BY_ATTRIBUTE.items():
        assert p.LEXICON[word].kind == p.GRADE, word
        assert set(attributes) <= c.ATTRIBUTES and set(attributes.values()) <= GRADES
    sections = set(p.SECTION_HEADINGS.values())
    assert NON_FINDING_SECTIONS <= sections
    assert sections - NON_FINDING_SECTIONS == {
        "findings",
        "impression",
        "measurements",
        "comparison",
    }
    assert set(p.SEX_WORDS.values()) == {"m", "f"} and set(p.SEX_FIELD_WORDS) <= set(p.SEX_WORDS)
    assert set(p.SUMMARY_CATEGORY_NAMES) <= set(c.CATEGORIES)
    assert set(p.SUMMARY_GRADE_WORDS.values()) <= GRADES
    assert p.LEXICON["compared with"].comparison and p.LEXICON["today"].now
