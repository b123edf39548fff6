"""Medical spellings and abbreviations as one vocabulary: hyperkalaemia = hyperkalemia, LBBB =
left bundle branch block, in both directions.

The word list is data (`medical_terms.toml`: spellings, a few synonyms such as box = square,
and abbreviations). Two uses:
- `expand_query` adds the other spellings and forms to a full-text query, so BM25 finds a note
  written the UK way for a question typed the US way (the index itself is left as written);
- `terms` turns any text into comparable word stems (US spelling, abbreviations spelt out,
  Snowball-stemmed), so the answer layer can ask "does this sentence say what the question
  asks about" without caring how either was spelt.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

TERMS_FILE = Path(__file__).with_name("medical_terms.toml")
# Words (with inner hyphens, dots and apostrophes: "first-degree", "0.20", "wolff-parkinson")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['.\-][A-Za-z0-9]+)*")
WORD = _TOKEN  # for callers that need where each word stands in the text
# Words that say nothing about what a sentence is about.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because
been before being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers him his how i if in into is it its itself just
may me might more most must my no nor not now of off on once only or other our out over own same
she should so some such than that the their them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your
however therefore thus usually often typically generally called known several since""".split()
)


# ECG deflections are single capitals: "peaked T waves" must not match "peaked P waves".
WAVE_LETTERS = frozenset("PQRSTU")


class TermsFileError(ValueError):
    """medical_terms.toml has an entry that would make two words match wrongly."""


# Abbreviations that are also English words: typed in lower case they are the word.
_WORDS_TOO = frozenset({"tee", "toe", "rap", "ava", "pac", "acs"})


# Whose heart a lay wording speaks of: "fluid around his heart" is "fluid around the heart".
_WHOSE_WORDS = "his|her|my|your|their|our"
_WHOSE = re.compile(rf"\b(?:{_WHOSE_WORDS})\b")


def _variant_pattern(variant: str, lay: bool) -> str:
    """A listed variant as a pattern; in a lay wording, "the" matches "his", "my", ... too."""
    escaped = re.escape(variant)
    return re.sub(r"\bthe\b", f"(?:the|{_WHOSE_WORDS})", escaped) if lay else escaped


@dataclass(frozen=True)
class Vocabulary:
    us_of: dict[str, str]  # uk spelling -> us spelling (lower case)
    spellings: dict[str, tuple[str, ...]]  # any spelling -> all spellings of that word
    long_forms: dict[str, tuple[str, ...]]  # ABBREVIATION -> long forms (lower case)
    abbreviation_of: dict[tuple[str, ...], str]  # long form words -> ABBREVIATION
    phrase_of: dict[str, str] = field(default_factory=dict)  # "p mitrale" -> canonical phrase
    phrase_pattern: re.Pattern[str] | None = None  # any phrase variant, as whole words
    lay: frozenset[str] = frozenset()  # the variants that are lay wordings ("pumping number")
    folded: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "lvedd" -> LVEDD's forms
    explained: dict[str, str] = field(default_factory=dict)  # "mobitz" -> what it names

    def canonical_phrases(self, text: str) -> str:
        """Phrases that name one finding put in one wording: 'left atrial abnormality' and 'P
        mitrale' -> 'left atrial enlargement'."""
        if self.phrase_pattern is None:
            return text
        return self.phrase_pattern.sub(lambda m: self.phrase_of[self.variant(m[0])], text)

    def variant(self, matched: str) -> str:
        """The listed variant a phrase match is: 'Lining around his heart' -> 'lining around
        the heart' (a lay wording's "the" stands for whose it is)."""
        said = matched.lower()
        if said in self.phrase_of:
            return said
        return _WHOSE.sub("the", said)

    def expand(self, word: str) -> tuple[str, ...]:
        """Long forms of an abbreviation as written: 'LBBB', 'PVCs', and 'tapse' typed in lower
        case (three letters or more and not also a word: 'toe' stays a toe)."""
        forms = self.long_forms.get(word) or self.long_forms.get(_plain_plural(word))
        if forms:
            return forms
        if len(word) < 3 or word in _WORDS_TOO:
            return ()
        # Typed in another case than the list's: "tapse", "LVEDd", "vmax", "HFREF".
        return self.folded.get(word.lower(), ())


