"""Numbers with units: find them next to their names and normalise them to one unit each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from echoassist.report import categories as c
from echoassist.report.lexicon import Match, Token
from echoassist.report.numbers import NUMBER, to_float
from echoassist.report.phrases import (
    ATTR,
    BARRIER,
    IVC_COLLAPSE_NOUNS,
    IVC_COLLAPSE_VERBS,
    IVC_COLLAPSES_WELL,
    IVC_DILATED,
    IVC_FAILS_TO_COLLAPSE,
    IVC_NOT_DILATED,
    IVC_POOR_COLLAPSE,
    MEAS,
    STRUCT,
    WEAK,
)


@dataclass(frozen=True)
class Spec:
    """How a measure is written and read: display name, canonical unit, plausible range."""

    name: str
    unit: str
    low: float
    high: float


SPECS: dict[str, Spec] = {
    "ef": Spec("LVEF", "%", 5, 95),
    "lvidd": Spec("LVIDd", "cm", 2, 10),
    "lvids": Spec("LVIDs", "cm", 1, 9),
    "ivs": Spec("IVSd", "cm", 0.3, 3.5),
    "lvpw": Spec("LVPWd", "cm", 0.3, 3.5),
    "rwt": Spec("RWT", "", 0.1, 1.5),
    "lv_mass_index": Spec("LV mass index", "g/m2", 20, 400),
    "lv_mass": Spec("LV mass", "g", 30, 900),
    "lavi": Spec("LAVI", "mL/m2", 5, 250),
    "la_volume": Spec("LA volume", "mL", 10, 500),
    "la_diameter": Spec("LA diameter", "cm", 1.5, 9),
    "ra_size": Spec("RA size", "", 1, 200),
    "rv_basal": Spec("RV basal diameter", "cm", 1.5, 8),
    "tapse": Spec("TAPSE", "mm", 3, 45),
    "rv_fac": Spec("RV FAC", "%", 3, 90),
    "rv_s_prime": Spec("RV S'", "cm/s", 2, 30),
    "vmax": Spec("Peak velocity", "m/s", 0.3, 7.5),
    "mean_gradient": Spec("Mean gradient", "mmHg", 0, 160),
    "peak_gradient": Spec("Peak gradient", "mmHg", 0, 250),
    "ava": Spec("AVA", "cm2", 0.1, 6),
    "ava_index": Spec("AVA index", "cm2/m2", 0.05, 4),
    "eoa": Spec("EOA", "cm2", 0.1, 6),
    "dvi": Spec("DVI", "", 0.05, 1.5),
    "mva": Spec("MVA", "cm2", 0.2, 8),
    "eroa": Spec("EROA", "cm2", 0.01, 2),
    "regurgitant_volume": Spec("Regurgitant volume", "mL", 1, 300),
    "regurgitant_fraction": Spec("Regurgitant fraction", "%", 1, 100),
    "vena_contracta": Spec("Vena contracta", "cm", 0.05, 2.5),
    "pht": Spec("Pressure half-time", "ms", 20, 1500),
    "trv": Spec("TR peak velocity", "m/s", 0.5, 7.5),
    "rv_ra_gradient": Spec("RV-RA gradient", "mmHg", 2, 160),
    "pasp": Spec("PASP", "mmHg", 10, 160),
    "rap": Spec("RA pressure", "mmHg", 0, 30),
    "ivc_diameter": Spec("IVC diameter", "cm", 0.3, 4.5),
    "aortic_root": Spec("Aortic root diameter", "cm", 1.5, 9),
    "ascending_aorta": Spec("Ascending aorta diameter", "cm", 1.5, 9),
    "aortic_root_index": Spec("Aortic root index", "cm/m2", 0.5, 6),
    "ascending_aorta_index": Spec("Ascending aorta index", "cm/m2", 0.5, 6),
    "e_over_e_prime": Spec("E/e'", "", 1, 60),
    "septal_e_prime": Spec("Septal e'", "cm/s", 1, 30),
    "lateral_e_prime": Spec("Lateral e'", "cm/s", 1, 35),
    "e_over_a": Spec("E/A", "", 0.2, 6),
    "e_wave": Spec("Mitral E", "cm/s", 10, 300),
    "effusion_depth": Spec("Effusion depth", "cm", 0, 8),
    "bsa": Spec("BSA", "m2", 0.3, 3.5),
    "height": Spec("Height", "cm", 50, 250),
    "weight": Spec("Weight", "kg", 2, 350),
}

# Measures whose category depends on the valve the sentence names.
STRUCTURE_DEPENDENT = frozenset(
    {
        "vmax",
        "mean_gradient",
        "peak_gradient",
        "eroa",
        "regurgitant_volume",
        "regurgitant_fraction",
        "vena_contracta",
        "pht",
        "eoa",
        "dvi",
    }
)
# Where a report names no valve, these numbers are about the aortic valve.
DEFAULT_STRUCTURE = {
    "vmax": c.AV,
    "mean_gradient": c.AV,
    "peak_gradient": c.AV,
    "eoa": c.AV,
    "dvi": c.AV,
}

# Categories whose sentences give unnamed numbers ("a 1.2 cm pericardial effusion").
_LENGTH_OWNER = {
    "pericardial_effusion": "effusion_depth",
    "aortic_root": "aortic_root",
    "ascending_aorta": "ascending_aorta",
    "rv_cavity": "rv_basal",
    "la_cavity": "la_diameter",
    "lv_cavity": "lvidd",
}

_NUMBER_TAIL = re.compile(
    rf"(?P<range>\s*(?:-|to|/)\s*(?P<hi>{NUMBER}))?\s*(?P<unit>"
    r"mm\s*hg|m\s*/\s*sec|m\s*/\s*s|cm\s*/\s*sec|cm\s*/\s*s|mm\s*/\s*s|"
    r"cm\s*2|cm\s*\^\s*2|sq\.?\s*cm|mm\s*2|"
    r"ml\s*/\s*m\s*2|ml\s*/\s*m\s*\^\s*2|mls\s*/\s*m\s*2|g\s*/\s*m\s*2|"
    r"cm\s*2\s*/\s*m\s*2|"
    r"mm|cm|mls|ml|m\s*2|m\s*\^\s*2|msec|ms|kg|lbs|lb|%|per\s*cent|percent|in|m|g)?(?![A-Za-z])",
    re.IGNORECASE,
)
_PLUS_RAP = re.compile(
    r"\s*(?:\+|plus)\s*(?:rap|ra\s*pressure|right\s*atrial\s*pressure|cvp|jvp|ra\b)",
    re.IGNORECASE,
)


_UNIT_WORDS = {"percent": "%"}  # "per cent" too: spaces are gone by then


@dataclass(frozen=True)
class RawValue:
    """A number as written: value (range midpoint), unit text, and its span in the input."""

    measure: str
    value: float
    unit: str
    start: int
    end: int
    structure: str | None


UNNAMED_OWNERS = frozenset(_LENGTH_OWNER)


def _read_number(text: str, tok: Token, limit: int) -> tuple[float, str, int]:
    """Value (midpoint of a range), unit text, and where the reading ends."""
    low = to_float(tok.text)
    m = _NUMBER_TAIL.match(text, tok.end, limit)
    if m is None:  # the pattern can match empty, so this is defensive only
        return low, "", tok.end
    unit = re.sub(r"[\s^.]", "", (m.group("unit") or "").lower())
    unit = _UNIT_WORDS.get(unit, unit)
    value = low
    if m.group("range") and m.group("hi"):
        hi = to_float(m.group("hi"))
        # "55-60%" is a range; "1.2/1.1 cm" (two walls) is not: the caller reads those.
        if "/" not in m.group("range") and hi >= low:
            value = (low + hi) / 2
        else:
            return low, unit if "/" not in m.group("range") else "", tok.end
    return value, unit, m.end()


def _is_number(tok: Token) -> bool:
    return tok.text[0].isdecimal()  # "¹" is a digit to isdigit() but not to float()


# How far after its name a value may be, in tokens; leaders between a name and its value
# in an export ("LVIDd ........ 4.4 cm", "EF : 60") do not count.
_VALUE_REACH = 12
_LEADERS = frozenset({".", ":", "=", "|", "…"})


def _value_window(tokens: list[Token], first: int, limit: int) -> list[int]:
    out: list[int] = []
    counted = 0
    k = first
    while k < limit and counted < _VALUE_REACH:
        out.append(k)
        counted += tokens[k].text not in _LEADERS
        k += 1
    return out


def _glued(text: str, tok: Token) -> bool:
    """A number joined to a word that is no unit ("3D", "2D", "4C"): a name, not a value."""
    after = tok.end
    if after >= len(text) or not text[after].isalpha():
        return False
    m = _NUMBER_TAIL.match(text, after)
    return m is None or not m.group("unit")


def sentence_values(
    text: str,
    tokens: list[Token],
    matches: list[Match],
    historical: list[bool],
    heading: str | None,
    end: int,
) -> list[RawValue]:
    """Numbers tied to measurement names in one sentence, skipping historical ones."""
    out: list[RawValue] = []
    claimed: set[int] = set()  # token indexes of numbers already read
    i = 0
    while i < len(matches):
        m = matches[i]
        if m.term.kind == STRUCT and not historical[i]:
            sized = _structure_length(text, tokens, m, end)
            if sized is not None:
                claimed.add(sized[1])
                out.append(sized[0])
        if m.term.kind != MEAS or historical[i]:
            i += 1
            continue
        # A run of names joined by "and", "/" or ",": "IVSd/LVPWd 1.1/1.0 cm".
        run = [i]
        j = i + 1
        while (
            j + 1 < len(matches)
            and matches[j].term.kind == WEAK
            and matches[j + 1].term.kind == MEAS
            and not _number_between(tokens, matches[j - 1], matches[j + 1])
        ):
            run.append(j + 1)
            j += 2
        while (
            j < len(matches)
            and matches[j].term.kind == MEAS
            and _slash_between(text, matches[j - 1], matches[j])
        ):
            run.append(j)
            j += 1
        limit_tok = _next_stop(matches, j, tokens)
        numbers = [
            k
            for k in _value_window(tokens, matches[run[-1]].last, limit_tok)
            if _is_number(tokens[k]) and k not in claimed and not _glued(text, tokens[k])
        ]
        values = _read_run(text, tokens, numbers, len(run), end)
        if len(run) == 1 and values:
            values = [_from_to(text, matches[run[0]].end, values[0], tokens, end)]
        for name_index, (value, unit, s, e, k) in zip(run, values, strict=False):
            claimed.add(k)
            meas = matches[name_index].term.measure or ""
            if meas == "pasp" and _PLUS_RAP.match(text, e, end):
                # "RVSP 30 mmHg + RAP" (UK style) states the RV-RA gradient, not PASP.
                meas = "rv_ra_gradient"
            structure = matches[name_index].term.structure
            if meas in STRUCTURE_DEPENDENT and structure is None:
                structure = _nearest_structure(matches, name_index, heading) or (
                    DEFAULT_STRUCTURE.get(meas)
                )
            out.append(RawValue(meas, value, unit, s, e, structure))
        i = j
    return out


_FROM = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_TO = re.compile(r"\s*(?:to|->|=>)\s*(?=\d)", re.IGNORECASE)


def _from_to(
    text: str,
    name_end: int,
    value: tuple[float, str, int, int, int],
    tokens: list[Token],
    end: int,
) -> tuple[float, str, int, int, int]:
    """'LVEF improved from 35% to 55%': the value now is the one after 'to'."""
    _, _, start, stop, k = value
    if not _FROM.search(text, name_end, start):
        return value
    to = _TO.match(text, stop, end)
    if to is None:
        return value
    nxt = next((j for j in range(k + 1, len(tokens)) if tokens[j].start >= to.end()), None)
    if nxt is None or not _is_number(tokens[nxt]):
        return value
    v, unit, e2 = _read_number(text, tokens[nxt], end)
    return v, unit or value[1], tokens[nxt].start, e2, nxt


# "LA 4.2 cm", "Ao root 3.4 cm", "RV 3.9 cm": a structure with a length right after it.
_STRUCTURE_LENGTH = {
    c.LA: "la_diameter",
    c.RV: "rv_basal",
    c.ROOT: "aortic_root",
    c.ASCENDING_AORTA: "ascending_aorta",
    c.IVC: "ivc_diameter",
    c.LV: "lvidd",
}


def _structure_length(
    text: str, tokens: list[Token], m: Match, end: int
) -> tuple[RawValue, int] | None:
    measure = _STRUCTURE_LENGTH.get(m.term.structure or "")
    if measure is None or m.last >= len(tokens):
        return None
    k = m.last
    while k < len(tokens) - 1 and tokens[k].text in (":", "=", "|"):
        k += 1
    tok = tokens[k]
    if not _is_number(tok) or text[m.end : tok.start].strip(" :=|\t") != "":
        return None
    value, unit, stop = _read_number(text, tok, end)
    if unit not in ("cm", "mm"):
        return None
    return RawValue(measure, value, unit, tok.start, stop, m.term.structure), k


def _number_between(tokens: list[Token], a: Match, b: Match) -> bool:
    return any(_is_number(tokens[k]) for k in range(a.last, b.first))


def _slash_between(text: str, a: Match, b: Match) -> bool:
    return text[a.end : b.start].strip() == "/"


def _next_stop(matches: list[Match], j: int, tokens: list[Token]) -> int:
    """Token index where a name's value can no longer be: the next name or clause end."""
    for k in range(j, len(matches)):
        kind = matches[k].term.kind
        if kind == MEAS or (kind == BARRIER and matches[k].key == ";"):
            return matches[k].first
    return len(tokens)


