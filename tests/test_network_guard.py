"""The network guard (tests/network_guard.py) refuses every connection outside 127.0.0.0/8 and
::1 before a packet leaves, fails the test that tried, and lets loopback and Unix sockets be."""

from __future__ import annotations

import asyncio
import errno
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from tests.network_guard import BlockedConnection, NetworkGuard, is_loopback

REPO_ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = [("10.1.2.3", 80), ("169.254.169.254", 80), ("8.8.8.8", 53), ("::ffff:10.0.0.1", 443)]


@pytest.mark.parametrize(("host", "port"), OUTSIDE)
def test_a_connect_outside_is_refused_before_anything_is_sent(
    network_guard: NetworkGuard, host: str, port: int
) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setblocking(False)  # a real attempt would return at once with the SYN sent
        refused = pytest.raises(BlockedConnection, match=host.replace(".", r"\."))
        with network_guard.expect_blocked() as attempts, refused:
            sock.connect((host, port))
        # A socket that ever started to connect has a local port: this one never did.
        assert sock.getsockname()[1] == 0
    assert [a.how for a in attempts] == ["connect"]
    assert host in attempts[0].address and attempts[0].address.endswith(f":{port}")


def test_connect_ex_and_udp_sendto_are_refused_too(network_guard: NetworkGuard) -> None:
    blocked = network_guard.expect_blocked
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, blocked() as attempts:
        with pytest.raises(BlockedConnection):
            udp.sendto(b"metadata?", ("169.254.169.254", 80))
        with pytest.raises(BlockedConnection):
            udp.sendto(b"query", 0, ("10.1.2.3", 53))
        assert udp.getsockname()[1] == 0  # never bound: nothing went out
    with socket.socket() as tcp, blocked() as more:
        assert tcp.connect_ex(("10.1.2.3", 443)) == errno.ECONNREFUSED
        assert tcp.getsockname()[1] == 0
    assert [str(a) for a in attempts + more] == [
        "sendto to 169.254.169.254:80", "sendto to 10.1.2.3:53", "connect_ex to 10.1.2.3:443",
    ]


def test_a_host_name_other_than_localhost_is_refused_without_a_lookup(
    network_guard: NetworkGuard, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_lookup(*args: object, **kwargs: object) -> None:
        raise AssertionError("the guard must not resolve names")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    refused = pytest.raises(BlockedConnection)
    with socket.socket() as sock, network_guard.expect_blocked() as attempts, refused:
        sock.connect(("api.anthropic.com", 443))
    assert [a.address for a in attempts] == ["api.anthropic.com:443"]


async def test_asyncio_and_httpx_connections_are_refused(network_guard: NetworkGuard) -> None:
    with network_guard.expect_blocked() as attempts:
        with pytest.raises(OSError):
            await asyncio.open_connection("169.254.169.254", 80)
        async with httpx.AsyncClient() as http:
            with pytest.raises(httpx.ConnectError):
                await http.get("http://10.1.2.3:8080/latest/meta-data/")
    assert {a.address for a in attempts} == {"169.254.169.254:80", "10.1.2.3:8080"}


async def test_loopback_and_unix_sockets_still_work(tmp_path: Path) -> None:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    path = str(tmp_path / "echo.sock")
    unix = await asyncio.start_unix_server(echo, path=path)
    tcp = await asyncio.start_server(echo, host="127.0.0.1", port=0)
    port = tcp.sockets[0].getsockname()[1]
    try:
        for opened in (
            asyncio.open_unix_connection(path),
            asyncio.open_connection("127.0.0.1", port),
            asyncio.open_connection("localhost", port),
        ):
            reader, writer = await opened
            writer.write(b"hello\n")
            await writer.drain()
            assert await reader.readline() == b"hello\n"
            writer.close()
    finally:
        unix.close()
        tcp.close()
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"x")
        assert right.recv(1) == b"x"


@pytest.mark.parametrize(
    ("host", "allowed"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("localhost", True),
     ("::ffff:127.0.0.1", True), ("10.0.0.1", False), ("169.254.169.254", False),
     ("0.0.0.0", False), ("::", False), ("fe80::1%eth0", False), ("2130706433", False),
     ("127.1", False), ("metadata.google.internal", False)],
)
def test_what_counts_as_loopback(host: str, allowed: bool) -> None:
    assert is_loopback(host) is allowed


def test_a_test_that_connects_outside_fails_naming_the_address(tmp_path: Path) -> None:
    """Run a tiny suite under the guard: the test that tries fails (even though it swallows
    the error), with the address; the loopback test passes."""
    (tmp_path / "test_inner.py").write_text(textwrap.dedent("""
        import socket

        def test_swallows_the_refusal():
            try:
                socket.create_connection(("169.254.169.254", 80), timeout=5)
            except OSError:
                pass

        def test_loopback_is_fine():
            with socket.socket() as server:
                server.bind(("127.0.0.1", 0))
                server.listen()
                socket.create_connection(server.getsockname(), timeout=5).close()
    """))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.network_guard", "-p", "no:cacheprovider",
         "-q", "test_inner.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "1 failed, 1 passed" in out, out
    assert "test_swallows_the_refusal" in out
    assert "connect to 169.254.169.254:80" in out