def load_vocabulary(path: Path = TERMS_FILE) -> Vocabulary:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    us_of: dict[str, str] = {}
    spellings: dict[str, tuple[str, ...]] = {}
    # Synonyms behave like spellings: each maps to the first word of its line.
    for us, uks in [*data.get("spelling", {}).items(), *data.get("synonyms", {}).items()]:
        for uk in uks:
            if uk == us or us_of.get(uk, us) != us:
                raise TermsFileError(f"{path.name}: '{uk}' is listed twice or as its own spelling")
            us_of[uk] = us
        group = (us, *uks)
        for word in group:
            spellings[word] = group
    long_forms: dict[str, tuple[str, ...]] = {}
    abbreviation_of: dict[tuple[str, ...], str] = {}
    for abbreviation, forms in data.get("abbreviations", {}).items():
        long_forms[abbreviation] = tuple(f.lower() for f in forms)
        for form in long_forms[abbreviation]:
            # The first abbreviation listed for a long form is the one it turns back into.
            abbreviation_of.setdefault(tuple(_TOKEN.findall(form)), abbreviation)
    phrase_of: dict[str, str] = {}
    lay = {v.lower() for variants in data.get("lay", {}).values() for v in variants}
    for canonical, variants in [*data.get("phrases", {}).items(), *data.get("lay", {}).items()]:
        for variant in variants:
            if variant.lower() in phrase_of or variant.lower() == canonical.lower():
                raise TermsFileError(f"{path.name}: phrase '{variant}' is listed twice")
            phrase_of[variant.lower()] = canonical
    # Longest first, so "p mitrale" is not cut short by a shorter variant it contains.
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(_variant_pattern(v, v in lay)
                                    for v in sorted(phrase_of, key=len, reverse=True))
        + r")(?![\w-])", re.IGNORECASE) if phrase_of else None
    folded: dict[str, tuple[str, ...]] = {}
    for abbreviation, forms in long_forms.items():
        folded.setdefault(abbreviation.lower(), forms)  # "SVi" and "SVI" say the same
    explained = {name.lower(): what for name, what in data.get("explain", {}).items()}
    return Vocabulary(us_of, spellings, long_forms, abbreviation_of, phrase_of, pattern,
                      frozenset(lay), folded, explained)


@cache
def vocabulary() -> Vocabulary:
    return load_vocabulary()


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


# UK spellings the word list does not name, by rule: haemopericardium, septicaemia, paediatric.
# Both sides of every comparison pass through here, so a rule may only merge a word with its own
# other spelling.
_UK_TO_US = [(re.compile(p), r) for p, r in [
    (r"haem", "hem"), (r"aemi", "emi"), (r"^oedem", "edem"), (r"oesophag", "esophag"),
    (r"^paed", "ped"), (r"anaes", "anes"), (r"^foet", "fet"),
    (r"(?<=\w{3})is(ation|ations|ing|ed|es|e)$", r"iz\1"),
    (r"(?<=\w{3})our(s|ed|ing|ite|ites|able)?$", r"or\1"), (r"(?<=\w{3})tre$", "ter"),
]]
# ... and back, for full-text search of a note written the UK way.
_US_TO_UK = [(re.compile(p), r) for p, r in [
    (r"^hem(?=[a-z]{4})", "haem"), (r"(?<=[a-z]{3})emia$", "aemia"),
    (r"(?<=[a-z]{3})emic$", "aemic"), (r"^edem", "oedem"), (r"esophag", "oesophag"),
    (r"^pediatr", "paediatr"), (r"^anesth", "anaesth"),
    (r"^fetal", "foetal"), (r"(?<=[a-z]{3})iz(ation|ations|ing|ed|es|e)$", r"is\1"),
]]


def uk_to_us(word: str) -> str:
    for pattern, replacement in _UK_TO_US:
        word = pattern.sub(replacement, word)
    return word


def us_to_uk(word: str) -> str:
    for pattern, replacement in _US_TO_UK:
        word = pattern.sub(replacement, word)
    return word


@cache
def stem(word: str) -> str:
    """US spelling, lower case, Snowball (Porter2) stem: 'Ischaemic' -> 'ischem'."""
    lower = word.lower()
    lower = vocabulary().us_of.get(lower) or (uk_to_us(lower) if lower.isalpha() else lower)
    # "1st" became "first" above; numbers and "v1" stay as written (stemming would mangle them)
    if not lower.isalpha():
        return lower
    return _one_root(str(_stemmer().stemWord(lower)))


# Snowball keeps a disease's noun and adjective apart: "stenosis"/"stenotic", "ischemia"/
# "ischemic", "hypertrophy"/"hypertrophic", "prognosis"/"prognostic", "pericardium"/
# "pericardial". One root for both: "which matters more for prognosis" is answered by "more
# prognostic weight". Long stems only, so everyday words keep theirs.
_ROOTS = [(re.compile(pattern), root) for pattern, root in [
    (r"^(\w{4,}o)(?:si|t)$", r"\1"),  # stenosi, stenot
    (r"^(\w+gno)(?:si|st)$", r"\1"),  # prognosi, prognost (not "subcost")
    (r"^(?=\w{6,}$)(\w+(?:em|ox|hythm|card))ia$", r"\1"),  # ischemia, hypoxia, tachycardia
    (r"^(?=\w{8,}$)(\w+cardi)um$", r"\1"),  # pericardium -> pericardi (as "pericardial")
    (r"^(\w{4,}(?:ph|th))i$", r"\1"),  # hypertrophi, cardiomyopathi
    (r"^(\w{2,}ver)s$", r"\1t"),  # invers(ion) -> invert(ed), revers(al) -> revert
    # "treatment" is what "is treated" names, "involvement" what "involved" does; not "segment"
    (r"^(\w{4,})ment$", r"\1"),
]]


