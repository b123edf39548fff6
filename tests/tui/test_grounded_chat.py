"""Chat against a real knowledge base: sources appear beside the answer and open in full.

The KB is built for the test with the shipped embedder from one note whose sentence holds every
key term of the question, so retrieval and the coverage gate are bound to accept it: a miss is
a failure (of retrieval, the gate or the panel), never a skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from echoassist import services
from echoassist.config import load_settings
from echoassist.tui.app import EchoAssistApp
from echoassist.tui.chat.sources import SourceScreen, SourcesPanel
from tests.tui.helpers import settle, type_into

pytestmark = pytest.mark.slow

QUESTION = "What peak aortic jet velocity defines severe aortic stenosis?"
NOTE = ("Severe aortic stenosis is defined by a peak aortic jet velocity of at least 4.0 m/s, "
        "a mean transvalvular gradient of at least 40 mmHg and a valve area below 1.0 cm2.")


@pytest.fixture
def built_kb(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "aortic-stenosis.md").write_text(f"# Aortic stenosis grading\n\n{NOTE}\n")
    summary = services.build_kb(load_settings().kb, [folder])  # the real embedder
    assert [o.status for o in summary.outcomes] == ["added"]


async def test_sources_panel_lists_and_opens_sources(built_kb) -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#question", QUESTION)
        await pilot.press("enter")
        await settle(pilot)
        result = app.screen.current.result
        assert result is not None and result.prepared.kb
        prepared = result.prepared
        assert prepared.supported, (f"retrieval missed: coverage {prepared.coverage}, "
                                    f"missing terms {prepared.missing_terms}")
        assert "peak aortic jet velocity of at least 4.0 m/s" in prepared.evidence[0].text
        panel = app.screen.query_one(SourcesPanel)
        options = panel.query_one(OptionList)
        assert options.option_count == len(result.answer.sources) >= 1
        # The label is cut to the panel's width; the full heading shows once highlighted.
        assert str(options.get_option_at_index(0).prompt).startswith("*[1] Aortic stenosis")

        options.focus()
        options.highlighted = 0
        await pilot.pause()
        detail = str(panel.query_one("#source-detail").render())
        assert "Aortic stenosis grading" in detail and "aortic-stenosis" in detail
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert NOTE in str(app.screen.query_one("VerticalScroll Static").render()).replace(
            "\n", " ")
        await pilot.press("escape")
        assert not isinstance(app.screen, SourceScreen)
