"""Evidence first: pick the few sentences of the retrieved chunks that answer the question.

Every answer shows these sentences verbatim, whatever the model then writes, so this ranker
decides most of what a clinician reads. Each candidate sentence (or list item, or table row) is
scored on these (docs/answers.md has the weights, fitted on benchmarks/answer_quality.py's
tuning questions):
- how much of the question's key terms it holds itself (rare terms weigh more: IDF over the pool),
- how much of them its section headings hold, and its innermost heading alone: a list item under
  "Left bundle branch block" is about LBBB though it never says so, and is more likely to define
  it than a sentence elsewhere that mentions LBBB in passing,
- the embedder's cosine between the question and the sentence,
- the rank of its chunk in the hybrid search.
Spelling and abbreviations are compared through kb.terms, so "hyperkalemia" finds
"hyperkalaemia" and "LBBB" finds "left bundle branch block".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import TypeVar

import numpy as np

from echoassist.answer.asked import (
    ASKS_FOR_DOSE,
    ASKS_FOR_VALUE,
    ASKS_FREQUENCY,
    ASKS_PERFORMANCE,
    ASKS_TIME_TAKEN,
    STATES_A_DOSE,
    STATES_PERFORMANCE,
    STATES_TIME_TAKEN,
    WRITES_FORMULA,
    asks_where_leads_go,
    chamber_measured,
    dosed_drugs,
    drugs_named,
    lesion_mismatch,
    normal_value_measure,
    other_chamber,
    states_dose_of,
    states_frequency,
    states_normal_value,
    states_placement_of,
    unstated_kind,
    valve_lesions,
)
from echoassist.answer.choices import Choices, multiple_choice
from echoassist.answer.gate import learned_gate
from echoassist.answer.records import Evidence, Source
from echoassist.text_support import sentence_spans
from kb.chunk import SENTENCE_END
from kb.search import pair_rarity
from kb.terms import STOPWORDS, WORD, as_written, fold, neighbour_pairs, terms, vocabulary, words

# (texts) -> unit-length rows; the KB's own embedder, or None for a lexical-only ranking.
EmbedTexts = Callable[[list[str]], np.ndarray | None]
# (word) -> True for an everyday English word (one piece in the embedder's WordPiece vocabulary).
IsCommonWord = Callable[[str], bool]
_Key = TypeVar("_Key", bound=Hashable)  # a key term, or a pair of neighbouring ones

# Words that say nothing of what is asked nor of the answer's kind ("which one needs a pacer",
# "worth flagging?", "prob SVT"): not key terms, and no intent a sentence is ranked by.
FILLER = """one ones worth flag flagging flagged pick picked picking prob probably diff borderline
        printout trustworthy trust recalculate recalc seperate simply plainly briefly wk wks"""
# Words that say what kind of answer is wanted, not what it is about: a sentence need not hold
# them to answer the question ("How is the heart rate calculated?" is answered by "300 divided
# by the number of large squares").
QUESTION_WORDS = frozenset(
    terms(
        """what which how why who whom when where whether define definition defined mean means
        signify signifies
        meaning meant criteria criterion cause causes caused sign signs feature features finding
        findings look looks like tell describe explain calculate calculated calculation work out
        worked measure measured measurement estimate estimated assess assessed assessment diagnose
        diagnosed diagnosis diagnostic indicate indicates suggest suggests show shows seen see
        value values threshold thresholds cut-off cutoff use used using typical typically usual
        normally best way ways method methods give given get called name named difference
        differentiate distinguish versus vs between appear appears appearance recognise recognize
        ecg ekg electrocardiogram echo echocardiogram echocardiography patient patients adult
        adults please know need main common key important significance significant tracing
        strip trace many much long fast often quick quickly compare compared comparison per
        take took count exact exactly think assume assumed author authors paper article report
        reported mention mentioned someone something anything thing things day days nowadays
        currently current still really actually truly sort kind type types change changes
        changed grade graded grading study studies make makes et al well happen happens
        happened occur occurs expect expected pt pts culprit responsible upper lower limit
        limits rather go going goes gone went spot separate separated help helps useful
        meaningful relevant worrying concerning ok okay say says said bad good worse scan scans
        pls plz bpm cant shud shld shd abt unremarkable list lists listed
        isn aren didn doesn don wasn weren hasn haven hadn wouldn shouldn couldn
        im ive dont doesnt isnt arent didnt wasnt wont wouldnt shouldnt couldnt
        matter matters instead worry worried rule
        """ + FILLER,
        keep_stopwords=True,
    )
)
W_TOPIC, W_OWN, W_HEADING, W_SIMILARITY, W_RANK = 0.2, 0.1, 0.1, 0.7, 0.15
# Without the learned gate, an unsupported question whose evidence holds this share of its key
# terms shows that evidence as the closest passages.
NEAR_COVERAGE = 0.5
# Key terms next to each other in the question ("heart rate", "mean gradient") found next to
# each other in the sentence or its headings: "heart block ... rate over 100" is not heart rate.
W_PHRASE = 0.2
# A phrase the question quotes ("my report says 'trivial pericardial effusion'") is what it asks
# about: a sentence that holds all its words answers, one about pericardial fluid in general not.
W_QUOTED = 0.2
_QUOTED = re.compile(r"(?:^|[\s(])['‘\"“]([^'’\"”?]{3,80})['’\"”](?=[\s.,;:?!)]|$)")
QUOTED_WORDS_MAX = 8
# Asked for the signs of X, a sentence naming X only as one item of a list ("poor R wave
# progression can reflect prior infarction, left ventricular hypertrophy, lung disease ...")
# describes none of them: it ranks below the criteria themselves.
W_ONLY_LISTED = 0.2
# A name followed by another kind of thing names another thing: asked for the signs of Brugada
# syndrome, "an RS interval over 100 ms (Brugada algorithm)" is the VT algorithm, not the
# syndrome's coved ST elevation. A sentence whose every mention of the question's name is
# followed by a head of the other family ranks down.
W_OTHER_NAMED = 0.3
W_SECTION = 0.1  # the whole heading path names the topic: "Measuring heart rate › Regular rhythm"
# The kind of answer asked for, in the sentence or its headings: "how is PASP estimated" is
# answered under "Estimating PASP › The formula", not under "Grading PASP in reports".
W_INTENT = 0.15
_GRADES = frozenset(terms("mild moderate severe"))
# "How is severe AS graded": the severity table's rows (mild / moderate / severe columns) grade
# it; the sentences under "Discordant grading: low-gradient severe AS" hold every word and
# grade nothing.
# Only a question that asks how a thing is graded, with no patient values to place in a row.
W_GRADE_TABLE = 0.3
_ASKS_GRADING = re.compile(r"\b(?:grad(?:e|ed|es|ing)|severity|classif\w*)\b", re.IGNORECASE)
_GRADE_INTENT = frozenset(terms("grade"))
_ASKS_DEFINED = re.compile(r"\bdefin\w*|\bcriteria\b|\bcounts? as\b|\bcalled\b|\bwhat makes\b",
                           re.IGNORECASE)
# ... or a numbered grade: "E/A 2 or more: grade III" grades diastolic dysfunction, which "more
# than half positive: diastolic dysfunction" only detects.
_NUMBERED_GRADE = re.compile(r"\bgrade\s+(?:I{1,3}|IV|[1-4])\b")
# A question that tells two things apart ("how do I tell VT from SVT with aberrancy") is answered
# under a heading that does: "ECG features favouring VT", "Constriction versus restriction".
W_TELLS_APART = 0.15
_TELLS_APART = frozenset(terms("favour favouring favor favoring versus distinguish "
                               "distinguishing differentiate differentiating"))
_NOT_INTENT = frozenset(terms("ecg ekg electrocardiogram echo echocardiogram echocardiography "
                              "patient patients adult adults " + FILLER, keep_stopwords=True))
# A value the question gives ("EF 38%") falls in a range the sentence states ("LVEF 30-40%:
# moderately abnormal"): that row grades the patient's number.
W_RANGE = 0.2
# The question asks about the ECG and the sentence's document is about echo, or the reverse:
# "ECG signs of left atrial enlargement" is not answered by the echo note's LA volumes.
W_DOMAIN = 0.2
# A question about the ECG is answered by what the tracing shows: leads, waves, intervals,
# rates ("sawtooth flutter waves, negative in II, III and aVF"), not by management ("stroke
# prevention follows the same rules as AF").
W_TRACING = 0.15
_ON_THE_TRACING = re.compile(
    r"\b(?:I|II|III|aV[RLF]|V[1-9]|V[1-9]R|[PQRSTU]|QRS|ST|PR|QT|QTc|RR|J|f) ?waves?\b|"
    r"\b(?:II|III|aV[RLF]|V[1-9]R?|QRS|ST|PR|QTc?|RR|J point)\b|\d+ ?(?:ms|mm|/min)\b")
MAX_EVIDENCE = 4
COMPARISON_ROWS = 6  # rows of a table whose heading compares the two sides asked about
# Words asking for several things at once: "signs of tamponade", "criteria for LBBB". When the best
# sentence is an item of a list, its list (in order) answers them better than the best sentence
# and three others from elsewhere.
LIST_HEADING_MIN = 0.5
LIST_NEIGHBOURS = 3  # how far down the ranking a list of the best unit's section is looked for
# How far down the ranking a section named for the asked topic alone is looked for: the LBBB
# section's criteria came fourth, under three Sgarbossa items ("ECG criteria for left bundle
# branch block" showed the Sgarbossa points).
NAMED_CLOSER_REACH = 8
LIST_WORDS = frozenset("signs criteria causes features findings changes clues types".split())
# "How is tamponade diagnosed / recognised on echo?" asks for its signs or criteria, as "signs of
# tamponade" does: the list under "Echocardiographic signs", not "Echo's role is to detect
# effusion and tamponade".
_ASKS_HOW_RECOGNISED = re.compile(
    r"\bhow (?:is|are|do|does|can|would|should|to)\b(?:\s+[\w'-]+){0,4}?\s+"
    r"(diagnos\w*|recogni[sz]\w*|spot\w*|detect\w*|identif\w*|pick\w* up|confirm\w*|"
    # "how do I tell flutter from AF": each one's ECG features, not flutter's stroke advice
    r"tell(?=[^?.;]*\b(?:from|apart)\b)|distinguish\w*|differentiat\w*)\b",
    re.IGNORECASE)
_SIGNS_INTENT = frozenset(terms("sign signs criteria finding findings feature features diagnosis"))
# "What does the ECG show in hypothermia", "ECG changes in X": the condition's signs are asked.
_ASKS_WHAT_IT_SHOWS = re.compile(
    r"\bwhat (?:does|do|would|will|might) (?:the |an? |their |his |her )?(?:ecg|ekg|echo\w*|"
    r"tracing|scan|monitor)s? (?:show|look like)\b|\b(?:ecg|ekg|echo)\s+changes\b",
    re.IGNORECASE)
# A list of at least this many items names its items in passing: "hypothermia" among the causes
# of a long QT.
LISTED_ITEMS_MIN = 3
_LIST_SEPARATOR = re.compile(r"[,;]|\s+(?:and|or)\s+")
_A_LISTS_LABEL = frozenset(terms("other others causes include including"))  # "Others: a, b, c"
_SIGNS = "sign"
# "How is LA enlargement assessed?" is answered by "LA size is best measured as a biplane
# volume": assessing, measuring, evaluating and quantifying ask for one kind of answer.
_MEASURE_INTENT = frozenset(terms("assess measure evaluate quantify quantified quantification"))
_MEASURES = "measur"
# A further sentence joins the best one when it scores at least this share of the best's score,
# or half of it when it holds a key term the chosen ones lack.
KEEP_RELATIVE, KEEP_NEW_TERM = 0.8, 0.5
# ... or this share, when it is the sentence right after the best one and holds a key term the
# chosen ones lack: "AF with a very fast, wide, bizarre QRS suggests pre-excited AF." is followed
# by "AV nodal blockers (adenosine, verapamil, diltiazem, ...) are avoided", which answers "OK to
# give diltiazem?" and shares little else with it.
KEEP_FOLLOWING = 0.3
# `supported` needs the evidence (with its headings) to hold this share of the question's key-term
# weight (IDF), and every rare key term: measured on the answerable and unanswerable tuning
# questions (benchmarks/answer_quality.py).
COVERAGE_MIN = 0.6
# ... and one sentence (with its headings) at least this share: terms spread thinly over several
# sentences ("dobutamine stress" in one, "heart rate" in another, "ischaemia" in a third) are
# no answer to "target heart rate in a dobutamine stress echo for ischaemia".
SINGLE_MIN = 0.4
FAMILIAR_UNITS = 3
# A lead-in ending in ':' chosen below the first three places is dropped rather than brought
# with its items: "How do I work out the heart rate?" had the QTc formulas as items 4 to 7
# (recall unchanged on every question set without them).
LEAD_IN_PLACES = 3
ONE_DOCUMENT_MIN = 0.5  # of the key-term weight, held by the chosen sentences of one document
# "learned": echoassist.answer.gate decides (fitted on the labelled question sets); "rules":
# the thresholds above. Without the embedder the rules decide: the gate was fitted with it.
GATE = "learned"
SINGLE_TERMS = 4  # or this many key terms, for a long question ("Per the Zhou review, how did ...")
# Sentences about the document rather than the heart ("This note covers ...", "In this review we
# summarise ..."): they name every topic and answer none.
_ABOUT_THE_DOCUMENT = re.compile(
    r"\b(?:this|the present|our)\s+(?:note|review|article|paper|chapter|section|guideline|"
    r"document|study)\s+(?:covers?|describes?|reviews?|discusses|summari[sz]es|focuses|outlines)",
    re.IGNORECASE,
)
W_ABOUT_THE_DOCUMENT = 0.3
# A table's list of abbreviations ("GLS, global longitudinal strain; MD, mean difference; ...")
# holds every key term of a question about the table and answers none.
_GLOSSARY = re.compile(r"(?:\b[A-Z][A-Za-z0-9'’-]*[A-Z][A-Za-z0-9]*,\s[^;,]+;\s*){3}")
# The question names the paper ("Kusunose et al: ...") and the candidate comes from a document
# whose file name or title holds that name: the papers a review cites are not that paper.
W_NAMED_DOCUMENT = 0.2
# ... and a sentence from another document says nothing of that paper: "the study was approved
# by the regional ethics committee (ref. 2013/573)" is Østvik's, not Kusunose's approval.
W_OTHER_DOCUMENT = 0.3
# A question asking for criteria, a threshold or a normal range is answered by a sentence that
# states one ("PR over 200 ms"), not by one that names the topic ("first-degree AV block does
# not by itself prove trifascicular disease").
W_VALUE = 0.1
# A question on how well a method did is answered by the sentence with its figure ("AUC =
# 0.89"), not by the one that introduces the method (asked.ASKS_PERFORMANCE).
W_FIGURE = 0.2
# A normal value asked ("upper limit of normal PASP"): a sentence stating one for the measure asked
# (asked.states_normal_value, which the answer must have) beats the PASP formula's worked example.
W_NORMAL_VALUE = 0.3
# Where a lead goes, asked: "where do I put V1 and V2" is answered by the two placement items
# (each places one of the leads asked), not by the four sentences that name V1 and V2 together.
# Only this kind of answer ranks the sentences: ranking those that state some score's points or
# a percentage first brought Sgarbossa's points to "how many CHA2DS2-VASc points for age
# 65-74" and so defeated the rule that refuses evidence lacking the kind of value asked.
W_PLACEMENT = 0.3
# The heading is about the other side ("Left bundle branch block") of what the question names
# ("right bundle branch block").
W_OTHER_SIDE = 0.3
# The sentence is about another chamber than the one whose measure is asked: "LA volume index
# 16-34: normal" led for "LV end-systolic volume index 29 mL/m2", 29 falling in its range.
W_OTHER_CHAMBER = 0.3
# The sentence names what the question rules out ("causes of ST elevation other than MI"): the
# STEMI localisation rows answered it, ahead of the mimics.
W_EXCLUDED = 0.2
# How to work out a measure, asked ("how do you estimate PASP"): the sentence that writes it as a
# formula ("PASP = 4 x (peak TR velocity)^2 + RAP") beats the grading rows of the same measure and
# "mPAP can be approximated as 0.61 x PASP + 2", a formula that uses it.
W_FORMULA = 0.2
_ASKS_HOW_TO_WORK_OUT = re.compile(
    r"\bhow (?:do|does|can|should|would|to|is|are)\b(?:\s+\w+){0,4}?\s+"
    r"(?:calc\w*|estimat\w*|measur\w*|work(?:ed)? out|comput\w*|deriv\w*|figur\w* out)\b",
    re.IGNORECASE)
_WRITES_AS = re.compile(r"=|\b(?:is|are|be) (?:calculated|estimated|approximated|derived|computed) "
                        r"(?:as|from)\b")
# A list item whose bold label is what was asked: "- **Low**: consider other causes ..." for
# what to do after a low echo probability of PH, not the High item nor the PH definition above.
W_LABELLED = 0.05
# The question's rarer neighbouring terms side by side (kb.search.pair_rarity): the sentence
# naming right ventricular infarction over three on right ventricular hypertrophy.
W_RARE_PHRASE = 0.1  # 0.1: evidence recall 0.788 -> 0.790; 0.2: 0.789; 0.4: 0.784
W_BACK_MATTER = 0.3  # a paper's back matter not asked about (_back_matter_not_asked)
W_DEBRIS = 2.0  # a PDF's glyph codes or byline (_pdf_debris): below every sentence
# Rows of the best row's table scoring at least this share of its score are taken in table order.
TABLE_CLOSE = 0.9
# The ranker's weights, by the name of what each weighs (Unit.parts).
RANK_WEIGHTS = {
    "topic": W_TOPIC, "own": W_OWN, "heading": W_HEADING, "section": W_SECTION,
    "phrase": W_PHRASE, "intent": W_INTENT, "similarity": W_SIMILARITY, "rank": W_RANK,
    "tells_apart": W_TELLS_APART, "range": W_RANGE, "other_domain": -W_DOMAIN,
    "tracing": W_TRACING, "named_document": W_NAMED_DOCUMENT, "value": W_VALUE,
    "figure": W_FIGURE, "normal_value": W_NORMAL_VALUE,
    "about_document": -W_ABOUT_THE_DOCUMENT, "other_side": -W_OTHER_SIDE,
    "excluded": -W_EXCLUDED, "placement": W_PLACEMENT, "formula": W_FORMULA,
    "other_chamber": -W_OTHER_CHAMBER, "debris": -W_DEBRIS, "labelled": W_LABELLED,
    "back_matter": -W_BACK_MATTER, "other_document": -W_OTHER_DOCUMENT,
    "rare_phrase": W_RARE_PHRASE, "quoted": W_QUOTED, "only_listed": -W_ONLY_LISTED,
    "grade_table": W_GRADE_TABLE, "other_named": -W_OTHER_NAMED,
}
# "%" takes no word boundary after it: "-18% is normal".
_MEASURED = re.compile(r"\d+(?:\.\d+)?\s*(?:%|(?:ms|mm|cm|m/s|mmhg|ml|/min|mv|degrees)\b)",
                       re.IGNORECASE)
# A number, with its unit when written together ("5mm", "2.4cm", "490ms", "24h"): in a question
# it is the patient's value, which the evidence states as a threshold instead.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?(?:mm|cm|ms|mmhg|m/s|cm/s|kg|ml|mg|h|hr|hrs|bpm|%)?")
_POSSESSIVE = re.compile(r"['\u2019]s$")
# A question for treatment ("how do I treat hyperkalaemia?", "first-line drug for rate control")
# is answered only by a sentence that holds its subject and says what is done: the notes hold
# hyperkalaemia's ECG signs, and a torsades sentence holds "treated", but neither together.
# Not "no drugs", "without treatment": the patient's story; nor "Medicine" capitalised, a
# journal ("npj Digital Medicine", "J Clin Medicine"), nor "in medicine", the field; nor "treated
# as ischaemic", a reading.
_ASKS_FOR_TREATMENT = re.compile(
    r"(?<!\bno )(?<!without )(?<!\boff )(?<![\w]-)\b(?:treat|treated(?!\s+as\b)|treating|"
    r"treatment|treatments|therapy|therapies|drug|drugs|dose|doses|dosing|dosage|medication|medications|"
    r"(?<!\bin )(?<!\bof )(?-i:medicine)|prescribe|prescribed|infusion rates?)\b", re.IGNORECASE)
# A drug the patient was started on, or a drug's effect, is the story, not what is asked: "a
# QTc rise after starting a drug", "drug-induced QT prolongation". "Started on a drug for AF"
# still asks which.
_DRUG_IN_STORY = re.compile(
    r"\b(?:start(?:s|ing|ed)?|stop(?:s|ping|ped)?|tak(?:e|es|ing)|took|after|causative|"
    r"offending|culprit)\s+(?:(?:a|an|the|this|that|his|her|their|any)\s+)?(?:new\s+)?"
    r"(?:drugs?|medications?|medicines?)\b(?!\s+(?:for|of|to)\b)|\bdrugs?-(?:induced|related)\b|"
    # "no rate-slowing drugs": what the patient is not on
    r"\b(?:no|not on|off|without)\s+(?:[\w-]+\s+){1,2}(?:drugs?|medications?|medicines?)\b",
    re.IGNORECASE)


def treatment_asked(question: str) -> list[str]:
    """The words of the question that ask for a treatment, without a drug in its story."""
    return _ASKS_FOR_TREATMENT.findall(_DRUG_IN_STORY.sub(" ", question))


_SAYS_TREATMENT = re.compile(
    r"\b(?:treat\w*|therap\w*|drugs?|doses?|dosing|medication\w*|intravenous\w*|oral|mg|"
    # "ventricular pacing" is a rhythm the ECG shows ("Bundle branch block, ventricular pacing
    # and hypertrophy cause secondary ST-T changes"), not temporary pacing given for one.
    r"bolus|infusion|prescri\w*|give|given|avoid\w*|cardioversion|(?<!ventricular )pacing|"
    r"ablation|surgery|"
    r"surgical|anticoagula\w*|blockers?|antagonists?|inhibitors?|diuretics?|"
    r"anti-inflammatory|colchicine|aspirin|pericardiocentesis|defibrillat\w*|implant\w*|"
    r"reperfusion|angiograph\w*|pci|thromboly\w*|fibrinoly\w*|revasculari[sz]\w*|"
    r"contraindicated)\b",
    re.IGNORECASE)
# "OK to book a stress test?", "safe to give diltiazem?", "what is this and what do we do?":
# whether or what to do is answered by what the section says is done or avoided ("Stress testing
# is contraindicated", "It should trigger emergency reperfusion"), as a treatment question is;
# it adds that sentence but, unlike a treatment question, is never refused for lacking one ("ok
# to use a 40 Hz filter?" is answered by the filter's value).
_ASKS_WHAT_TO_DO = re.compile(
    r"\b(?:ok|okay|safe|fine|alright|reasonable)\s+to\b|"
    r"\bwhat (?:do|should|would|can) (?:we|i|you) do\b|\bwhat next\b|\bnext steps?\b|"
    # "wants a treadmill test tomorrow - reasonable?"
    r"\b(?:reasonable|appropriate|sensible|a good idea)\s*\?",
    re.IGNORECASE)
_ABOUT_A_PAPER = re.compile(
    r"\b(?:paper|study|studies|authors?|et al|review|trial|group|team|article|case|model|net|"
    r"cnn|network|algorithm|software|classifier|cohort|dataset)\b",
    re.IGNORECASE)
_NAMED = re.compile(r"\s*(?::|'s\b|et al\b|\()")
_MARKUP = re.compile(r"\*\*|__|`")
_ITEM_START = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_TABLE_RULE = re.compile(r"^[\s|:\-]+$")


@dataclass
class Unit:
    source: Source
    rank: int  # position of its chunk in the search results, from 0
    start: int
    end: int
    own: set[str]
    header: list[str] | None  # a table row's column names
    heading: set[str]  # the section path's terms
    innermost: set[str]  # the innermost heading's: "Left bundle branch block (LBBB)"
    pairs: set[tuple[str, str]]  # adjacent terms in the sentence and in its headings
    context: set[str]  # own terms plus the headings' and the title's
    # In a list: an item's line or the first line of a chunk that starts inside a list (the
    # rest of an item cut at the chunk boundary). `item`: offset of the item's line, so an item
    # of several sentences gives several units with one `item`; None for such a remnant.
    in_list: bool = False
    item: int | None = None
    domain: str | None = None  # "ecg" or "echo": what its document is about (title, headings)
    ranges: list[tuple[float, float, str | None]] = field(default_factory=list)  # "30-40%"
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)  # what the score weighs, by name
    heading_pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent terms of the headings
    coverage: float = 0.0  # weighted key-term share, heading included
    lead_in: frozenset[str] = frozenset()  # an item's: the terms of the line opening its list
    label: str = ""  # a labelled item's label, for its later sentences: "P wave" (see _units)
    item_label: frozenset[str] = frozenset()  # the terms of its item's bold label, any sentence

    @property
    def raw(self) -> str:
        return self.source.text[self.start : self.end]

    @property
    def shown(self) -> str:
        return display_text(self.raw, self.header)


@dataclass
class EvidenceChoice:
    evidence: list[Evidence]
    sources: list[Source]  # the chunks the evidence comes from, renumbered from 1
    key_terms: list[str]
    coverage: float  # best single sentence's weighted key-term share
    supported: bool
    candidates: int = 0
    missing: list[str] = field(default_factory=list)  # rare key terms no evidence holds
    off_topic: bool = False  # most of the question is words the knowledge base never uses
    # `missing` as the question wrote them, those no candidate passage mentions at all (the
    # words the evidence lacks but other passages hold, "Brugada", are not said to be absent).
    missing_words: list[str] = field(default_factory=list)
    # What the gate weighed, by name (benchmarks/answer_gate.py fits a gate on them).
    gate: dict[str, float] = field(default_factory=dict)
    # Not supported, but close enough that the evidence is shown as the closest passages.
    near: bool = False
    # (asked, found): the question's valve lesion, and the other one the evidence is about.
    mismatch: tuple[str, str] | None = None
    # The kind of value asked for ("percentage", ...) that no evidence sentence states.
    unstated: str | None = None
    # A rule refuses it whatever the gate says: off topic, a treatment not given, another
    # valve's lesion, a kind of value not stated (benchmarks/answer_gate.py counts these).
    ruled_out: bool = False


def key_terms(question: str) -> list[str]:
    """The stems a sentence must hold to be about what the question asks: 'What are the criteria
    for first-degree AV block?' -> first, degre, atrioventricular, block."""
    return list(key_words(question))