def _one_root(stemmed: str) -> str:
    for pattern, root in _ROOTS:
        if pattern.match(stemmed):
            return pattern.sub(root, stemmed)
    return stemmed


# Letters NFKD leaves whole: a question types "Ostvik" for the paper's "Østvik".
_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                               "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th"})


def fold(text: str) -> str:
    """Ligatures and accents out, as PDFs print them: 'ﬁ' -> 'fi', 'Farnebäck' -> 'Farneback',
    'Østvik' -> 'Ostvik'."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The text's words as written (for callers that need case, e.g. to spot abbreviations)."""
    return _TOKEN.findall(_primes(fold(text)))


# Echo's primed velocities: "E/e'" is one measure and "e'" another, not the letter e (dropped
# as a one-letter word) or a possessive ("patient's" has no word boundary before its s).
# "E/A ratio" is the one measure "E/A" names, not that measure and a second word "ratio".
_RATIO_PRIME = re.compile(r"\b([EA])\s*/\s*([ea])['\u2019\u2032](?!\w)(?:\s+ratios?\b)?")
# Only the letters echo and the ECG prime (e', a', s', RSR'): "reads 'Wellens, type B'" closes a
# quotation, and "B prime" was then a rare word the evidence lacked.
_PRIME = re.compile(r"(?<![\w/])([easrEASR])['\u2019\u2032](?!\w)")
# "E/A", "R/S": a ratio of two capitals is one measure too; "m/s" is a unit and stays apart.
_RATIO = re.compile(r"\b([A-Z])\s*/\s*([A-Z])\b(?!['\u2019\u2032])(?:\s+ratios?\b)?")


def _primes(text: str) -> str:
    """'E/e' over 14' -> 'EeprimeRatio over 14'; 'septal e'' -> 'septal eprime';
    'E/A 2 or more' -> 'EARatio 2 or more'."""
    text = _RATIO_PRIME.sub(lambda m: f"{m[1]}{m[2]}primeRatio", text)
    text = _RATIO.sub(lambda m: f"{m[1]}{m[2]}Ratio", text)
    return _PRIME.sub(lambda m: f"{m[1]}prime", text)


_PRIMED_WORD = re.compile(r"^(?:([A-Za-z])([A-Za-z])(prime)?Ratio|([A-Za-z])prime)$")


def as_written(word: str) -> str:
    """A word of `words` as the reader wrote it: 'SDRatio' -> 'S/D ratio', 'EeprimeRatio' ->
    "E/e' ratio", 'eprime' -> "e'" (for messages that quote the question)."""
    match = _PRIMED_WORD.match(word)
    if match is None:
        return word
    if match[4]:
        return f"{match[4]}'"
    return f"{match[1]}/{match[2]}{chr(39) if match[3] else ''} ratio"


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Comparable stems of a text, abbreviations spelt out: 'LBBB' -> left bundl branch block."""
    vocab = vocabulary()
    out: list[str] = []
    for word in _TOKEN.findall(vocab.canonical_phrases(_primes(fold(text)))):
        word = word.split("'")[0]  # "what's" -> what, "Einthoven's" -> Einthoven
        forms = vocab.expand(word)
        parts = _TOKEN.findall(forms[0]) if forms else _expand_parts(vocab, word)
        for part in _split_hyphens(parts):
            if keep_stopwords or part in WAVE_LETTERS or (
                part.lower() not in STOPWORDS and len(part) > 1
            ):
                out.append(stem(part))
    return out


def neighbour_pairs(stems: list[str]) -> set[tuple[str, str]]:
    """Each term with the one after it: "right ventricular infarction" -> (right, ventricl),
    (ventricl, infarct). What a phrase is, for retrieval and for ranking sentences."""
    return set(zip(stems, stems[1:], strict=False))


def _expand_parts(vocab: Vocabulary, word: str) -> list[str]:
    """A hyphenated word's parts, each spelt out as it would be alone: 'CNN-LSTM' -> convolutional
    neural network LSTM, as the text's 'CNN and LSTM' reads."""
    if "-" not in word:
        return [word]
    out: list[str] = []
    for part in word.split("-"):
        forms = vocab.expand(part) if part else ()
        out.extend(_TOKEN.findall(forms[0]) if forms else [part] if part else [])
    return out


