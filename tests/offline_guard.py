"""pytest plugin: any connection that leaves the machine fails the test that made it."""

from __future__ import annotations

import pytest

from echoassist.offline import install_guard, set_offline_env, uninstall_guard

_blocked: list[object] = []


def pytest_configure(config: pytest.Config) -> None:
    set_offline_env()
    install_guard(on_blocked=_blocked.append)


def pytest_unconfigure(config: pytest.Config) -> None:
    uninstall_guard()


@pytest.fixture(autouse=True)
def _fail_on_network_use():
    _blocked.clear()
    yield
    if _blocked:
        attempts = ", ".join(repr(a) for a in _blocked)
        _blocked.clear()
        pytest.fail(f"test tried to reach the network: {attempts}")