_EXCLUDING = re.compile(r"\b(?:other than|apart from|aside from|besides|except(?: for)?|but not|"
                        r"if not|excluding)\s+([^?,.;:!()]{1,40})", re.IGNORECASE)


def excluded_terms(question: str) -> set[str]:
    """What the question rules out: 'causes of ST elevation other than MI' -> {myocardi,
    infarct}; up to three words, less what it names before ('ST elevation other than STEMI'
    rules out only the infarct)."""
    out: set[str] = set()
    for match in _EXCLUDING.finditer(question):
        ruled_out = " ".join(re.split(r"\s+-\s", match[1])[0].split()[:3])
        out |= set(terms(ruled_out)) - set(terms(question[:match.start()]))
    return out


# A tag that asks to confirm ("... for pericarditis, right?", "isn't it?") and "at least" are how
# the asker speaks: "right" ranked the right ventricle's rows for a PR depression question.
_TAG_QUESTION = re.compile(
    r"(?:,|\s[-\u2013]|^|[.?!])\s*(?:right|correct|true|ok|okay|yes|no|"
    r"(?:is|isn't|isnt|doesn't|doesnt|don't|dont|aren't|wasn't|am|is that|am i)\s*"
    r"(?:it|they|that|i|we|you|there)?(?:\s+(?:right|correct))?)\s*\?", re.IGNORECASE)
_AT_LEAST_WORDS = re.compile(r"\bat (?:least|most)\b", re.IGNORECASE)


def key_words(question: str) -> dict[str, str]:
    """Key stems with a word of the question each came from (first seen)."""
    out: dict[str, str] = {}
    question = _AT_LEAST_WORDS.sub(" ", _TAG_QUESTION.sub("?", question))
    # One wording of a finding, as the evidence's terms have it ("by hand" -> "manual").
    said = words(vocabulary().canonical_phrases(question))
    recording = _recording_words(said) | _line_of_treatment(said)
    for i, word in enumerate(said):
        if i in recording:
            continue
        if i and said[i - 1].lower() in {"most", "least"} and word.lower() in _JUDGEMENTS:
            continue  # "the most specific finding": which is best, not what "specific" means
        if word.lower() == "clinically":
            continue  # "what does it mean clinically": how it matters, not a topic
        for term in terms(word):
            if term not in out and (term not in QUESTION_WORDS or _measure(term, said[i + 1:])):
                out[term] = word
    return out


_JUDGEMENTS = frozenset("specific sensitive reliable accurate useful helpful important likely "
                        "predictive discriminating".split())


_MEASURE_WORDS = frozenset(terms("mean average"))


def _recording_words(said: list[str]) -> set[int]:
    """Positions of "12-lead" / "12 lead": like "ECG", they name the recording, not the topic
    ("How do I diagnose LBBB on a 12 lead?" is answered by the LBBB criteria, which say "lead"
    nowhere)."""
    out: set[int] = set()
    for i, word in enumerate(said):
        lower = word.lower()
        if lower in {"12-lead", "12-leads"}:
            out.add(i)
        elif lower == "12" and i + 1 < len(said) and said[i + 1].lower() in {"lead", "leads"}:
            out |= {i, i + 1}
    return out


_ORDINALS = frozenset({"first", "second", "third"})


def _line_of_treatment(said: list[str]) -> set[int]:
    """Positions of "first-line" / "second line" / "first choice": which treatment is preferred
    is how a treatment question is asked; the notes write "then" and "first line" nowhere
    ("First-line treatment for stable SVT?" is answered by "Vagal manoeuvres ..., then
    intravenous adenosine")."""
    out: set[int] = set()
    for i, word in enumerate(said):
        first, _, second = word.lower().partition("-")
        if first in _ORDINALS and second in {"line", "choice"}:
            out.add(i)
        elif (word.lower() in _ORDINALS and i + 1 < len(said)
              and said[i + 1].lower() in {"line", "choice"}):
            out |= {i, i + 1}
    return out


def _measure(term: str, after: list[str]) -> bool:
    """'mean' names a measure when a content word follows ("mean gradient", "mean PAP"), and
    asks for a meaning when none does ("what does a delta wave mean?", "mean clinically")."""
    if term not in _MEASURE_WORDS or not after or after[0].lower().endswith("ly"):
        return False
    following = terms(after[0])
    return bool(following) and following[0] not in QUESTION_WORDS


def _in_pool(term: str, pool: set[str]) -> bool:
    """A truncated word ("regurg") still finds its full form ("regurgit")."""
    return term in pool or (len(term) >= 5 and any(t.startswith(term) for t in pool))


def _is_name(word: str, question: str) -> bool:
    """'Kusunose', 'EchoNet': a capitalised word inside a question about a paper names an
    author or a product, which papers rarely print in their own text. Elsewhere a capitalised
    word is an eponym the knowledge base must hold to answer ("sinuses of Valsalva")."""
    if _POSSESSIVE.search(word) and word[:1].isupper() and not word[:-2].isupper():
        return True  # "Kusunose's CNN", "Ostvik's pipeline": whose work, not what it found
    if not (word[:1].isupper() and not word.isupper() and _ABOUT_A_PAPER.search(question)):
        return False
    # A question's first word is capitalised anyway: a name there is marked by what follows it
    # ("Kusunose et al:", "EchoNet: how long ...", "Schneider's study").
    return not question.startswith(word) or bool(
        _NAMED.match(question[len(word):]) or word[1:] != word[1:].lower())


