"""`analyze(text)`: one echo report in, one Report (a label per category) out."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from echoassist.report import categories as c
from echoassist.report.categories import CATEGORIES
from echoassist.report.context import clauses, scopes
from echoassist.report.grading import (
    PRECEDENCE,
    Graded,
    diastolic_grade,
    grade_values,
    ph_probability,
)
from echoassist.report.guidelines import IVC_NORMAL_MAX_CM
from echoassist.report.lexicon import Match, match, tokenize
from echoassist.report.measurements import (
    UNNAMED_OWNERS,
    RawValue,
    ivc_words,
    sentence_values,
    unnamed_values,
)
from echoassist.report.mentions import Mention, sentence_mentions
from echoassist.report.model import (
    ABNORMAL,
    CONFLICT,
    CURRENT,
    DISCORDANT,
    HISTORICAL,
    HISTORICAL_ONLY,
    NEGATED,
    NEGATED_ONLY,
    NORMAL,
    NOT_ASSESSED,
    POSSIBLE,
    SEX_DEPENDENT,
    UNCERTAIN,
    Evidence,
    Finding,
    Measurement,
    Report,
    most_severe,
    rank,
    steps_apart,
)
from echoassist.report.patient import stated_sex
from echoassist.report.phrases import (
    ANAPHORA,
    ATTR,
    CURRENT_STUDY_LABEL_WORDS,
    ENGLISH_FILLERS,
    MEAS,
    SEX_FIELD_WORDS,
    SEX_WORDS,
    STRUCT,
    STUDY_LABEL_WORDS,
    UNIT_WORDS,
)
from echoassist.report.prostheses import (
    Devices,
    give_to_prostheses,
    negated_before,
    operated_for,
    sentence_devices,
)
from echoassist.report.prostheses import detail as prosthesis_detail
from echoassist.report.sections import NON_FINDING_SECTIONS, Sentence, normalize, sentences

# Longer input is cut here: real reports are a few kB (the longest we know of, 10 kB),
# and this keeps every call well under a second even on a busy machine.
MAX_CHARS = 50_000
_BIOMETRIC = frozenset({"bsa", "height", "weight"})
_LINE_HEAD = re.compile(r"[ \t\-*>#\d.)]*([^:\n|]{1,40}?)[ \t]*[:|]")
_WORD = re.compile(r"[^\W\d_]+")  # a word as the tokenizer reads one
_STUDY = "|".join(STUDY_LABEL_WORDS)
# A line label naming a study and a date ("Echo 12/05:", "Prior TTE (3/2021):") ...
_DATED_STUDY_LABEL = re.compile(
    rf"^[ \t\-*>#]*(?:prior |previous |earlier )?(?:{_STUDY})\b[^:\n]{{0,20}}?"
    r"\d{1,4}[/.\-]\d{1,4}(?:[/.\-]\d{2,4})?[^:\n\d]{0,10}:",
    re.IGNORECASE | re.MULTILINE,
)
# ... and one naming this study ("Echo today:", "Current study:").
_CURRENT_STUDY_LABEL = re.compile(
    rf"^[ \t\-*>#]*(?:(?:{_STUDY})\W*(?:{'|'.join(CURRENT_STUDY_LABEL_WORDS)})"
    rf"|(?:{'|'.join(CURRENT_STUDY_LABEL_WORDS)})\W*(?:{_STUDY})?)\W*:",
    re.IGNORECASE | re.MULTILINE,
)
_CLAUSE_MARKS = frozenset({",", ";", "(", ")"})
_SEXES = {w: SEX_WORDS[w] for w in SEX_FIELD_WORDS}  # the `sex` argument


@dataclass
class _Collected:
    mentions: list[tuple[Mention, Sentence]] = field(default_factory=list)
    raw: list[RawValue] = field(default_factory=list)
    ivc_big: bool | None = None
    ivc_collapses: bool | None = None
    # How much of the finding text the lexicon read: a report in a language it does not
    # cover yields few findings, and these counts let the result say so.
    words: int = 0
    known_words: int = 0
    sentences: int = 0
    unread_sentences: int = 0
    gaps: list[str] = field(default_factory=list)  # text between phrases, not yet counted
    devices: Devices = field(default_factory=Devices)


def analyze(text: str, *, sex: str | None = None, prior: str | None = None) -> Report:
    """Grade one echocardiography report. Never raises on odd input: problems become
    `Report.warnings` and an empty or partial table."""
    warnings: list[str] = []
    if not isinstance(text, str):
        text = ""
        warnings.append("input is not text")
    if len(text) > MAX_CHARS:
        warnings.append(
            f"input is {len(text):,} characters; only the first {MAX_CHARS:,} were analysed"
        )
    original = text[:MAX_CHARS]
    # Analysis reads the normalised text; quoted spans come from the original.
    norm = normalize(original)
    if not norm.strip():
        warnings.append("the report is empty")
    elif _looks_binary(original):
        warnings.append("the input does not look like text (binary data?)")

    given = _SEXES.get((sex or "").strip().lower()) if sex else None
    if sex and given is None:
        warnings.append(f"unknown sex {sex!r} ignored (use m or f)")
    found_sex = stated_sex(norm)
    if given and found_sex and given != found_sex:
        warnings.append(
            "the sex given differs from the sex stated in the report; using the one given"
        )
    use_sex = given or found_sex
    sex_source = "argument" if given else ("report" if found_sex else None)

    sents = sentences(norm)
    collected = _collect(norm, sents)
    collected.mentions = give_to_prostheses(collected.mentions, collected.devices)
    graded = grade_values(
        original,
        collected.raw,
        use_sex,
        (collected.ivc_big, collected.ivc_collapses),
        collected.devices.structure_for,
    )
    for value in graded.unreadable:
        warnings.append(f"could not read a plausible value from {value!r}")

    findings = _findings(original, sents, collected, graded)
    if not any("binary" in w for w in warnings):
        if not findings and norm.strip():
            warnings.append("no echocardiography findings were recognised in this text")
        language = _language_warning(collected)
        if language is not None:
            warnings.append(language)
    report = Report(
        findings=findings,
        sex=use_sex,
        sex_source=sex_source,
        bsa_m2=graded.bsa,
        other_measurements=[m for m in graded.measurements if m.category is None],
        warnings=warnings,
    )
    if prior is not None:
        _compare(report, analyze(prior, sex=use_sex))
    return report


def with_all_categories(report: Report) -> Report:
    """The same report with every category present; unmentioned ones as not_assessed."""
    have = {f.category: f for f in report.findings}
    findings = [have.get(cat) or Finding(cat, NOT_ASSESSED) for cat in CATEGORIES]
    return Report(
        findings=findings,
        sex=report.sex,
        sex_source=report.sex_source,
        bsa_m2=report.bsa_m2,
        other_measurements=report.other_measurements,
        warnings=report.warnings,
        has_prior=report.has_prior,
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > len(sample) * 0.05


def _collect(norm: str, sents: list[Sentence]) -> _Collected:
    out = _Collected()
    block_heading: str | None = None
    last_end = 0
    line_cache: dict[int, str | None] = {}
    all_tokens = tokenize(norm)
    token_starts = [t.start for t in all_tokens]
    # A note written all in lowercase writes its abbreviations so too ("torrential tr").
    all_lowercase = norm == norm.lower()
    prior_lines = _prior_lines(norm)
    antecedent: tuple[str, ...] = ()  # the one finding the last finding sentence named
    for s in sents:
        if "\n" in norm[last_end : s.start] and _blank_line_between(norm, last_end, s.start):
            block_heading = None
        last_end = s.end
        lo = bisect.bisect_left(token_starts, s.start)
        hi = bisect.bisect_left(token_starts, s.end, lo)
        tokens = all_tokens[lo:hi]
        matches = match(tokens, all_lowercase)
        if s.section in ("indication", "history"):
            # Only a device in place counts here ("PMH: AVR 2015"); nothing is graded.
            if any(m.term.device for m in matches):
                sentence_devices(matches, None, negated_before(matches), out.devices)
            continue
        _count_read(out, norm, s, matches)
        if not matches:
            antecedent = ()
            continue
        if s.line_start not in line_cache:
            line_cache[s.line_start] = _line_structure(norm, s.line_start, all_lowercase)
        heading = line_cache[s.line_start] or block_heading
        pure = _pure_heading(norm, s, matches)
        if pure is not None:
            block_heading = pure
            continue
        clause_list = clauses(matches)
        scope = scopes(matches, clause_list, norm)
        # A comparison section, or a line labelled as an earlier study, describes that
        # study unless it says "now".
        dated = (s.section == "comparison" or s.line_start in prior_lines) and not any(
            m.term.now for m in matches
        )
        historical = [True] * len(matches) if dated else [sc.historical for sc in scope]
        biometrics_only = s.section in NON_FINDING_SECTIONS
        has_number = any(t.text[0].isdecimal() for t in tokens)
        values = (
            sentence_values(norm, tokens, matches, historical, heading, s.end) if has_number else []
        )
        if biometrics_only:
            values = [v for v in values if v.measure in _BIOMETRIC]
        else:
            carried = antecedent if tokens[0].text.lower() in ANAPHORA else ()
            mentions = sentence_mentions(norm, matches, heading, clause_list, scope, carried)
            named = {m.category for m in mentions if m.context in (CURRENT, POSSIBLE)}
            antecedent = tuple(named) if len(named) == 1 else ()
            place = None
            if any(m.term.device for m in matches) or any(
                m.category == c.UNPLACED_PROSTHESIS for m in mentions
            ):
                negated = [sc.negated for sc in scope]
                place = sentence_devices(matches, heading, negated, out.devices)
                mentions = operated_for(norm, matches, mentions)
            if place is not None:
                prosthesis = c.PROSTHESIS_OF_VALVE[place]
                mentions = [
                    replace(m, category=prosthesis) if m.category == c.UNPLACED_PROSTHESIS else m
                    for m in mentions
                ]
            if dated:
                mentions = [_as_historical(m) for m in mentions]
            out.mentions.extend((m, s) for m in mentions)
            names_ivc = any(m.term.structure == c.IVC for m in matches)
            cats = {m.category for m in mentions if m.context != HISTORICAL}
            if has_number and (names_ivc or not cats.isdisjoint(UNNAMED_OWNERS)):
                values += unnamed_values(
                    norm, tokens, [(v.start, v.end) for v in values], cats, names_ivc, s.end
                )
            if names_ivc:
                big, collapses = ivc_words(norm[s.start : s.end])
                out.ivc_big = big if big is not None else out.ivc_big
                out.ivc_collapses = collapses if collapses is not None else out.ivc_collapses
        out.raw.extend(values)
    _count_gaps(out)
    return out


def _prior_lines(norm: str) -> frozenset[int]:
    """Starts of the lines labelled as an earlier study ("Echo 12/05: ..."), when another
    line is labelled as this one ("Echo today: ..."); without that, a dated label may
    well be this study's own date, and nothing is set apart."""
    if ":" not in norm or _CURRENT_STUDY_LABEL.search(norm) is None:
        return frozenset()
    return frozenset(m.start() for m in _DATED_STUDY_LABEL.finditer(norm))


