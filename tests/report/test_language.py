"""A report in a language the lexicon does not cover gets a warning naming how little was
read, in the analysis result and in what the CLI prints."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from echoassist.cli import app
from echoassist.report import analyze

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text()
)


FRENCH = (
    "Ventricule gauche non dilaté, FEVG 35 %, hypokinésie globale.\n"
    "Rétrécissement aortique serré : gradient moyen 45 mmHg, surface valvulaire 0,8 cm2.\n"
    "Oreillette gauche dilatée. Pas d'épanchement péricardique.\n"
    "Veine cave inférieure compliante, TAPSE 22 mm."
)


def _language_warning(warnings: list[str]) -> str | None:
    return next((w for w in warnings if w.startswith("little of this text was read")), None)


def test_french_report_warns_how_little_was_read() -> None:
    warning = _language_warning(analyze(FRENCH).warnings)
    assert warning is not None
    # 4 of the 5 sentences have nothing the lexicon knows ("TAPSE" is read).
    assert "4 of 5 sentences" in warning and "80%" in warning
    assert "English" in warning


@pytest.mark.parametrize(
    "text",
    [
        "Linker Ventrikel normal groß, LVEF 55 %. Mittelgradige Aortenklappenstenose, "
        "Vmax 3,6 m/s, mittlerer Gradient 32 mmHg. Leichte Mitralinsuffizienz. "
        "Kein Perikarderguss.",
        "Ventrículo izquierdo de tamaño normal con FEVI 60 %. Estenosis aórtica severa: "
        "velocidad máxima 4,2 m/s, gradiente medio 44 mmHg. No derrame pericárdico.",
    ],
)
def test_german_and_spanish_reports_warn(text: str) -> None:
    # Both share words with English ("normal", "no", "severe", "LVEF"), yet most of
    # their words are unknown.
    assert _language_warning(analyze(text).warnings) is not None


def test_one_line_french_report_warns() -> None:
    report = analyze("FEVG 35 %, gradient moyen 45 mmHg, surface valvulaire 0,8 cm2")
    assert _language_warning(report.warnings) is not None


def test_language_warning_reaches_the_json() -> None:
    assert _language_warning(analyze(FRENCH).to_dict()["warnings"]) is not None


def test_cli_prints_the_language_warning_in_table_and_json() -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["report", "-"], input=FRENCH)
    assert table.exit_code == 0, table.output
    assert "little of this text was read" in table.stderr
    as_json = runner.invoke(app, ["report", "-", "--json"], input=FRENCH)
    data = json.loads(as_json.stdout)
    jsonschema.validate(data, SCHEMA)
    assert _language_warning(data["warnings"]) is not None


@pytest.mark.parametrize(
    "text",
    [
        "The left ventricle is normal in size and function. LVEF 60%. Mild MR.",
        "Sex: Male. Age: 61.\nFINDINGS\nSinus rhythm. Technically adequate study.\n"
        "LV normal size, LVEF 55-60%. RV normal. No pericardial effusion.",
        "Vmax 4,5 m/s, mean gradient 48 mmHg, AVA 0,7 cm2.",
    ],
)
def test_english_report_has_no_language_warning(text: str) -> None:
    assert _language_warning(analyze(text).warnings) is None