def _read_run(
    text: str, tokens: list[Token], numbers: list[int], count: int, end: int
) -> list[tuple[float, str, int, int, int]]:
    out: list[tuple[float, str, int, int, int]] = []
    k = 0
    while k < len(numbers) and len(out) < count:
        tok = tokens[numbers[k]]
        value, unit, stop = _read_number(text, tok, end)
        out.append((value, unit, tok.start, stop, numbers[k]))
        # Skip the upper end of a range we just read.
        k += 1
        while k < len(numbers) and tokens[numbers[k]].start < stop:
            k += 1
    # "7 and 8 mm", "1.2/1.1 cm": a unit written once covers the run.
    last_unit = next((u for _, u, _, _, _ in reversed(out) if u), "")
    return [(v, u or last_unit, s, e, n) for v, u, s, e, n in out]


# Structures that own velocities and gradients; the LVOT owns its own (graded by none).
_VALVE_LIKE = frozenset({c.AV, c.MV, c.TV, c.PV, c.LVOT, c.PROSTHESIS, *c.VALVE_OF_PROSTHESIS})


def _nearest_structure(matches: list[Match], index: int, heading: str | None) -> str | None:
    def struct_of(m: Match) -> str | None:
        if m.term.kind in (STRUCT, ATTR, MEAS) and m.term.structure in _VALVE_LIKE:
            return m.term.structure
        return None

    for k in range(index - 1, -1, -1):
        s = struct_of(matches[k])
        if s:
            return s
    for k in range(index + 1, len(matches)):
        s = struct_of(matches[k])
        if s:
            return s
    return heading if heading in _VALVE_LIKE else None


