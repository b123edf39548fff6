"""`echoassist report` through the real CLI app."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from echoassist.cli import app
from echoassist.report.categories import CATEGORIES

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text()
)
REPORT = (
    "Patient: 64-year-old male.\n"
    "FINDINGS\n"
    "Left ventricle: mildly dilated (LVIDd 6.1 cm), LVEF 40%.\n"
    "Moderate MR. Trace TR; peak TR velocity 2.9 m/s, RAP 8 mmHg.\n"
    "IMPRESSION\n"
    "Moderately reduced LV systolic function.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_json_from_stdin_matches_schema_and_analyze(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", "--json"], input=REPORT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    labels = {f["category"]: f["label"] for f in data["findings"]}
    assert labels["lv_systolic"] == "moderate"
    assert labels["mv_regurgitation"] == "moderate"
    assert labels["pulmonary_hypertension"] == "mild"
    for f in data["findings"]:
        for e in f["evidence"]:
            assert REPORT[e["start"] : e["end"]] == e["text"]


def test_file_argument_and_table(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "echo.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = runner.invoke(app, ["report", str(path)])
    assert result.exit_code == 0, result.output
    assert "Mitral" in result.stdout
    assert "moderate" in result.stdout


def test_all_lists_every_category(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", "-", "--json", "--all"], input="Mild AS.")
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert [f["category"] for f in data["findings"]] == list(CATEGORIES)


def test_prior_and_sex(runner: CliRunner, tmp_path: Path) -> None:
    prior = tmp_path / "prior.txt"
    prior.write_text("Mild MR. LVEF 60%.", encoding="utf-8")
    result = runner.invoke(
        app, ["report", "--prior", str(prior), "--sex", "f", "--json"], input="Severe MR. LVEF 53%."
    )
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    by_cat = {f["category"]: f for f in data["findings"]}
    assert by_cat["mv_regurgitation"]["change"] == "worse"
    assert by_cat["lv_systolic"]["label"] == "mild"  # 53% is below the women's limit
    assert data["sex"] == "f"
    table = runner.invoke(app, ["report", "--prior", str(prior)], input="Severe MR.")
    assert "worse" in table.stdout


def test_empty_input_is_a_message(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report"], input=" \n")
    assert result.exit_code != 0
    assert str(result.exception) == "the report is empty: give a report's text to grade"


def test_text_without_findings_is_a_message(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report"], input="Dear colleague, about his knee.")
    assert result.exit_code == 0
    assert "No echocardiography findings" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "/no/such/report.txt"], "no such report file: /no/such/report.txt"),
        (["report", "--sex", "x"], "--sex must be m or f"),
    ],
)
def test_user_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args, input="Mild MR.")
    assert result.exit_code != 0
    assert message in str(result.exception)


def test_binary_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = runner.invoke(app, ["report", str(path)])
    assert result.exit_code != 0
    assert "is not a text file (it holds binary data" in str(result.exception)


def test_main_prints_one_line_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from echoassist import cli

    # main() installs the app's network guard; keep the test suite's own guard in place.
    monkeypatch.setattr(cli, "install_guard", lambda: None)
    main = cli.main

    with pytest.raises(SystemExit) as exc:
        main(["report", "/no/such/file.txt"])
    assert exc.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:")
