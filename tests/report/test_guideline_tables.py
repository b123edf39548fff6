"""The guideline tables grade a grid of values exactly as they did when they were written
as positional `Table(...)` calls (tests/report/data/guideline_grades.json, recorded from
that code). Rewriting a table's layout must never move a threshold or change its wording.

    python -m tests.report.test_guideline_tables   # re-records the file: only on purpose
"""

from __future__ import annotations

import json
from pathlib import Path

from echoassist.report import guidelines as g
from echoassist.report.measurements import SPECS

RECORDED = Path(__file__).parent / "data" / "guideline_grades.json"
_STRUCTURES = (
    None,
    "av",
    "mv",
    "tv",
    "pv",
    "lvot",
    "av_prosthesis",
    "mv_prosthesis",
    "tv_prosthesis",
)
_STEPS = 400


def _grid(measure: str, lows: list[float]) -> list[float]:
    spec = SPECS[measure]
    values = {round(spec.low + k * (spec.high - spec.low) / _STEPS, 4) for k in range(_STEPS + 1)}
    for low in lows:  # every bound, and either side of it
        for delta in (0.0, 0.001, 0.01, 0.1, 1.0):
            values.update((round(low - delta, 4), round(low + delta, 4)))
    return sorted(values)


def grade_runs() -> dict[str, list[list[object]]]:
    """For each (measure, structure, sex) table: the grid as runs of equal (grade, rule),
    each run [first value, last value, category, grade, rule]."""
    out: dict[str, list[list[object]]] = {}
    for measure in sorted({*SPECS, "wall"}):
        for structure in _STRUCTURES:
            tables = g.tables_for(measure, structure)
            lows = [b.low for t in tables for b in t.bands if b.low is not None]
            grid = _grid("ivs" if measure == "wall" else measure, lows)
            for table in tables:
                runs: list[list[object]] = []
                for value in grid:
                    band = table.band_for(value)
                    cell = [table.category, band.grade, table.rule(band)]
                    if runs and runs[-1][2:] == cell:
                        runs[-1][1] = value
                    else:
                        runs.append([value, value, *cell])
                out[f"{measure}|{structure}|{table.sex}"] = runs
    return out


def test_every_table_grades_the_grid_as_recorded() -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    now = grade_runs()
    assert sorted(now) == sorted(recorded)
    for key, runs in recorded.items():
        assert now[key] == runs, key


if __name__ == "__main__":
    lines = [
        f"  {json.dumps(key)}: [\n" + ",\n".join(f"    {json.dumps(run)}" for run in runs) + "\n  ]"
        for key, runs in grade_runs().items()
    ]
    RECORDED.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