def unnamed_values(
    text: str,
    tokens: list[Token],
    claimed_spans: list[tuple[int, int]],
    categories: set[str],
    names_ivc: bool,
    end: int,
) -> list[RawValue]:
    """Numbers with no name, owned by what the sentence talks about ("a 1.2 cm pericardial
    effusion", "IVC 1.8 cm"): lengths need exactly one sized structure."""
    owners = {_LENGTH_OWNER[cat] for cat in categories if cat in _LENGTH_OWNER}
    if names_ivc:
        owners = {"ivc_diameter"}
    length_owner = owners.pop() if len(owners) == 1 else None
    # An indexed volume names its measure once the sentence names the LA:
    # "LA: dilated, 52 ml/m2". (A bare % could be strain or collapse, so it never does.)
    by_unit = {"ml/m2": "lavi" if "la_cavity" in categories else None}
    claimed = {s for s, _ in claimed_spans}
    out = []
    for tok in tokens:
        if not _is_number(tok) or tok.start in claimed:
            continue
        value, unit, stop = _read_number(text, tok, end)
        measure = length_owner if unit in ("cm", "mm") else by_unit.get(unit)
        if measure is not None:
            out.append(RawValue(measure, value, unit, tok.start, stop, None))
    return out


def _alternatives(phrases: tuple[str, ...]) -> str:
    """A regex alternation of phrases whose words may be split by spaces or hyphens."""
    return "|".join(r"[\s-]+".join(map(re.escape, p.split())) for p in phrases)


