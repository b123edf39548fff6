"""Records produced by report analysis, and their JSON-ready form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NORMAL, ABNORMAL, MILD, MODERATE, SEVERE = "normal", "abnormal", "mild", "moderate", "severe"
NOT_ASSESSED = "not_assessed"
LABELS = (NORMAL, MILD, MODERATE, SEVERE, ABNORMAL, NOT_ASSESSED)

# Severity order used for "most severe supported grade". An ungraded "abnormal" sits
# between normal and mild so that any stated degree (mild, ...) wins over it.
_RANK = {NORMAL: 0.0, ABNORMAL: 0.5, MILD: 1.0, MODERATE: 2.0, SEVERE: 3.0}


def rank(grade: str) -> float:
    """Severity rank of a grade; not_assessed has none."""
    return _RANK[grade]


def steps_apart(a: str, b: str) -> float:
    """Distance in grade steps; ungraded abnormal counts as one step from normal."""
    ra = 1.0 if a == ABNORMAL else _RANK[a]
    rb = 1.0 if b == ABNORMAL else _RANK[b]
    return abs(ra - rb)


def most_severe(grades: list[str]) -> str:
    return max(grades, key=rank)


# Flags a finding can carry (kept in one place so the schema and renderer agree).
CONFLICT = "conflict"
DISCORDANT = "discordant"
UNCERTAIN = "uncertain"
NEGATED_ONLY = "negated_only"
SEX_DEPENDENT = "sex_dependent"
HISTORICAL_ONLY = "historical_only"
FLAGS = (CONFLICT, DISCORDANT, UNCERTAIN, NEGATED_ONLY, SEX_DEPENDENT, HISTORICAL_ONLY)

# Context of one evidence span.
CURRENT, NEGATED, POSSIBLE, HISTORICAL, INDETERMINATE = (
    "current",
    "negated",
    "uncertain",
    "historical",
    "indeterminate",
)


@dataclass(frozen=True)
class Evidence:
    """A sentence of the input that speaks about a category; text == input[start:end]."""

    text: str
    start: int
    end: int
    section: str
    context: str = CURRENT
    grade: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "context": self.context,
            "grade": self.grade,
        }


@dataclass(frozen=True)
class Measurement:
    """A number read from (or derived from numbers in) the report, normalised to one unit.

    `grade` is None when no guideline table applies; `rule` then says why (or is None).
    `start`/`end` locate the source text; derived values have none.
    """

    name: str
    value: float
    unit: str
    category: str | None = None
    grade: str | None = None
    rule: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    sex_dependent: bool = False
    key: str | None = None  # the measure's internal name ("vmax"), for precedence rules

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "grade": self.grade,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass
class Finding:
    """One category's verdict: label, the evidence behind it and any flags."""

    category: str
    label: str
    evidence: list[Evidence] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    prior_label: str | None = None
    change: str | None = None
    # A prosthesis finding: the device, and the grade of its stenosis, regurgitation and
    # paravalvular leak (None where the report says nothing of one).
    prosthesis: dict[str, str | None] | None = None
    # The pulmonary pressure finding: the ESC/ERS 2022 echo probability of PH.
    ph_probability: dict[str, Any] | None = None

    def to_dict(self, with_prior: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "category": self.category,
            "label": self.label,
            "evidence": [e.to_dict() for e in self.evidence],
            "measurements": [m.to_dict() for m in self.measurements],
            "flags": list(self.flags),
        }
        if self.prosthesis is not None:
            out["prosthesis"] = dict(self.prosthesis)
        if self.ph_probability is not None:
            out["ph_probability"] = dict(self.ph_probability)
        if with_prior:
            out["prior_label"] = self.prior_label
            out["change"] = self.change
        return out


@dataclass
class Report:
    """Everything `analyze` found in one report."""

    findings: list[Finding]
    sex: str | None = None
    sex_source: str | None = None
    bsa_m2: float | None = None
    other_measurements: list[Measurement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    has_prior: bool = False

    def finding(self, category: str) -> Finding | None:
        return next((f for f in self.findings if f.category == category), None)

    def labels(self) -> dict[str, str]:
        """Category -> label for the categories the report speaks about (graded or not)."""
        return {f.category: f.label for f in self.findings}

    def to_dict(self) -> dict[str, Any]:
        return {
            "sex": self.sex,
            "sex_source": self.sex_source,
            "bsa_m2": self.bsa_m2,
            "findings": [f.to_dict(with_prior=self.has_prior) for f in self.findings],
            "other_measurements": [m.to_dict() for m in self.other_measurements],
            "warnings": list(self.warnings),
        }
