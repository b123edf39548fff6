import socket

import pytest

from echoassist.offline import NetworkBlockedError, is_local_address


def test_connection_to_the_internet_is_refused():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkBlockedError):
            sock.connect(("93.184.216.34", 443))
    finally:
        sock.close()
    # The plugin would fail this test for the attempt; clear it since we made it on purpose.
    from tests import offline_guard

    assert offline_guard._blocked, "the guard did not record the attempt"
    offline_guard._blocked.clear()


def test_loopback_stays_allowed():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        client.connect(server.getsockname())
    finally:
        client.close()
        server.close()


@pytest.mark.parametrize(
    "address, local",
    [(("127.0.0.1", 80), True), (("::1", 80, 0, 0), True), (("localhost", 1), True),
     ("/tmp/socket", True), (("10.0.0.1", 80), False), (("8.8.8.8", 53), False),
     (("example.org", 443), False)],
)
def test_is_local_address(address, local):
    assert is_local_address(address) is local


def test_the_cli_keeps_the_suites_guard_in_place():
    from echoassist import offline
    from echoassist.cli import main

    guard = socket.socket.connect
    try:
        main(["--help"])
    except SystemExit:
        pass
    assert socket.socket.connect is guard
    assert offline._original_connect is not None
