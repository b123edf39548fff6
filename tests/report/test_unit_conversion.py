"""Each written unit converts to the measure's unit by the table in measurements._UNITS, and
a unit the table does not list for that measure is refused (the value is then unreadable)."""

from __future__ import annotations

import pytest

from echoassist.report.measurements import Spec, _convert

_ANY = Spec("test", "", 0, 10)


@pytest.mark.parametrize(
    ("target", "value", "unit", "expected"),
    [
        ("m/s", 350, "cm/s", 3.5),
        ("m/s", 2500, "mm/s", 2.5),
        ("m/s", 4.1, "m/sec", 4.1),
        ("m/s", 380, "", 3.8),  # too large for m/s: written in cm/s
        ("cm/s", 0.09, "m/s", 9.0),
        ("cm/s", 0.8, "", 80.0),
        ("cm2", 85, "mm2", 0.85),
        ("cm2/m2", 0.55, "cm2", 0.55),
        ("kg", 220, "lbs", 220 * 0.45359237),
        ("mL/m2", 40, "mls/m2", 40),
        ("cm", 48, "mm", 4.8),
        ("cm", 45, "", 4.5),  # above the plausible range in cm: written in mm
        ("mm", 1.1, "cm", 11.0),
        ("mm", 0.9, "", 9.0),
        ("ms", 220, "msec", 220),
        ("mmHg", 35, "", 35),
    ],
)
def test_written_units_convert(target: str, value: float, unit: str, expected: float) -> None:
    assert _convert(target, value, unit, _ANY) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("target", "unit"),
    [("mmHg", "cm"), ("%", "ms"), ("g", "kg"), ("cm2", "cm"), ("", "cm"), ("cm", "ms")],
)
def test_unit_of_another_kind_is_refused(target: str, unit: str) -> None:
    assert _convert(target, 5, unit, _ANY) is None
