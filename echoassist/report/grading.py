"""Guideline grading of measurements, and the values guidelines derive from others
(BSA, LAVI, RA pressure from the IVC, PASP from the TR jet, diastolic function)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from echoassist.report import guidelines as g
from echoassist.report.measurements import SPECS, RawValue, normalise
from echoassist.report.model import ABNORMAL, MILD, MODERATE, NORMAL, SEVERE, Measurement, rank
from echoassist.report.patient import mosteller_bsa

# Measures with no grading table, and the category a reader files them under.
UNGRADED_CATEGORY = {
    "lvids": ("lv_cavity", None),
    "la_diameter": ("la_cavity", "no guideline grade for LA diameter; LAVI is graded"),
    "la_volume": ("la_cavity", "graded once indexed to BSA"),
    "lv_mass": ("lv_wall", "graded once indexed to BSA"),
    "ra_size": ("ra_cavity", None),
    "trv": ("pulmonary_hypertension", "PASP needs an RA pressure"),
    "rv_ra_gradient": ("pulmonary_hypertension", "PASP needs an RA pressure"),
    "ivc_diameter": ("ra_pressure", None),
    "e_over_e_prime": ("lv_diastolic", None),
    "septal_e_prime": ("lv_diastolic", None),
    "lateral_e_prime": ("lv_diastolic", None),
    "e_over_a": ("lv_diastolic", None),
    "e_wave": ("lv_diastolic", None),
    "rwt": ("lv_wall", None),
}
STRUCTURE_CATEGORY = {
    ("peak_gradient", "av"): "av_stenosis",
    ("peak_gradient", "mv"): "mv_stenosis",
    ("pht", "mv"): "mv_stenosis",
    ("mean_gradient", "tv"): "tv_stenosis",
    ("regurgitant_fraction", "mv"): "mv_regurgitation",
    ("regurgitant_fraction", "av"): "av_regurgitation",
}

# Which measurement decides a category's measured grade when several are given
# (ASE/EACVI 2017: peak velocity first for aortic stenosis; EAE/ASE 2009: valve area
# for mitral stenosis). Categories not listed take the most severe.
PRECEDENCE = {
    "av_stenosis": ("vmax", "mean_gradient", "ava", "ava_index", "dvi"),
    "mv_stenosis": ("mva", "mean_gradient"),
}


@dataclass
class Graded:
    measurements: list[Measurement] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    bsa: float | None = None
    values: dict[str, float] = field(default_factory=dict)  # first value of each measure


def grade_values(
    text: str,
    raw: list[RawValue],
    sex: str | None,
    ivc_words: tuple[bool | None, bool | None],
    graded_for: Callable[[str | None], str | None] = lambda structure: structure,
) -> Graded:
    """Grade every value read; add BSA, LAVI, RAP and PASP where the report implies them.
    `ivc_words` is (IVC called dilated?, IVC collapses >50%?) from the report's wording;
    `graded_for` gives the structure a value is graded for (a valve's prosthesis)."""
    out = Graded()
    values = out.values
    for r in raw:
        if r.structure is not None:
            r = replace(r, structure=graded_for(r.structure))
        if r.measure in _INDEX_BY_UNIT and r.unit in _INDEX_BY_UNIT[r.measure][1]:
            # "LA volume indexed to BSA is 46 mL/m2": the unit says it is the index.
            r = replace(r, measure=_INDEX_BY_UNIT[r.measure][0])
        v = normalise(r.measure, r.value, r.unit)
        src = text[r.start : r.end]
        if v is None:
            out.unreadable.append(src)
            continue
        values.setdefault(r.measure, v)
        out.measurements.append(_grade(r.measure, v, r.structure, sex, r.start, r.end, src))
    out.bsa = values.get("bsa")
    if out.bsa is None and "height" in values and "weight" in values:
        out.bsa = mosteller_bsa(values["height"], values["weight"])
        out.measurements.append(
            Measurement("BSA", out.bsa, "m2", rule="Mosteller: sqrt(height x weight / 3600)")
        )
    for measure, (index, _) in _INDEX_BY_UNIT.items():
        if index not in values and measure in values and out.bsa:
            value = round(values[measure] / out.bsa, 2 if index != "lavi" else 1)
            values[index] = value
            m = _grade(index, value, None, sex, None, None, None)
            name = SPECS[measure].name
            out.measurements.append(_with_rule_prefix(m, f"{name} / BSA = {value:g}; "))
    rap = values.get("rap")
    if rap is None:
        estimate = rap_from_ivc(values.get("ivc_diameter"), *ivc_words)
        if estimate is not None:
            rap, why = estimate
            values["rap"] = rap
            m = _grade("rap", rap, None, sex, None, None, None)
            out.measurements.append(_with_rule_prefix(m, why + "; "))
    if "pasp" not in values and rap is not None:
        pasp = None
        if "trv" in values:
            pasp = round(4 * values["trv"] ** 2 + rap, 1)
            how = f"4 x TRV^2 + RAP = 4 x {values['trv']}^2 + {rap:g}"
        elif "rv_ra_gradient" in values:
            pasp = round(values["rv_ra_gradient"] + rap, 1)
            how = f"RV-RA gradient + RAP = {values['rv_ra_gradient']:g} + {rap:g}"
        if pasp is not None:
            values["pasp"] = pasp
            m = _grade("pasp", pasp, None, sex, None, None, None)
            out.measurements.append(_with_rule_prefix(m, f"{how}; "))
    return out


# Measures that are indexed to BSA: the index's name, and the units that say a value is
# already the index. Each is worked out from the measure and BSA when not given.
_INDEX_BY_UNIT = {
    "la_volume": ("lavi", ("ml/m2", "mls/m2")),
    "lv_mass": ("lv_mass_index", ("g/m2",)),
    "ava": ("ava_index", ("cm2/m2",)),
    "aortic_root": ("aortic_root_index", ("cm/m2",)),
    "ascending_aorta": ("ascending_aorta_index", ("cm/m2",)),
}


def _with_rule_prefix(m: Measurement, prefix: str) -> Measurement:
    return replace(m, rule=prefix + (m.rule or ""))


def _grade(
    measure: str,
    value: float,
    structure: str | None,
    sex: str | None,
    start: int | None,
    end: int | None,
    src: str | None,
) -> Measurement:
    spec = SPECS[measure]
    table_key = "wall" if measure in g.WALL_MEASURES else measure
    tables = g.tables_for(table_key, structure)
    if not tables:
        category, why = UNGRADED_CATEGORY.get(measure, (None, None))
        category = STRUCTURE_CATEGORY.get((measure, structure or ""), category)
        return Measurement(
            spec.name, value, spec.unit, category, None, why, start, end, src, key=measure
        )
    by_sex = {t.sex: t for t in tables}
    if None in by_sex or sex in by_sex:
        table = by_sex.get(sex) or by_sex[None]
        band = table.band_for(value)
        return Measurement(
            spec.name,
            value,
            spec.unit,
            table.category,
            band.grade,
            table.rule(band),
            start,
            end,
            src,
            key=measure,
        )
    men, women = by_sex["m"], by_sex["f"]
    bm, bw = men.band_for(value), women.band_for(value)
    if bm.grade == bw.grade:
        return Measurement(
            spec.name,
            value,
            spec.unit,
            men.category,
            bm.grade,
            f"{men.label} {bm.text} (men) / {bw.text} (women) = {bm.grade} [{men.guideline}]",
            start,
            end,
            src,
            key=measure,
        )
    # Sex unknown and the grade differs: show the more severe, flagged, with both rules.
    worse = bm if rank(bm.grade) >= rank(bw.grade) else bw
    rule = (
        f"sex not stated: {men.label} = {bm.grade} in men ({bm.text}), {bw.grade} in women "
        f"({bw.text}) [{men.guideline}]"
    )
    return Measurement(
        spec.name,
        value,
        spec.unit,
        men.category,
        worse.grade,
        rule,
        start,
        end,
        src,
        sex_dependent=True,
        key=measure,
    )


def rap_from_ivc(
    diameter_cm: float | None, dilated: bool | None, collapses: bool | None
) -> tuple[float, str] | None:
    """RA pressure from IVC size (measured, or worded as dilated / not) and collapse
    (ASE 2010 right heart): 3 when normal size and >50% collapse, 15 when both abnormal,
    8 otherwise."""
    if diameter_cm is not None:
        dilated = diameter_cm > g.IVC_NORMAL_MAX_CM
        size_text = f"IVC {diameter_cm:g} cm"
    else:
        size_text = {True: "IVC dilated", False: "IVC not dilated", None: "IVC size not stated"}[
            dilated
        ]
    if dilated is None and collapses is None:
        return None
    collapse_text = {True: "collapse >50%", False: "collapse <50%", None: "collapse not stated"}[
        collapses
    ]
    if dilated is False and collapses:
        rap = g.RAP_NORMAL
    elif dilated and collapses is False:
        rap = g.RAP_HIGH
    else:
        rap = g.RAP_INTERMEDIATE
    return rap, f"RAP {rap:g} mmHg from {size_text}, {collapse_text} [{g.RIGHT_HEART_2010}]"


def ph_probability(
    values: dict[str, float], septal_flattening: bool, ivc_plethoric: bool
) -> dict[str, object] | None:
    """ESC/ERS 2022 echocardiographic probability of PH from the TR peak velocity and the
    other signs the report gives: septal flattening and TAPSE/sPAP < 0.55 mm/mmHg
    (category A), a dilated IVC with reduced collapse (C). Category B signs (PA, RVOT
    Doppler) are not read, so they can only be missing, never assumed."""
    trv = values.get("trv")
    if trv is None:
        return None
    signs: dict[str, list[str]] = {}
    if septal_flattening:
        signs.setdefault("A", []).append("flattening of the interventricular septum")
    if "tapse" in values and values.get("pasp"):
        ratio = values["tapse"] / values["pasp"]
        if ratio < g.PH_TAPSE_SPAP_MIN:
            signs.setdefault("A", []).append(f"TAPSE/sPAP {ratio:.2f} < 0.55 mm/mmHg")
    if ivc_plethoric:
        signs.setdefault("C", []).append("IVC > 2.1 cm with reduced inspiratory collapse")
    other = len(signs) >= g.PH_SIGN_CATEGORIES_NEEDED
    if trv <= g.PH_TRV_LOW_MAX:
        band, level = "<=2.8 m/s", "intermediate" if other else "low"
    elif trv <= g.PH_TRV_HIGH_ABOVE:
        band, level = "2.9-3.4 m/s", "high" if other else "intermediate"
    else:
        band, level = ">3.4 m/s", "high"
    found = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(signs.items())) or "none read"
    rule = (
        f"TR peak velocity {trv:g} m/s ({band}); other PH signs in {len(signs)} of 3 "
        f"categories ({found}) -> {level} probability [{g.PULMONARY_HYPERTENSION_2022}]"
    )
    return {"level": level, "trv": trv, "signs": signs, "rule": rule}