def _count_read(out: _Collected, norm: str, s: Sentence, matches: list[Match]) -> None:
    """Count one sentence toward the share of the report the lexicon read."""
    if s.section in NON_FINDING_SECTIONS:
        return
    # Words in lexicon phrases are known; the text between phrases is kept, and its
    # words are counted once per report in `_count_gaps`. Clause marks ("," and ";")
    # say nothing about the language.
    phrase_words = 0
    cursor = s.start
    gaps = out.gaps
    for _, start, end, first, last, key in matches:  # unpacked: this runs per phrase
        if key not in _CLAUSE_MARKS:
            phrase_words += last - first
            gaps.append(norm[cursor:start])
            cursor = end
    gaps.append(norm[cursor : s.end])
    if phrase_words:
        out.words += phrase_words
        out.known_words += phrase_words
        out.sentences += 1
    elif _WORD.search(norm, s.start, s.end) is not None:  # "55%." alone is no sentence
        out.sentences += 1
        out.unread_sentences += 1


def _count_gaps(out: _Collected) -> None:
    """Add the words between phrases: English fillers are known, units count neither way.
    One pass per report keeps the per-word work in C."""
    other = _WORD.findall(" ".join(out.gaps).lower())
    out.words += len(other) - sum(map(UNIT_WORDS.__contains__, other))
    out.known_words += sum(map(ENGLISH_FILLERS.__contains__, other))
    out.gaps.clear()


