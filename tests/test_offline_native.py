"""Nothing leaves the machine, seen from the kernel: every job runs as a user runs it, under
`strace -f`, and any AF_INET/AF_INET6 connect or send to an address outside loopback fails it
(a DNS query to the system resolver counts). The Python socket guard (tests/offline_guard.py)
cannot see native code; this test can.

onnxruntime (the embedder's runtime) has 1DS telemetry compiled into its Linux build: without
ORT_DISABLE_TELEMETRY=1 in the environment before it is imported, it writes a device id and an
event queue under ~/.cache/Microsoft and, about 9 s into a process, resolves
mobile.events.data.microsoft.com to upload them. A CLI job is usually over before then, so each
job is also checked for that event queue (what a later, longer run would send), and one job is
the app left open: the KB library searched, then the process stays alive past the upload time.

The children get an environment without the switches the app must set itself (nor CI markers,
which onnxruntime reads as "send nothing"), and HOME in a temporary folder.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from echoassist.offline import OFFLINE_ENV
from echoassist.paths import app_paths
from tests.kb.fakes import paper_pages, write_pdf

pytestmark = pytest.mark.slow

ECHOASSIST = Path(sys.executable).with_name("echoassist")
STRACE = shutil.which("strace") or "/usr/bin/strace"
SYSCALLS = "connect,sendto,sendmsg,sendmmsg"
# Variables that hide onnxruntime's telemetry in CI; a clinician's laptop has none of them.
CI_MARKERS = ("CI", "GITHUB_ACTIONS", "TF_BUILD", "ORT_RUNNING_UNIT_TESTS")
SESSION_SECONDS = 12  # onnxruntime's uploader resolves its host ~9 s after start

_IPV4 = re.compile(r'sa_family=AF_INET,.*?sin_addr=inet_addr\("([^"]+)"\)')
_IPV6 = re.compile(r'sa_family=AF_INET6,.*?inet_pton\(AF_INET6, "([^"]+)"')
_PORT = re.compile(r"sin6?_port=htons\((\d+)\)")
_CALL = re.compile(r"^(?:\[pid\s+)?(\d+)\]?\s+(?:<\.\.\. )?(\w+)")


def outside_loopback(trace: str) -> list[str]:
    """strace lines where a socket call names an IPv4/IPv6 address that is not loopback."""
    found = []
    for line in trace.splitlines():
        match = _IPV4.search(line) or _IPV6.search(line)
        if not match:
            continue
        host = match.group(1)
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            found.append(line)
            continue
        mapped = getattr(address, "ipv4_mapped", None)
        if address.is_loopback or (mapped is not None and mapped.is_loopback):
            continue
        if address.is_unspecified and "connect(" in line:  # AF_UNSPEC-style disconnect
            continue
        port = _PORT.search(line)
        call = _CALL.match(line)
        where = f"{host}:{port.group(1) if port else '?'}"
        what = f"pid {call.group(1)} {call.group(2)}" if call else "call"
        dns = " (DNS query)" if port and port.group(1) == "53" else ""
        found.append(f"{what} to {where}{dns}: {line.strip()[:200]}")
    return found


def _tracer_works() -> str | None:
    """None when strace can trace a child here, else why not."""
    if not Path(STRACE).exists():
        return "strace is not installed (apt install strace)"
    probe = subprocess.run(
        [STRACE, "-f", "-e", f"trace={SYSCALLS}", "-o", os.devnull, "true"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        return f"strace cannot trace here (ptrace not allowed?): {probe.stderr.strip()[:200]}"
    return None


def _namespace_works() -> bool:
    try:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


@dataclass
class Run:
    job: str
    returncode: int
    output: str
    leaks: list[str]
    telemetry_files: list[str]


class Jobs:
    """Runs each job once, as a subprocess of the installed CLI, in one throwaway home."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.home.mkdir()
        self.docs = root / "docs"
        self.docs.mkdir()
        write_pdf(
            self.docs / "stenosis.pdf",
            paper_pages("aortic stenosis"),
            title="Aortic stenosis study",
        )
        self.report = root / "report.txt"
        self.report.write_text(
            "Aortic valve: calcified. Peak velocity 4.2 m/s, mean gradient 45 mmHg, AVA 0.8 cm2.\n"
            "LVEF 55 %. Mild mitral regurgitation.\n"
        )
        # The default KB name, so that `doctor` finds everything in place (rc 0).
        self.kb_name = "starter"
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ECHOASSIST_HOME", str(root / "app"))
            self.kb_path = app_paths().kb_dir(self.kb_name)
        problem = _tracer_works()
        if problem is None:
            self.prefix = [STRACE, "-f", "-qq", "-e", f"trace={SYSCALLS}", "-e", "signal=none"]
            self.mode = "strace"
        elif _namespace_works():  # no interfaces: nothing can leave; jobs must still work
            self.prefix, self.mode = ["unshare", "-n"], "unshare"
        else:
            pytest.skip(f"{problem}; and `unshare -n` is not allowed here either")
        self.runs: dict[str, Run] = {}
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in OFFLINE_ENV and not k.startswith("ORT_") and k not in CI_MARKERS
        }
        env.update(
            ECHOASSIST_HOME=str(root / "app"),
            HOME=str(self.home),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            NO_COLOR="1",
            COLUMNS="120",
        )
        self.env = env

    def _telemetry_files(self) -> list[str]:
        """What onnxruntime's telemetry left for a later upload (device id, event queue)."""
        return sorted(
            str(p.relative_to(self.home))
            for p in self.home.rglob("*")
            if "Microsoft" in p.parts or "onnxruntime" in p.name
        )

    def run(self, job: str) -> Run:
        if job in self.runs:
            return self.runs[job]
        if job in ("search", "ask", "session", "tui") and "build" not in self.runs:
            assert self.run("build").returncode == 0, self.runs["build"].output
        argv = self._argv(job)
        log = self.root / f"strace-{job}.txt"
        prefix = [*self.prefix, "-o", str(log)] if self.mode == "strace" else self.prefix
        shutil.rmtree(self.home / ".cache", ignore_errors=True)
        result = subprocess.run(
            [*prefix, *argv],
            capture_output=True,
            text=True,
            timeout=180,
            env=self.env,
            stdin=subprocess.DEVNULL,
        )
        trace = log.read_text() if log.exists() else ""
        output = (result.stdout + result.stderr)[-3000:]
        run = Run(job, result.returncode, output, outside_loopback(trace), self._telemetry_files())
        self.runs[job] = run
        return run

    def _argv(self, job: str) -> list[str]:
        kb = ["--kb", self.kb_name]
        if job == "build":
            return [str(ECHOASSIST), "kb", "build", *kb, str(self.docs)]
        if job == "search":
            return [str(ECHOASSIST), "kb", "search", *kb, "-k", "3", "aortic stenosis"]
        if job == "report":
            return [str(ECHOASSIST), "report", str(self.report)]
        if job == "doctor":
            return [str(ECHOASSIST), "doctor"]
        if job == "ask":
            return [
                str(ECHOASSIST),
                "ask",
                *kb,
                "--no-history",
                "--max-tokens",
                "16",
                "How is aortic stenosis measured in the cohort?",
            ]
        if job == "session":
            # The app left open (as the TUI is for hours): the KB library, used as the app uses
            # it, searches once and the process lives on past onnxruntime's upload time.
            script = textwrap.dedent(
                f"""
                import time
                from kb import KnowledgeBase
                hits = KnowledgeBase({str(self.kb_path)!r}).search("aortic stenosis", 3)
                assert hits, "no hits"
                time.sleep({SESSION_SECONDS})
                print("session ok")
                """
            )
            return [sys.executable, "-c", script]
        if job == "tui":
            # The app itself, headless: start, ask one question, read the answer, stay open.
            script = textwrap.dedent(
                f"""
                import asyncio
                from echoassist.tui.app import EchoAssistApp

                async def main():
                    app = EchoAssistApp()
                    async with app.run_test(size=(100, 30)) as pilot:
                        while not app.engine_holder.ready:
                            await pilot.pause(0.1)
                        app.screen.query_one("#question").value = "How is aortic stenosis graded?"
                        await pilot.press("enter")
                        for _ in range(1200):
                            current = app.screen.current
                            if current is not None and current.result is not None:
                                break
                            await pilot.pause(0.1)
                        assert current.result is not None, "no answer"
                        await asyncio.sleep({SESSION_SECONDS})
                    print("tui ok")

                asyncio.run(main())
                """
            )
            return [sys.executable, "-c", script]
        if job == "train-eval":
            # The weights pipeline's evaluation step on the built-in GGUF (llama.cpp, METEOR's
            # WordNet, sacrebleu, rouge): two questions, no training needed.
            script = textwrap.dedent(
                f"""
                from pathlib import Path
                from echoassist.models.builtin import BUILTIN_MODELS, builtin_path
                from training.dataset import QAItem, Source, write_items
                from training.evaluate import evaluate
                from training.recipe import load_recipe

                work = Path({str(self.root / "train-eval")!r})
                work.mkdir()
                pairs = [("What is a normal PR interval?", "120 to 200 ms."),
                         ("When is a QRS wide?", "At 120 ms or more.")]
                items = [QAItem(id=f"q{{n}}", kind="qa", question=q, answer=a, group=f"g{{n}}",
                                source=Source(doc="notes.md", text=a))
                         for n, (q, a) in enumerate(pairs)]
                write_items(work / "test.jsonl", items)
                gguf = builtin_path(BUILTIN_MODELS[0])
                evaluate(load_recipe("tiny-cpu"), work / "test.jsonl", {{"base": gguf}}, {{}},
                         work / "eval")
                print("train-eval ok")
                """
            )
            return [sys.executable, "-c", script]
        raise ValueError(job)


