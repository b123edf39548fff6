"""Check each sentence the model writes against the evidence before anyone sees it.

A sentence is shown only when one clause of one evidence sentence backs it (a clause: the text
between semicolons or commas, with the sentence's "label:" and section heading):
- its content words (as kb.terms stems, so spelling and abbreviations do not matter) are there,
- every number it states is there, with the same unit where both give one,
- it is negated exactly when the evidence that backs it is ("is not" vs "is"),
- and it says something beyond the question's own words.
A whole statement of the evidence copied word for word passes as it is (it says what the evidence
says, commas and all), when it is about the question; a fragment of fewer than three content
words ("Read cautiously.") never does.
Word overlap cannot prove a sentence true, but it does stop the failures seen in practice: facts
from nowhere, numbers changed, a "not" dropped or added, sentences that merely echo the
question, and facts stitched across clauses ("flat T waves ... in hyperkalaemia" from "peaked
T waves and wide QRS in hyperkalaemia; flat T waves and prominent U waves in
hypokalaemia"). The thresholds are measured in benchmarks/answer_quality.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from echoassist.answer.evidence import key_terms
from echoassist.answer.records import CheckedSentence, Evidence
from kb.terms import terms, words

# Share of a sentence's content words that its backing clause must hold. A word counts as one
# however many stems it spells out to ("PISA" is four), so a wrong expansion the model makes up,
# "PISA (Pediatric Electrocardiogram)", is not outvoted by the abbreviation's own stems.
SUPPORT_MIN = 0.85
MIN_CONTENT_WORDS = 3
MARKER = re.compile(r"\s?\[(\d{1,3})\]")
NEGATIONS = frozenset(
    "no not never without absent cannot can't doesn't don't isn't aren't wasn't weren't "
    "neither nor none non rather unlike".split()
)
# Words that frame an answer without stating a fact: how a model talks about its sources, the
# question's own framing ("shows", "ECG", "signs"), and what a deflection is called (the
# evidence's "P" is the model's "P wave"). Deliberately short: "per day", "long", "causes" and
# "normal" are claims and must be backed ("6 mg of adenosine per day" is not "6 mg bolus").
_FRAME = frozenset(terms(
    "according evidence source sources knowledge base states stated say says note notes "
    "mentioned described reference text given provided answer question "
    "what which how why who when where define definition defined mean means meaning criteria "
    "criterion sign signs feature features finding findings look looks like describe describes "
    "see seen show shows showing typical typically usually ecg ekg electrocardiogram "
    "electrocardiography echo echocardiogram echocardiography patient patients "
    "wave waves interval intervals complex complexes segment segments", keep_stopwords=True))
# A model's preamble, not part of its claim: "The answer is:", "According to the evidence,".
_PREAMBLE = re.compile(
    r"^(?:the\s+(?:answer|evidence)\s+(?:is|says)\s*:?|answer\s*:|according\s+to\s+the\s+"
    r"(?:evidence|sources?)\s*,?)\s*", re.IGNORECASE)
# The same talk at the end, where the stream ran into the next line: "... abnormal The answer is:".
_TRAILING_PREAMBLE = re.compile(r"\s+the\s+(?:answer|evidence)\s+(?:is|says)\s*:?\s*$",
                                re.IGNORECASE)
# A word with two capitals or more ("LVEQ", "PISA"): an abbreviation or a name, which must be the
# evidence's or the question's own; a model that invents one is not quoting either.
_ABBREVIATION_LIKE = re.compile(r"^(?=\w*[A-Z]\w*[A-Z])\w+$")
_GRADES = frozenset(terms("normal trivial mild moderate severe"))
# Grades and sizes: a claim a sentence makes only with the clause that backs it.
_SIZES = _GRADES | frozenset(terms("small large massive torrential borderline abnormal"))
_LABEL_ONLY = re.compile(r"^\([^()]*\)\W*$")
_TAG = re.compile(r"</?\w+/?>")  # "</evidence>": the prompt's markup, echoed
# A number, with its unit when one follows: "200 ms", "2.5 mm", "50%", "4 m/s", "1 mV".
_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)(?:\s*(%|ms|s|mm\s?hg|mmhg|mm|cm2|cm|m/s|cm/s|mv|hz|ml/m2|ml|"
    r"bpm|/min|min|beats))?(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    bound: str = ""  # "below" ("under 120 ms", "120 ms or less"), "above", or "" for a value


# The words that make a number a limit: "under 120 ms", "over 200 ms", "40 or more", "up to 110".
_ABOUT = r"\s*(?:about\s+|approximately\s+|roughly\s+|around\s+)?$"
_BELOW_BEFORE = re.compile(r"(?:under|below|less than|fewer than|up to|at most|<|≤)" + _ABOUT,
                           re.IGNORECASE)
_ABOVE_BEFORE = re.compile(r"(?:over|above|more than|greater than|exceeding|at least|beyond|>|≥)"
                           + _ABOUT, re.IGNORECASE)
_BELOW_AFTER = re.compile(r"^\s*(?:or (?:less|lower|below|under|fewer))\b", re.IGNORECASE)
_ABOVE_AFTER = re.compile(r"^\s*(?:or (?:more|above|greater|higher|over|longer))\b",
                          re.IGNORECASE)


def quantities(text: str) -> list[Quantity]:
    out = []
    for match in _NUMBER.finditer(text):
        value, unit = match.group(1), match.group(2) or ""
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            continue
        before, after = text[max(0, match.start() - 28):match.start()], text[match.end():]
        bound = ("below" if _BELOW_BEFORE.search(before) or _BELOW_AFTER.match(after) else
                 "above" if _ABOVE_BEFORE.search(before) or _ABOVE_AFTER.match(after) else "")
        out.append(Quantity(number, unit.lower().replace(" ", ""), bound))
    return out


def is_negated(text: str) -> bool:
    return any(w in NEGATIONS for w in re.findall(r"[a-z']+", text.lower()))


def strip_markers(text: str) -> str:
    """'PR over 200 ms [2].' -> 'PR over 200 ms.' (the sentence's support is found, not taken
    from the numbers the model wrote)."""
    return " ".join(MARKER.sub("", text).split())


# Commas followed by a space part clauses ("1,200" is a number).
_COMMA = re.compile(r",\s")
# A clause that opens with one of these sets itself against the one before: "pressure overload,
# as in PH, while flattening in diastole points to volume overload" is two claims, never one.
_CONTRAST = re.compile(r"^\s*(?:while|whereas|but|although|though|unlike|yet|however)\b",
                       re.IGNORECASE)


@dataclass
class Clause:
    evidence: Evidence
    text: str
    stems: set[str]  # the clause's, its label's and its section heading's
    own: set[str]  # the clause's alone: a sentence must take something from it
    # A "Wide QRS: 120 ms or more" sentence's label: what its numbers are the values of.
    label: frozenset[str] = frozenset()


def clauses(evidence: Evidence) -> list[Clause]:
    """'first degree: PR over 200 ms, every P conducted; benign in isolation' -> three clauses,
    each with the label 'first degree' and the section's words.

    Commas split too: in "short PR: pre-excitation (WPW), an ectopic atrial rhythm, or fast AV
    nodal conduction" the causes are alternatives, and "WPW indicates an ectopic atrial rhythm"
    must not pass because every word is somewhere in the sentence. Two neighbouring clauses
    also count as one ("PR over 200 ms, every P conducted"): a sentence may join what the
    evidence says side by side, not what it keeps apart.
    """
    label, _, rest = evidence.text.partition(": ")
    if not rest or len(label.split()) > 8:
        label, rest = "", evidence.text
    statements = evidence.text.split("; ")
    if len(statements) > 1 and all(": " in part for part in statements):
        # A table row, "parameter: EROA; mild: under 0.20; severe: 0.40 or more": every cell
        # is read with the row's first cell ("severe" goes with "EROA", not with "mild").
        label, rest = statements[0], "; ".join(statements[1:])
    # A table row's first cell ("parameter: EROA") is no label of its values in this sense.
    named = frozenset(terms(label)) if label and label != statements[0] else frozenset()
    context = set(terms(label)) | set(terms(evidence.section))
    out: list[Clause] = []
    for statement in rest.split(";"):  # semicolons part statements: never joined
        parts = [p for p in _COMMA.split(statement) if p.strip()]
        single = [Clause(evidence, p, set(terms(p)) | context, set(terms(p)), named)
                  for p in parts]
        out += single + [Clause(evidence, f"{a.text}, {b.text}", a.stems | b.stems,
                                a.own | b.own, named)
                         for a, b in zip(single, single[1:], strict=False)
                         if not _CONTRAST.match(b.text)]
    return out or [Clause(evidence, rest, set(terms(rest)) | context, set(terms(rest)), named)]


@dataclass
class _Support:
    clause: Clause
    share: float


class Verifier:
    """Verifies sentences against one answer's evidence (stems computed once)."""

    def __init__(self, evidence: list[Evidence], question: str = "") -> None:
        self.evidence = evidence
        self.clauses = [c for e in evidence for c in clauses(e)]
        self.question = set(terms(question))
        self.topic = set(key_terms(question))
        self.vocabulary = set().union(
            *(set(terms(e.text)) | set(terms(e.section)) for e in evidence)) if evidence else set()
        self.question_words = set(words(question))
        # How the prompt labels each evidence sentence: its section, whole or its last part.
        self.labels = sorted({f"({part})" for e in evidence if e.section
                              for part in (e.section, e.section.rsplit(" › ", 1)[-1])},
                             key=len, reverse=True)
        # Every heading on the evidence's section paths, as a copy of one would read.
        self.headings = {_normalised(part) for e in evidence if e.section
                         for part in e.section.split(" › ")}
        # Each evidence sentence's whole statements (itself, and its parts between semicolons)
        # as a copy of them would read.
        self.statements = [(e, {_normalised(p) for p in (e.text, *e.text.split(";"))})
                           for e in evidence]

    def check(self, sentence: str) -> CheckedSentence:
        bare = _PREAMBLE.sub("", " ".join(_TAG.sub(" ", strip_markers(sentence)).split()))
        plain = _TRAILING_PREAMBLE.sub("", self._without_section_label(bare))
        content = content_words(plain)
        if not content:
            reason = "only repeats a heading" if content_words(bare) else "no content words"
            return CheckedSentence(plain or bare, [], False, reason)
        if not self.evidence:
            return CheckedSentence(plain, [], False, "no evidence to check it against")
        if len(content) < MIN_CONTENT_WORDS:
            # "Read cautiously.": a fragment of the evidence that answers nothing by itself.
            return CheckedSentence(plain, [], False, "too short to stand alone")
        stated = set().union(*content.values())
        copied = self._copied_statement(plain)
        if copied is not None and self._names_the_topic(stated):
            # The model quoted a whole statement of the evidence, clauses and all: it says
            # exactly what the evidence says, however many commas it has.
            return CheckedSentence(plain, [copied.n], True, "")
        if _LABEL_ONLY.match(plain) or _normalised(plain) in self.headings:
            # "Pericarditis versus STEMI [3]": a heading, however its words suit the question.
            # "(Cardiac tamponade › ECG clues)": the prompt's section label, copied.
            return CheckedSentence(plain, [], False, "only repeats a heading")
        numbered = bool(quantities(plain))

        def unlabelled(clause: Clause) -> set[str]:
            """The label's words the sentence needs to take the clause's numbers: "Wide QRS:
            120 ms or more" -> "the QRS duration should be 120 ms or more" lacks "wide"."""
            return set(clause.label - self.question - _FRAME - stated) if numbered else set()

        support = self._best_support(content, lambda c: not unlabelled(c))
        chosen = [support.clause.evidence.n]
        backing_numbers = quantities(support.clause.evidence.text)
        for quantity in quantities(plain):
            if not any(_same(quantity, q) for q in backing_numbers):
                unit = f" {quantity.unit}" if quantity.unit else ""
                return CheckedSentence(plain, chosen, False,
                                       f"number not in the evidence: {quantity.value:g}{unit}")
            if not any(_same(quantity, q) and q.bound == quantity.bound
                       for q in backing_numbers):
                # "normal QRS is 120 ms" from "under 120 ms": the number is there, its
                # "under" is not.
                return CheckedSentence(plain, chosen, False,
                                       f"the evidence gives {quantity.value:g} as a limit "
                                       "the sentence drops or changes")
        # The value is the evidence's, but of what the sentence leaves out.
        if support.share >= SUPPORT_MIN and unlabelled(support.clause):
            return CheckedSentence(plain, chosen, False,
                                   "its number belongs to what it leaves out: "
                                   + ", ".join(sorted(unlabelled(support.clause))))
        if support.share < SUPPORT_MIN:
            missing = [w for w, stems in content.items() if not stems <= support.clause.stems]
            return CheckedSentence(plain, chosen, False,
                                   f"not in the evidence: {', '.join(missing[:4])}")
        ungraded = [w for w, stems in content.items()
                    if stems & _SIZES and not stems <= support.clause.stems]
        if ungraded:
            # "A pericardial effusion is called large when it appears as an echo-free space":
            # the grade is the claim, and the clause that backs the rest does not give it.
            return CheckedSentence(plain, chosen, False,
                                   "a grade its evidence does not give: "
                                   + ", ".join(ungraded))
        swapped = _qualified_otherwise(terms(plain), support.clause)
        if swapped:
            # "RV pressure overload ... right ventricular volume overload": the clause says
            # "volume overload"; "pressure" came from a heading and took its place.
            return CheckedSentence(plain, chosen, False,
                                   f"qualifies it otherwise than the evidence: {swapped}")
        if is_negated(plain) != is_negated(support.clause.text):
            return CheckedSentence(plain, chosen, False, "negation differs from the evidence")
        if all(stems <= self.question for stems in content.values()):
            return CheckedSentence(plain, chosen, False, "only restates the question")
        if not any(stems & support.clause.own for stems in content.values()):
            # Every word came from the heading or the label: "(Cardiac tamponade › ECG clues)".
            return CheckedSentence(plain, chosen, False, "only repeats a heading")
        said = set().union(*content.values()) | support.clause.stems
        if self.topic and not self.topic & said:
            return CheckedSentence(plain, chosen, False, "does not answer the question")
        invented = [w for w in words(plain) if _ABBREVIATION_LIKE.match(w)
                    and w not in self.question_words
                    and not set(terms(w)) - _FRAME <= self.vocabulary]
        if invented:
            return CheckedSentence(plain, chosen, False,
                                   f"a term the evidence does not use: {invented[0]}")
        # Within the share the clause need not hold, a word must still be the evidence's or the
        # question's: "tachibaccas" is a word no one wrote.
        foreign = [w for w, stems in content.items() if not stems <= support.clause.stems
                   and not stems <= self.vocabulary | self.question]
        if foreign:
            return CheckedSentence(plain, chosen, False,
                                   f"a word the evidence does not use: {foreign[0]}")
        # The grade the question asks about, which the evidence holds elsewhere: "how is LVEF
        # graded as mildly reduced" is not answered by restating the moderate row.
        backing = support.clause.evidence
        left_out = (self.topic & _GRADES & self.vocabulary) - said - set(terms(backing.text))
        if left_out:
            return CheckedSentence(plain, chosen, False,
                                   "answers another part of the evidence than the question asks")
        if not self._names_the_topic(stated):
            # "STEMI: often convex or straight" for "ECG signs of acute pericarditis": the other
            # column of the row the evidence quotes names nothing that was asked.
            return CheckedSentence(plain, chosen, False, "does not name what the question asks")
        return CheckedSentence(plain, chosen, True, "")

    def _names_the_topic(self, stated: set[str]) -> bool:
        """The sentence names something the question asks about, not only its grade: the MS
        table's PASP row ("... severe: over 50") copied whole names no valve area, which
        "what mitral valve area is severe MS?" asks for."""
        topic = self.topic - _SIZES or self.topic
        return not topic or bool(topic & stated)

    def _copied_statement(self, text: str) -> Evidence | None:
        """The evidence sentence of which `text` is one whole statement (the sentence, or a
        part between semicolons), word for word; None when it is not a copy."""
        said = _normalised(text)
        return next((e for e, statements in self.statements if said in statements), None)

    def _without_section_label(self, text: str) -> str:
        """'(PR interval) Normal: 120-200 ms': the model copied the prompt's section labels,
        wherever they are and however often ("(Localising STEMI) (Localising STEMI)")."""
        for label in self.labels:
            text = text.replace(label, " ")
        return " ".join(text.split())

    def _best_support(self, words: dict[str, frozenset[str]],
                      labelled: Callable[[Clause], bool]) -> _Support:
        """The clause holding most of the sentence's words; among those that hold enough, one
        whose label the sentence keeps (`labelled`) first."""
        def share(clause: Clause) -> float:
            return sum(stems <= clause.stems for stems in words.values()) / len(words)

        return max((_Support(c, share(c)) for c in self.clauses),
                   key=lambda s: (s.share >= SUPPORT_MIN and labelled(s.clause), s.share))