# Words that set the scene rather than ask: "in an intubated patient", "on trastuzumab",
# "post-op CABG", "started a macrolide". A rare one the evidence lacks says who the patient is,
# not what the question is about ("apixaban" in "when to reduce the apixaban dose" is).
_CONTEXT_MARKERS = frozenset(
    "on after post post-op postop known started starting taking takes receiving during with w has "
    "had".split())
# Skipped between a marker and its word: "on IV haloperidol" is on haloperidol.
_ARTICLES = frozenset({"a", "an", "the", "his", "her", "their", "iv", "oral", "po"})
_PATIENT = frozenset({"patient", "patients", "pt", "pts"})
_SCENE_WORDS = frozenset("asymptomatic symptomatic elderly frail obese sedated intubated "
                         "ventilated postoperative post-operative post-op postop preoperative "
                         "pre-operative pre-op preop perioperative hypertensive diabetic "
                         # who scanned: "first-year med students"
                         "first-year second-year third-year final-year "
                         # where the patient is: "ventilated pt in ICU", "seen in ED"
                         "icu itu ccu hdu ed ward wards clinic outpatient outpatients inpatient "
                         "inpatients resus a&e post-take handover round rounds amu mau cdu "
                         "telemetry tele "
                         # how seriously the patient plays: "a national-level rower"
                         "national-level international-level club-level county-level amateur "
                         "semi-pro recreational "
                         # whom the asker will call: "before I call the cardiologist"
                         "cardiologist cardiologists consultant consultants registrar "
                         # what the patient looks like, and where a finding was recorded
                         "clammy sweaty pale unwell holter pre-participation preparticipation "
                         "breathless breathlessness sob dyspnoeic dyspneic pleuritic triage "
                         "male female man woman lady gentleman gent guy boy girl bloke chap fella "
                         # whose test it is: "my dad's scan says ..."
                         "dad mum mom mother father wife husband son daughter brother sister "
                         "partner friend grandmother grandfather grandma grandpa"
                         .split())
# "Rheumatology clinic: ...", "on the renal ward": the word before a place says where the patient
# is ("cardiology clinic"), unless the place is part of a name ("Mayo Clinic").
_PLACES = frozenset("clinic clinics ward wards unit department dept lab round".split())
# "72yo", "38F", "34 year old", "pre op": who the patient is and when, not what is asked. A
# child's age is what is asked: "normal heart rate for a 2 year old" wants children's norms.
ADULT_AGE = 18
_AGE_OR_SEX = re.compile(r"^(\d+)(?:yo|y/o|yrs?|[mf]|-(?:year|yr)s?-old)$", re.IGNORECASE)
_AGE_WORDS = frozenset("year years yr yrs yo old".split())
# When in the patient's story something happened: "two weeks later", "last night", "tomorrow".
_WHEN_WORDS = frozenset("yesterday today tonight tomorrow overnight".split())
_TIME_UNITS = frozenset("minute minutes min mins hour hours hr hrs day days week weeks wk wks "
                        "month months year years night nights morning evening".split())
_NUMBER_WORDS = frozenset("a an one two three four five six seven eight nine ten few several "
                          "couple last this".split())
_TIME_AFTER = frozenset("later ago after before since earlier".split())
# Who says what the question checks: "med reg wants a treadmill test", "my consultant says".
_ROLES = frozenset("reg registrar consultant colleague boss senior attending resident fellow "
                   "nurse cardiologist sonographer physician doctor gp intern sho fy1 fy2 "
                   "cardiology med medical".split())
_SAYING = frozenset("says said wants wanted thinks thought reckons suggests suggested told "
                    "asked insists claims claimed".split())
# What is looked at, not what the patient is on: "on a FICE scan", "on the echo".
_TEST_WORDS = frozenset("scan scans echo echocardiogram ecg ekg tracing tracings strip strips "
                        "image images view views report monitor".split())


# "trop basically normal", "BP fine": a test named with its result is the patient's story.
_RESULTS = frozenset("normal fine negative positive raised elevated ok okay stable unremarkable "
                     "borderline up down crashed dropped fell pending awaited sent".split())
_RESULT_FILLER = frozenset("basically otherwise completely entirely still is was are were now "
                           "totally slightly mildly a bit only just little".split())


def _given_result(said: list[str], i: int) -> bool:
    j = i + 1
    while j < len(said) and said[j].lower() in _RESULT_FILLER:
        j += 1
    return j < len(said) and said[j].lower() in _RESULTS


def _adult_age_before(said: list[str], i: int) -> bool:
    """'year' and 'old' in "34 year old" (not in "2 year old")."""
    j = i - 1
    while j >= 0 and said[j].lower() in _AGE_WORDS:
        j -= 1
    return j >= 0 and said[j].isdigit() and int(said[j]) >= ADULT_AGE


def _when(said: list[str]) -> set[int]:
    """Positions of the words that say when in the story: "two weeks later", "last night",
    "3 days ago", "tomorrow"."""
    out: set[int] = set()
    for i, word in enumerate(said):
        lower = _POSSESSIVE.sub("", word.lower())  # "today's ECG"
        if lower in _WHEN_WORDS:
            out.add(i)
        elif lower in _TIME_UNITS and i and (said[i - 1].isdigit()
                                             or said[i - 1].lower() in _NUMBER_WORDS):
            span = {i - 1, i}
            if i + 1 < len(said) and said[i + 1].lower() in _TIME_AFTER:
                span.add(i + 1)
            # "last night" and "two weeks later" are when; "over 3 months" is how long asked
            if said[i - 1].lower() == "last" or len(span) == 3:
                out |= span
    return out


def _who_says(said: list[str]) -> set[int]:
    """Positions of "med reg wants", "consultant says": who holds the view asked about."""
    out: set[int] = set()
    for i, word in enumerate(said[:-1]):
        if said[i + 1].lower() in _SAYING and word.lower() in _ROLES:
            out |= {i, i + 1}
            j = i - 1
            while j >= 0 and said[j].lower() in _ROLES:  # "med reg", "cardiology fellow"
                out.add(j)
                j -= 1
    return out


_ORDINAL = re.compile(r"(?i)^(?:\d(?:st|nd|rd|th)|first|second|third|fourth|fifth|final)$")
_GETS = frozenset("get gets got getting".split())
_LEARNERS = frozenset("student students medic medics resident residents trainee trainees fellow "
                      "fellows registrar sonographer sonographers".split())


def context_words(question: str) -> set[str]:
    """Words of the question that describe the patient ("intubated", "trastuzumab", "trop
    normal"), or the one asking ("new to ICU"), as key_words writes them."""
    said = words(vocabulary().canonical_phrases(question))
    out: set[str] = {said[i] for i in _when(said) | _who_says(said)}
    introduced = _INTRODUCTION.match(question)
    if introduced:  # "Medical reg on AMU here - ...", "nurse here:": who asks, and where
        out.update(words(introduced[1]))
    for i, word in enumerate(said):
        j = i - 1
        while j >= 0 and said[j].lower() in _ARTICLES:
            j -= 1
        before = said[j].lower() if j >= 0 else ""
        after = said[i + 1].lower() if i + 1 < len(said) else ""
        if (before in _CONTEXT_MARKERS and (word.lower() in _TEST_WORDS or after in _TEST_WORDS)
                and word.lower() not in _SCENE_WORDS):
            continue  # "on a FICE scan": what is looked at, not what the patient takes
        if word.lower() == "new" and after == "to":
            out.add(word)  # "new to ICU": who asks
            continue
        if _ORDINAL.match(word) and after in {"year", "yr"}:
            # "a 3rd year student", "2nd yr resident": who asks
            out.update(said[i:i + 3] if i + 2 < len(said) and said[i + 2].lower() in _LEARNERS
                       else said[i:i + 2])
            continue
        if word.lower() == "misclassification" and before in _MIXING_UP:
            # "I always mix up X and Y": the asker's trouble, not the topic; "always" too
            out.add(word)
            if before != "i":
                out.add(said[j])
            continue
        if before in {"them", "it", "these", "those"} and j > 0 and said[j - 1].lower() in _GETS:
            out.add(word)  # "I always get them mixed up": the asker's trouble, not the topic
            continue
        # "breast ca patient": both words say who the patient is.
        after2 = said[i + 2].lower() if i + 2 < len(said) and after not in STOPWORDS else ""
        lower = _POSSESSIVE.sub("", word.lower())
        age = _AGE_OR_SEX.match(word)
        if (lower in _SCENE_WORDS or before in _CONTEXT_MARKERS
                or after in _PLACES and said[i + 1][:1].islower()
                or (age is not None and int(age[1]) >= ADULT_AGE)
                or (before == "in" and j < i - 1) or {after, after2} & _PATIENT
                or _given_result(said, i)
                or (lower in _AGE_WORDS and _adult_age_before(said, i))
                or (lower in {"pre", "post"} and after == "op")
                or (lower == "op" and i and said[i - 1].lower() in {"pre", "post"})):
            out.add(word)
    # "on citalopram + cipro", "on sotalol and flecainide": the second drug is the story too.
    for first, second in _JOINED.findall(question):
        if first in out:
            out.add(second)
    # "BP fine, no pulsus paradoxus. Her echo shows ...": what the story rules out, before the
    # sentence that asks, describes the patient.
    parts = _STORY_AND_QUESTION.match(question.strip())
    if parts and parts[1]:
        for absent in _ABSENT.findall(parts[1]):
            out.update(words(absent))
    return out


# Everything up to the last sentence, and the last sentence.
_STORY_AND_QUESTION = re.compile(r"(?s)(.*[.!?;]\s+)?(.+)")
_ABSENT = re.compile(r"\bno\s+([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*)?)(?=\s*[,.;])",
                     re.IGNORECASE)


# "I always mix up", "I keep mixing up" (the word list reads "mix up" as misclassification).
_MIXING_UP = frozenset("i always often keep still sometimes usually constantly forever".split())
_JOINED = re.compile(r"\b([A-Za-z][\w-]*)\s*(?:\+|&|/|\band\b)\s*([A-Za-z][\w-]*)")
_INTRODUCTION = re.compile(r"^\W*((?:[\w&'/-]+\s+){0,5}?)here\s*(?:[-:,;.!]|$)", re.IGNORECASE)


# A clinical story told in sentences before the one that asks ("A 24-year-old man had a viral
# illness ... Echo shows new hypokinesia of the inferolateral wall. What does the new wall motion
# abnormality suggest?"): its findings are the patient's, and the note that answers the question
# need not name each of them.
STORY_SENTENCES = 2


def _story_words(question: str) -> set[str]:
    """Words of a story's sentences before the last one, when the question tells one."""
    spans = [question[s:e] for s, e in sentence_spans(question)]
    if len(spans) <= STORY_SENTENCES:
        return set()
    return {w for span in spans[:-1] for w in words(span)}


def _missing_rare(key: dict[str, str], have: set[str], question: str,
                  is_common: IsCommonWord | None, scene: set[str],
                  named_signs: AbstractSet[str]) -> list[str]:
    """Key terms no evidence holds that name something specific: a drug, a test, a disease;
    not the words in `scene`, which describe the patient (context_words). `named_signs` are the
    question's eponyms: "Cabrera's sign" is whose sign, not whose paper."""
    if is_common is None:
        return []
    by_word: dict[str, list[str]] = {}
    for term, word in key.items():
        by_word.setdefault(word, []).append(term)
    missing = []
    for word, stems in by_word.items():
        # "HAS-BLED" is one rare name, though "bled" is an everyday word.
        double_name = bool(_DOUBLE_NAME.fullmatch(word))  # no drug: "points on Romhilt-Estes"
        plain = _POSSESSIVE.sub("", word)
        if (not plain.replace("-", "").isalpha()
                or _is_name(word, question) and word not in named_signs
                or word in scene and not double_name
                # "the Hodges formula": a named formula, however common the surname
                or is_common(plain.lower()) and word not in named_signs
                or plain.lower() in _EVERYDAY_COMPOUNDS):
            continue
        absent = [t for t in stems if not _in_pool(t, have)]
        # An abbreviation is missing when most of its long form is: "ICU" is held by "patient
        # in intensive care", "WPW" is not held by "white". A double name is one name:
        # "Romhilt-Estes" is missing though "est" turns up somewhere.
        if 2 * len(absent) > len(stems) or absent and double_name:
            missing += absent
    return missing


# Joined everyday words that say when or how, not what: "the long-term treatment" of long QT is
# the beta-blocker sentence, which says no "term". (Others can name what is asked:
# "exercise-induced" must be held.)
_EVERYDAY_COMPOUNDS = frozenset("long-term short-term longer-term mid-term medium-term "
                                "first-line second-line third-line so-called well-known "
                                "real-world day-to-day up-to-date".split())


# A name in two or more capitalised parts names a score, sign or syndrome ("Romhilt-Estes",
# "HAS-BLED", "Holt-Oram"): one the knowledge base never mentions is not what it answers,
# however much of the rest of the question it holds (HAS-BLED was supported in six sets).
_DOUBLE_NAME = re.compile(r"[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)+")


TYPO_LETTERS = 7  # words this long are checked for a typo: "pericardits", "enlargment"


def _corrected(key: dict[str, str], sources: Sequence[Source]) -> dict[str, str]:
    """Key terms with a mistyped word read as the candidates' word one letter off it:
    "pericardits" -> "pericarditis" (whose stem differs, though "pericarditic" shares the typo's).
    Only a long word the candidates never write, and only one edit with the same first letter:
    "bicuspid" stays bicuspid, and "hypotension" (two edits) never becomes "hypertension"."""
    long_word = re.compile(rf"[A-Za-z]{{{TYPO_LETTERS - 1},}}")
    known: set[str] | None = None
    written: str | None = None

    def candidates_written() -> str:  # read the candidates once, and only when a word needs it
        nonlocal written
        if written is None:
            written = fold(" ".join(f"{s.title} {s.section} {s.text}" for s in sources)).lower()
        return written

    out: dict[str, str] = {}
    for term, word in key.items():
        fixed = None
        if _HYPHEN_PREFIX.match(word):
            fixed = _other_hyphenation(word.lower(), candidates_written())
        if fixed is None and len(word) >= TYPO_LETTERS and word.isalpha():
            if known is None:  # read the candidates only for a question with a long word
                known = {w.lower() for s in sources
                         for w in long_word.findall(f"{s.title} {s.section} {s.text}")}
            fixed = _one_typo_from(word.lower(), known)
            if fixed is None and word.lower() not in known:
                fixed = _two_words_of(word.lower(), candidates_written())
        for new in terms(fixed) if fixed else [term]:
            out.setdefault(new, word)
    return out


COMPOUND_PART_LETTERS = 4  # "crossvalidation": each part of a run-together word has 4 letters+


# "interobserver" and "inter-observer" are one word, which the stems split differently.
_HYPHEN_PREFIX = re.compile(r"(?i)(inter|intra|non|pre|post|anti|trans|sub)(-?)([a-z]{4,})$")


def _other_hyphenation(word: str, written: str) -> str | None:
    """The word as the candidates write it when they write it with a hyphen after its prefix and
    it was typed without one, or the other way round; None when they write it as typed."""
    match = _HYPHEN_PREFIX.match(word)
    if match is None or re.search(rf"\b{re.escape(word)}\b", written):
        return None
    other = f"{match[1]}{'' if match[2] else '-'}{match[3]}"
    return other if re.search(rf"\b{re.escape(other)}\b", written) else None