# Below this share of known words, most of the report was not read. Every English report
# in the shared corpus is above 4/5; French, German, Spanish, Italian and Dutch ones we
# tried are at most 1/4.
_MIN_KNOWN_SHARE = 0.5
_MIN_WORDS = 5  # fewer words ("Technically difficult study.") are too few to judge


def _language_warning(collected: _Collected) -> str | None:
    """A warning naming how little was read, when most words were not recognised."""
    words, known = collected.words, collected.known_words
    if words < _MIN_WORDS or known >= words * _MIN_KNOWN_SHARE:
        return None
    unread, total = collected.unread_sentences, collected.sentences
    return (
        f"little of this text was read: {known} of {words} words ({known / words:.0%}) were "
        f"recognised, and nothing was recognised in {unread} of {total} sentences "
        f"({unread / total:.0%}); the analyser reads English echo reports, so findings "
        "written in another language are missed"
    )


def _blank_line_between(text: str, a: int, b: int) -> bool:
    return re.search(r"\n[ \t]*\n", text[a:b]) is not None


def _as_historical(m: Mention) -> Mention:
    return replace(m, context=HISTORICAL)


def _line_structure(norm: str, line_start: int, all_lowercase: bool = False) -> str | None:
    """Structure named by a line's label ("Left ventricle: ...", "MV | ...")."""
    m = _LINE_HEAD.match(norm, line_start)
    if m is None:
        return None
    for hit in match(tokenize(norm, m.start(1), m.end(1)), all_lowercase):
        if hit.term.kind in (STRUCT, ATTR, MEAS) and hit.term.structure:
            return hit.term.structure
    return None