def content_words(text: str) -> dict[str, frozenset[str]]:
    """Each content word of a sentence (lower case) and the stems it stands for."""
    out: dict[str, frozenset[str]] = {}
    for word in words(text):
        stems = frozenset(terms(word)) - _FRAME
        if stems:
            out.setdefault(word.lower(), stems)
    return out


def _qualified_otherwise(said: list[str], clause: Clause) -> str | None:
    """A word of the clause that the sentence qualifies with a word the clause does not put
    there, beside the clause's own qualifier or in its place: "pressure overload" and "volume
    overload", or "pressure overload" alone, from a clause saying only "volume overload". The
    pair, as stems, or None."""
    before_in_clause = _words_before(terms(clause.text))
    # Words only its heading holds, not its sentence: what a stitched sentence takes from it.
    heading_only = set(terms(clause.evidence.section)) - set(terms(clause.evidence.text))
    for word, qualifiers in _words_before(said).items():
        in_clause = before_in_clause.get(word, set())
        extra = sorted(q for q in qualifiers - in_clause if q not in clause.own)
        if extra and qualifiers & in_clause:
            return f"{extra[0]} {word}"
        # Or a heading's word in place of the clause's own qualifier, which the sentence drops:
        # "right ventricular pressure overload" from a clause saying "right ventricular volume
        # overload" under "Signs of RV pressure overload".
        swapped = sorted(q for q in extra if q in heading_only)
        if swapped and in_clause and not in_clause & set(said) and not _is_number(word):
            return f"{swapped[0]} {word}"
    return None


def _is_number(stem: str) -> bool:
    return any(c.isdigit() for c in stem)


def _words_before(stems: list[str]) -> dict[str, set[str]]:
    """Each stem and the stems that come right before it somewhere in the sequence."""
    before: dict[str, set[str]] = {}
    for first, second in zip(stems, stems[1:], strict=False):
        before.setdefault(second, set()).add(first)
    return before


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[\w'/%.-]+", text.lower())).strip(" .")


def _same(a: Quantity, b: Quantity) -> bool:
    return abs(a.value - b.value) < 1e-9 and (not a.unit or not b.unit or a.unit == b.unit)