def _two_words_of(word: str, written: str) -> str | None:
    """The two words the candidates write side by side (or hyphenated) that `word` runs
    together: "crossvalidation" -> "cross validation"; None when there are none."""
    for cut in range(COMPOUND_PART_LETTERS, len(word) - COMPOUND_PART_LETTERS + 1):
        first, second = word[:cut], word[cut:]
        if re.search(rf"\b{first}[\s-]{second}s?\b", written):  # "heartbeat": "heart beats"
            return f"{first} {second}"
    return None


def _one_typo_from(word: str, known: set[str]) -> str | None:
    """The known word one edit from `word`, when `word` itself is not known."""
    if word in known:
        return None
    closest = min(((_edits(word, k, 1), k) for k in known
                   if k[0] == word[0] and abs(len(k) - len(word)) <= 1), default=None)
    return closest[1] if closest and closest[0] <= 1 else None


TYPO_VOWEL_LETTERS = 7  # a word this long may have lost a vowel: "completly", "positve"


def _or_mistyped(is_common: IsCommonWord) -> IsCommonWord:
    """`is_common` that also takes an everyday word mistyped: two letters swapped ("almsot",
    "beleive"), a letter doubled or undoubled ("allways"), or, in a long word, a vowel left out
    ("completly"). Not any one edit: "statin" is a vowel from "station", and "stemi" a letter
    from "stem"; measured on every studied question, these edits found typos only."""
    def everyday(word: str) -> bool:
        return is_common(word) or (
            len(word) >= 5 and word.isalpha() and word.islower()
            and any(is_common(w) for w in _slips_of(word)))
    return everyday


def _slips_of(word: str) -> set[str]:
    """The words `word` may have been meant as, one slip of the finger away (first letter kept)."""
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}
    out |= {word[:i] + word[i - 1] + word[i:] for i in range(1, len(word))}
    out |= {word[:i] + word[i + 1:] for i in range(1, len(word)) if word[i] == word[i - 1]}
    if len(word) >= TYPO_VOWEL_LETTERS:
        out |= {word[:i] + vowel + word[i:] for i in range(1, len(word) + 1) for vowel in "aeiou"}
    out.discard(word)
    return out


def _edits(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one edit), or limit + 1
    once it is known to exceed the limit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# "Hodges formula", "Wells score", "Duke criteria": the word before one of these names the
# formula or score asked for, however everyday it is ("wells") or name-like ("Hodges"); a
# knowledge base without it does not answer the question, whatever else it holds about QTc.
_EPONYM_HEADS = frozenset("formula formulas formulae equation criteria criterion score scores "
                          "sign signs index rule rules classification method maneuver manoeuvre "
                          "phenomenon law algorithm triad".split())
_NAMED_FINDINGS = frozenset("wave waves pattern patterns syndrome".split())
# The two kinds of thing a name heads (other_named): a condition or finding, and a method or
# score. "Sign", "phenomenon" and "triad" name findings, though a missing one is also an eponym.
_CONDITION_HEADS = _NAMED_FINDINGS | frozenset("syndromes disease sign signs phenomenon triad "
                                               "anomaly".split())
_METHOD_HEADS = (_EPONYM_HEADS - _CONDITION_HEADS) | {"algorithms"}
_NOT_EPONYMS = frozenset("new simple quick revised modified updated current latest old original "
                         "clinical standard best usual correct right main other same different "
                         "voltage diagnostic which".split())


def eponyms(question: str) -> set[str]:
    """Words of the question that name a formula, score or sign: "Hodges" in "hodges formula",
    "Cabrera's" in "Cabrera's sign" (whose, but not a paper's author)."""
    said = words(question)
    named = {word for word, head in zip(said, said[1:], strict=False)
             if head.lower() in _EPONYM_HEADS and _eponym_like(_POSSESSIVE.sub("", word))}
    # "Osborn waves", "Wellens pattern": a capitalised name before what it names on the tracing
    # (not "Flutter waves ..." opening the question, nor "flutter waves").
    named |= {word for word, head in zip(said, said[1:], strict=False)
              if head.lower() in _NAMED_FINDINGS and _eponym_like(_POSSESSIVE.sub("", word))
              and word[:1].isupper() and not question.lstrip().startswith(word)}
    # "Hodges QTc formula", "Duke IE criteria", "Tisdale risk score": a capitalised name, then
    # what it measures, then the head.
    return named | {word for word, what, head in zip(said, said[1:], said[2:], strict=False)
                    if head.lower() in _EPONYM_HEADS and word[:1].isupper()
                    and (_CAPITALS_INSIDE.search(what) or what.isalpha() and what.islower()
                         and what not in STOPWORDS)
                    and _eponym_like(_POSSESSIVE.sub("", word))}


def _head_family(head: str) -> frozenset[str] | None:
    head = head.lower()
    return (_CONDITION_HEADS if head in _CONDITION_HEADS
            else _METHOD_HEADS if head in _METHOD_HEADS else None)


def named_heads(text: str) -> dict[str, set[frozenset[str]]]:
    """Each name-like word followed by a condition's or a method's head, with the families of the
    heads it is followed by: "Brugada syndrome" -> {"brugada": {condition}}."""
    said = words(text)
    found: dict[str, set[frozenset[str]]] = {}
    for word, head in zip(said, said[1:], strict=False):
        family = _head_family(head)
        if family is not None and _eponym_like(_POSSESSIVE.sub("", word)):
            found.setdefault(_POSSESSIVE.sub("", word).lower(), set()).add(family)
    return found


def other_named(asked: Mapping[str, set[frozenset[str]]], raw: str) -> bool:
    """The sentence names one of the question's names only as another kind of thing: the
    "Brugada algorithm" for Brugada syndrome (a bare mention, "Brugada", is no other thing)."""
    said = named_heads(raw)
    return any(name in said and not said[name] & families
               and not re.search(rf"\b{re.escape(name)}\b(?!['\u2019]?s?\s+(?:{_ANY_HEAD}))",
                                 raw, re.IGNORECASE)
               for name, families in asked.items())


_ANY_HEAD = "|".join(sorted(_CONDITION_HEADS | _METHOD_HEADS))


_CAPITALS_INSIDE = re.compile(r"^[A-Za-z]+[A-Z][A-Za-z0-9]*$|^[A-Z]{2,}[a-z]?$")


# A word in lower case with an adjective's or participle's ending describes the criteria, it does
# not name them: "the two remaining criteria", "supportive criteria" ("remaining" was taken for
# an unknown eponym and refused a diastolic-grading question).
_DESCRIBING_ENDING = re.compile(r"[a-z]+(?:ing|ed|ive|ous|ary|ory|ble)")


def _eponym_like(word: str) -> bool:
    return (word.isalpha() and len(word) >= 4 and word.lower() not in _NOT_EPONYMS
            and not _DESCRIBING_ENDING.fullmatch(word)
            and word.lower() not in STOPWORDS)


def _capital_names(word: str, question: str) -> bool:
    """The word's capitals say it is a name: an acronym ("HEART score"), or a capital that does
    not open the question ("the Lake Louise criteria")."""
    return word.isupper() or word[:1].isupper() and not question.lstrip().startswith(word)


def inside_terms(question: str, pool: set[str]) -> set[str]:
    """Everyday words the question puts between two of the knowledge base's terms, inside one
    name: "reservoir" in "LA reservoir strain" is which strain, not filler ("LA strain"). Only
    words joined by spaces: "citalopram, machine QTc" and "NSTEMI / unstable angina" are two
    things each."""
    text = fold(question)
    said = [(m[0], m.start(), m.end()) for m in WORD.finditer(text)]

    def known(word: str) -> bool:
        stems = terms(word)
        return bool(stems) and all(_in_pool(t, pool) and t not in QUESTION_WORDS for t in stems)

    return {word for (before, _, end0), (word, start, end), (after, start2, _)
            in zip(said, said[1:], said[2:], strict=False)
            if word.isalpha() and word.islower() and len(word) >= 4
            and word not in STOPWORDS and not set(terms(word)) & QUESTION_WORDS
            and text[end0:start] == " " and text[end:start2] == " "
            and known(before) and known(after)}


def _drop_filler(key: dict[str, str], pool: set[str], is_common: IsCommonWord | None,
                 named_things: AbstractSet[str] = frozenset()) -> list[str]:
    """Key terms without the everyday words the knowledge base never uses ("someone", "quick").

    A key term found nowhere among the candidates counts against coverage only when it is a
    rare word (amiodarone, ajmaline, a number, an abbreviation): measured on the tuning set,
    the missing terms of answerable questions were everyday words and those of unanswerable
    ones were the drug, disease or test the knowledge base does not cover.
    """
    if is_common is None:
        return list(key)
    return [t for t, word in key.items()
            if _in_pool(t, pool) or word in named_things
            or not (word.isalpha() and word.islower() and is_common(word))]


def _drop_names(key: dict[str, str], pool: set[str], question: str, sources: Sequence[Source],
                named_things: AbstractSet[str] = frozenset()) -> dict[str, str]:
    """Key terms without the names of a paper's authors or product that no candidate holds
    ("Schneider's AI-guided study"): papers rarely print them, so they cannot count against
    the knowledge base's coverage of the question. So too a word no candidate's text holds but
    a candidate's file name or title does: the journal ("Schneider et al IJCVI 2021")."""
    named = {w for s in sources for w in _name_parts(f"{s.doc} {s.title}")}
    return {t: w for t, w in key.items() if _in_pool(t, pool) or w in named_things or not (
        _is_name(w, question) or w.lower() in named)}


def _name_parts(name: str) -> set[str]:
    """The words of a file name or title, lower case: letters, digits and camel-case words apart,
    and each camel-case run's initials ("echo_akkus2021_JClinMed" -> echo, akkus, 2021, j, clin,
    med, jcm; "npjDigitMed" -> npj, digit, med, ndm)."""
    parts: set[str] = set()
    for run in re.findall(r"[A-Za-z]+|[0-9]+", name):
        pieces = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", run) or [run]
        parts |= {p.lower() for p in pieces} | {run.lower()}
        if len(pieces) > 1:
            parts.add("".join(p[0] for p in pieces).lower())
    return parts


def _cells(row: str) -> list[str]:
    return [c.strip() for c in _MARKUP.sub("", row.strip()).strip("|").split("|")]


def display_text(raw: str, header: list[str] | None = None) -> str:
    """A unit as shown: list bullets and emphasis marks dropped; a table row as 'cell: cell', or
    with its column names when the chunk holds the header ('probability of PH: low')."""
    text = _ITEM_START.sub("", raw.strip())
    text = _MARKUP.sub("", text)
    if text.startswith("|"):
        cells = _cells(text)
        if header and len(header) == len(cells):
            text = "; ".join(f"{h}: {c}" if h else c
                             for h, c in zip(header, cells, strict=True) if c)
        else:
            text = ": ".join(c for c in cells if c)
    return " ".join(text.split())


def table_headers(text: str, carried: list[str] | None = None) -> dict[int, list[str]]:
    """Start offset of each table row -> the column names of its table: from this text, or
    `carried` over from the chunk before for rows that open it."""
    return _table_rows(text, carried)[0]


def _open_table(text: str) -> list[str] | None:
    """The column names of the table a text ends inside, if it does."""
    return _table_rows(text, None)[1]


def _table_rows(text: str, carried: list[str] | None,
                ) -> tuple[dict[int, list[str]], list[str] | None]:
    lines = text.splitlines(keepends=True)
    headers: dict[int, list[str]] = {}
    header = carried
    offset = 0
    for i, line in enumerate(lines):
        body = line.strip()
        is_row = body.startswith("|") and not _TABLE_RULE.match(body)
        if is_row and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1].strip() or "x"):
            header = _cells(body)
        elif is_row and header is not None:
            headers[offset] = header
        elif not body.startswith("|") and (body or headers):
            header = None
        offset += len(line)
    return headers, header


def split_units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, list item and table row of a chunk's text; a table's
    header row is no unit (its names go with each row, see table_headers). A line a PDF wrapped
    mid-sentence runs on into the next ("... the apical\nfour-chamber view into 20 disks")."""
    spans: list[tuple[int, int]] = []
    offset = 0
    lines = _unwrapped(text.splitlines(keepends=True))
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n")
        next_line = lines[i + 1].strip() if i + 1 < len(lines) else ""
        is_header = body.lstrip().startswith("|") and bool(next_line) and bool(
            _TABLE_RULE.match(next_line))
        if body.strip() and not _TABLE_RULE.match(body) and not is_header:
            start = 0
            for match in SENTENCE_END.finditer(body):
                spans.append((offset + start, offset + match.start()))
                start = match.end()
            spans.append((offset + start, offset + len(body.rstrip())))
        offset += len(line)
    return [(s, e) for s, e in spans if len(text[s:e].split()) >= 3]


# A line that stops mid-sentence (no closing punctuation) followed by one that goes on in lower
# case: 15% of the shared papers' chunks have such breaks, which cut the sentence in two.
_RUNS_ON = re.compile(r"^[a-z(]")
_ENDS_SENTENCE = re.compile(r"[.!?:;]\W*$")
# ... or in a number, after a word no sentence ends on: "confirmed a" / "10 cm × 3 cm cystic mass".
_RUNS_ON_NUMBER = re.compile(r"^\d(?!\d*[.)]\s)")
_ENDS_MID_CLAUSE = re.compile(
    r"\b(?:a|an|the|of|in|on|to|with|by|and|or|for|from|at|as|was|were|is|are|be|been|than|"
    r"about|approximately|over|under|between|within|measuring)$")


def _unwrapped(lines: list[str]) -> list[str]:
    """The lines with each wrapped sentence joined into one (its line breaks kept as characters,
    so offsets into the text stay true)."""
    out: list[str] = []
    for line in lines:
        previous = out[-1].rstrip("\r\n") if out else ""
        runs_on = _RUNS_ON.match(line) or (_RUNS_ON_NUMBER.match(line)
                                           and _ENDS_MID_CLAUSE.search(previous.rstrip()))
        if (previous.strip() and runs_on and not _ENDS_SENTENCE.search(previous)
                and not _is_markup_line(previous) and not _is_markup_line(line)):
            out[-1] += line
        else:
            out.append(line)
    return out


def _is_markup_line(line: str) -> bool:
    body = line.strip()
    return body.startswith(("|", "#")) or bool(_ITEM_START.match(line))


def list_lines(text: str) -> dict[int, bool]:
    """Offset of each line that is part of a list -> True for an item's own line ('- ...',
    '1. ...'), False for a chunk's first line that continues an item (the next line is one)."""
    lines = text.splitlines(keepends=True)
    out: dict[int, bool] = {}
    offset = 0
    for i, line in enumerate(lines):
        if _ITEM_START.match(line):
            out[offset] = True
        elif i == 0 and len(lines) > 1 and _ITEM_START.match(lines[1]):
            out[offset] = False
        offset += len(line)
    return out


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


# "Image Quality Score (IQS)": a paper's own abbreviation, defined once and used after.
_DEFINED = re.compile(r"((?:[A-Za-z][\w-]*\s+){0,5}[A-Za-z][\w-]*)\s*\(([A-Z][A-Za-z]{1,5})s?\)")


def defined_abbreviations(sources: Sequence[Source]) -> dict[str, dict[str, list[str]]]:
    """Per document, the abbreviations its candidates define ("Image Quality Score (IQS)") that
    the word list does not know, as the long form's terms: a paper writes "Thresholds for IQS
    were 3.1 for PLAX" pages after it spelt IQS out."""
    out: dict[str, dict[str, list[str]]] = {}
    for source in sources:
        for long_form, abbreviation in _DEFINED.findall(fold(source.text)):
            letters = [c for c in abbreviation if c.isupper()]
            said = WORD.findall(long_form)[-len(letters):]
            if (len(letters) < 2 or len(said) != len(letters) or vocabulary().expand(abbreviation)
                    or [w[0].upper() for w in said] != letters):
                continue
            out.setdefault(source.path, {}).setdefault(abbreviation, terms(" ".join(said)))
    return out


