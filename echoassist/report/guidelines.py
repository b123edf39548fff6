"""Guideline threshold tables as data: each names its guideline and version.

A table grades one measure (on one structure, for one sex where the limits differ) by
bands listed from the lowest value up: `lowest(...)` covers everything below the next
band, `at_least(x, ...)` starts at x, and `above(x, ...)` just above x (x itself belongs
to the band below). A value takes the highest band it reaches. Sources: DESIGN.md's
grading table (ASE/EACVI, adult) and the guideline named above each group of tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from echoassist.report import categories as c
from echoassist.report.model import ABNORMAL, MILD, MODERATE, NORMAL, SEVERE

CHAMBERS_2015 = "ASE/EACVI 2015 chamber quantification"
DIASTOLIC_2016 = "ASE/EACVI 2016 diastolic function"
REGURGITATION_2017 = "ASE 2017 valvular regurgitation"
AORTIC_STENOSIS_2017 = "ASE/EACVI 2017 aortic stenosis"
VALVE_STENOSIS_2009 = "EAE/ASE 2009 valve stenosis"
RIGHT_HEART_2010 = "ASE 2010 right heart"
PERICARDIAL_2013 = "ASE 2013 pericardial disease"
PROSTHETIC_2009 = "ASE 2009 prosthetic valves"
PULMONARY_HYPERTENSION_2022 = "ESC/ERS 2022 pulmonary hypertension"
GUIDELINES = (
    CHAMBERS_2015,
    DIASTOLIC_2016,
    REGURGITATION_2017,
    AORTIC_STENOSIS_2017,
    VALVE_STENOSIS_2009,
    RIGHT_HEART_2010,
    PERICARDIAL_2013,
    PROSTHETIC_2009,
    PULMONARY_HYPERTENSION_2022,
)


@dataclass(frozen=True)
class Band:
    grade: str
    low: float | None  # None: no lower bound
    text: str  # the range as a reader would write it
    strict: bool = False  # the bound itself belongs to the band below


def lowest(grade: str, text: str) -> Band:
    """The first band: every value below the next band's bound."""
    return Band(grade, None, text)


def at_least(bound: float, grade: str, text: str) -> Band:
    """Values from `bound` up."""
    return Band(grade, bound, text)


def above(bound: float, grade: str, text: str) -> Band:
    """Values above `bound`; `bound` itself belongs to the band below."""
    return Band(grade, bound, text, strict=True)


@dataclass(frozen=True, kw_only=True)
class Table:
    measure: str  # measurements.SPECS name ("wall": the thicker of IVSd and LVPWd)
    category: str
    label: str  # the measure as the rule text names it
    unit: str
    guideline: str
    bands: tuple[Band, ...]
    sex: str | None = None  # "m" or "f" when the limits differ by sex
    structure: str | None = None  # the structure the measure must belong to; None: any

    def band_for(self, value: float) -> Band:
        chosen = self.bands[0]
        for band in self.bands:
            if band.low is None or value > band.low or (value == band.low and not band.strict):
                chosen = band
        return chosen

    def rule(self, band: Band) -> str:
        who = {"m": " in men", "f": " in women"}.get(self.sex or "", "")
        return f"{self.label} {band.text}{who} = {band.grade} [{self.guideline}]"


