"""llama.cpp's OpenAI-compatible server (`python -m llama_cpp.server`) on loopback, as a process.

A local teacher for synth-qa with the same client and code path a vLLM server gets at scale
(data.teacher_url), and the real server the tests kill and restart mid-run. Needs the
`teacher-server` extra (llama-cpp-python[server]); install.sh --dev installs it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from training.errors import TrainingError


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class LlamaServer:
    model: Path
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"  # loopback only: the offline rule
    threads: int = 0
    """0 = llama.cpp's default (half the cores)."""
    n_ctx: int = 2048
    alias: str = "teacher"
    log: Path | None = None
    """Where the server's output goes (appended: a restart adds to it); None = discarded."""
    process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model),
               "--host", self.host, "--port", str(self.port), "--n_ctx", str(self.n_ctx),
               "--model_alias", self.alias, "--verbose", "false"]
        return cmd + (["--n_threads", str(self.threads)] if self.threads else [])

    def start(self, timeout: float = 120) -> str:
        """Start the server and wait until it answers; returns its base URL."""
        import importlib.util

        if importlib.util.find_spec("uvicorn") is None:
            raise TrainingError("llama.cpp's server needs its extra: "
                                "pip install -e '.[teacher-server]' (install.sh --dev does)")
        # The child keeps its own copy of the log's file descriptor.
        with (self.log or Path(os.devnull)).open("ab") as out:
            self.process = subprocess.Popen(self.command(), stdout=out,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise TrainingError(f"llama.cpp's server exited at start (code "
                                    f"{self.process.returncode}); see {self.log or 'its log'}")
            if self.ready():
                return self.url
            time.sleep(0.2)
        self.kill()
        raise TrainingError(f"llama.cpp's server did not answer within {timeout:.0f} s")

    def ready(self) -> bool:
        from openai import OpenAI, OpenAIError

        try:
            with OpenAI(base_url=self.url, api_key="not-needed", max_retries=0,
                        timeout=2) as client:
                client.models.list()
            return True
        except OpenAIError:
            return False

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM killer would: no goodbye to the clients."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> LlamaServer:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