_BOLD_LINE = re.compile(r"(?:\*\*|__)[^*_\n]{1,80}(?:\*\*|__):?")
_ITEM_LABEL = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+\*\*([^*\n]{1,60})\*\*[ \t]*:?")


# What a PDF's first page leaves between its sentences: glyph codes of an unmapped font
# ("/gid00030/gid00035...") and the authors' names and affiliations ("Friedman and Jae K.",
# "Kenya Kusunose 1,*", "Ghorbani et al."). They were shown as the evidence for questions on the
# paper, which they share the author's name with and answer nothing of. They stay in the pool
# (a byline is where a question's author is named) and rank last.
_GLYPH_CODES = re.compile(r"/gid\d{3,}")
_NAME_JOINERS = frozenset("and et al of de van von der den da di la le".split())
BYLINE_WORDS = 6  # at most this many words, all names, make a byline rather than a sentence


def _pdf_debris(raw: str, source: Source) -> bool:
    if not source.path.lower().endswith(".pdf"):
        return False
    if _GLYPH_CODES.search(raw):
        return True
    said = re.findall(r"[A-Za-z]+", raw)
    return (0 < len(said) <= BYLINE_WORDS
            and all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in said))


# A paper's back matter ("Supplementary Materials: Figure S1: data augmentation, ...", "Funding:
# ...") names the study's every topic and answers only a question about it: the Ono paper's list
# of supplementary figures was evidence for ten questions on that paper and held none's answer.
_BACK_MATTER = re.compile(
    r"\s*(supplementary materials?|author contributions?|funding|conflicts? of interest|"
    r"institutional review board statement|informed consent statement|"
    r"data availability statement|acknowledge?ments?|competing interests?)\s*:", re.IGNORECASE)


def _back_matter_not_asked(raw: str, question: str) -> bool:
    match = _BACK_MATTER.match(raw)
    return match is not None and not set(terms(match[1])) & set(terms(question))


def _units(sources: Sequence[Source]) -> list[Unit]:
    units: list[Unit] = []
    seen: dict[str, Unit] = {}
    defined = defined_abbreviations(sources)
    for rank, source in enumerate(sources):
        own_abbreviations = defined.get(source.path, {})
        in_list = list_lines(source.text)
        heading_terms = terms(source.section)
        heading = set(heading_terms)
        heading_pairs = frozenset(neighbour_pairs(heading_terms))
        innermost = set(terms(source.section.rsplit(" › ", 1)[-1]))
        context = heading | set(terms(source.title))
        domain = text_domain(f"{source.title} {source.section}")
        # A table split between chunks: its later rows keep the names of its columns.
        before = next((s for s in sources if _next_chunk(s, source)), None)
        headers = table_headers(source.text, _open_table(before.text) if before else None)
        lead_in: set[str] = set()  # the terms of the sentence ending in ':' that opens a list
        last: tuple[Unit, int] | None = None  # the unit just read, and where it ends
        for start, end in split_units(source.text):
            raw = source.text[start:end]
            key = " ".join(raw.lower().split())
            header = headers.get(start)
            own_terms = terms(display_text(raw, header))
            for abbreviation, spelt in own_abbreviations.items():
                if re.search(rf"\b{abbreviation}s?\b", raw):
                    own_terms += spelt
            own = set(own_terms)
            pairs = neighbour_pairs(own_terms) | heading_pairs
            line = _line_start(source.text, start)
            # An item is read with its list's lead-in: "The original Sgarbossa criteria identify
            # acute infarction: 1. Concordant ST elevation ..." is a sign of infarction in LBBB.
            is_item = in_list.get(line) is True
            item_context = lead_in if is_item else set()
            # A labelled item's later sentences are about its label: "- **Fridericia**: QTc = QT /
            # cube root of RR. More accurate away from 60/min ..." says Fridericia is.
            label = _ITEM_LABEL.match(source.text, line)
            label_text = label[1] if label and start >= label.end() else ""
            item_context = item_context | set(terms(label_text))
            if _BOLD_LINE.fullmatch(raw.strip()):
                # "**Acquired (most common)**" heads the list below it: a lead-in, not an answer
                # (it had ranked first for "what causes a long QT", above the drugs it heads).
                lead_in = own
                continue
            if not is_item:
                lead_in = own if raw.rstrip().endswith(":") else set()
            # A sentence that points back says what the one before it is about: "Count the QRS
            # complexes in a 10 second strip and multiply by 6. The same method is preferred
            # for atrial fibrillation."
            if last and _POINTS_BACK.match(raw) and not source.text[last[1]:start].strip():
                last[0].lead_in |= own
                last[0].context |= own
            earlier = seen.get(key)
            if earlier is not None:  # overlapping chunks repeat their boundary sentences
                # The chunk that starts with the sentence cut it from its label or lead-in.
                earlier.lead_in |= item_context
                earlier.context |= item_context
                earlier.label = earlier.label or label_text
                last = (earlier, end)
                continue
            seen[key] = Unit(source, rank, start, end, own, header, heading, innermost, pairs,
                             own | context | item_context, line in in_list,
                             line if in_list.get(line) else None, domain,
                             value_ranges(display_text(raw, header)),
                             heading_pairs=heading_pairs, lead_in=frozenset(item_context),
                             label=label_text,
                             item_label=frozenset(terms(label[1])) if label else frozenset())
            units.append(seen[key])
            last = (seen[key], end)
    return units


def _weights(key: list[str], units: list[Unit]) -> dict[str, float]:
    """IDF of each key term over the candidate pool: a term every sentence has decides little."""
    df = Counter(t for u in units for t in set(key) & u.context)
    n = len(units)
    return {t: math.log(1 + (n + 1) / (1 + df[t])) for t in key}


def _quoted_terms(question: str, key: AbstractSet[str]) -> list[set[str]]:
    """The key terms of each short phrase the question quotes, when it quotes two words or more."""
    out = []
    for match in _QUOTED.finditer(question):
        if 2 <= len(match[1].split()) <= QUOTED_WORDS_MAX:
            quoted = set(terms(match[1])) & key
            if len(quoted) >= 2:
                out.append(quoted)
    return out


# "New ST elevation ... in the absence of left ventricular hypertrophy or LBBB" is about STEMI.
_IN_THE_ABSENCE = re.compile(r"\b(?:in the absence of|unless there is|excluding|other than)\b"
                             r"[^.;:()]*", re.IGNORECASE)


def _only_set_aside(unit: Unit, held: AbstractSet[str]) -> bool:
    """The unit names `held` only where it sets it aside ("in the absence of LVH"), and its
    headings do not name it."""
    mine = held & unit.context
    if not mine or mine & unit.heading or not _IN_THE_ABSENCE.search(unit.shown):
        return False
    return not mine & set(terms(_IN_THE_ABSENCE.sub(" ", unit.shown)))


def _only_listed(unit: Unit, held: AbstractSet[str]) -> bool:
    """The unit names each of `held` only as one short item of a list of three or more, and its
    headings name none: "Others: hypothyroidism, hypothermia, anorexia nervosa, ..." under
    "Causes of QT prolongation" names hypothermia and describes none of its signs. A label
    before a colon is what the list is about ("Hyperkalaemia: peaked T waves, ...")."""
    mine = held & unit.context
    if not mine or mine & unit.heading or unit.header is not None:  # a table row is no list
        return False
    label, colon, body = unit.shown.partition(":")
    if not colon:
        label, body = "", label
    if mine & set(terms(label)) - _A_LISTS_LABEL:
        return False
    items = [set(terms(item)) for item in _LIST_SEPARATOR.split(body) if item.strip()]
    if len(items) < LISTED_ITEMS_MIN:
        return False
    # An item naming the thing and saying more describes it ("wide QRS in hyperkalaemia"); one
    # that shares only some of its words is another thing ("left ventricular aneurysm").
    naming = [item for item in items if mine <= item]
    return bool(naming) and all(item <= held for item in naming)


def _share(weights: Mapping[_Key, float], have: AbstractSet[_Key]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in have) / total if total else 0.0