TABLES: tuple[Table, ...] = (
    # --- ASE/EACVI 2015 chamber quantification (DESIGN.md grading table) -------------
    Table(
        measure="ef",
        category="lv_systolic",
        label="LVEF",
        unit="%",
        sex="m",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(SEVERE, "<30 %"),
            at_least(30, MODERATE, "30-40 %"),
            above(40, MILD, "41-51 %"),
            at_least(52, NORMAL, "52-72 %"),
            above(72, ABNORMAL, ">72 % (hyperdynamic)"),
        ),
    ),
    Table(
        measure="ef",
        category="lv_systolic",
        label="LVEF",
        unit="%",
        sex="f",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(SEVERE, "<30 %"),
            at_least(30, MODERATE, "30-40 %"),
            above(40, MILD, "41-53 %"),
            at_least(54, NORMAL, "54-74 %"),
            above(74, ABNORMAL, ">74 % (hyperdynamic)"),
        ),
    ),
    Table(
        measure="lvidd",
        category="lv_cavity",
        label="LV end-diastolic diameter",
        unit="cm",
        sex="m",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(NORMAL, "<=5.8 cm"),
            above(5.8, MILD, "5.9-6.3 cm"),
            above(6.3, MODERATE, "6.4-6.8 cm"),
            above(6.8, SEVERE, ">6.8 cm"),
        ),
    ),
    Table(
        measure="lvidd",
        category="lv_cavity",
        label="LV end-diastolic diameter",
        unit="cm",
        sex="f",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(NORMAL, "<=5.2 cm"),
            above(5.2, MILD, "5.3-5.6 cm"),
            above(5.6, MODERATE, "5.7-6.1 cm"),
            above(6.1, SEVERE, ">6.1 cm"),
        ),
    ),
    Table(
        measure="wall",
        category="lv_wall",
        label="LV wall thickness",
        unit="cm",
        sex="m",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(NORMAL, "<=1.0 cm"),
            above(1.0, MILD, "1.1-1.3 cm"),
            above(1.3, MODERATE, "1.4-1.6 cm"),
            above(1.6, SEVERE, ">=1.7 cm"),
        ),
    ),
    Table(
        measure="wall",
        category="lv_wall",
        label="LV wall thickness",
        unit="cm",
        sex="f",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(NORMAL, "<=0.9 cm"),
            above(0.9, MILD, "1.0-1.2 cm"),
            above(1.2, MODERATE, "1.3-1.5 cm"),
            above(1.5, SEVERE, ">=1.6 cm"),
        ),
    ),
    Table(
        measure="lavi",
        category="la_cavity",
        label="LA volume index",
        unit="mL/m2",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(NORMAL, "<=34 mL/m2"),
            above(34, MILD, "35-41 mL/m2"),
            above(41, MODERATE, "42-48 mL/m2"),
            above(48, SEVERE, ">48 mL/m2"),
        ),
    ),
    # LV mass index, linear method (ASE/EACVI 2015, Table 6), by sex.
    Table(
        measure="lv_mass_index",
        category="lv_wall",
        label="LV mass index",
        unit="g/m2",
        sex="m",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(NORMAL, "<=115 g/m2"),
            above(115, MILD, "116-131 g/m2"),
            above(131, MODERATE, "132-148 g/m2"),
            above(148, SEVERE, ">=149 g/m2"),
        ),
    ),
    Table(
        measure="lv_mass_index",
        category="lv_wall",
        label="LV mass index",
        unit="g/m2",
        sex="f",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(NORMAL, "<=95 g/m2"),
            above(95, MILD, "96-108 g/m2"),
            above(108, MODERATE, "109-121 g/m2"),
            above(121, SEVERE, ">=122 g/m2"),
        ),
    ),
    # Aortic root (sinuses of Valsalva) and proximal ascending aorta (ASE/EACVI 2015,
    # Table 13): dilated above the mean + 2 SD, absolute and indexed to BSA, by sex. The
    # guideline names no grades of dilatation: abnormal, with the limit crossed.
    *(
        Table(
            measure=measure,
            category=category,
            label=label,
            unit=unit,
            sex=sex,
            guideline=CHAMBERS_2015,
            bands=(
                lowest(NORMAL, f"<={limit:g} {unit}"),
                above(limit, ABNORMAL, f">{limit:g} {unit} (dilated; no grade)"),
            ),
        )
        for measure, category, label, unit, sex, limit in (
            ("aortic_root", "aortic_root", "Aortic root (sinuses)", "cm", "m", 4.0),
            ("aortic_root", "aortic_root", "Aortic root (sinuses)", "cm", "f", 3.6),
            ("aortic_root_index", "aortic_root", "Aortic root index", "cm/m2", "m", 2.1),
            ("aortic_root_index", "aortic_root", "Aortic root index", "cm/m2", "f", 2.2),
            ("ascending_aorta", "ascending_aorta", "Ascending aorta", "cm", "m", 3.8),
            ("ascending_aorta", "ascending_aorta", "Ascending aorta", "cm", "f", 3.5),
            (
                "ascending_aorta_index",
                "ascending_aorta",
                "Ascending aorta index",
                "cm/m2",
                "m",
                1.9,
            ),
            (
                "ascending_aorta_index",
                "ascending_aorta",
                "Ascending aorta index",
                "cm/m2",
                "f",
                2.2,
            ),
        )
    ),
    # The right ventricle has limits, not grades: abnormal, with the limit crossed.
    Table(
        measure="rv_basal",
        category="rv_cavity",
        label="RV basal diameter",
        unit="cm",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(NORMAL, "<=4.1 cm"),
            above(4.1, ABNORMAL, ">4.1 cm (dilated; no grade)"),
        ),
    ),
    Table(
        measure="tapse",
        category="rv_systolic",
        label="TAPSE",
        unit="mm",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(ABNORMAL, "<17 mm (reduced; no grade)"),
            at_least(17, NORMAL, ">=17 mm"),
        ),
    ),
    Table(
        measure="rv_fac",
        category="rv_systolic",
        label="RV FAC",
        unit="%",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(ABNORMAL, "<35 % (reduced; no grade)"),
            at_least(35, NORMAL, ">=35 %"),
        ),
    ),
    Table(
        measure="rv_s_prime",
        category="rv_systolic",
        label="RV S'",
        unit="cm/s",
        guideline=CHAMBERS_2015,
        bands=(
            lowest(ABNORMAL, "<9.5 cm/s (reduced; no grade)"),
            at_least(9.5, NORMAL, ">=9.5 cm/s"),
        ),
    ),
    # --- ASE/EACVI 2017 aortic stenosis ----------------------------------------------
    Table(
        measure="vmax",
        structure=c.AV,
        category="av_stenosis",
        label="AV peak velocity",
        unit="m/s",
        guideline=AORTIC_STENOSIS_2017,
        bands=(
            lowest(NORMAL, "<2.6 m/s"),
            at_least(2.6, MILD, "2.6-2.9 m/s"),
            at_least(3.0, MODERATE, "3.0-3.9 m/s"),
            at_least(4.0, SEVERE, ">=4.0 m/s"),
        ),
    ),
    Table(
        measure="mean_gradient",
        structure=c.AV,
        category="av_stenosis",
        label="AV mean gradient",
        unit="mmHg",
        guideline=AORTIC_STENOSIS_2017,
        bands=(
            lowest(MILD, "<20 mmHg (normal or mild)"),
            at_least(20, MODERATE, "20-39 mmHg"),
            at_least(40, SEVERE, ">=40 mmHg"),
        ),
    ),
    Table(
        measure="ava",
        structure=c.AV,
        category="av_stenosis",
        label="AVA",
        unit="cm2",
        guideline=AORTIC_STENOSIS_2017,
        bands=(
            lowest(SEVERE, "<1.0 cm2"),
            at_least(1.0, MODERATE, "1.0-1.5 cm2"),
            above(1.5, MILD, ">1.5 cm2"),
        ),
    ),
    # Indexed AVA needs BSA; it is read as written or worked out from AVA / BSA.
    Table(
        measure="ava_index",
        category="av_stenosis",
        label="Indexed AVA",
        unit="cm2/m2",
        guideline=AORTIC_STENOSIS_2017,
        bands=(
            lowest(SEVERE, "<0.6 cm2/m2"),
            at_least(0.6, MODERATE, "0.60-0.85 cm2/m2"),
            above(0.85, MILD, ">0.85 cm2/m2"),
        ),
    ),
    Table(
        measure="dvi",
        structure=c.AV,
        category="av_stenosis",
        label="Velocity ratio (LVOT/AV)",
        unit="",
        guideline=AORTIC_STENOSIS_2017,
        bands=(
            lowest(SEVERE, "<0.25"),
            at_least(0.25, MODERATE, "0.25-0.50"),
            above(0.50, MILD, ">0.50"),
        ),
    ),
    # --- EAE/ASE 2009 valve stenosis ----------------------------------------------------
    Table(
        measure="mva",
        structure=c.MV,
        category="mv_stenosis",
        label="MVA",
        unit="cm2",
        guideline=VALVE_STENOSIS_2009,
        bands=(
            lowest(SEVERE, "<1.0 cm2"),
            at_least(1.0, MODERATE, "1.0-1.5 cm2"),
            above(1.5, MILD, ">1.5 cm2"),
        ),
    ),
    Table(
        measure="mean_gradient",
        structure=c.MV,
        category="mv_stenosis",
        label="MV mean gradient",
        unit="mmHg",
        guideline=VALVE_STENOSIS_2009,
        bands=(
            lowest(MILD, "<5 mmHg"),
            at_least(5, MODERATE, "5-10 mmHg"),
            above(10, SEVERE, ">10 mmHg"),
        ),
    ),
    # --- ASE 2017 valvular regurgitation -------------------------------------------------
    Table(
        measure="eroa",
        structure=c.MV,
        category="mv_regurgitation",
        label="MR EROA",
        unit="cm2",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(MILD, "<0.20 cm2"),
            at_least(0.20, MODERATE, "0.20-0.39 cm2"),
            at_least(0.40, SEVERE, ">=0.40 cm2"),
        ),
    ),
    Table(
        measure="regurgitant_volume",
        structure=c.MV,
        category="mv_regurgitation",
        label="MR regurgitant volume",
        unit="mL",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(MILD, "<30 mL"),
            at_least(30, MODERATE, "30-59 mL"),
            at_least(60, SEVERE, ">=60 mL"),
        ),
    ),
    Table(
        measure="vena_contracta",
        structure=c.MV,
        category="mv_regurgitation",
        label="MR vena contracta",
        unit="cm",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(MILD, "<0.3 cm"),
            at_least(0.3, MODERATE, "0.3-0.69 cm"),
            at_least(0.7, SEVERE, ">=0.7 cm"),
        ),
    ),
    Table(
        measure="vena_contracta",
        structure=c.AV,
        category="av_regurgitation",
        label="AR vena contracta",
        unit="cm",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(MILD, "<0.3 cm"),
            at_least(0.3, MODERATE, "0.3-0.6 cm"),
            above(0.6, SEVERE, ">0.6 cm"),
        ),
    ),
    Table(
        measure="pht",
        structure=c.AV,
        category="av_regurgitation",
        label="AR pressure half-time",
        unit="ms",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(SEVERE, "<200 ms"),
            at_least(200, MODERATE, "200-500 ms"),
            above(500, MILD, ">500 ms"),
        ),
    ),
    Table(
        measure="eroa",
        structure=c.AV,
        category="av_regurgitation",
        label="AR EROA",
        unit="cm2",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(MILD, "<0.10 cm2"),
            at_least(0.10, MODERATE, "0.10-0.29 cm2"),
            at_least(0.30, SEVERE, ">=0.30 cm2"),
        ),
    ),
    Table(
        measure="regurgitant_volume",
        structure=c.AV,
        category="av_regurgitation",
        label="AR regurgitant volume",
        unit="mL",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(MILD, "<30 mL"),
            at_least(30, MODERATE, "30-59 mL"),
            at_least(60, SEVERE, ">=60 mL"),
        ),
    ),
    Table(
        measure="vena_contracta",
        structure=c.TV,
        category="tv_regurgitation",
        label="TR vena contracta",
        unit="cm",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(MILD, "<0.3 cm"),
            at_least(0.3, MODERATE, "0.3-0.69 cm"),
            at_least(0.7, SEVERE, ">=0.7 cm"),
        ),
    ),
    Table(
        measure="eroa",
        structure=c.TV,
        category="tv_regurgitation",
        label="TR EROA",
        unit="cm2",
        guideline=REGURGITATION_2017,
        bands=(
            lowest(MILD, "<0.20 cm2"),
            at_least(0.20, MODERATE, "0.20-0.39 cm2"),
            at_least(0.40, SEVERE, ">=0.40 cm2"),
        ),
    ),
    # --- ASE 2010 right heart -------------------------------------------------------------
    Table(
        measure="pasp",
        category="pulmonary_hypertension",
        label="PASP",
        unit="mmHg",
        guideline=RIGHT_HEART_2010,
        bands=(
            lowest(NORMAL, "<=35 mmHg"),
            above(35, MILD, "36-49 mmHg"),
            above(49, MODERATE, "50-69 mmHg"),
            at_least(70, SEVERE, ">=70 mmHg"),
        ),
    ),
    Table(
        measure="rap",
        category="ra_pressure",
        label="RA pressure",
        unit="mmHg",
        guideline=RIGHT_HEART_2010,
        bands=(
            lowest(NORMAL, "0-5 mmHg"),
            above(5, ABNORMAL, ">5 mmHg (intermediate 8 or high 15)"),
        ),
    ),
    # --- ASE 2009 prosthetic valves: stenosis of a prosthesis ----------------------------
    # The guideline names three bands: normal, possible stenosis and significant stenosis.
    # "Possible" is shown as abnormal with no grade; "significant" as severe.
    *(
        Table(
            measure=measure,
            structure=prosthesis,
            category=prosthesis,
            label=label,
            unit=unit,
            guideline=PROSTHETIC_2009,
            bands=bands,
        )
        for measure, prosthesis, label, unit, bands in (
            (
                "vmax",
                c.AV_PROSTHESIS,
                "Aortic prosthesis peak velocity",
                "m/s",
                (
                    lowest(NORMAL, "<3 m/s"),
                    at_least(3.0, ABNORMAL, "3-4 m/s (possible stenosis; no grade)"),
                    above(4.0, SEVERE, ">4 m/s (significant stenosis)"),
                ),
            ),
            (
                "mean_gradient",
                c.AV_PROSTHESIS,
                "Aortic prosthesis mean gradient",
                "mmHg",
                (
                    lowest(NORMAL, "<20 mmHg"),
                    at_least(20, ABNORMAL, "20-35 mmHg (possible stenosis; no grade)"),
                    above(35, SEVERE, ">35 mmHg (significant stenosis)"),
                ),
            ),
            (
                "eoa",
                c.AV_PROSTHESIS,
                "Aortic prosthesis EOA",
                "cm2",
                (
                    lowest(SEVERE, "<0.8 cm2 (significant stenosis)"),
                    at_least(0.8, ABNORMAL, "0.8-1.2 cm2 (possible stenosis; no grade)"),
                    above(1.2, NORMAL, ">1.2 cm2"),
                ),
            ),
            (
                "dvi",
                c.AV_PROSTHESIS,
                "Aortic prosthesis DVI",
                "",
                (
                    lowest(SEVERE, "<0.25 (significant stenosis)"),
                    at_least(0.25, ABNORMAL, "0.25-0.29 (possible stenosis; no grade)"),
                    at_least(0.30, NORMAL, ">=0.30"),
                ),
            ),
            (
                "vmax",
                c.MV_PROSTHESIS,
                "Mitral prosthesis peak E velocity",
                "m/s",
                (
                    lowest(NORMAL, "<1.9 m/s"),
                    at_least(1.9, ABNORMAL, "1.9-2.5 m/s (possible stenosis; no grade)"),
                    at_least(2.5, SEVERE, ">=2.5 m/s (significant stenosis)"),
                ),
            ),
            (
                "mean_gradient",
                c.MV_PROSTHESIS,
                "Mitral prosthesis mean gradient",
                "mmHg",
                (
                    lowest(NORMAL, "<=5 mmHg"),
                    above(5, ABNORMAL, "6-10 mmHg (possible stenosis; no grade)"),
                    above(10, SEVERE, ">10 mmHg (significant stenosis)"),
                ),
            ),
            (
                "eoa",
                c.MV_PROSTHESIS,
                "Mitral prosthesis EOA",
                "cm2",
                (
                    lowest(SEVERE, "<1 cm2 (significant stenosis)"),
                    at_least(1.0, ABNORMAL, "1-2 cm2 (possible stenosis; no grade)"),
                    at_least(2.0, NORMAL, ">=2 cm2"),
                ),
            ),
            (
                "pht",
                c.MV_PROSTHESIS,
                "Mitral prosthesis pressure half-time",
                "ms",
                (
                    lowest(NORMAL, "<130 ms"),
                    at_least(130, ABNORMAL, "130-200 ms (possible stenosis; no grade)"),
                    above(200, SEVERE, ">200 ms (significant stenosis)"),
                ),
            ),
        )
    ),
    # --- ASE 2013 pericardial disease ------------------------------------------------------
    Table(
        measure="effusion_depth",
        category="pericardial_effusion",
        label="Effusion depth",
        unit="cm",
        guideline=PERICARDIAL_2013,
        bands=(
            lowest(NORMAL, "0 cm"),
            above(0, MILD, "<1.0 cm (small)"),
            at_least(1.0, MODERATE, "1.0-2.0 cm (moderate)"),
            above(2.0, SEVERE, ">2.0 cm (large)"),
        ),
    ),
)