def _pure_heading(norm: str, s: Sentence, matches: list[Match]) -> str | None:
    """A line that only names a structure ("LEFT VENTRICLE", "Mitral valve:") heads the
    lines below it."""
    if len(matches) != 1 or matches[0].term.kind != STRUCT:
        return None
    words = norm[s.start : s.end].rstrip(":").strip()
    if matches[0].start != s.start or matches[0].end < s.start + len(words):
        return None
    return matches[0].term.structure


def _sentence_of(sents: list[Sentence], starts: list[int], pos: int) -> Sentence | None:
    k = bisect.bisect_right(starts, pos) - 1
    if k >= 0 and sents[k].start <= pos < sents[k].end:
        return sents[k]
    return None


def _findings(
    original: str, sents: list[Sentence], collected: _Collected, graded: Graded
) -> list[Finding]:
    by_cat: dict[str, list[tuple[Mention, Sentence]]] = {}
    for mention, s in collected.mentions:
        by_cat.setdefault(mention.category, []).append((mention, s))
    meas_by_cat: dict[str, list[Measurement]] = {}
    for m in graded.measurements:
        if m.category is not None:
            meas_by_cat.setdefault(m.category, []).append(m)
    ef_normal = _ef_normal(by_cat, meas_by_cat)
    dia = diastolic_grade(graded.values, ef_normal)
    if dia is not None:
        meas_by_cat.setdefault("lv_diastolic", []).append(dia)

    _spread_all_valve_findings(by_cat, meas_by_cat, collected.devices)
    starts = [s.start for s in sents]
    out: list[Finding] = []
    for cat in CATEGORIES:
        if cat not in by_cat and cat not in meas_by_cat:
            continue
        mentions = by_cat.get(cat, [])
        measured = meas_by_cat.get(cat, [])
        finding = _finding(cat, original, mentions, measured, sents, starts)
        if finding is not None:
            if cat in c.VALVE_OF_PROSTHESIS:
                said = [m for m, _ in mentions]
                finding.prosthesis = prosthesis_detail(cat, said, measured, collected.devices)
                # The tables grade stenosis only: a leak is not discordant with them.
                stenosis = [m.grade for m in said if m.aspect == c.STENOSIS and m.grade]
                meas_grade = _measured_grade(cat, measured)
                if DISCORDANT in finding.flags and not (
                    stenosis and meas_grade and _discordant(most_severe(stenosis), meas_grade)
                ):
                    finding.flags.remove(DISCORDANT)
            if cat == "pulmonary_hypertension":
                finding.ph_probability = _ph_probability(by_cat, collected, graded)
            out.append(finding)
    return out