def choose_evidence(
    question: str,
    sources: Sequence[Source],
    embed: EmbedTexts | None = None,
    is_common: IsCommonWord | None = None,
    *,
    max_evidence: int | None = None,
    coverage_min: float | None = None,
    single_min: float | None = None,
    relevance: float | None = None,
) -> EvidenceChoice:
    """The 1-4 sentences of `sources` that best answer `question`, best first.

    `relevance` is the search's cosine of the (spelt-out) question and its best passage, which
    the retriever returns; the gate weighs the closer of it and the best sentence's cosine, so
    without it the sentence's cosine stands alone."""
    units = _units(sources)
    pool = set().union(*(u.context for u in units)) if units else set()
    if is_common is not None:
        is_common = _or_mistyped(is_common)
    named_signs = eponyms(question)
    named_things = named_signs | inside_terms(question, pool)
    asked = _drop_names(_corrected(key_words(question), sources), pool, question, sources,
                        named_things)
    key = _drop_filler(asked, pool, is_common, named_things)
    excluded = excluded_terms(question)
    if set(key) - excluded:
        key = [t for t in key if t not in excluded]
        asked = {t: w for t, w in asked.items() if t not in excluded}
    if not units or not key:
        return EvidenceChoice([], [], key, 0.0, False, len(sources))
    # Half the question or more in words the knowledge base never uses ("tyre pressure for a
    # road bike" keeps only "pressure"; "vitamin D in winter" keeps only "winter", which found
    # the de Winter pattern): it is about something else, however well the rest matches.
    # Nothing but the patient's numbers left ("pt with K+ 6.8": "potassium" is filler to
    # candidates that never say it) is no question the evidence can be about.
    # The asker's and the patient's story never count: "like for a 3rd year student".
    scene = context_words(question)
    unused = [t for t in asked if t not in key and asked[t] not in scene]
    off_topic = len(unused) >= len(key) or all(_NUMBER.fullmatch(t) for t in key)
    weights = _weights(key, units)
    intent = {t for t in terms(question)
              if t in QUESTION_WORDS and t not in _NOT_INTENT and t not in key}
    if set(key) & _GRADES:  # "criteria for severe TR": the severity table's row says
        intent |= _GRADE_INTENT
    how_found = _ASKS_HOW_RECOGNISED.search(question)
    if how_found:  # "how is tamponade diagnosed on echo": its signs say, not "diagnosed"
        intent = intent - set(terms(how_found[1])) | {_SIGNS}
    if intent & _MEASURE_INTENT:
        intent = intent - _MEASURE_INTENT | {_MEASURES}
    # "kusunose view classifier": an author typed in lower case names the paper by its file.
    authors = _authors_named(question, units, is_common)
    named_docs = _named_documents(question, units) | set().union(*authors.values())
    wants_value = bool(ASKS_FOR_VALUE.search(question))
    wants_figure = bool(ASKS_PERFORMANCE.search(question))
    wants_share = bool(ASKS_FREQUENCY.search(question))
    wants_time = bool(ASKS_TIME_TAKEN.search(question))
    measure = normal_value_measure(question)
    asked_terms = [t for t in terms(question) if t in key]
    phrases = neighbour_pairs(asked_terms) - {(t, t) for t in key}
    similarity = _similarities(question, units, embed, set(key))
    sided = _sided(asked_terms)
    sides = compared_sides(question, set(key))
    domain = text_domain(question)
    values = question_values_with_units(question)
    quoted = _quoted_terms(question, set(key))
    names_asked = named_heads(question)
    # "How is severe AS defined?" asks for the grading table's severe row as "grading" does.
    asks_grading = bool(_ASKS_GRADING.search(question) or set(key) & _GRADES
                        and _ASKS_DEFINED.search(question)) and not values
    asks_signs = bool(how_found or intent & _SIGNS_INTENT or _ASKS_WHAT_IT_SHOWS.search(question))
    places = asks_where_leads_go(question)
    wants_formula = bool(_ASKS_HOW_TO_WORK_OUT.search(question))
    chamber = chamber_measured(question)
    # In "flutter vs AF" a sentence about one of the two answers as well as one naming both.
    share = _share if sides is None else _side_share(sides)
    pair_weight = pair_rarity(phrases, [u.pairs for u in units])
    for unit, sim in zip(units, similarity, strict=True):
        unit.coverage = _share(weights, unit.context)
        unit.parts = {
            "topic": share(weights, unit.own | unit.heading | unit.lead_in),
            "own": share(weights, unit.own),
            "heading": share(weights, unit.innermost),
            "section": share(weights, unit.heading),
            "phrase": len(phrases & unit.pairs) / len(phrases) if phrases else 0.0,
            "rare_phrase": _share(pair_weight, unit.pairs),
            "intent": len(intent & _intents(unit)) / len(intent) if intent else 0.0,
            "similarity": sim,
            "rank": 1 / (1 + unit.rank),
            "tells_apart": float(sides is not None and bool(unit.heading & _TELLS_APART)),
            "range": float(bool(unit.context & set(key)) and _in_ranges(values, unit)),
            "other_domain": float(bool(domain and unit.domain and unit.domain != domain)),
            "tracing": float(domain == "ecg" and bool(_ON_THE_TRACING.search(unit.raw))),
            "named_document": float(unit.source.path in named_docs),
            "other_document": float(bool(named_docs) and unit.source.path not in named_docs),
            "value": float(wants_value and bool(unit.ranges or _MEASURED.search(unit.raw))),
            "figure": float(bool(STATES_PERFORMANCE.search(unit.raw)) if wants_figure
                            else wants_share and states_frequency(unit.raw)
                            or wants_time and bool(STATES_TIME_TAKEN.search(unit.raw))),
            "normal_value": _normal_value_part(measure, unit),
            "about_document": float(bool(_ABOUT_THE_DOCUMENT.search(unit.raw)
                                         or _GLOSSARY.search(unit.raw))),
            # A comparison asks for both sides: neither heading is the "other" side.
            "other_side": float(sides is None and _other_side(sided, unit.pairs)),
            "excluded": float(bool(excluded) and excluded <= unit.own),
            "placement": float(places and states_placement_of(question, unit.shown, every=False)),
            "formula": float(wants_formula and _writes_formula_for(set(key), unit)),
            "other_chamber": float(other_chamber(chamber, f"{unit.shown} {unit.source.section}")),
            "debris": float(_pdf_debris(unit.raw, unit.source)),
            "labelled": float(bool(unit.item_label & set(key))),
            "back_matter": float(_back_matter_not_asked(unit.raw, question)),
            "quoted": float(any(q <= unit.context for q in quoted)),
            "grade_table": float(asks_grading and bool(_intents(unit) & _GRADE_INTENT) and (
                unit.header is not None and set(key) - _GRADES <= unit.context
                # "E/A 2 or more: grade III" under "Diastolic function"
                or unit.in_list and bool(_NUMBERED_GRADE.search(unit.raw))
                and bool(unit.heading & set(key)))),
            "only_listed": float(asks_signs and (_only_listed(unit, set(key))
                                                 or _only_set_aside(unit, set(key)))),
            "other_named": float(bool(names_asked) and other_named(names_asked, unit.raw)),
        }
        if unit.parts["debris"] or unit.parts["back_matter"]:
            # A figure list's "UNet++ border detection" names what it lists, not what it says.
            unit.parts["rare_phrase"] = 0.0
        unit.score = sum(RANK_WEIGHTS[name] * value for name, value in unit.parts.items())
    ranked = sorted(units, key=lambda u: -u.score)
    if sides is None:  # a comparison picks its rows side by side (_both_sides), best first
        ranked = _table_in_order(ranked)
    limit = max_evidence or MAX_EVIDENCE
    # A table that sets the two sides against each other answers row by row: four rows of the
    # constriction-versus-restriction table left out e' and the mitral E variation.
    if (sides is not None and max_evidence is None and ranked[0].header is not None
            and _about_both(ranked[0], sides)):
        limit = COMPARISON_ROWS
    # So does a grading table asked for its grade: "severe AR criteria" has six rows. Its rows
    # alone take the places past MAX_EVIDENCE (the AS table's five rows, then no low-gradient
    # sentence).
    grading_table = (asks_grading and max_evidence is None and ranked[0].header is not None
                     and bool(ranked[0].parts["grade_table"]))
    if grading_table:
        limit = COMPARISON_ROWS
    # "First-line drug for torsades": once the best sentence says what is given, "drug" is no
    # term another sentence must add (the AV block note's "drugs ... to check before pacing").
    treatment = treatment_asked(question)
    select_key = set(key)
    if treatment and _SAYS_TREATMENT.search(ranked[0].raw):
        select_key -= set(terms(" ".join(treatment)))
    chosen = _select(ranked, select_key or set(key), limit, intent)
    if grading_table:
        chosen = chosen[:MAX_EVIDENCE] + [
            u for u in chosen[MAX_EVIDENCE:] if u.header is not None
            and u.source.section == ranked[0].source.section]
    if sides is not None:
        chosen = _both_sides(chosen, ranked, sides, limit)
    if wants_figure or wants_share or wants_time:
        chosen = _with_figure(chosen, ranked, limit)
    if ((treatment or _ASKS_WHAT_TO_DO.search(question))
            and not ASKS_FOR_DOSE.search(question)):
        chosen = _with_treatment(chosen, ranked, limit)
    choices = multiple_choice(question)
    stem = set(terms(choices.stem)) if choices is not None else set()  # what the stem asks
    if choices is not None:
        chosen = _with_options(chosen, ranked, choices, weights, limit)
    chosen = _same_chamber(_same_lesion(question, chosen))
    # Coverage of the chosen sentences together (each with its headings): a question in two
    # parts ("which artery, and are right-sided leads needed?") is answered by two sentences.
    # An author's name is held by evidence from their own paper, which rarely prints it.
    def authored(path: str) -> set[str]:
        return {t for t in key if asked[t] in authors and path in authors[asked[t]]}
    held = set().union(*(u.context for u in chosen), *(authored(u.source.path) for u in chosen))
    # A list answers "signs of X" only when its headings name X: a list of reading pitfalls that
    # mentions hyperkalaemia in one item is no list of hyperkalaemia's signs.
    if (how_found or LIST_WORDS & {w.lower() for w in words(question)}) and (
            _share(weights, ranked[0].heading) >= LIST_HEADING_MIN):
        # The best unit may be the list's neighbour in its section ("Diagnosis uses the
        # Schwartz score" after the list of causes): the list is still the answer.
        item = next((u for u in ranked[:LIST_NEIGHBOURS] if u.in_list
                     and u.source.path == ranked[0].source.path
                     and u.source.section == ranked[0].source.section), ranked[0])
        closer = _named_closer(item, ranked[:NAMED_CLOSER_REACH], set(key))
        if closer is None:
            chosen = _list_around(item, ranked, limit) or chosen
        else:  # the section named for the topic alone answers, and it alone
            chosen = _select([u for u in ranked if u.source.section == closer.source.section],
                             set(key), limit, intent)
    # The question's numbers are the patient's values ("AVA 0.8, mean gradient 25"); evidence
    # states thresholds, so they do not decide whether the knowledge base covers the question.
    # A paper's authors or product ("Schneider's study") say which paper, not what it found:
    # papers rarely print those names, so a name counts for the evidence but never against it.
    # "Which drug and what dose?" asks for a kind of answer, which _answers_treatment checks:
    # "typically 2 g" is a dose without saying "dose".
    treatment_words = set(terms(" ".join(treatment)))
    gate_weights = {t: w for t, w in weights.items() if not _NUMBER.fullmatch(t)
                    and t not in treatment_words
                    and (t in held or not (_is_name(asked[t], question) or asked[t] in scene
                                           or asked[t] in authors))}
    # A multiple-choice question is asked by its stem: the options' sentences hold the options,
    # whatever the stem asks of them ("atypical AVNRT? (a) long RP ... (b) pseudo r' in V1": the
    # notes describe typical AVNRT only, and the options lifted its coverage to 0.67).
    if choices is not None:
        gate_weights = {t: w for t, w in gate_weights.items() if t in stem} or gate_weights
    coverage = _share(gate_weights or weights, held)
    # Half of it must come from one document: a PFO sentence from one paper and "within ...
    # beat" from the VT note do not answer "how many bubbles within how many beats". The
    # patient's words do not count here ("on the ward" held by a study's inpatients).
    asked_weights = {t: w for t, w in (gate_weights or weights).items() if asked[t] not in scene}
    one_document = max((_share(asked_weights or weights,
                               set().union(authored(path), *(u.context for u in chosen
                                                             if u.source.path == path)))
                        for path in {u.source.path for u in chosen}), default=0.0)
    # A rare word that candidates from several documents use is one the knowledge base knows:
    # the evidence left it out, which the coverage share already weighs ("posterior",
    # "classifier"). One paper's own word ("angiosarcoma") is not: that paper must answer.
    familiar = {t for t in key if sum(t in u.context for u in units) >= FAMILIAR_UNITS
                and len({u.source.path for u in units if t in u.context}) >= 2}
    missing = _missing_rare({t: asked[t] for t in key if t not in treatment_words},
                            held | familiar, question, is_common,
                            scene | set(authors) | _story_words(question), named_signs)
    asked_gap = False
    if choices is not None:  # a distractor the knowledge base never names is no gap in it
        missing = [t for t in missing if t in stem]
        # The options hold much of the question, so a rare word the evidence lacks in the
        # stem's asking sentence decides ("how does atypical AVNRT differ ...? (a) ..."), one in
        # its story does not ("At right heart catheterisation a patient has ... This is:").
        spans = sentence_spans(choices.stem)
        asking = set(terms(choices.stem[spans[-1][0]:] if spans else choices.stem))
        asked_gap = any(t in asking for t in missing)
    evidence, used = _number(_in_reading_order(chosen, set(key)))
    threshold = COVERAGE_MIN if coverage_min is None else coverage_min
    single_threshold = SINGLE_MIN if single_min is None else single_min
    singles = [_share(gate_weights or weights, u.context) for u in chosen]
    terms_held = [len(u.context & set(key)) for u in chosen]
    one_holds_enough = any(share >= single_threshold or held_terms >= SINGLE_TERMS
                           for share, held_terms in zip(singles, terms_held, strict=True))
    treats = not treatment or _answers_treatment(question, chosen, gate_weights or weights,
                                                 scene)
    by_rules = (coverage >= threshold and one_document >= ONE_DOCUMENT_MIN and one_holds_enough
                and not missing and not off_topic and treats)
    sims = {id(u): sim for u, sim in zip(units, similarity, strict=True)}
    gate = {
        "coverage": coverage, "one_document": one_document,
        "best_single": max(singles), "best_terms": max(terms_held) / len(key),
        "missing": float(len(missing)), "off_topic": float(off_topic), "treats": float(treats),
        "similarity": max(sims[id(u)] for u in chosen), "key_terms": float(len(key)),
    }
    # How close the question is to the knowledge base by either cosine: the search's, which
    # reads abbreviations spelt out ("LPFB criteria?": 0.56 where the sentence gets 0.15), or
    # the best sentence's, which a long chunk does not dilute ("Sokolow-Lyon index": the
    # sentence 0.46, its chunk 0.23).
    gate["relevance"] = max(relevance or 0.0, gate["similarity"])
    # The question's neighbouring key terms found side by side in one chosen sentence or its
    # headings: "RA volume index" is not answered by "LA volume index" and "right atrium"
    # apart, however many of the words the evidence holds (nothing to find: 1).
    gate["phrase"] = max(u.parts["phrase"] for u in chosen) if phrases else 1.0
    # The learned gate decides where it is fitted and the ranker had its embedder (it was
    # fitted with one); a treatment question without its treatment, or an off-topic one, is
    # refused whatever it says.
    embedded = any(similarity)  # an embedder that gave no vectors (tests' fakes) is none
    learned = learned_gate() if GATE == "learned" and embedded else None
    mismatch = lesion_mismatch(question, [f"{u.shown} {u.source.section}" for u in chosen])
    # A paper the question names states what it asks: "scanning was performed on a Terason"
    # is Schneider's machine, not the one Day's review asks about.
    stating = [u for u in chosen if u.source.path in named_docs] or chosen
    # The options' figures are choices, not what is asked: "(a) 86% accuracy (b) an AUC of 0.90"
    unstated = unstated_kind(choices.stem if choices else question, [u.shown for u in stating],
                             [f"{u.source.section} {u.label}" for u in stating],
                             [_just_before(u) for u in stating])
    # Signs asked of a condition the evidence only names in a list ("the ECG features of
    # hypothermia" held by one item of the long-QT causes): nothing describes it.
    asked_held = {t for t in (gate_weights or weights) if t in held}
    if (unstated is None and asked_held
            and asks_signs
            and all(_only_listed(u, asked_held) for u in chosen if asked_held & u.context)):
        unstated = "description"
    # A named formula, score or sign the evidence never names is not what it answers: "the Lake
    # Louise criteria", "Cabrera's sign" (in the studied sets, every question with one missing
    # was a near miss, 24 of 24; two had been supported).
    # A capitalised one must be named by the evidence itself, not only be a word the knowledge
    # base uses elsewhere: "the HEART score" is not held by "heart" in other sections.
    by_sign: dict[str, list[str]] = {}
    for t in key:
        if (asked[t] in named_signs and _capital_names(asked[t], question)
                and asked[t] not in authors  # "Kusunose view classification": whose paper
                and (choices is None or t in stem)):
            by_sign.setdefault(asked[t], []).append(t)
    unnamed_signs = [sign for sign, stems in by_sign.items()
                     if 2 * sum(not _in_pool(t, held) for t in stems) > len(stems)]
    unknown_name = bool(unnamed_signs) or any(
        _DOUBLE_NAME.fullmatch(asked[t]) or asked[t] in named_signs for t in missing)
    ruled_out = (off_topic or not treats or mismatch is not None or unstated is not None
                 or unknown_name or asked_gap)
    supported = (learned.supports(gate) if learned else by_rules) and not ruled_out
    near = not supported and not off_topic and (learned.near(gate) if learned
                                                else coverage >= NEAR_COVERAGE)
    return EvidenceChoice(evidence, used, key, coverage, supported, len(sources), missing,
                          off_topic, list(dict.fromkeys(as_written(asked[t]) for t in missing
                                                        if not _in_pool(t, pool))), gate, near,
                          mismatch, unstated, ruled_out)


JUST_BEFORE = 240  # characters of a sentence's chunk before it that say what it is about


def _just_before(unit: Unit) -> str:
    """The text of the unit's chunk just before it: a result said of "the model" names it
    there."""
    return unit.source.text[max(0, unit.start - JUST_BEFORE):unit.start]


# A sentence that says what is normal, not only what is abnormal ("grade: mildly abnormal").
_SAYS_NORMAL = re.compile(r"\bnormal(?:ly)?\b|\breference\b|\b(?:upper|lower) limit\b|\buln\b|"
                          r"\bhealthy\b", re.IGNORECASE)


def _normal_value_part(measure: list[str], unit: Unit) -> float:
    """1 for a sentence that states the measure's normal value; half for one whose limit is only
    of the abnormal: "what is a normal LVEF?" ranked the mildly, moderately and severely
    abnormal rows of the grade table above its normal row."""
    if not measure or not states_normal_value(
            measure, f"{unit.source.section} {unit.label} {unit.shown}"):
        return 0.0
    return 1.0 if _SAYS_NORMAL.search(unit.shown) else 0.5


def _answers_treatment(question: str, chosen: list[Unit], weights: dict[str, float],
                       scene: set[str]) -> bool:
    """For a question that asks for a treatment (treatment_asked): False when no chosen sentence
    both holds its subject (its heaviest key term held, not the treatment word) and says what is
    done; for a dose, states one ("6 mg"): a list of QT-prolonging drugs names amiodarone, not
    its dose."""
    # Of the terms the evidence holds: what it lacks ("still has a pulse") the coverage weighs.
    held = set().union(*(u.context for u in chosen))
    patient = set(terms(" ".join(scene)))  # context_words: "on the ward" is no subject
    subjects = [t for t in weights if t not in patient and t in held]
    if not subjects:
        return True
    if ASKS_FOR_DOSE.search(question):
        # The dose must be given for what is asked: adrenaline's infusion rate for bradycardia
        # is no answer to "adrenaline dose in cardiac arrest" (a VF sentence holds "arrest").
        total = sum(weights[t] for t in subjects)
        drugs = dosed_drugs(question)
        return any(STATES_A_DOSE.search(f"{u.raw} {u.source.section}")
                   and sum(weights[t] for t in subjects if t in u.context) >= total / 2
                   and (not drugs or states_dose_of(drugs, u.raw))
                   for u in chosen)
    subject = max(subjects, key=lambda t: weights[t])
    # The subject may be named by a sentence of the same section: "It should trigger emergency
    # reperfusion" is said of the de Winter pattern its list describes.
    named_in = {(u.source.path, u.source.section) for u in chosen if subject in u.context}
    asks_drug = bool(_ASKS_FOR_A_DRUG.search(question))
    return any((u.source.path, u.source.section) in named_in and _says_treatment(u, asks_drug)
               for u in chosen)


# "Which drug does it respond to" is answered by a drug's name ("verapamil-sensitive"); "how do I
# treat hyperkalaemia" is not, by one named as a cause ("hyperkalaemia and digoxin shorten").
_ASKS_FOR_A_DRUG = re.compile(r"\b(?:drugs?|medications?|medicines?)\b", re.IGNORECASE)


def _says_treatment(unit: Unit, drug_named: bool = False) -> bool:
    """The unit says what is done; with `drug_named`, naming a drug is enough."""
    return bool(_SAYS_TREATMENT.search(f"{unit.raw} {unit.source.section}")
                or drug_named and drugs_named(unit.raw))


def _with_treatment(chosen: list[Unit], ranked: list[Unit], limit: int) -> list[Unit]:
    """For "how is X treated" when no chosen sentence says what is done: the best-ranked
    sentence of the best one's section that does, in place of the last one when the evidence
    is full, never of the best one ("Upsloping ST depression ... into tall T waves" is
    answered, for "ok to treat as NSTEMI?", by "It should trigger emergency reperfusion as for
    STEMI" three lines below)."""
    best = chosen[0]
    # What another section says is done ("calls for synchronised cardioversion") is not what
    # is done about the best sentence's subject ("Stress testing is contraindicated").
    if any(_says_treatment(u) for u in chosen if u.source.section == best.source.section):
        return chosen
    treatment = next((u for u in ranked if u.source.path == best.source.path
                      and u.source.section == best.source.section
                      and u not in chosen and _says_treatment(u)), None)
    if treatment is None:
        return chosen
    return chosen[:max(limit - 1, 1)] + [treatment]  # the best sentence always stays


def _same_lesion(question: str, chosen: list[Unit]) -> list[Unit]:
    """Without the sentences about another valve's lesion when others name the one asked: "MR
    graded by EROA" is answered by the MR table, and the AR table's EROA row beside it reads as
    an MR threshold."""
    asked = valve_lesions(question)
    if not asked:
        return chosen
    named = [valve_lesions(f"{u.shown} {u.source.section}") for u in chosen]
    if not any(lesions & asked for lesions in named):
        return chosen
    return [u for u, lesions in zip(chosen, named, strict=True) if not lesions or lesions & asked]


def _same_chamber(chosen: list[Unit]) -> list[Unit]:
    """Without the sentences about another chamber's measure (ranked down as "other_chamber")
    when others are about the one asked: the LV volume index beside "RA volume indexed to BSA"
    reads as the RA's limit."""
    return [u for u in chosen if not u.parts["other_chamber"]] or chosen


_ECG_WORDS = re.compile(r"\b(?:ecgs?|ekgs?|electrocardiogra\w*|12-lead|tracings?|rhythm strip)\b",
                        re.IGNORECASE)
