"""Shared fixtures. Every test runs offline and in its own throwaway EchoAssist home."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.offline_guard"]

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO_ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def echoassist_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point all user dirs at a fresh folder so no test touches the real home directory."""
    home = tmp_path_factory.mktemp("echoassist-home")
    monkeypatch.setenv("ECHOASSIST_HOME", str(home))
    return home


@pytest.fixture
def shared_corpus() -> Path:
    """The third-party test corpus beside the project; tests skip cleanly without it."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def starter_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter knowledge base, built once per test run from kb/corpus with the real embedder."""
    from kb import KnowledgeBase

    root = tmp_path_factory.mktemp("kb") / "starter"
    summary = KnowledgeBase(root).build([REPO_ROOT / "kb" / "corpus"])
    assert not summary.with_status("failed"), summary
    return root
