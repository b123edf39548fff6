"""Prosthetic valves, repairs and clips: which valves have one, of what kind, and how the
findings about such a valve are given to its prosthesis.

A report on a replaced or repaired valve speaks of the device as it is now and of the
disease that led to it ("s/p SAVR for severe AS"). The rules:

- A device named anywhere, history included ("PMH: AVR 2015"), is in place now, unless
  the sentence negates it or plans it ("TAVI work-up"). A paravalvular leak implies one.
- Words about that valve in this study then grade the prosthesis: its stenosis, its
  regurgitation, a paravalvular leak, or "normal function" (categories *_prosthesis).
  Words dated before the operation stay history of the native valve, which gets no
  label from them ("severe AS prior to surgery").
- A prosthesis named without its valve ("the bioprosthesis") belongs to the valve its
  sentence or heading names, else to the report's one prosthetic valve, else to none.
- Its gradients and areas are graded by the prosthesis tables (guidelines.py, ASE 2009).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from echoassist.report import categories as c
from echoassist.report.model import HISTORICAL, Measurement, most_severe
from echoassist.report.phrases import BIO, CLIP, MECH, NEG, REPAIR, TRANSCATHETER, UNSPECIFIED, VIV

if TYPE_CHECKING:
    from echoassist.report.lexicon import Match
    from echoassist.report.mentions import Mention
    from echoassist.report.sections import Sentence

# When one valve is named with several device words ("valve-in-valve TAVI in a failed
# bioprosthesis"), the most specific names the device in place.
_SPECIFIC_FIRST = (VIV, TRANSCATHETER, CLIP, REPAIR, MECH, BIO, UNSPECIFIED)
_VALVES = frozenset(c.PROSTHESIS_OF_VALVE)
# The native findings a prosthesis takes over, and the way of failing each one names.
NATIVE = {
    f"{valve}_{attribute}": (valve, attribute)
    for valve in _VALVES
    for attribute in (c.STENOSIS, c.REGURGITATION)
}
_ASPECT_FIELD = {
    c.STENOSIS: "stenosis",
    c.REGURGITATION: "regurgitation",
    c.PARAVALVULAR: "paravalvular_leak",
}


@dataclass
class Devices:
    """Valve -> the device in place."""

    by_valve: dict[str, str] = field(default_factory=dict)

    def add(self, valve: str, device: str) -> None:
        old = self.by_valve.get(valve)
        if old is None or _SPECIFIC_FIRST.index(device) < _SPECIFIC_FIRST.index(old):
            self.by_valve[valve] = device

    def only_valve(self) -> str | None:
        return next(iter(self.by_valve)) if len(self.by_valve) == 1 else None

    def structure_for(self, structure: str | None) -> str | None:
        """The structure a measurement is graded for: a valve's prosthesis when it has
        one; an unplaced prosthesis, the report's only one."""
        if structure == c.PROSTHESIS:
            only = self.only_valve()
            return c.PROSTHESIS_OF_VALVE[only] if only else None
        if structure in self.by_valve:
            return c.PROSTHESIS_OF_VALVE[structure]
        return structure


def _valve_of(structure: str | None) -> str | None:
    if structure in _VALVES:
        return structure
    return c.VALVE_OF_PROSTHESIS.get(structure or "")


def sentence_devices(
    matches: list[Match], heading: str | None, negated: list[bool], devices: Devices
) -> str | None:
    """Record the devices one sentence names; return the valve an unplaced prosthesis in
    it belongs to (the one valve the sentence, or else its heading, names)."""
    if any(m.term.planned for m in matches):
        return None
    named = [_valve_of(m.term.structure) for m in matches]
    valves = {v for v in named if v is not None}
    place = next(iter(valves)) if len(valves) == 1 else _valve_of(heading)
    for i, m in enumerate(matches):
        device = m.term.device
        if device is None or negated[i]:
            continue
        valve = _valve_of(m.term.structure) or _nearest_valve(named, i) or _valve_of(heading)
        if valve is not None:
            devices.add(valve, device)
    return place


def _nearest_valve(named: list[str | None], i: int) -> str | None:
    for step in range(1, len(named)):
        for k in (i - step, i + step):
            if 0 <= k < len(named) and named[k] is not None:
                return named[k]
    return None


_FOR = re.compile(r"\bfor\b", re.IGNORECASE)


def operated_for(text: str, matches: list[Match], mentions: list[Mention]) -> list[Mention]:
    """ "AVR with a 23 mm bioprosthesis for severe AS": the disease a device was put in
    for is history of the native valve, even past a clause boundary."""
    device = next((m for m in matches if m.term.device and not m.term.planned), None)
    if device is None:
        return mentions
    why = _FOR.search(text, device.end, matches[-1].end)
    if why is None:
        return mentions
    return [
        replace(m, context=HISTORICAL) if m.category in NATIVE and m.start > why.start() else m
        for m in mentions
    ]


def negated_before(matches: list[Match]) -> list[bool]:
    """For a sentence read without scopes (history, indication): each match after a
    negation ("no prosthetic valve") is negated."""
    out, seen = [], False
    for m in matches:
        seen = seen or m.term.kind == NEG
        out.append(seen)
    return out


def give_to_prostheses(
    mentions: list[tuple[Mention, Sentence]], devices: Devices
) -> list[tuple[Mention, Sentence]]:
    """Mentions with each current finding about a prosthetic valve moved to its prosthesis
    (with the way of failing it names), and unplaced ones given to the only prosthesis."""
    for m, _ in mentions:
        valve = _valve_of(m.category)
        if valve is not None and m.context != HISTORICAL:
            devices.add(valve, UNSPECIFIED)  # a paravalvular leak implies a prosthesis
    only = devices.only_valve()
    out: list[tuple[Mention, Sentence]] = []
    for m, s in mentions:
        if m.category == c.UNPLACED_PROSTHESIS:
            if only is not None:
                out.append((replace(m, category=c.PROSTHESIS_OF_VALVE[only]), s))
            continue
        native = NATIVE.get(m.category)
        if native is not None and native[0] in devices.by_valve and m.context != HISTORICAL:
            prosthesis = c.PROSTHESIS_OF_VALVE[native[0]]
            out.append((replace(m, category=prosthesis, aspect=native[1]), s))
            continue
        out.append((m, s))
    return out


def detail(
    category: str, mentions: list[Mention], measured: list[Measurement], devices: Devices
) -> dict[str, str | None]:
    """The prosthesis block of a finding: its device and the grade of each way of failing
    (the measurements the prosthesis tables grade are all of stenosis)."""
    grades: dict[str, list[str]] = {name: [] for name in _ASPECT_FIELD.values()}
    for m in mentions:
        name = _ASPECT_FIELD.get(m.aspect or "")
        if name is not None and m.grade is not None and m.context != HISTORICAL:
            grades[name].append(m.grade)
    grades["stenosis"] += [m.grade for m in measured if m.grade is not None]
    valve = c.VALVE_OF_PROSTHESIS[category]
    out: dict[str, str | None] = {"device": devices.by_valve.get(valve, UNSPECIFIED)}
    out.update({name: most_severe(g) if g else None for name, g in grades.items()})
    return out
