"""A full disk on every write path: one line naming the folder and the space needed, no
temporary files left, and what was published or recorded before stays intact.

Two ways to run out of room, each for real: a small tmpfs mounted in the test (as root; skipped
with the reason where mounting is not allowed) and filled to the last byte, and a file-size
limit (RLIMIT_FSIZE, set in the child before it starts), under which a write past the limit
fails with EFBIG as one on a full disk fails with ENOSPC. Every command runs in a child process
as a user runs it; the KB commands use the fast test embedder.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.helpers import builtin_gguf

pytestmark = pytest.mark.slow

# The app's own entry point, with the KB library's embedder swapped for the fast test one.
CHILD = """
import sys
import kb.knowledge_base
from tests.kb.fakes import HashEmbedder
kb.knowledge_base.default_embedder = HashEmbedder
from echoassist.cli import main
main(sys.argv[1:])
"""
DISK_SIZE = "8m"
QUESTION = ("ask", "What does a wide QRS complex mean?", "--max-tokens", "8")


@dataclass
class Disk:
    """Where the test's EchoAssist home lives, and how it runs out of room."""

    kind: str  # "tmpfs" or "ulimit"
    home: Path
    mount: Path | None = None
    fsize: int | None = None  # the child's file-size limit once the disk is "full"
    full: bool = False
    fillers: list[Path] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def config(self) -> Path:
        return self.home / "config"

    def fill(self, fsize: int = 64) -> None:
        """No room from now on: the tmpfs is filled to its last byte, or the limit applies."""
        self.full = True
        self.fsize = fsize
        if self.mount is None:
            return
        filler = self.mount / f"filler-{len(self.fillers)}"
        self.fillers.append(filler)
        block = b"\0" * (1 << 16)
        with filler.open("wb", buffering=0) as handle:
            for size in (1 << 16, 4096, 512, 1):
                try:
                    while True:
                        handle.write(block[:size])
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc
        assert shutil.disk_usage(self.mount).free < 4096

    def free(self) -> None:
        self.full = False
        for filler in self.fillers:
            filler.unlink()
        self.fillers.clear()

    def cause(self) -> str:
        """How the one line names the cause."""
        if self.kind == "tmpfs":
            return "(no space left on the device)"
        return "(file too large: the file-size limit (ulimit -f) of "

    def run(self, *args: str, timeout: int = 240) -> subprocess.CompletedProcess[str]:
        limit = self.fsize if self.full and self.kind == "ulimit" else None

        def preexec() -> None:
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        env = dict(os.environ, ECHOASSIST_HOME=str(self.home))
        return subprocess.run([sys.executable, "-c", CHILD, *args], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=timeout, preexec_fn=preexec)


