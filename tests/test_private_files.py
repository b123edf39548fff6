"""Settings, the model registry, the history and the data folder are the user's alone (files
0600, folders 0700), put back when found wider, and `doctor` says so; the settings file holds
only what the user set; `models use` refuses a file that changed since it was added; an empty
`--prior` report is a clear message."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from echoassist import history
from echoassist.cli import app
from echoassist.config import load_settings, update_setting
from echoassist.doctor import Check, run_checks
from echoassist.models.builtin import DEFAULT_BUILTIN
from echoassist.models.registry import Registry
from echoassist.offline import OFFLINE_ENV
from echoassist.paths import app_paths
from tests.conftest import REPO_ROOT
from tests.helpers import builtin_gguf, run_main


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)




def stored() -> dict[str, object]:
    return tomllib.loads(app_paths().config_file.read_text())


def test_the_app_creates_its_files_private() -> None:
    paths = app_paths()
    update_setting("history", False)
    Registry().register_builtin(DEFAULT_BUILTIN)
    history.record("question", "q", "a", {})
    assert mode(paths.config_dir) == 0o700 and mode(paths.config_file) == 0o600
    assert mode(paths.data_dir) == 0o700
    assert mode(paths.registry_file) == 0o600 and mode(paths.history_file) == 0o600


def test_wider_files_are_made_private_when_found() -> None:
    paths = app_paths()
    update_setting("top_k", 7)
    Registry().register_builtin(DEFAULT_BUILTIN)
    history.record("question", "q", "a", {})
    for path in (paths.config_file, paths.registry_file, paths.history_file):
        os.chmod(path, 0o644)
    os.chmod(paths.data_dir, 0o755)
    os.chmod(paths.config_dir, 0o755)

    history.entries()  # opening the history fixes its file, whoever opens it
    assert mode(paths.history_file) == 0o600

    assert load_settings().top_k == 7  # every command and the app load the settings first
    assert mode(paths.config_file) == 0o600 and mode(paths.registry_file) == 0o600
    assert mode(paths.data_dir) == 0o700 and mode(paths.config_dir) == 0o700


def doctor_on_private_files() -> Check | None:
    return next((c for c in run_checks() if c.name == "private files"), None)


def test_doctor_warns_about_wider_files_and_fixes_them() -> None:
    paths = app_paths()
    update_setting("top_k", 7)
    history.record("question", "q", "a", {})
    os.chmod(paths.config_file, 0o644)
    os.chmod(paths.history_file, 0o644)
    os.chmod(paths.data_dir, 0o755)
    check = doctor_on_private_files()
    assert check is not None and not check.ok, "doctor says nothing about files others can read"
    assert "config.toml (0644)" in check.detail and "history.sqlite3 (0644)" in check.detail
    assert "data folder (0755)" in check.detail and "made private" in check.detail
    assert mode(paths.history_file) == 0o600 and mode(paths.data_dir) == 0o700
    again = doctor_on_private_files()
    assert again is not None and again.ok


def test_the_settings_file_holds_only_what_the_user_set(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_main(capsys, "history", "off")[0] == 0
    assert stored() == {"history": False}  # not threads, top_k, theme... pinned at defaults
    assert run_main(capsys, "history", "on")[0] == 0
    assert stored() == {}  # back to the default: nothing to keep

    app_paths().config_file.write_text("threads = 3\n")  # set by hand
    assert run_main(capsys, "history", "off")[0] == 0
    assert stored() == {"threads": 3, "history": False}


@pytest.mark.parametrize("damage", ["truncated", "grown"])
def test_models_use_refuses_a_file_changed_since_it_was_added(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, damage: str
) -> None:
    copy = tmp_path / "echo.gguf"
    shutil.copy(builtin_gguf(), copy)
    assert run_main(capsys, "models", "add", str(copy), "--name", "echo-test")[0] == 0
    size = copy.stat().st_size
    if damage == "truncated":
        os.truncate(copy, size // 2)
    else:
        with copy.open("ab") as handle:
            handle.write(b"\0" * 4096)
    code, _, err = run_main(capsys, "models", "use", "echo-test")
    assert code == 1
    [line] = err.strip().splitlines()
    expected = "is truncated" if damage == "truncated" else "has changed since it was added"
    assert line.startswith("error: echo.gguf ") and expected in line, line
    assert load_settings().model == ""  # still the default model


def test_an_empty_prior_report_is_a_clear_message(tmp_path: Path) -> None:
    prior = tmp_path / "prior.txt"
    prior.write_text("  \n")
    result = CliRunner().invoke(app, ["report", "--prior", str(prior)], input="Severe MR.")
    assert result.exit_code != 0
    assert "prior report" in str(result.exception) and "is empty" in str(result.exception)


def test_the_privacy_page_matches_the_code_and_cites_real_tests() -> None:
    """docs/privacy.md names every file and folder the app writes, every offline switch it
    sets, and only tests that exist."""
    page = (REPO_ROOT / "docs" / "privacy.md").read_text()
    paths = app_paths()
    for path in (paths.config_file, paths.registry_file, paths.history_file):
        assert f"`{path.name}`" in page, path.name
    for name in ("kb/NAME/", "manifest.json", "ECHOASSIST_HOME", "platformdirs", "0600", "0700",
                 ".onnxruntime", "mobile.events.data.microsoft.com"):
        assert name in page, name
    for key, value in OFFLINE_ENV.items():
        assert f"{key}={value}" in page, key
    cited = set(re.findall(r"tests/[\w/]+\.py", page))
    assert {"tests/test_offline_guard.py", "tests/test_offline_native.py",
            "tests/test_private_files.py", "tests/test_disk_full.py"} <= cited
    for test_file in cited:
        assert (REPO_ROOT / test_file).is_file(), test_file