@pytest.fixture(scope="module")
def jobs(tmp_path_factory: pytest.TempPathFactory) -> Jobs:
    if not ECHOASSIST.exists():
        pytest.skip(f"the echoassist command is not installed beside {sys.executable}")
    return Jobs(tmp_path_factory.mktemp("offline-native"))


@pytest.mark.parametrize(
    "job", ["build", "search", "report", "doctor", "ask", "session", "tui", "train-eval"])
def test_job_sends_nothing_off_the_machine(jobs: Jobs, job: str) -> None:
    run = jobs.run(job)
    assert run.returncode == 0, f"{job} failed (rc {run.returncode}):\n{run.output}"
    assert not run.leaks, f"{job} sent to the network ({jobs.mode}):\n" + "\n".join(run.leaks)
    assert not run.telemetry_files, (
        f"{job} started onnxruntime's telemetry: it queued events for upload in "
        f"{', '.join(run.telemetry_files)}"
    )


def test_outside_loopback_reads_strace_lines() -> None:
    lines = "\n".join(
        [
            "12 connect(8, {sa_family=AF_INET, sin_port=htons(53), "
            'sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
            "12 connect(3, {sa_family=AF_INET, sin_port=htons(8080), "
            'sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
            '13 sendto(4, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443), '
            'sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), '
            "sin6_scope_id=0}, 28) = 1",
            "13 connect(5, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), "
            'inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
            '14 connect(6, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1',
        ]
    )
    found = outside_loopback(lines)
    assert len(found) == 2
    assert "10.255.255.53:53 (DNS query)" in found[0]
    assert "2001:db8::1:443" in found[1]