# An ejection fraction is an echo measure: "tracing the LV for EF" traces no ECG.
_ECHO_WORDS = re.compile(r"\b(?:echo\w*|doppler|tte|toe|tee|transthoracic|trans-?o?esophageal|"
                         r"plax|psax|ultrasound|sonograph\w*|lvef|ef|ejection fraction|"
                         r"endocardi\w*)\b", re.IGNORECASE)


def text_domain(text: str) -> str | None:
    """'ecg' or 'echo' when the text speaks of one of the two and not the other."""
    ecg, echo = bool(_ECG_WORDS.search(text)), bool(_ECHO_WORDS.search(text))
    return "ecg" if ecg and not echo else "echo" if echo and not ecg else None


_VALUE = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(_VALUE + r"\s*(?:%|[a-zA-Z/²2]+)?\s*(?:-|–|to)\s*" + _VALUE)
_BELOW = re.compile(r"\b(?:under|below|less than|<|≤)\s*" + _VALUE)
_ABOVE = re.compile(r"\b(?:over|above|more than|greater than|>|≥)\s*" + _VALUE)
_AT_LEAST = re.compile(_VALUE + r"\s*(?:%|[a-zA-Z/²2]+)?\s*or (?:more|above|greater|higher)")
_AT_MOST = re.compile(_VALUE + r"\s*(?:%|[a-zA-Z/²2]+)?\s*or (?:less|below|lower)")
# A patient's value in a question: "EF 38%", "E/A 2.3"; not "12-lead", "V1" or "2D".
# A unit may be typed on the value: "QTc 472ms", "TAPSE 14mm".
_QUESTION_VALUE = re.compile(r"(?<![\w.\-/])(\d+(?:\.\d+)?)"
                             r"(?=(?:ms|mmhg|mm|cm2|cm|bpm|m/s|cm/s|ml)?(?![\w.]|-[a-zA-Z]))"
                             r"(?!\s+leads?\b)",  # "off a 12 lead" is no value of the patient's
                             re.IGNORECASE)


# The unit written after a value: a heart rate of 110/min does not fall in "QTc under 450 ms".
_UNITS = r"%|ms|bpm|/min|beats|mmhg|mm|cm2/m2|cm2|cm²|cm/s|cm|m/s|ml/m2|ml|mv|hz"
_UNIT_AFTER = re.compile(rf"\s*({_UNITS})"
                         r"(?![a-z])", re.IGNORECASE)
_SAME_UNIT = {"bpm": "/min", "beats": "/min", "cm²": "cm2"}


def _unit_at(text: str, offset: int) -> str | None:
    match = _UNIT_AFTER.match(text, offset)
    return None if match is None else _unit_name(match[1])


def _unit_name(written: str) -> str:
    """One name per unit: "bpm" and "beats" are "/min", "cm²" is "cm2"."""
    unit = written.lower()
    return _SAME_UNIT.get(unit, unit)


def value_ranges(text: str) -> list[tuple[float, float, str | None]]:
    """The ranges of values a sentence states, with the unit written after the value: '30-40%'
    -> (30, 40, '%'), 'under 50' -> (-inf, 50, None), '40 mm or more' -> (40, inf, 'mm')."""
    out: list[tuple[float, float, str | None]] = []
    for m in _RANGE.finditer(text):
        if float(m[1]) < float(m[2]):
            unit = _unit_at(text, m.end(2)) or _unit_at(text, m.end(1))
            out.append((float(m[1]), float(m[2]), unit))
    # "under 30" leaves 30 out, "30 or less" keeps it.
    for pattern, bounds in ((_BELOW, lambda v: (-math.inf, _below(v))),
                            (_AT_MOST, lambda v: (-math.inf, v)),
                            (_ABOVE, lambda v: (_above(v), math.inf)),
                            (_AT_LEAST, lambda v: (v, math.inf))):
        out += [(*bounds(float(m[1])), _unit_at(text, m.end(1))) for m in pattern.finditer(text)]
    # A table row names its unit once, in its label: "mean gradient (mmHg); mild: under 20; ...".
    # A velocity of 5.2 m/s falls in none of that row's ranges.
    label = _LABEL_UNIT.match(text)
    if label and not any(r for _, _, r in out):
        out = [(low, high, _unit_name(label[1])) for low, high, _ in out]
    return out


_LABEL_UNIT = re.compile(rf"[^;:()]*\(({_UNITS})\)[^;:]*[;:]", re.IGNORECASE)


def _below(value: float) -> float:
    return math.nextafter(value, -math.inf)


def _above(value: float) -> float:
    return math.nextafter(value, math.inf)


_BOUND_BELOW = re.compile(r"(?:under|below|less than|<|≤)\s*$", re.IGNORECASE)
_BOUND_ABOVE = re.compile(r"(?:over|above|more than|greater than|>|≥)\s*$", re.IGNORECASE)


def question_values(question: str) -> list[float]:
    """The patient's values; one given as a limit ("collapses less than 50%") just inside it,
    so that it falls in "under 50%" and not in "over 50%"."""
    return [value for value, _ in question_values_with_units(question)]


def question_values_with_units(question: str) -> list[tuple[float, str | None]]:
    """question_values, each with the unit written after it ("110 bpm" -> '/min')."""
    out = []
    for match in _QUESTION_VALUE.finditer(question):
        value, before = float(match[1]), question[max(0, match.start() - 14):match.start()]
        if _BOUND_BELOW.search(before):
            value = _below(value)
        elif _BOUND_ABOVE.search(before):
            value = _above(value)
        unit = _unit_at(question, match.end(1))
        if unit is None and _RATE_BEFORE.search(before):
            unit = "/min"
        if unit is None and value < MAX_SECONDS and _SECONDS_AFTER.match(question, match.end(1)):
            value, unit = value * 1000, "ms"  # "a QTc of 0.455 s": the notes write 450-469 ms
        out.append((value, unit))
    return out


# An interval in seconds, which the notes give in milliseconds.
_SECONDS_AFTER = re.compile(r"\s*(?:s|secs?|seconds?)\b", re.IGNORECASE)
MAX_SECONDS = 3.0


# A bare number after a heart rate word is a rate: "tachy at 115" is no QTc under 450 ms.
_RATE_BEFORE = re.compile(r"\b(?:hr|heart rate|rate|pulse|tachy\w*|brady\w*)\s*(?:of|at|is|=|~|:)?"
                          r"\s*(?:about|around|approx\.?|roughly)?\s*$", re.IGNORECASE)


def _in_ranges(values: list[tuple[float, str | None]], unit: Unit) -> float:
    """Share of the question's values that fall in a range the unit states, of the values it
    can judge. A sentence that writes units judges a value by ranges in the value's unit ("TR
    Vmax 3.5 m/s, IVC 2.4 cm, <50% collapse": the IVC row judges the last two, and a heart rate
    of 110/min is not in "QTc under 450 ms", nor 5.2 m/s in the row "mean gradient (mmHg)");
    one that writes none judges every value."""
    explicit = {r for _, _, r in unit.ranges if r is not None}

    def judges(u: str | None, r: str | None) -> bool:
        return u is None or (r == u if explicit else True)
    judged = [(v, u) for v, u in values if any(judges(u, r) for _, _, r in unit.ranges)]
    if not judged:
        return 0.0
    return sum(any(low <= v <= high and judges(u, r) for low, high, r in unit.ranges)
               for v, u in judged) / len(judged)


# "flutter vs AF", "tell VT from SVT", "difference between pericarditis and STEMI".
_VERSUS = re.compile(r"\b(?:vs\.?|versus|compared (?:with|to))\s", re.IGNORECASE)
_FROM = re.compile(r"\b(?:tell|distinguish|differentiate|separate)\b(.*?)\bfrom\b", re.I)
# "How is LBBB different from RBBB?"
_DIFFERENT = re.compile(r"\b(?:different|differs?|differing)\s+from\s", re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:difference|differences|differentiate|distinguish)\s+between\b"
                      r"(.*?)\band\b", re.I)


NESTED_NAME_TERMS = 2  # the inner name of a nested comparison has at least two terms


class _Within(frozenset[str]):
    """The side of a comparison whose terms the other side's include: AVRT, spelt out, is
    AVNRT's terms without "nodal". A passage is about it when it names these terms and not the
    other side's own ("AV nodal re-entrant tachycardia" is not about AVRT)."""


Sides = tuple[AbstractSet[str], AbstractSet[str]]


def compared_sides(question: str, key: set[str]) -> Sides | None:
    """The key terms of each side of a comparison question, or None for another question."""
    text = question  # as typed: "AF" is atrial fibrillation, "af" is not
    for pattern in (_BETWEEN, _FROM):
        match = pattern.search(text)
        if match:
            left, right = match.group(1), text[match.end():]
            break
    else:
        match = _VERSUS.search(text) or _DIFFERENT.search(text)
        if match is None:
            return None
        left, right = text[:match.start()], text[match.end():]
    first, second = set(terms(left)) & key, set(terms(right)) & key
    # One name inside the other, a word apart ("AVNRT and AVRT"), not a word inside a longer
    # phrase ("the generator and the discriminator in a generative network").
    if len(second) >= NESTED_NAME_TERMS and second < first and len(first - second) == 1:
        return first - second, _Within(second)
    if len(first) >= NESTED_NAME_TERMS and first < second and len(second - first) == 1:
        return _Within(first), second - first
    first, second = first - second, second - first
    return (first, second) if first and second else None


def _side_share(sides: Sides) -> Callable[[dict[str, float], set[str]], float]:
    """A unit's key-term share taken against the side it is about: the question's other terms
    plus one side's ("atrial" + "flutter"), the better of the two."""
    def share(weights: dict[str, float], have: set[str]) -> float:
        return max(_share({t: w for t, w in weights.items() if t not in other}, have)
                   for other in (sides[1], sides[0]))
    return share


def _about(unit: Unit, side: AbstractSet[str], sides: Sides) -> bool:
    """Whether a unit is about one side of a comparison: the nearest heading that names either
    side decides ("mimics AF" under "Typical flutter" is about flutter; "Atrial fibrillation ›
    ECG features" about AF), else its own words."""
    both = set(sides[0]) | set(sides[1])
    other = sides[1] if side is sides[0] else sides[0]
    for heading in reversed(unit.source.section.split(" › ")):
        named = set(terms(heading)) & both
        if named:
            return bool(side & named) and not (isinstance(side, _Within) and other & named)
    return bool(side & unit.own) and not (isinstance(side, _Within) and other & unit.own)


def _about_both(unit: Unit, sides: Sides) -> bool:
    """The unit is about both sides: its heading compares them ("Pericarditis versus STEMI")."""
    return _about(unit, sides[0], sides) and _about(unit, sides[1], sides)