def _ph_probability(
    by_cat: dict[str, list[tuple[Mention, Sentence]]], collected: _Collected, graded: Graded
) -> dict[str, object] | None:
    flattening = any(
        m.context == CURRENT and m.grade not in (None, NORMAL)
        for m, _ in by_cat.get("rv_pressure_overload", [])
    )
    diameter = graded.values.get("ivc_diameter")
    big = collected.ivc_big if diameter is None else diameter > IVC_NORMAL_MAX_CM
    return ph_probability(graded.values, flattening, bool(big) and collected.ivc_collapses is False)


def _spread_all_valve_findings(
    by_cat: dict[str, list[tuple[Mention, Sentence]]],
    meas_by_cat: dict[str, list[Measurement]],
    devices: Devices,
) -> None:
    """ "No significant valvular disease" is normal for each valve lesion the report names
    nowhere else; a lesion it does name speaks for itself. Only the normal reading spreads:
    "valve disease" alone does not say which valve; nor does it speak of a prosthesis."""
    named = {cat for cat in by_cat if cat in CATEGORIES} | set(meas_by_cat)
    named |= {cat for cat in CATEGORIES if cat[:2] in devices.by_valve}
    for blanket, cats in c.ALL_VALVE_FINDINGS.items():
        for m, s in by_cat.pop(blanket, []):
            if m.grade != NORMAL or m.context not in (CURRENT, NEGATED):
                continue
            for cat in cats:
                if cat not in named:
                    by_cat.setdefault(cat, []).append((replace(m, category=cat), s))


def _ef_normal(by_cat: dict, meas_by_cat: dict) -> bool | None:
    graded = [m.grade for m in meas_by_cat.get("lv_systolic", []) if m.grade]
    if not graded:
        graded = [
            m.grade
            for m, _ in by_cat.get("lv_systolic", [])
            if m.grade and m.context in (CURRENT, NEGATED)
        ]
    if not graded:
        return None
    return most_severe(graded) == NORMAL


def _measured_grade(cat: str, measured: list[Measurement]) -> str | None:
    graded = [m for m in measured if m.grade is not None]
    if not graded:
        return None
    for name_order in PRECEDENCE.get(cat, ()):
        first = [m for m in graded if m.key == name_order]
        if first:
            return most_severe([m.grade for m in first if m.grade])
    return most_severe([m.grade for m in graded if m.grade])