# IVC collapse, as reports word it (the words: phrases.IVC_*). Bounded gaps only: no
# nested repetition.
_NOUNS = _alternatives(IVC_COLLAPSE_NOUNS)
_VERBS = _alternatives(IVC_COLLAPSE_VERBS)
_OVER_HALF = r">\s*50|greater than 50|more than 50"
_UNDER_HALF = r"<\s*50|less than 50"
_COLLAPSE_OK = re.compile(
    rf"collaps\w*\s+(?:{_alternatives(IVC_COLLAPSES_WELL)})|"
    rf"(?:normal|(?:{_OVER_HALF})\s*%?)\s+(?:\w+\s+){{0,2}}?(?:{_NOUNS})|"
    rf"(?:{_VERBS})\s+(?:of\s+)?(?:{_OVER_HALF})|collapses\s+with\s+(?:inspiration|sniff)",
    re.IGNORECASE,
)
_COLLAPSE_POOR = re.compile(
    rf"(?:(?:{_UNDER_HALF})\s*%?|{_alternatives(IVC_POOR_COLLAPSE)})\s+(?:\w+\s+){{0,2}}?"
    rf"(?:{_NOUNS})|"
    rf"(?:{_VERBS})\s+(?:of\s+)?(?:{_UNDER_HALF})|"
    rf"(?:{_alternatives(IVC_FAILS_TO_COLLAPSE)})\s+collapse|plethoric",
    re.IGNORECASE,
)
# A collapse percentage, with the comparison written before it: ">50% collapse",
# "collapses more than 50%", "collapsibility index 60%". The comparison matters: without
# it, ">50% collapse" reads as exactly 50%, which is not more than half.
_COMPARE = r"(?:[<>]=?|\b(?:(?:greater|more|less|fewer)\s+than|over|under|above|below|at\s+least))"
_PERCENT = r"(?P<{n}>\d{{1,3}}(?:\.\d+)?)\s*%"
_COLLAPSE_PERCENT = re.compile(
    rf"(?P<cmp1>{_COMPARE})?\s*{_PERCENT.format(n='n1')}\s+(?:\w+\s+){{0,2}}?"
    r"(?:collapse|collapsibility|variation)|"
    r"(?:collapse|collapsibility|variation)\w*\s+(?:index\s+)?(?:of\s+|by\s+|was\s+|is\s+)?"
    rf"(?P<cmp2>{_COMPARE})?\s*{_PERCENT.format(n='n2')}",
    re.IGNORECASE,
)
_UPPER_BOUND = ("<", "less", "fewer", "under", "below")  # how "at most" begins