def _both_sides(chosen: list[Unit], ranked: list[Unit], sides: Sides,
                limit: int) -> list[Unit]:
    """A comparison is answered from both sides: the best two sentences about each, unless the
    best sentence's own heading already compares the two ("Pericarditis versus STEMI") or tells
    one from the other ("ECG features favouring VT": SVT's definition added nothing to it)."""
    if _about_both(chosen[0], sides) or (chosen[0].parts["tells_apart"]
                                         and any(_about(chosen[0], side, sides) for side in sides)):
        return chosen
    floor = KEEP_NEW_TERM * ranked[0].score
    per_side = [[u for u in ranked if u.score >= floor and _about(u, side, sides)][:limit // 2]
                for side in sides]
    if not all(per_side):
        return chosen
    merged = {id(u): u for u in per_side[0] + per_side[1]}
    return sorted(merged.values(), key=lambda u: -u.score)[:limit]


def _named_documents(question: str, units: list[Unit]) -> set[str]:
    """Paths of the candidates' documents whose file name or title holds a name the question
    uses for a paper."""
    names = {_POSSESSIVE.sub("", w).lower() for w in words(question)
             if len(w) > 2 and _is_name(w, question)}
    if not names:
        return set()
    return {u.source.path for u in units
            if names & set(re.findall(r"[a-z]+", f"{u.source.doc} {u.source.title}".lower()))}


# "echo_kusunose2020_...", "Smith et al 2019.pdf": the author's name before the year.
_AUTHOR_YEAR = re.compile(
    r"([A-Za-z]{3,})[\s_-]*(?:et[\s_-]*al[\s_.-]*)?(?:19|20)\d\d(?:[\s_]+([A-Za-z-]+))?")


def _authors_named(question: str, units: list[Unit],
                   is_common: IsCommonWord | None) -> dict[str, set[str]]:
    """The question's words (as written) that are the author or journal of a candidate's file
    name, with the paths of the documents so named: "kusunose" and "Østvik" name
    echo_kusunose2020_... and echo_ostvik2021_..., typed in any case."""
    by_author: dict[str, set[str]] = {}
    for doc, path in {(u.source.doc, u.source.path) for u in units}:
        for author, journal in _AUTHOR_YEAR.findall(fold(doc)):
            # The journal after the year too: "JCM" (JClinMed), "IJCVI", "TMI" (IEEE-TMI).
            journals = {name for run in re.findall(r"[A-Za-z]+", journal)
                        if sum(c.isupper() for c in run) >= 2
                        for name in (run.lower(), "".join(re.findall(r"[A-Z]", run)).lower())
                        if len(name) >= 3}
            for name in {author.lower()} | journals:
                by_author.setdefault(name, set()).add(path)
    out: dict[str, set[str]] = {}
    for word in words(question):
        plain = fold(_POSSESSIVE.sub("", word)).lower()
        # "Zhou", "Schneider" capitalised are the authors; "day" in lower case is a day.
        if plain in by_author and (word[:1].isupper() or not (is_common and is_common(plain))):
            out[word] = by_author[plain]
    return out


def _writes_formula_for(key: set[str], unit: Unit) -> bool:
    """The unit writes a formula for what the question names: every key term the sentence holds
    is in what its "=" or "is calculated as" works out ("PASP = 4 x ..."; not "mPAP can be
    approximated as 0.61 x PASP + 2"); a formula without one that names nothing asked ("300
    divided by the number of large squares") works out what its headings name ("Measuring heart
    rate"), where "Mean PA pressure about 4 x ..." names its own measure."""
    match = _WRITES_AS.search(unit.raw)
    if match is None:
        return (bool(WRITES_FORMULA.search(unit.raw)) and not key & unit.own
                and bool(key & unit.heading))
    held = key & unit.own  # most of what is asked: "PASP = ..." is no formula for MVA's pressure
    return 2 * len(held) >= len(key) and held <= set(terms(unit.raw[:match.start()][-60:]))


def _intents(unit: Unit) -> set[str]:
    """The kinds of answer a unit gives: the question words it or its headings hold; 'grade'
    only for a grading itself (two of mild, moderate, severe), whatever its heading calls it."""
    have = unit.own | unit.heading
    if have & _SIGNS_INTENT:
        have = have | {_SIGNS}
    if have & _MEASURE_INTENT:
        have = have | {_MEASURES}
    if len(have & _GRADES) >= 2 or _NUMBERED_GRADE.search(unit.raw):
        return have | _GRADE_INTENT
    return have - _GRADE_INTENT  # "Discordant grading" names grading but grades nothing


def _similarities(question: str, units: list[Unit], embed: EmbedTexts | None,
                  key: set[str]) -> list[float]:
    """Cosine of the question and each sentence (with its heading) that holds a key term; the
    rest cannot win and are not embedded (embedding is most of the ranking's time)."""
    scores = [0.0] * len(units)
    wanted = [i for i, u in enumerate(units) if u.context & key]
    if embed is None or not wanted:
        return scores
    # The heading rides along, as it does when chunks are embedded: "300 divided by the number
    # of large squares" is about heart rate only because its heading says so.
    vectors = embed([question, *(f"{units[i].source.section}: {units[i].shown}" for i in wanted)])
    if vectors is None:
        return scores
    for i, similarity in zip(wanted, vectors[1:] @ vectors[0], strict=True):
        scores[i] = float(similarity)
    return scores


def _heading_precision(unit: Unit, key: set[str]) -> float:
    """The share of the innermost heading's words that the question asks about (the words of
    a list's kind, "criteria", "signs", aside): "Left bundle branch block (LBBB)" names LBBB
    alone, "Left bundle branch block and ventricular pacing: Sgarbossa criteria" half."""
    named = unit.innermost - _SIGNS_INTENT
    return len(named & key) / len(named) if named else 0.0


def _named_closer(item: Unit, top: list[Unit], key: set[str]) -> Unit | None:
    """Another section near the top whose heading names the asked topic alone: "signs of LBBB"
    are under "Left bundle branch block (LBBB)", not in the Sgarbossa list of the LBBB-and-
    pacing section, which the best sentence ("In LBBB, discordant ST-T changes are expected")
    opens. It must cover the question as well: "an acute MI in LBBB" is the Sgarbossa list's."""
    asked = key & item.innermost
    if not asked:
        return None
    precision = _heading_precision(item, key)
    return next((u for u in top if u.source.section != item.source.section
                 and asked <= u.innermost and u.coverage >= item.coverage
                 and _heading_precision(u, key) > precision), None)


def _list_around(best: Unit, ranked: list[Unit], limit: int) -> list[Unit] | None:
    """The list the best unit belongs to, one unit per item (its first sentence) in reading
    order, up to `limit` and with the best unit's own item; the list may run over several
    chunks of its section. None when the best unit is in no list of three items or more."""
    if not best.in_list:
        return None
    first_of: dict[tuple[str, int], Unit] = {}
    for unit in ranked:
        if unit.item is None or unit.source.path != best.source.path or (
                unit.source.section != best.source.section):
            continue
        place = (unit.source.chunk_id, unit.item)
        if place not in first_of or unit.start < first_of[place].start:
            first_of[place] = unit
    if len(first_of) < 3:
        return None
    items = [first_of[k] for k in sorted(first_of)][:limit]
    own = first_of.get((best.source.chunk_id, best.item)) if best.item is not None else None
    if own is not None and own not in items:
        items[-1] = own
    return items


def _select(ranked: list[Unit], key: set[str], limit: int,
            intent: AbstractSet[str] = frozenset()) -> list[Unit]:
    """The best unit and those close to it; a unit that holds a key term, or the kind of answer
    asked (`intent`), that the chosen ones lack needs only half the best's score: "how is LA
    enlargement assessed" gets "LA size is best measured as a biplane volume" beside the best
    "the linear diameter underestimates atrial enlargement"."""
    best = ranked[0]
    chosen = [best]
    covered = key & best.context | intent & _intents(best)
    # A formula asked for, or the phrase the question quotes, leads, but does not crowd out
    # what follows it: "PHT is unreliable immediately after balloon valvotomy" after "MVA = 220 /
    # PHT", "HFmrEF: LVEF 41-49%" after the sentence quoting "mildly abnormal".
    top = best.score - sum(RANK_WEIGHTS[part] * best.parts.get(part, 0.0)
                           for part in ("formula", "quoted"))
    for unit in ranked[1:]:
        if len(chosen) >= limit:
            break
        adds = ((key & unit.context) | (intent & _intents(unit))) - covered
        if _sibling(unit, best, key):
            continue
        # Once the best names the thing asked, another thing of that name adds nothing.
        if unit.parts.get("other_named") and not best.parts.get("other_named"):
            continue
        if unit.score >= KEEP_RELATIVE * top or (
            (adds or _follows(unit, best)) and unit.score >= KEEP_NEW_TERM * top
        ) or (adds and _follows(unit, best) and unit.score >= KEEP_FOLLOWING * top):
            twin = next((i for i, c in enumerate(chosen) if _near_duplicate(unit, c)), None)
            if twin is not None:
                if _part_of(chosen[twin], unit):  # "2.9-3.4 m/s" gives way to its table row
                    chosen[twin] = unit
                    covered |= adds
                continue
            chosen.append(unit)
            covered |= adds
    return _with_list_items(_with_antecedents(chosen, ranked), ranked, extra=3)


OPTION_SEARCH = 16  # ranked sentences searched for what the knowledge base says of an option
OPTION_MIN = 0.5  # of the option's key-term weight, held by the sentence that speaks to it


def _with_options(chosen: list[Unit], ranked: list[Unit], choices: Choices,
                  weights: Mapping[str, float], limit: int) -> list[Unit]:
    """For a multiple-choice question, the best-ranked sentence that speaks to each option (holds
    most of its key terms), in the options' order, then the chosen ones as room allows: "(d) a
    downsloping TP segment" is answered by its own row of the pericarditis-versus-STEMI table,
    which the rows about ST shape had crowded out. Options the knowledge base says nothing of
    get none; the evidence grows to one sentence an option when there are more options than
    `limit`."""
    picked: list[Unit] = []
    for option in choices.options:
        own = {t: weights[t] for t in terms(option) if t in weights}
        if not own:
            continue
        speaks = next((u for u in ranked[:OPTION_SEARCH]
                       if _share(own, u.context) >= OPTION_MIN), None)
        if speaks is not None and speaks not in picked:
            picked.append(speaks)
    if not picked:
        return chosen
    room = max(limit, len(picked))
    return (picked + [u for u in chosen if u not in picked])[:room]


FIGURE_SEARCH = 12  # ranked sentences searched for the figure a performance question asks


def _with_figure(chosen: list[Unit], ranked: list[Unit], limit: int) -> list[Unit]:
    """For "how well did X do": the best-ranked sentence of the best sentence's document that
    states a figure, when none chosen does, in place of the last one. "Good performance was
    achieved, with an AUC of 0.99" shares few words with "how well did Arnaout's model tell
    normal hearts from complex CHD" and ranked below the sentences that introduce the model.
    Whether a sentence states a figure is its `figure` part, scored for the ranking.

    The figure in the sentence right after the best one is that result, whatever other figure
    was chosen: "They then used a separate model to tell normal hearts from complex CHD. Good
    performance was achieved, with an AUC of 0.99" (a random forest's figure from a paragraph
    on had stood in for it)."""
    best = chosen[0]
    result = None if best.parts["figure"] else next(
        (u for u in ranked[:FIGURE_SEARCH] if u.parts["figure"] and _follows(u, best)), None)
    if result is not None and result not in chosen:
        return (chosen if len(chosen) < limit else chosen[:-1]) + [result]
    if any(u.parts["figure"] for u in chosen):
        return chosen
    document = best.source.path
    figure = next((u for u in ranked[:FIGURE_SEARCH] if u.source.path == document
                   and u not in chosen and u.parts["figure"]), None)
    if figure is None:
        return chosen
    return (chosen if len(chosen) < limit else chosen[:-1]) + [figure]


def _sibling(unit: Unit, best: Unit, key: set[str]) -> bool:
    """A unit under a neighbouring heading that names part of the question but not what the best
    unit's heading names: "Left bundle branch block (LBBB)" beside "Right bundle branch block
    (RBBB)" for "RBBB criteria?" (answer sets: recall 0.764 -> 0.767, the share of evidence from
    the gold section 0.721 -> 0.728)."""
    return (unit.innermost != best.innermost and bool(key & unit.innermost)
            and bool((key & best.innermost) - unit.innermost - unit.own))


# A sentence that points back ("The same method is preferred for atrial fibrillation") says
# nothing without the one before it ("Count the QRS complexes in a 10 second strip ...").
_POINTS_BACK = re.compile(r"^(?:the same|this|these|that|those|such|both|it|they)\b",
                          re.IGNORECASE)


def _with_antecedents(chosen: list[Unit], ranked: list[Unit]) -> list[Unit]:
    """Each chosen sentence that points back, preceded by the sentence it points to."""
    out: list[Unit] = []
    for unit in chosen:
        if _POINTS_BACK.match(unit.shown):
            before = [u for u in ranked if u.source is unit.source and u.end <= unit.start
                      and not unit.source.text[u.end:unit.start].strip(" .;:!?")]
            if before and before[0] not in out and before[0] not in chosen:
                out.append(before[0])
        out.append(unit)
    return out


def _with_list_items(chosen: list[Unit], ranked: list[Unit], extra: int) -> list[Unit]:
    """A chosen lead-in ending in ':' brings the items it introduces ('... contiguous leads:'),
    up to `extra` of them in all; the chosen sentences all stay."""
    out: list[Unit] = []
    for place, unit in enumerate(chosen):
        lead_in = unit.raw.rstrip().endswith(":")
        if lead_in and place >= LEAD_IN_PLACES and len(chosen) > 1:
            continue  # a lead-in far down the list would bring a list about something else
        out.append(unit)
        if not lead_in:
            continue
        following = sorted(
            (u for u in ranked if u.source is unit.source and u.start > unit.start),
            key=lambda u: u.start,
        ) or sorted(  # a lead-in that ends its chunk: its items open the next one
            (u for u in ranked if _next_chunk(unit.source, u.source)), key=lambda u: u.start)
        for item in following[:3]:
            if extra > 0 and item not in out and item not in chosen:
                out.append(item)
                extra -= 1
    return out


def _next_chunk(source: Source, other: Source) -> bool:
    """`other` is the chunk right after `source` in the same section ('<doc>-00012' ->
    '<doc>-00013')."""
    doc, _, seq = source.chunk_id.rpartition("-")
    return (bool(doc) and seq.isdigit() and other.path == source.path
            and other.section == source.section
            and other.chunk_id == f"{doc}-{int(seq) + 1:0{len(seq)}d}")


def _follows(unit: Unit, best: Unit) -> bool:
    """The sentence right after the best one in its paragraph: what a reader of the quote would
    read next ("PH is a haemodynamic diagnosis. The guidelines define it as ...")."""
    if unit.source is best.source:
        return unit.start >= best.end and not unit.source.text[best.end:unit.start].strip(" .;:!?")
    if unit.source.path != best.source.path:
        return False
    if _next_chunk(best.source, unit.source):  # the best sentence ends its chunk
        return (not best.source.text[best.end:].strip(" .;:!?\n")
                and not unit.source.text[:unit.start].strip())
    # Chunks overlap: the best sentence can come from one and the next sentence from another.
    text = unit.source.text
    at = text.rfind(best.raw, 0, unit.start)
    return at >= 0 and not text[at + len(best.raw):unit.start].strip(" .;:!?")


def _near_duplicate(a: Unit, b: Unit) -> bool:
    """The same sentence twice (two versions of a note, a paper that repeats itself). Compared
    without the column names a table row is shown with: rows of one table share those, and
    their values are the point ("RAP 3" and "RAP 15" are both wanted)."""
    first, second = set(terms(a.raw)), set(terms(b.raw))
    if not first or not second:
        return False
    # Overlapping chunks: one starts inside a sentence the other holds whole; a bare list item
    # ("2.9-3.4 m/s") says nothing the table row holding it ("2.9-3.4 m/s | yes | high") does not.
    shorter, longer = sorted((display_text(a.raw).lower(), display_text(b.raw).lower()), key=len)
    return len(first & second) / len(first | second) >= 0.8 or shorter in longer


def _part_of(part: Unit, whole: Unit) -> bool:
    """`part` as shown is a piece of `whole`: a bare list item inside the row that says it."""
    shown, other = display_text(part.raw).lower(), display_text(whole.raw).lower()
    return len(shown) < len(other) and shown in other


_SIDES = {"left": "right", "right": "left"}


def _sided(asked_terms: list[str]) -> set[tuple[str, str]]:
    """(side, what) for each "right bundle", "left atrial" the question names."""
    return {(t, n) for t, n in neighbour_pairs(asked_terms) if t in _SIDES}


def _other_side(sided: set[tuple[str, str]], pairs: AbstractSet[tuple[str, str]]) -> bool:
    """The sentence or its headings (`pairs`) name the other side of what the question names and
    not its side: "Left bundle branch block ...: Sgarbossa criteria" for the criteria of right
    bundle branch block, "Left axis deviation: -30 to -90 degrees" for right axis deviation."""
    return any((_SIDES[side], what) in pairs and (side, what) not in pairs
               for side, what in sided)


def _table_in_order(ranked: list[Unit]) -> list[Unit]:
    """When the best candidate is a table row and other rows of its table score nearly as well,
    the rows in the table's order: "severe AS criteria" is answered by the peak velocity, mean
    gradient and AVA rows that open the severity table, not by the indexed AVA and dimensionless
    index rows that close it, which the question's words fit a little better."""
    best = ranked[0] if ranked else None
    if best is None or best.header is None:
        return ranked
    rows = [u for u in ranked if u.header is not None and u.source.path == best.source.path
            and u.source.section == best.source.section and u.score >= TABLE_CLOSE * best.score]
    if len(rows) < 2:
        return ranked
    taken = {id(u) for u in rows}
    rows.sort(key=_document_order)
    return rows + [u for u in ranked if id(u) not in taken]


def _in_reading_order(chosen: list[Unit], key: set[str] | None = None) -> list[Unit]:
    """Sentences of one section of one document together and as the text has them, at the
    place of the best of them: "When AVA is under 1.0 cm2 but mean gradient under 40 mmHg:",
    then the stress echo, then what confirms true severe AS, then pseudo-severe AS; not the
    last of them first. Across its chunks too: the normal LVEF row, from the chunk before, comes
    before the abnormal rows. A table row that the question names by its first cell comes
    first of its group: "leads for inferior STEMI" opens with the inferior row, not with the
    anterior row above it (whose reciprocal change is in the inferior leads). Such a row's group
    comes first too: "first degree heart block?" opens with the AV block table's first-degree
    row, not with "Adding first-degree AV block does not by itself prove trifascicular
    disease", which ranked best."""
    named = {id(u) for u in chosen if _named_row(u, key or set())}
    groups: dict[tuple[str, str], list[Unit]] = {}
    for unit in chosen:
        groups.setdefault((unit.source.path or unit.source.doc, unit.source.section),
                          []).append(unit)
    ordered = sorted(groups.values(), key=lambda group: not any(id(u) in named for u in group))
    return [unit for group in ordered
            for unit in sorted(group, key=lambda u: (id(u) not in named, _document_order(u)))]


def _named_row(unit: Unit, key: set[str]) -> bool:
    """A table row whose first cell ("territory: inferior") the question names."""
    if unit.header is None:
        return False
    label = set(terms(_cells(unit.raw)[0]))
    return bool(label) and label <= key


def _document_order(unit: Unit) -> tuple[int, int]:
    """Where the unit stands in its document: its chunk's place ('<doc>-00012' -> 12; 0 when
    unknown), then its offset in the chunk."""
    seq = unit.source.chunk_id.rpartition("-")[2]
    return (int(seq) if seq.isdigit() else 0, unit.start)


def _unnamed_label(unit: Unit) -> str:
    """The unit's item label when its text does not say it, for the reader to see what the
    sentence is about."""
    said = set(terms(unit.label))
    return unit.label if said and not said <= set(terms(unit.shown)) else ""


def _number(chosen: list[Unit]) -> tuple[list[Evidence], list[Source]]:
    """Evidence numbered 1..n in the order shown; their chunks renumbered in first-use order."""
    renumbered: dict[int, Source] = {}
    for unit in chosen:
        if id(unit.source) not in renumbered:
            old = unit.source
            renumbered[id(old)] = replace(old, n=len(renumbered) + 1,
                                          page_marks=list(old.page_marks))
    evidence = []
    for n, unit in enumerate(chosen, start=1):
        source = renumbered[id(unit.source)]
        evidence.append(Evidence(
            n=n, text=unit.shown, source=source.n, doc=source.doc,
            title=source.title, page=source.page_at(unit.start), section=source.section,
            start=unit.start, end=unit.end, score=round(unit.score, 4), path=source.path,
            label=_unnamed_label(unit),
        ))
    return evidence, list(renumbered.values())
