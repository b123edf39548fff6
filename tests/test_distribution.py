"""`kb` and `training` are common top-level names: the ones this environment imports are ours.

The folders stay top-level packages (the layout users know; `echoassist-train` and the docs name
them), rather than being moved under a namespace such as `echoassist.kb`: that would rename every
import and command for no gain here. What a namespace would buy, that nobody else's `kb` or
`training` is picked up instead of ours (or ours instead of theirs, with files in site-packages
overwritten silently by whichever was installed last), this test checks on the installed
distribution: a fresh, isolated interpreter outside the repository imports each name, and the
file it gets must be one the echoassist distribution installed, with no other distribution
claiming that name.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

OUR_TOP_LEVEL = ("echoassist", "kb", "training")


def imported_file(name: str, cwd: Path) -> Path:
    """Where `import name` leads in a new interpreter that sees only the installed packages
    (-I: no current directory, no PYTHONPATH, no user site)."""
    code = f"import {name}, sys; sys.stdout.write({name}.__file__)"
    proc = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True,
                          cwd=cwd, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout).resolve()


def installed_by_us(file: Path) -> bool:
    dist = metadata.distribution("echoassist")
    direct_url = dist.read_text("direct_url.json")
    info = json.loads(direct_url) if direct_url else {}
    if info.get("dir_info", {}).get("editable"):  # pip install -e: the project folder itself
        project = Path(unquote(urlparse(info["url"]).path)).resolve()
        return file.is_relative_to(project) and file.relative_to(project).parts[0] in OUR_TOP_LEVEL
    return file in {Path(str(dist.locate_file(f))).resolve() for f in dist.files or []}


@pytest.mark.parametrize("name", ["kb", "training"])
def test_the_installed_name_is_ours(name: str, tmp_path: Path) -> None:
    file = imported_file(name, tmp_path)
    assert installed_by_us(file), f"`import {name}` finds {file}, which echoassist did not install"
    others = [d for d in metadata.packages_distributions().get(name, []) if d != "echoassist"]
    assert not others, f"{', '.join(others)} also install(s) a top-level '{name}' package"