_BY_MEASURE: dict[str, list[Table]] = {}
for _table in TABLES:
    _BY_MEASURE.setdefault(_table.measure, []).append(_table)


def tables_for(measure: str, structure: str | None) -> list[Table]:
    """The table(s) for a measure on a structure; two (men, women) when limits differ by sex."""
    return [t for t in _BY_MEASURE.get(measure, ()) if t.structure in (None, structure)]


# Which measure names take the wall table: the thicker of septum and posterior wall.
WALL_MEASURES = frozenset({"ivs", "lvpw"})

# ASE/EACVI 2016 criteria for diastolic dysfunction with normal LVEF.
DIASTOLIC_LIMITS = {
    "e_over_e_prime": 14.0,  # average E/e' > 14
    "septal_e_prime": 7.0,  # cm/s, < 7
    "lateral_e_prime": 10.0,  # cm/s, < 10
    "trv": 2.8,  # m/s, > 2.8
    "lavi": 34.0,  # mL/m2, > 34
}

# Echocardiographic probability of pulmonary hypertension (ESC/ERS 2022): the TR peak
# velocity band, raised one step by "other PH signs" from at least two of three
# categories (A ventricles, B pulmonary artery, C IVC and RA).
PH_TRV_LOW_MAX = 2.8  # m/s: at most this is the low band
PH_TRV_HIGH_ABOVE = 3.4  # m/s: above this, high whatever the other signs
PH_TAPSE_SPAP_MIN = 0.55  # mm/mmHg: below this is a category A sign
PH_SIGN_CATEGORIES_NEEDED = 2

# RA pressure from the IVC (ASE 2010 right heart; DESIGN.md).
IVC_NORMAL_MAX_CM = 2.1
RAP_NORMAL, RAP_INTERMEDIATE, RAP_HIGH = 3.0, 8.0, 15.0