def _collapse_from_percent(compare: str | None, percent: float) -> bool | None:
    """Collapses more than half? None when a bound leaves it open (">30%")."""
    if not compare:
        return percent > 50
    if compare.lower().startswith(_UPPER_BOUND):
        return False if percent <= 50 else None
    return True if percent >= 50 else None


_IVC_BIG = re.compile(_alternatives(IVC_DILATED), re.IGNORECASE)
_IVC_SMALL = re.compile(_alternatives(IVC_NOT_DILATED), re.IGNORECASE)


def _percent_collapse(sentence: str) -> bool | None:
    pct = _COLLAPSE_PERCENT.search(sentence)
    if pct is None:
        return None
    if pct.group("n1"):
        return _collapse_from_percent(pct.group("cmp1"), float(pct.group("n1")))
    return _collapse_from_percent(pct.group("cmp2"), float(pct.group("n2")))


def ivc_words(sentence: str) -> tuple[bool | None, bool | None]:
    """(IVC dilated?, collapses >50%?) from an IVC sentence's words; None when not said."""
    collapses = _percent_collapse(sentence)
    if collapses is None and _COLLAPSE_POOR.search(sentence):
        collapses = False
    elif collapses is None and _COLLAPSE_OK.search(sentence):
        collapses = True
    big: bool | None = None
    if _IVC_SMALL.search(sentence):
        big = False
    elif _IVC_BIG.search(sentence):
        big = True
    return big, collapses