def _finding(
    cat: str,
    original: str,
    mentions: list[tuple[Mention, Sentence]],
    measured: list[Measurement],
    sents: list[Sentence],
    starts: list[int],
) -> Finding | None:
    certain = [m.grade for m, _ in mentions if m.grade and m.context in (CURRENT, NEGATED)]
    possible = [m.grade for m, _ in mentions if m.grade and m.context == POSSIBLE]
    meas_grade = _measured_grade(cat, measured)
    spoken = [m for m, _ in mentions if m.context != CURRENT or m.grade is not None]
    if not certain and not possible and meas_grade is None and not spoken and not measured:
        return None
    flags: list[str] = []
    graded = certain + ([meas_grade] if meas_grade else [])
    if graded:
        label = most_severe(graded)
    elif possible:
        label = most_severe(possible)
    else:
        label = NOT_ASSESSED
    # An ungraded "abnormal" is compatible with every abnormal grade, so it never conflicts.
    stated = [grade for grade in certain if grade != ABNORMAL]
    if stated and steps_apart(min(stated, key=rank), max(stated, key=rank)) >= 2:
        flags.append(CONFLICT)
    if certain and meas_grade and _discordant(most_severe(certain), meas_grade):
        flags.append(DISCORDANT)
    if possible or any(m.context == POSSIBLE for m, _ in mentions):
        flags.append(UNCERTAIN)
    if (
        certain
        and meas_grade is None
        and all(
            m.context == NEGATED for m, _ in mentions if m.grade and m.context in (CURRENT, NEGATED)
        )
    ):
        flags.append(NEGATED_ONLY)
    if any(m.sex_dependent for m in measured):
        flags.append(SEX_DEPENDENT)
    if mentions and all(m.context == HISTORICAL for m, _ in mentions) and not measured:
        flags.append(HISTORICAL_ONLY)
    evidence = _evidence(original, mentions, measured, sents, starts)
    return Finding(cat, label, evidence, list(measured), flags)


def _discordant(text_grade: str, meas_grade: str) -> bool:
    if text_grade == meas_grade:
        return False
    # Ungraded "abnormal" agrees with any abnormal grade.
    if ABNORMAL in (text_grade, meas_grade):
        return NORMAL in (text_grade, meas_grade)
    return True


def _evidence(
    original: str,
    mentions: list[tuple[Mention, Sentence]],
    measured: list[Measurement],
    sents: list[Sentence],
    starts: list[int],
) -> list[Evidence]:
    seen: set[tuple[int, int, str, str | None]] = set()
    out: list[Evidence] = []
    for m, s in mentions:
        key = (s.start, s.end, m.context, m.grade)
        if key not in seen:
            seen.add(key)
            out.append(
                Evidence(original[s.start : s.end], s.start, s.end, s.section, m.context, m.grade)
            )
    covered = {(e.start, e.end) for e in out}
    for meas in measured:
        if meas.start is None:
            continue
        found = _sentence_of(sents, starts, meas.start)
        if found is None or (found.start, found.end) in covered:
            continue
        s = found
        covered.add((s.start, s.end))
        out.append(
            Evidence(original[s.start : s.end], s.start, s.end, s.section, CURRENT, meas.grade)
        )
    out.sort(key=lambda e: e.start)
    return out


_CHANGE_WORSE, _CHANGE_BETTER, _CHANGE_SAME = "worse", "better", "unchanged"


def _compare(report: Report, prior: Report) -> None:
    report.has_prior = True
    before = {f.category: f.label for f in prior.findings}
    have = {f.category for f in report.findings}
    for cat in CATEGORIES:
        if cat in before and cat not in have:
            report.findings.append(Finding(cat, NOT_ASSESSED))
    order = list(CATEGORIES)
    report.findings.sort(key=lambda f: order.index(f.category))
    for f in report.findings:
        f.prior_label = before.get(f.category)
        f.change = change(f.prior_label, f.label)


def change(prior: str | None, current: str | None) -> str | None:
    """worse / better / unchanged, or None when the two cannot be compared."""
    if prior in (None, NOT_ASSESSED) or current in (None, NOT_ASSESSED):
        return None
    if prior == current:
        return _CHANGE_SAME
    if ABNORMAL in (prior, current) and NORMAL not in (prior, current):
        return None  # an ungraded abnormality vs a grade: no order between them
    return _CHANGE_WORSE if rank(current) > rank(prior) else _CHANGE_BETTER
