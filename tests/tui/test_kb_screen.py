"""The knowledge-base screen: build from a folder with progress, list, remove; chat stays usable."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable

from echoassist import services
from echoassist.config import load_settings
from echoassist.tui.app import EchoAssistApp
from tests.tui.helpers import notifications, settle, type_into

pytestmark = pytest.mark.slow


def write_folder(root: Path) -> Path:
    folder = root / "papers"
    folder.mkdir()
    (folder / "stenosis.md").write_text(
        "# Aortic stenosis\n\nSevere aortic stenosis means a peak velocity of at least 4 m/s "
        "and a mean gradient of at least 40 mmHg.\n")
    (folder / "effusion.md").write_text(
        "# Pericardial effusion\n\nA large effusion has an echo-free space over 2 cm.\n")
    return folder


def files(app: EchoAssistApp) -> list[str]:
    table = app.screen.query_one("#kb-docs", DataTable)
    return sorted(str(table.get_row_at(i)[0]) for i in range(table.row_count))


async def test_build_list_and_remove(tmp_path: Path) -> None:
    folder = write_folder(tmp_path)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert files(app) == []
        assert "is empty" in str(app.screen.query_one("#kb-summary").render())

        phases: list[str] = []
        bar_shown: list[bool] = []
        screen = app.screen
        original = screen.progress

        def progress(p) -> None:
            phases.append(p.phase)
            bar_shown.append(screen.query_one("#kb-progress-row").display)
            original(p)

        screen.progress = progress
        await type_into(pilot, "#kb-folder", str(folder))
        await pilot.press("enter")
        await settle(pilot)
        assert "embed" in phases and phases[-1] == "done"
        assert all(bar_shown)
        assert not screen.query_one("#kb-progress-row").display
        assert files(app) == ["effusion.md", "stenosis.md"]
        assert any("2 added" in m for m in notifications(app))

        table = screen.query_one("#kb-docs", DataTable)
        table.focus()
        table.move_cursor(row=[str(table.get_row_at(i)[0]) for i in range(2)].index("effusion.md"))
        await pilot.press("delete")
        await pilot.press("y")
        await settle(pilot)
        assert files(app) == ["stenosis.md"]


async def test_missing_folder_is_a_notification(tmp_path: Path) -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await type_into(pilot, "#kb-folder", str(tmp_path / "nowhere"))
        await pilot.press("enter")
        await settle(pilot)
        assert any("no such folder" in m for m in notifications(app))


async def rebuild_from_palette(pilot, folder: Path) -> None:
    """Name the folder, choose "Rebuild knowledge base" in the palette and confirm it."""
    await type_into(pilot, "#kb-folder", str(folder))
    await pilot.press("ctrl+p")
    await pilot.press(*"Rebuild knowledge base")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("y")


def hold_build_at_embedding(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """The real build, paused at its first embedding batch: (gate to release it, reached)."""
    gate, reached = threading.Event(), threading.Event()
    real_build = services.build_kb

    def held_build(kb, paths, **kwargs):
        report = kwargs.pop("progress")

        def progress(p):
            report(p)
            if p.phase == "embed" and not gate.is_set():
                reached.set()
                gate.wait(60)

        return real_build(kb, paths, progress=progress, **kwargs)

    monkeypatch.setattr(services, "build_kb", held_build)
    return gate, reached


async def test_chat_answers_while_a_build_runs(tmp_path: Path, monkeypatch) -> None:
    """The real build is held at its embedding step until the chat has answered."""
    folder = write_folder(tmp_path)
    gate, reached = hold_build_at_embedding(monkeypatch)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()
        kb_screen = app.screen
        await type_into(pilot, "#kb-folder", str(folder))
        await pilot.press("enter")
        while not reached.is_set():
            await pilot.pause(0.05)
        await pilot.press("f1")
        await type_into(pilot, "#question", "What is a pericardial effusion?")
        await pilot.press("enter")
        chat = app.screen
        while chat.generating:
            await pilot.pause(0.05)
        assert kb_screen.building
        assert chat.current.result is not None and chat.current.text
        gate.set()
        await settle(pilot)
        assert not kb_screen.building


async def test_rebuild_from_scratch_from_the_palette(tmp_path: Path) -> None:
    folder = write_folder(tmp_path)
    services.build_kb(load_settings().kb, [folder])
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await rebuild_from_palette(pilot, folder)
        await settle(pilot)
        # An incremental build would report both files unchanged; a rebuild adds them again.
        assert any("2 added" in m for m in notifications(app))
        assert files(app) == ["effusion.md", "stenosis.md"]


async def test_cancel_a_rebuild_keeps_the_knowledge_base(tmp_path: Path, monkeypatch) -> None:
    """The real rebuild is held at its first embedding batch until Cancel has been pressed."""
    folder = write_folder(tmp_path)
    services.build_kb(load_settings().kb, [folder])
    kept = [(d.doc_id, d.path, d.added_at) for d in services.kb_documents(load_settings().kb)]
    gate, reached = hold_build_at_embedding(monkeypatch)
    app = EchoAssistApp()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert files(app) == ["effusion.md", "stenosis.md"]
            await rebuild_from_palette(pilot, folder)
            while not reached.is_set():
                await pilot.pause(0.05)
            await pilot.pause()
            assert screen.building and "escape" in screen.active_bindings
            assert not screen.query_one("#kb-build-button").display
            await pilot.click("#kb-cancel-button")
            assert "cancelling" in str(screen.query_one("#kb-phase").render())
            gate.set()
            await settle(pilot)

            assert not screen.building
            status = str(screen.query_one("#kb-last-build").render())
            assert status == "Build cancelled: the knowledge base is unchanged."
            assert any("Build cancelled" in m for m in notifications(app))
            assert files(app) == ["effusion.md", "stenosis.md"]
            assert screen.query_one("#kb-build-button").display
            assert "escape" not in screen.active_bindings
    finally:
        gate.set()
    after = [(d.doc_id, d.path, d.added_at) for d in services.kb_documents(load_settings().kb)]
    assert after == kept
