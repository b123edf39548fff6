"""synth-reports: EchoQA-style graded questions from reports via the report analysis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("echoassist.report", reason="the report analysis is not there yet")

from training.splits import split_by_group  # noqa: E402
from training.synth_reports import read_reports, synth_reports  # noqa: E402

REPORTS = {
    "r1": "FINDINGS\nThe left ventricle is normal in size. LVEF is 60%.\n"
          "Severe mitral regurgitation.\nNo pericardial effusion.",
    "r2": "FINDINGS\nModerate aortic stenosis. Mild tricuspid regurgitation.\n"
          "IMPRESSION\nModerate aortic stenosis.",
}


def test_each_graded_category_becomes_a_question_with_evidence(tmp_path: Path) -> None:
    for rid, text in REPORTS.items():
        (tmp_path / f"{rid}.txt").write_text(text)
    items = synth_reports([tmp_path])
    by_id = {i.id: i for i in items}
    mr = by_id["r1:mv_regurgitation"]
    assert mr.label == "severe" and mr.answer.startswith("Severe.")
    assert "Severe mitral regurgitation" in mr.source.text
    assert "What is the severity of mitral regurgitation?" in mr.question
    assert "Severe mitral regurgitation." in mr.question  # the report rides in the prompt
    assert by_id["r2:av_stenosis"].label == "moderate"
    assert {i.group for i in items} == {"report:r1", "report:r2"}
    split = split_by_group(items, 0.5, seed=3)
    assert not {i.group for i in split.train} & {i.group for i in split.test}


def test_jsonl_reports_and_a_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "reports.jsonl"
    good.write_text("\n".join(json.dumps({"id": k, "text": v}) for k, v in REPORTS.items()))
    assert [rid for rid, _ in read_reports(good)] == ["r1", "r2"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    from training.errors import TrainingError

    with pytest.raises(TrainingError, match="bad.jsonl:1"):
        list(read_reports(bad))


def test_pipeline_turns_a_report_folder_into_split_data(tmp_path: Path) -> None:
    from training.pipeline import Layout, run
    from training.recipe import recipe_from_dict

    reports = tmp_path / "reports"
    reports.mkdir()
    for n in range(6):
        (reports / f"r{n}.txt").write_text(REPORTS["r1" if n % 2 else "r2"])
    recipe = recipe_from_dict({"name": "rep", "base": {"path": str(tmp_path / "m")},
                               "data": {"reports": [str(reports)], "test_fraction": 0.34}})
    layout = Layout(tmp_path / "run")
    log: list[str] = []
    run(recipe, layout, echo=log.append, until="split")
    card = json.loads((layout.data / "dataset_card.json").read_text())
    assert card["leakage"] == [] and card["test"]["sources"] == 2
    assert card["train"]["categories"]["mv_regurgitation"] == 2
    assert [line.split()[1] for line in log if line.startswith("[done]")] == [
        "synth-reports", "split"]
