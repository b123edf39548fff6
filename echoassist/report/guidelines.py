"""Guideline threshold tables as data: each names its guideline and version.

Bands are listed from the lowest value up; a value takes the last band whose lower
bound it reaches. Sources: DESIGN.md's grading table (ASE/EACVI, adult) and the
guideline documents named in each table.
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


@dataclass(frozen=True)
class Band:
    grade: str
    low: float | None  # None: no lower bound
    text: str  # the range as a reader would write it
    strict: bool = False  # the bound itself belongs to the band below


@dataclass(frozen=True)
class Table:
    measure: str
    category: str
    label: str
    unit: str
    guideline: str
    bands: tuple[Band, ...]
    sex: str | None = None  # "m" or "f" when the limits differ by sex

    def band_for(self, value: float) -> Band:
        chosen = self.bands[0]
        for band in self.bands:
            if band.low is None or value > band.low or (value == band.low and not band.strict):
                chosen = band
        return chosen

    def rule(self, band: Band) -> str:
        who = {"m": " in men", "f": " in women"}.get(self.sex or "", "")
        return f"{self.label} {band.text}{who} = {band.grade} [{self.guideline}]"


def _b(grade: str, low: float | None, text: str, strict: bool = False) -> Band:
    return Band(grade, low, text, strict)


_TABLES: list[tuple[str | None, Table]] = [
    # (structure the measure must belong to, or None for any; table)
    (
        None,
        Table(
            "ef",
            "lv_systolic",
            "LVEF",
            "%",
            CHAMBERS_2015,
            (
                _b(SEVERE, None, "<30 %"),
                _b(MODERATE, 30, "30-40 %"),
                _b(MILD, 40, "41-51 %", True),
                _b(NORMAL, 52, "52-72 %"),
                _b(ABNORMAL, 72, ">72 % (hyperdynamic)", True),
            ),
            "m",
        ),
    ),
    (
        None,
        Table(
            "ef",
            "lv_systolic",
            "LVEF",
            "%",
            CHAMBERS_2015,
            (
                _b(SEVERE, None, "<30 %"),
                _b(MODERATE, 30, "30-40 %"),
                _b(MILD, 40, "41-53 %", True),
                _b(NORMAL, 54, "54-74 %"),
                _b(ABNORMAL, 74, ">74 % (hyperdynamic)", True),
            ),
            "f",
        ),
    ),
    (
        None,
        Table(
            "lvidd",
            "lv_cavity",
            "LV end-diastolic diameter",
            "cm",
            CHAMBERS_2015,
            (
                _b(NORMAL, None, "<=5.8 cm"),
                _b(MILD, 5.8, "5.9-6.3 cm", True),
                _b(MODERATE, 6.3, "6.4-6.8 cm", True),
                _b(SEVERE, 6.8, ">6.8 cm", True),
            ),
            "m",
        ),
    ),
    (
        None,
        Table(
            "lvidd",
            "lv_cavity",
            "LV end-diastolic diameter",
            "cm",
            CHAMBERS_2015,
            (
                _b(NORMAL, None, "<=5.2 cm"),
                _b(MILD, 5.2, "5.3-5.6 cm", True),
                _b(MODERATE, 5.6, "5.7-6.1 cm", True),
                _b(SEVERE, 6.1, ">6.1 cm", True),
            ),
            "f",
        ),
    ),
    (
        None,
        Table(
            "wall",
            "lv_wall",
            "LV wall thickness",
            "cm",
            CHAMBERS_2015,
            (
                _b(NORMAL, None, "<=1.0 cm"),
                _b(MILD, 1.0, "1.1-1.3 cm", True),
                _b(MODERATE, 1.3, "1.4-1.6 cm", True),
                _b(SEVERE, 1.6, ">=1.7 cm", True),
            ),
            "m",
        ),
    ),
    (
        None,
        Table(
            "wall",
            "lv_wall",
            "LV wall thickness",
            "cm",
            CHAMBERS_2015,
            (
                _b(NORMAL, None, "<=0.9 cm"),
                _b(MILD, 0.9, "1.0-1.2 cm", True),
                _b(MODERATE, 1.2, "1.3-1.5 cm", True),
                _b(SEVERE, 1.5, ">=1.6 cm", True),
            ),
            "f",
        ),
    ),
    (
        None,
        Table(
            "lavi",
            "la_cavity",
            "LA volume index",
            "mL/m2",
            CHAMBERS_2015,
            (
                _b(NORMAL, None, "<=34 mL/m2"),
                _b(MILD, 34, "35-41 mL/m2", True),
                _b(MODERATE, 41, "42-48 mL/m2", True),
                _b(SEVERE, 48, ">48 mL/m2", True),
            ),
        ),
    ),
    (
        None,
        Table(
            "rv_basal",
            "rv_cavity",
            "RV basal diameter",
            "cm",
            CHAMBERS_2015,
            (_b(NORMAL, None, "<=4.1 cm"), _b(ABNORMAL, 4.1, ">4.1 cm (dilated; no grade)", True)),
        ),
    ),
    (
        None,
        Table(
            "tapse",
            "rv_systolic",
            "TAPSE",
            "mm",
            CHAMBERS_2015,
            (_b(ABNORMAL, None, "<17 mm (reduced; no grade)"), _b(NORMAL, 17, ">=17 mm")),
        ),
    ),
    (
        None,
        Table(
            "rv_fac",
            "rv_systolic",
            "RV FAC",
            "%",
            CHAMBERS_2015,
            (_b(ABNORMAL, None, "<35 % (reduced; no grade)"), _b(NORMAL, 35, ">=35 %")),
        ),
    ),
    (
        None,
        Table(
            "rv_s_prime",
            "rv_systolic",
            "RV S'",
            "cm/s",
            CHAMBERS_2015,
            (_b(ABNORMAL, None, "<9.5 cm/s (reduced; no grade)"), _b(NORMAL, 9.5, ">=9.5 cm/s")),
        ),
    ),
    (
        c.AV,
        Table(
            "vmax",
            "av_stenosis",
            "AV peak velocity",
            "m/s",
            AORTIC_STENOSIS_2017,
            (
                _b(NORMAL, None, "<2.6 m/s"),
                _b(MILD, 2.6, "2.6-2.9 m/s"),
                _b(MODERATE, 3.0, "3.0-3.9 m/s"),
                _b(SEVERE, 4.0, ">=4.0 m/s"),
            ),
        ),
    ),
    (
        c.AV,
        Table(
            "mean_gradient",
            "av_stenosis",
            "AV mean gradient",
            "mmHg",
            AORTIC_STENOSIS_2017,
            (
                _b(MILD, None, "<20 mmHg (normal or mild)"),
                _b(MODERATE, 20, "20-39 mmHg"),
                _b(SEVERE, 40, ">=40 mmHg"),
            ),
        ),
    ),
    (
        c.AV,
        Table(
            "ava",
            "av_stenosis",
            "AVA",
            "cm2",
            AORTIC_STENOSIS_2017,
            (
                _b(SEVERE, None, "<1.0 cm2"),
                _b(MODERATE, 1.0, "1.0-1.5 cm2"),
                _b(MILD, 1.5, ">1.5 cm2", True),
            ),
        ),
    ),
    (
        c.MV,
        Table(
            "mva",
            "mv_stenosis",
            "MVA",
            "cm2",
            VALVE_STENOSIS_2009,
            (
                _b(SEVERE, None, "<1.0 cm2"),
                _b(MODERATE, 1.0, "1.0-1.5 cm2"),
                _b(MILD, 1.5, ">1.5 cm2", True),
            ),
        ),
    ),
    (
        c.MV,
        Table(
            "mean_gradient",
            "mv_stenosis",
            "MV mean gradient",
            "mmHg",
            VALVE_STENOSIS_2009,
            (
                _b(MILD, None, "<5 mmHg"),
                _b(MODERATE, 5, "5-10 mmHg"),
                _b(SEVERE, 10, ">10 mmHg", True),
            ),
        ),
    ),
    (
        c.MV,
        Table(
            "eroa",
            "mv_regurgitation",
            "MR EROA",
            "cm2",
            REGURGITATION_2017,
            (
                _b(MILD, None, "<0.20 cm2"),
                _b(MODERATE, 0.20, "0.20-0.39 cm2"),
                _b(SEVERE, 0.40, ">=0.40 cm2"),
            ),
        ),
    ),
    (
        c.MV,
        Table(
            "regurgitant_volume",
            "mv_regurgitation",
            "MR regurgitant volume",
            "mL",
            REGURGITATION_2017,
            (_b(MILD, None, "<30 mL"), _b(MODERATE, 30, "30-59 mL"), _b(SEVERE, 60, ">=60 mL")),
        ),
    ),
    (
        c.MV,
        Table(
            "vena_contracta",
            "mv_regurgitation",
            "MR vena contracta",
            "cm",
            REGURGITATION_2017,
            (
                _b(MILD, None, "<0.3 cm"),
                _b(MODERATE, 0.3, "0.3-0.69 cm"),
                _b(SEVERE, 0.7, ">=0.7 cm"),
            ),
        ),
    ),
    (
        c.AV,
        Table(
            "vena_contracta",
            "av_regurgitation",
            "AR vena contracta",
            "cm",
            REGURGITATION_2017,
            (
                _b(MILD, None, "<0.3 cm"),
                _b(MODERATE, 0.3, "0.3-0.6 cm"),
                _b(SEVERE, 0.6, ">0.6 cm", True),
            ),
        ),
    ),
    (
        c.AV,
        Table(
            "pht",
            "av_regurgitation",
            "AR pressure half-time",
            "ms",
            REGURGITATION_2017,
            (
                _b(SEVERE, None, "<200 ms"),
                _b(MODERATE, 200, "200-500 ms"),
                _b(MILD, 500, ">500 ms", True),
            ),
        ),
    ),
    (
        c.AV,
        Table(
            "eroa",
            "av_regurgitation",
            "AR EROA",
            "cm2",
            REGURGITATION_2017,
            (
                _b(MILD, None, "<0.10 cm2"),
                _b(MODERATE, 0.10, "0.10-0.29 cm2"),
                _b(SEVERE, 0.30, ">=0.30 cm2"),
            ),
        ),
    ),
    (
        c.AV,
        Table(
            "regurgitant_volume",
            "av_regurgitation",
            "AR regurgitant volume",
            "mL",
            REGURGITATION_2017,
            (_b(MILD, None, "<30 mL"), _b(MODERATE, 30, "30-59 mL"), _b(SEVERE, 60, ">=60 mL")),
        ),
    ),
    (
        c.TV,
        Table(
            "vena_contracta",
            "tv_regurgitation",
            "TR vena contracta",
            "cm",
            REGURGITATION_2017,
            (
                _b(MILD, None, "<0.3 cm"),
                _b(MODERATE, 0.3, "0.3-0.69 cm"),
                _b(SEVERE, 0.7, ">=0.7 cm"),
            ),
        ),
    ),
    (
        c.TV,
        Table(
            "eroa",
            "tv_regurgitation",
            "TR EROA",
            "cm2",
            REGURGITATION_2017,
            (
                _b(MILD, None, "<0.20 cm2"),
                _b(MODERATE, 0.20, "0.20-0.39 cm2"),
                _b(SEVERE, 0.40, ">=0.40 cm2"),
            ),
        ),
    ),
    (
        None,
        Table(
            "pasp",
            "pulmonary_hypertension",
            "PASP",
            "mmHg",
            RIGHT_HEART_2010,
            (
                _b(NORMAL, None, "<=35 mmHg"),
                _b(MILD, 35, "36-49 mmHg", True),
                _b(MODERATE, 49, "50-69 mmHg", True),
                _b(SEVERE, 70, ">=70 mmHg"),
            ),
        ),
    ),
    (
        None,
        Table(
            "rap",
            "ra_pressure",
            "RA pressure",
            "mmHg",
            RIGHT_HEART_2010,
            (
                _b(NORMAL, None, "0-5 mmHg"),
                _b(ABNORMAL, 5, ">5 mmHg (intermediate 8 or high 15)", True),
            ),
        ),
    ),
    (
        None,
        Table(
            "effusion_depth",
            "pericardial_effusion",
            "Effusion depth",
            "cm",
            PERICARDIAL_2013,
            (
                _b(NORMAL, None, "0 cm"),
                _b(MILD, 0, "<1.0 cm (small)", True),
                _b(MODERATE, 1.0, "1.0-2.0 cm (moderate)"),
                _b(SEVERE, 2.0, ">2.0 cm (large)", True),
            ),
        ),
    ),
]

_BY_MEASURE: dict[str, list[tuple[str | None, Table]]] = {}
for _structure, _table in _TABLES:
    _BY_MEASURE.setdefault(_table.measure, []).append((_structure, _table))


def tables_for(measure: str, structure: str | None) -> list[Table]:
    """The table(s) for a measure on a structure; two (men, women) when limits differ by sex."""
    return [t for s, t in _BY_MEASURE.get(measure, ()) if s is None or s == structure]


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

# RA pressure from the IVC (ASE 2010 right heart; DESIGN.md).
IVC_NORMAL_MAX_CM = 2.1
RAP_NORMAL, RAP_INTERMEDIATE, RAP_HIGH = 3.0, 8.0, 15.0