def diastolic_grade(values: dict[str, float], ef_normal: bool | None) -> Measurement | None:
    """ASE/EACVI 2016 algorithm: dysfunction from four criteria, then grade from E/A."""
    lim = g.DIASTOLIC_LIMITS
    checks: list[tuple[str, bool]] = []
    if "e_over_e_prime" in values:
        checks.append(
            (
                f"E/e' {values['e_over_e_prime']:g} > 14",
                values["e_over_e_prime"] > lim["e_over_e_prime"],
            )
        )
    if "septal_e_prime" in values or "lateral_e_prime" in values:
        low = (
            values.get("septal_e_prime", 99) < lim["septal_e_prime"]
            or values.get("lateral_e_prime", 99) < lim["lateral_e_prime"]
        )
        checks.append(("septal e' < 7 or lateral e' < 10 cm/s", low))
    if "trv" in values:
        checks.append((f"TRV {values['trv']:g} > 2.8 m/s", values["trv"] > lim["trv"]))
    if "lavi" in values:
        checks.append((f"LAVI {values['lavi']:g} > 34 mL/m2", values["lavi"] > lim["lavi"]))
    positive = sum(ok for _, ok in checks)
    named = "; ".join(f"{name}: {'yes' if ok else 'no'}" for name, ok in checks)
    dysfunction: bool | None
    if ef_normal is False:
        # Reduced EF: dysfunction is given; the filling pattern grades it.
        grade = _filling_grade(values)
        if grade is None:
            return None
        return Measurement(
            "Diastolic grade (reduced EF)",
            values["e_over_a"],
            "E/A",
            "lv_diastolic",
            grade,
            f"reduced LVEF, E/A {values['e_over_a']:g} -> {_grade_words(grade)} "
            f"[{g.DIASTOLIC_2016}]",
        )
    if len(checks) >= 3:
        if positive * 2 > len(checks):
            dysfunction = True
        elif positive * 2 == len(checks):
            return None  # indeterminate by the guideline: no grade
        else:
            dysfunction = False
    else:
        return None
    if not dysfunction:
        return Measurement(
            "Diastolic criteria positive",
            positive,
            f"of {len(checks)}",
            "lv_diastolic",
            NORMAL,
            f"{named} -> normal [{g.DIASTOLIC_2016}]",
        )
    grade = _filling_grade(values)
    return Measurement(
        "Diastolic criteria positive",
        positive,
        f"of {len(checks)}",
        "lv_diastolic",
        grade or ABNORMAL,
        f"{named} -> dysfunction, {_grade_words(grade)} [{g.DIASTOLIC_2016}]",
    )


def _filling_grade(values: dict[str, float]) -> str | None:
    ea = values.get("e_over_a")
    e = values.get("e_wave")
    if ea is None:
        return None
    if ea >= 2:
        return SEVERE
    if ea <= 0.8 and e is not None and e <= 50:
        return MILD
    crit = []
    if "e_over_e_prime" in values:
        crit.append(values["e_over_e_prime"] > 14)
    if "trv" in values:
        crit.append(values["trv"] > 2.8)
    if "lavi" in values:
        crit.append(values["lavi"] > 34)
    if len(crit) < 2:
        return None
    if sum(crit) * 2 > len(crit):
        return MODERATE
    if sum(crit) * 2 < len(crit):
        return MILD
    return None


def _grade_words(grade: str | None) -> str:
    return {MILD: "grade I", MODERATE: "grade II", SEVERE: "grade III"}.get(
        grade or "", "grade not determinable"
    )
