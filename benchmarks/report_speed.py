"""Speed of echoassist.report.analyze (a benchmark that prints tables, not a timed test).

Prints reports/s and latency percentiles on one core for typical reports, the same
numbers for a plain regex tokenisation pass over the same texts (the baseline, measured
in the same run so machine load cancels out), and time per kB as input grows, to show
the cost is linear in input size.

    python benchmarks/report_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from echoassist.report import analyze

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "echo"

# Our own typical reports, used when the shared corpus is absent.
_OWN = [
    "Sex: Female. Age: 67.\nFINDINGS\nLeft ventricle: normal size and wall thickness; LVEF 60%.\n"
    "Right ventricle: normal size and function, TAPSE 21 mm.\nLeft atrium: mildly dilated, "
    "LAVI 38 mL/m2.\nAortic valve: trileaflet, mildly thickened; no stenosis, trace AR.\n"
    "Mitral valve: mild MR.\nTricuspid valve: trivial TR; peak TR velocity 2.6 m/s, RAP 3 mmHg.\n"
    "Pericardium: no effusion.\nIMPRESSION\n1. Normal LV systolic function.\n2. Mild MR.\n",
    "72-year-old man, breathlessness. The left ventricle is mildly dilated with moderately "
    "reduced systolic function (biplane EF 35%). Grade II diastolic dysfunction. Moderate "
    "functional MR with EROA 0.25 cm2. Severe AS: Vmax 4.3 m/s, mean gradient 45 mmHg, "
    "AVA 0.7 cm2. Moderate TR, RVSP 52 mmHg. IVC dilated with <50% collapse. Small "
    "pericardial effusion. Compared with the prior study, LV function has declined.\n",
    "MEASUREMENTS\nIVSd 1.3 cm\nLVPWd 1.2 cm\nLVIDd 4.8 cm\nLVEF 55-60%\nLA volume 70 mL\n"
    "Height 170 cm\nWeight 82 kg\nE/A 0.7\nE/e' 9\nTR Vmax 2.5 m/s\n\nCONCLUSIONS\n"
    "Mild concentric LVH. Impaired relaxation. No significant valve disease.\n",
]
_TOKENS = re.compile(r"\w+|[^\w\s]")


def _texts() -> list[str]:
    path = CORPUS / "labeled_reports.jsonl"
    if path.is_file():
        return [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    return _OWN * 50


def _baseline(text: str) -> object:
    return _TOKENS.findall(text)


def _timings(fn: Callable[[str], object], texts: list[str], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            fn(text)
            out.append(time.perf_counter() - start)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    texts = _texts()
    for text in texts[:20]:  # warm caches and the regex compiler
        analyze(text)
    analysed = _timings(analyze, texts, args.rounds)
    base = _timings(_baseline, texts, args.rounds)
    console = Console()
    table = Table(title=f"Typical reports ({len(texts)} texts x {args.rounds} rounds, one core)")
    for col in ("pass", "reports/s", "p50 ms", "p99 ms", "max ms"):
        table.add_column(col, justify="right" if col != "pass" else "left")
    for name, values in (("analyze()", analysed), ("baseline: regex tokenisation", base)):
        table.add_row(
            name,
            f"{len(values) / sum(values):,.0f}",
            f"{statistics.median(values) * 1e3:.3f}",
            f"{_pct(values, 0.99) * 1e3:.3f}",
            f"{max(values) * 1e3:.3f}",
        )
    console.print(table)
    console.print(f"analyze / baseline time ratio: {sum(analysed) / sum(base):.1f}x")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    console.print(f"machine load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")

    growth = Table(title="Cost as input grows (reports joined into one text)")
    for col in ("reports joined", "kB", "ms", "ms per kB", "baseline ms per kB"):
        growth.add_column(col, justify="right")
    for k in (1, 4, 16, 64):
        text = (
            "\n\n".join((texts * k)[:k])
            if k <= len(texts)
            else "\n\n".join(texts * (k // len(texts) + 1))[: 700 * k]
        )
        ms = min(_timings(analyze, [text], 3)) * 1e3
        bms = min(_timings(_baseline, [text], 3)) * 1e3
        kb = len(text) / 1000
        growth.add_row(str(k), f"{kb:.1f}", f"{ms:.2f}", f"{ms / kb:.3f}", f"{bms / kb:.4f}")
    console.print(growth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