def mount_tmpfs(where: Path, size: str) -> str | None:
    """None once a tmpfs of `size` is mounted at `where`, else why it cannot be."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "mounting a small tmpfs needs root (CI runs the tests as root)"
    if shutil.which("mount") is None:
        return "no mount command here"
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                           str(where)], capture_output=True, text=True)
    if proc.returncode != 0:
        return f"mounting a tmpfs is not allowed here: {proc.stderr.strip() or proc.returncode}"
    return None


@pytest.fixture(params=["tmpfs", "ulimit"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Disk]:
    if request.param == "ulimit":
        yield Disk("ulimit", tmp_path / "home")
        return
    mount = tmp_path / "small-disk"
    why_not = mount_tmpfs(mount, DISK_SIZE)
    if why_not:
        pytest.skip(why_not)
    try:
        yield Disk("tmpfs", mount / "home", mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr  # one line, no traceback
    return lines[0]


def assert_names_folder_and_space(line: str, name: str, folder: Path, disk: Disk) -> None:
    assert f"disk full: {name} could not be written in {folder} {disk.cause()}" in line, line
    assert "; it needs about " in line and " is free there. " in line, line


def leftovers(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.rglob("*.tmp"))


def test_history_off_on_a_full_disk_is_one_line_and_changes_nothing(disk: Disk) -> None:
    disk.config.mkdir(parents=True)
    disk.fill(fsize=8)
    line = one_line(disk.run("history", "off"))
    assert line.startswith("error: disk full: config.toml could not be written")
    assert_names_folder_and_space(line, "config.toml", disk.config, disk)
    assert "settings are unchanged" in line
    assert sorted(p.name for p in disk.config.iterdir()) == []  # no config.toml.tmp either
    disk.free()
    assert disk.run("history", "off").returncode == 0


def test_models_add_on_a_full_disk_is_one_line_and_registers_nothing(disk: Disk) -> None:
    disk.data.mkdir(parents=True)
    disk.fill(fsize=64)
    line = one_line(disk.run("models", "add", str(builtin_gguf()), "--name", "full-disk"))
    assert_names_folder_and_space(line, "models.json", disk.data, disk)
    assert sorted(p.name for p in disk.data.iterdir()) == []  # no models.json(.tmp)


def test_ask_without_a_registry_still_answers_on_a_full_disk(disk: Disk) -> None:
    disk.data.mkdir(parents=True)
    disk.fill(fsize=64)
    proc = disk.run(*QUESTION, "--no-history")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert "Traceback" not in proc.stderr and "error" not in proc.stderr.lower(), proc.stderr
    assert leftovers(disk.home) == []


def test_ask_prints_its_answer_and_says_history_was_not_saved(disk: Disk) -> None:
    assert disk.run("models", "list").returncode == 0  # models.json written while there is room
    disk.fill(fsize=64)
    proc = disk.run(*QUESTION)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()  # the answer
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("warning: history could not be saved: disk full: "), lines[0]
    assert_names_folder_and_space(lines[0], "history.sqlite3", disk.data, disk)
    assert leftovers(disk.home) == []


def _notes(folder: Path, names: list[str], sentences: int = 120) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        body = " ".join(f"Finding {i} of {name}: the aortic valve area was {i % 9 + 1}.{i % 7} "
                        f"cm2 with a mean gradient of {20 + i % 30} mmHg."
                        for i in range(sentences))
        (folder / f"{name}.md").write_text(f"# Note {name}\n\n## Findings\n\n{body}\n")
    return folder


def _listed(disk: Disk) -> list[str]:
    proc = disk.run("kb", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    return sorted(d["path"].rsplit("/", 1)[-1] for d in json.loads(proc.stdout))


def test_kb_build_on_a_full_disk_is_one_line_and_keeps_the_published_kb(
    disk: Disk, tmp_path: Path
) -> None:
    docs = _notes(tmp_path / "docs", ["first"])
    assert disk.run("kb", "build", str(docs)).returncode == 0
    _notes(docs, ["second", "third"])
    disk.fill(fsize=4096)
    line = one_line(disk.run("kb", "build", str(docs)))
    assert_names_folder_and_space(line, "the knowledge base", disk.data / "kb" / "starter", disk)
    assert "run the build again" in line
    assert _listed(disk) == ["first.md"]
    disk.free()
    done = disk.run("kb", "build", str(docs))
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout
    assert _listed(disk) == ["first.md", "second.md", "third.md"]


def test_kb_remove_on_a_full_disk_is_one_line_and_keeps_the_document(
    disk: Disk, tmp_path: Path
) -> None:
    docs = _notes(tmp_path / "docs", ["first", "second"])
    assert disk.run("kb", "build", str(docs)).returncode == 0
    disk.fill(fsize=64)
    line = one_line(disk.run("kb", "remove", "second.md"))
    assert_names_folder_and_space(line, "the knowledge base", disk.data / "kb" / "starter", disk)
    assert _listed(disk) == ["first.md", "second.md"]
    disk.free()
    assert disk.run("kb", "remove", "second.md").returncode == 0
    assert _listed(disk) == ["first.md"]


def test_a_build_that_published_and_then_could_not_tidy_up_succeeds_with_a_warning(
    tmp_path: Path,
) -> None:
    """The changed note's new rows and the manifest fit under the file-size limit; compacting the
    first build's data file (a sixth of it deleted now) into a new one does not. The documents
    are in, so the build succeeded, and the KB is searchable."""
    disk = Disk("ulimit", tmp_path / "home")
    docs = _notes(tmp_path / "docs", ["first"], sentences=400)
    _notes(docs, ["second"], sentences=100)
    assert disk.run("kb", "build", str(docs)).returncode == 0
    data = disk.data / "kb" / "starter" / "lance" / "chunks_1.lance" / "data"
    [fragment] = list(data.iterdir())
    _notes(docs, ["second"], sentences=101)  # changed: its old rows are deleted, new ones added
    disk.fill(fsize=fragment.stat().st_size // 2)
    proc = disk.run("kb", "build", str(docs))
    assert proc.returncode == 0, proc.stderr
    assert "1 updated" in proc.stdout
    [warning] = proc.stderr.strip().splitlines()
    assert warning.startswith("warning: disk full: the knowledge base's compaction could not be "
                              f"written in {disk.data / 'kb' / 'starter'} (file too large"), warning
    assert "the changes are in and searchable" in warning
    assert _listed(disk) == ["first.md", "second.md"]
    disk.free()
    search = disk.run("kb", "search", "Finding 100 of second", "--json")
    assert search.returncode == 0, search.stderr
    assert any("Finding 100 of second" in hit["text"] for hit in json.loads(search.stdout))
