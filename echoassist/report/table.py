"""A graded report as table rows and as Markdown (pure data: no widgets, no front end).

The TUI's severity table shows the rows; the history keeps the Markdown. Built on
`Report.to_dict()`, so both depend only on the documented JSON shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from echoassist.report.categories import CATEGORIES


def category_name(key: str) -> str:
    return CATEGORIES.get(key, key.replace("_", " ").capitalize())


def format_value(value: float) -> str:
    return f"{value:g}"


@dataclass
class FindingRow:
    category: str
    name: str
    grade: str
    measurements: list[str]
    rules: list[str]
    flags: list[str]
    evidence: list[str]
    spans: list[tuple[int, int]] = field(default_factory=list)
    prior_grade: str | None = None
    change: str | None = None

    @property
    def measurements_text(self) -> str:
        return "; ".join(self.measurements)


def finding_rows(report: dict[str, Any]) -> list[FindingRow]:
    rows = []
    for finding in report.get("findings", []):
        measurements = finding.get("measurements", [])
        spans = [(e["start"], e["end"]) for e in finding.get("evidence", [])]
        spans += [(m["start"], m["end"]) for m in measurements
                  if m.get("start") is not None and m.get("end") is not None]
        rows.append(FindingRow(
            category=finding["category"],
            name=category_name(finding["category"]),
            grade=finding["label"],
            measurements=[f"{m['name']} {format_value(m['value'])} {m['unit']}".strip()
                          + (f" ({m['grade']})" if m.get("grade") else "")
                          for m in measurements],
            rules=[m["rule"] for m in measurements if m.get("rule")] + _details(finding),
            flags=list(finding.get("flags", [])),
            evidence=[e["text"] for e in finding.get("evidence", [])],
            spans=sorted(set(spans)),
            prior_grade=finding.get("prior_label"),
            change=finding.get("change"),
        ))
    return rows


def _details(finding: dict[str, Any]) -> list[str]:
    """The prosthesis and PH-probability blocks of a finding, as rule lines."""
    out = []
    prosthesis = finding.get("prosthesis")
    if prosthesis:
        parts = [f"{k.replace('_', ' ')} {v}" for k, v in prosthesis.items() if k != "device" and v]
        out.append(f"{prosthesis['device']}: " + (", ".join(parts) or "no dysfunction graded"))
    if finding.get("ph_probability"):
        out.append(finding["ph_probability"]["rule"])
    return out


def has_prior(report: dict[str, Any]) -> bool:
    return any("prior_label" in f for f in report.get("findings", []))


def report_markdown(report: dict[str, Any]) -> str:
    """The severity table as Markdown, for history and export."""
    prior = has_prior(report)
    head = "| Finding | Grade | Measurements | Flags |" + (" Prior | Change |" if prior else "")
    rule = "|---|---|---|---|" + ("---|---|" if prior else "")
    lines = [head, rule]
    for row in finding_rows(report):
        cells = [row.name, row.grade.replace("_", " "), row.measurements_text or "-",
                 ", ".join(row.flags) or "-"]
        if prior:
            cells += [(row.prior_grade or "-").replace("_", " "), row.change or "-"]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    lines += [f"- warning: {w}" for w in report.get("warnings", [])]
    return "\n".join(lines)