def normalise(measure: str, value: float, unit: str) -> float | None:
    """The value in the measure's canonical unit, or None when it cannot be that measure."""
    spec = SPECS.get(measure)
    if spec is None:
        return None
    v = _convert(spec.unit, value, unit, spec)
    if v is None or not (spec.low <= v <= spec.high):
        return None
    return round(v, 3)


_LENGTH_TO_CM = {"cm": 1.0, "mm": 0.1, "m": 100.0, "in": 2.54}
_LB_TO_KG = 0.45359237
# For each target unit, the units a value may be written in, as (multiply, divide): the
# value times the first, over the second. A unitless value ("") is taken as written unless
# `_convert` reads it first (lengths and velocities, where the size of the number tells).
_UNITS: dict[str, dict[str, tuple[float, float]]] = {
    "m/s": {
        "m/s": (1, 1),
        "m/sec": (1, 1),
        "cm/s": (1, 100),
        "cm/sec": (1, 100),
        "mm/s": (1, 1000),
    },
    "cm/s": {"cm/s": (1, 1), "cm/sec": (1, 1), "m/s": (100, 1), "m/sec": (100, 1)},
    "cm2": {"cm2": (1, 1), "sqcm": (1, 1), "": (1, 1), "mm2": (1, 100)},
    "mL/m2": {"ml/m2": (1, 1), "mls/m2": (1, 1), "": (1, 1)},
    "g/m2": {"g/m2": (1, 1), "": (1, 1)},
    "g": {"g": (1, 1), "": (1, 1)},
    "cm2/m2": {"cm2/m2": (1, 1), "cm2": (1, 1), "": (1, 1)},
    "mL": {"ml": (1, 1), "mls": (1, 1), "": (1, 1)},
    "mmHg": {"mmhg": (1, 1), "": (1, 1)},
    "%": {"%": (1, 1), "": (1, 1)},
    "ms": {"ms": (1, 1), "msec": (1, 1), "": (1, 1)},
    "m2": {"m2": (1, 1), "": (1, 1)},
    "kg": {"kg": (1, 1), "": (1, 1), "lb": (_LB_TO_KG, 1), "lbs": (_LB_TO_KG, 1)},
    "": {"": (1, 1)},
}


def _convert(target: str, value: float, unit: str, spec: Spec) -> float | None:
    if target in ("cm", "mm"):
        if unit == "":
            # Unitless lengths: a wall of "9" is mm, a diameter of "4.5" is cm.
            if target == "cm":
                return value if value <= spec.high else value / 10
            return value * 10 if value < 5 else value
        factor = _LENGTH_TO_CM.get(unit)
        if factor is None:
            return None
        return value * factor if target == "cm" else value * factor * 10
    if unit == "" and target == "m/s":
        return value / 100 if value > spec.high else value
    if unit == "" and target == "cm/s":
        return value * 100 if value < 2 else value
    mul, div = _UNITS.get(target, {}).get(unit, (0, 0))
    if not div:
        return None
    return value * mul / div
