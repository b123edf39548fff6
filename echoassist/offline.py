"""Keep the app offline: refuse any socket connection that leaves the machine.

The app never needs the network at run time; a library that tries to phone home (a model hub,
telemetry) must fail loudly here rather than leak patient context or hang on a laptop with no
network. Loopback stays allowed for a user's own local servers.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterable
from typing import Any

# Environment switches that libraries we use honour; set before they are imported.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "LANCEDB_TELEMETRY": "0",
    # onnxruntime's 1DS telemetry (a device id, an event queue, and DNS queries for
    # mobile.events.data.microsoft.com); kb/embed.py forces it too, for programs that use kb alone.
    "ORT_DISABLE_TELEMETRY": "1",
}


class NetworkBlockedError(ConnectionRefusedError):
    """Raised instead of opening a connection that would leave this machine."""


def set_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def is_local_address(address: object) -> bool:
    """True for loopback IPs, 'localhost' and Unix-domain socket paths."""
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


# socket.socket's own methods, kept to call through and to restore.
_original_connect: Callable[[socket.socket, Any], None] | None = None
_original_connect_ex: Callable[[socket.socket, Any], int] | None = None


def install_guard(
    allow_hosts: Iterable[str] = (),
    on_blocked: Callable[[object], None] | None = None,
) -> None:
    """Make socket.connect refuse non-loopback destinations.

    The first guard installed stays: a later call (the CLI's, inside a test run) must not
    replace the test suite's guard, which records the attempt and fails the test.
    """
    global _original_connect, _original_connect_ex
    if _original_connect is not None:
        return
    allowed = set(allow_hosts)
    _original_connect = socket.socket.connect
    _original_connect_ex = socket.socket.connect_ex
    real_connect, real_connect_ex = _original_connect, _original_connect_ex

    def check(address: object) -> None:
        if is_local_address(address):
            return
        if isinstance(address, tuple) and address and address[0] in allowed:
            return
        if on_blocked is not None:
            on_blocked(address)
        raise NetworkBlockedError(f"EchoAssist is offline: blocked a connection to {address!r}")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        check(address)
        real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    # Patching the class itself is the point; typeshed types `self` as _socket.socket.
    socket.socket.connect = guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign,assignment]


def uninstall_guard() -> None:
    global _original_connect, _original_connect_ex
    if _original_connect is not None:
        socket.socket.connect = _original_connect  # type: ignore[method-assign,assignment]
        socket.socket.connect_ex = _original_connect_ex  # type: ignore[method-assign,assignment]
        _original_connect = _original_connect_ex = None