def _split_hyphens(parts: list[str]) -> list[str]:
    """'first-degree' counts as 'first' and 'degree'; '0.20' stays one number."""
    out: list[str] = []
    for part in parts:
        out.extend(p for p in part.split("-") if p)
    return out


def _plain_plural(word: str) -> str:
    """'PVCs' -> 'PVC': abbreviations take a lower-case s in the plural."""
    return word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word


# "LVH", "LAFB", "TAPSE" are spelt out for full-text search; "LV" is not. "How is LVH diagnosed
# on ECG" found no chunk saying "left ventricular hypertrophy" when only four letters or more were.
SPELL_OUT_LETTERS = 3


def expand_query(query: str) -> str:
    """The query plus the other spellings of its words and the abbreviations of its long forms,
    for full-text search: 'hyperkalemia in left bundle branch block' -> '... hyperkalaemia LBBB'.

    Short abbreviations are not spelt out here: "LV" would add "left ventricular", which half
    the corpus holds, and BM25 then ranks worse (benchmarks/retrieval_eval.py: recall@5 0.85 ->
    0.80). The vector search and the answer layer's kb.terms.terms cover that direction.
    """
    vocab = vocabulary()
    found = _TOKEN.findall(query)
    extra: list[str] = []
    lowered = [w.lower() for w in found]
    for lower in lowered:
        extra += [s for s in vocab.spellings.get(lower, ()) if s != lower]
        if lower not in vocab.spellings and lower.isalpha() and us_to_uk(lower) != lower:
            extra.append(us_to_uk(lower))
    for form, abbreviation in vocab.abbreviation_of.items():
        if _contains(lowered, list(form)) and abbreviation not in found:
            extra.append(abbreviation)
    # A long abbreviation names one thing, and the notes often spell it out only:
    # "LAFB" finds "left anterior fascicular block" (answer sets: evidence recall 0.749 -> 0.756).
    for word in found:
        if len(word) >= SPELL_OUT_LETTERS:
            extra += list(vocab.expand(word)[:1])
    extra += _phrase_variants(query, vocab)
    seen = set(lowered)
    additions = []
    for phrase in extra:
        if phrase.lower() not in seen:
            seen.add(phrase.lower())
            additions.append(phrase)
    return " ".join([query, *additions]) if additions else query


def _phrase_variants(query: str, vocab: Vocabulary) -> list[str]:
    """The other wordings of each phrase the query uses ('P mitrale' -> 'left atrial
    enlargement', 'left atrial abnormality'); a lay wording brings the clinical ones, never
    the other way: the notes hold no lay words, and "tachycardia" must not search for "racing"."""
    said = _TOKEN.findall(query)
    # An abbreviation brings its long form's wordings: "WPW" -> "pre-excitation".
    lowered = " ".join([w.lower() for w in said] + [f for w in said for f in vocab.expand(w)[:1]])
    # A lay wording is read as the longest one written there ("fluid around his heart"; "the
    # wall between the two pumping chambers" is the septum, not "pumping", the LVEF).
    lay_said = ({vocab.variant(m[0]) for m in vocab.phrase_pattern.finditer(lowered)}
                & vocab.lay if vocab.phrase_pattern else set())
    out: list[str] = []
    for canonical in dict.fromkeys(vocab.phrase_of.values()):
        group = [canonical, *(v for v, c in vocab.phrase_of.items() if c == canonical)]
        if any(w.lower() in lay_said if w.lower() in vocab.lay
               else re.search(rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])", lowered)
               for w in group):
            out += [w for w in group if w.lower() not in lowered and w.lower() not in vocab.lay]
    return out


def spell_out(query: str) -> str:
    """The query with the long form of each abbreviation after it, for the embedder, which
    never learnt most cardiology abbreviations: 'LAFB criteria?' -> 'LAFB criteria? (left
    anterior fascicular block)'."""
    vocab = vocabulary()
    forms: list[str] = []
    for word in _TOKEN.findall(query):
        expanded = vocab.expand(word)
        if expanded and expanded[0] not in forms and expanded[0] not in query.lower():
            forms.append(expanded[0])
        what = vocab.explained.get(word.lower())
        if what and what not in forms and what not in query.lower():
            forms.append(what)
    # A lay wording gets its clinical one too: "pumping number" (ejection fraction).
    for match in vocab.phrase_pattern.finditer(query) if vocab.phrase_pattern else ():
        said = vocab.variant(match[0])
        clinical = vocab.phrase_of[said]
        if said in vocab.lay and clinical not in forms:
            forms.append(clinical)
    return f"{query} ({'; '.join(forms)})" if forms else query


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
