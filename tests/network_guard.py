"""No test leaves the machine: every socket connection to an address outside 127.0.0.0/8 and
::1 is refused before it is made, recorded, and fails the test that made it.

``socket.socket.connect``, ``connect_ex`` and ``sendto`` are patched for the whole run; they
are what ``socket.create_connection``, httpx (sync and async), redis-py and asyncio's
``sock_connect`` / ``create_connection`` / ``create_datagram_endpoint`` call in the end. A
refused call raises :class:`BlockedConnection` (a ``ConnectionRefusedError``, so the code
under test sees an ordinary refusal; ``connect_ex`` returns ``ECONNREFUSED``). Whatever that
code does with it, the test fails in the phase (setup, call, teardown) that tried, naming the
address. Unix sockets and other families pass; a host name other than ``localhost`` is
refused too (it would need a DNS lookup).

Loaded by ``tests/conftest.py``; usable on its own with ``-p tests.network_guard``. A test
that means to try (the guard's own tests) wraps the attempt in
``network_guard.expect_blocked()``.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_INET = (socket.AF_INET, socket.AF_INET6)


class BlockedConnection(ConnectionRefusedError):
    """A test tried to reach an address outside the machine; nothing was sent."""


@dataclass(frozen=True)
class Attempt:
    how: str  # "connect", "connect_ex", "sendto"
    address: str  # host:port as given

    def __str__(self) -> str:
        return f"{self.how} to {self.address}"


def is_loopback(host: str) -> bool:
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])  # drop an IPv6 scope id
    except ValueError:
        return False  # a name other than localhost: refused (resolving it would leave)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


class NetworkGuard:
    """The patch and the record of refused attempts not yet reported."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[Attempt] = []
        self._originals: dict[str, Callable[..., Any]] = {}

    # --- the patch -------------------------------------------------------------------------
    def install(self) -> None:
        if self._originals:
            return
        for name in ("connect", "connect_ex", "sendto"):
            self._originals[name] = getattr(socket.socket, name)
        real_connect = self._originals["connect"]
        real_connect_ex = self._originals["connect_ex"]
        real_sendto = self._originals["sendto"]
        guard = self

        def connect(sock: socket.socket, address: Any) -> None:
            guard.check(sock, address, "connect")
            return real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            try:
                guard.check(sock, address, "connect_ex")
            except BlockedConnection:
                return errno.ECONNREFUSED  # connect_ex reports, it does not raise
            return real_connect_ex(sock, address)

        def sendto(sock: socket.socket, data: Any, *args: Any) -> int:
            guard.check(sock, args[-1], "sendto")  # sendto(data, [flags,] address)
            return real_sendto(sock, data, *args)

        socket.socket.connect = connect  # type: ignore[method-assign]
        socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
        socket.socket.sendto = sendto  # type: ignore[method-assign,assignment]

    def uninstall(self) -> None:
        for name, original in self._originals.items():
            setattr(socket.socket, name, original)
        self._originals.clear()

    @property
    def installed(self) -> bool:
        return bool(self._originals)

    def check(self, sock: socket.socket, address: Any, how: str) -> None:
        if sock.family not in _INET or not isinstance(address, tuple) or not address:
            return  # Unix sockets, netlink …
        host = address[0].decode() if isinstance(address[0], bytes) else str(address[0])
        if is_loopback(host):
            return
        port = address[1] if len(address) > 1 else "?"
        attempt = Attempt(how, f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
        with self._lock:
            self._pending.append(attempt)
        raise BlockedConnection(
            f"network guard: tests may only connect to 127.0.0.0/8 and ::1, not {attempt}"
        )

    # --- the record ------------------------------------------------------------------------
    def take(self) -> list[Attempt]:
        with self._lock:
            taken, self._pending = self._pending, []
        return taken

    @contextlib.contextmanager
    def expect_blocked(self) -> Iterator[list[Attempt]]:
        """Attempts made inside are expected: listed here, not failing the test."""
        before = self.take()
        seen: list[Attempt] = []
        try:
            yield seen
        finally:
            seen.extend(self.take())
            with self._lock:
                self._pending[:0] = before


GUARD = NetworkGuard()
GUARD.install()  # from import on: collection and session fixtures are covered too
_STRAY: list[Attempt] = []  # attempts outside any test's phases (collection, between tests)


def _fail_if_attempted(phase: str) -> None:
    attempts = GUARD.take()
    if attempts:
        listed = ", ".join(str(a) for a in attempts)
        pytest.fail(
            f"this test tried to leave the machine during {phase}: {listed} "
            "(refused before connecting; tests may only reach 127.0.0.0/8 and ::1)",
            pytrace=False,
        )


def _guarded_phase(phase: str) -> Generator[None, Any, Any]:
    _STRAY.extend(GUARD.take())  # made outside any test: reported at the end of the run
    try:
        return (yield)
    finally:
        _fail_if_attempted(phase)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, Any, Any]:
    return (yield from _guarded_phase("setup"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    return (yield from _guarded_phase("the test"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, Any, Any]:
    return (yield from _guarded_phase("teardown"))


@pytest.fixture(autouse=True)
def network_guard() -> NetworkGuard:
    """The guard (autouse: every test runs under it). ``network_guard.expect_blocked()``
    lets a test try an outside address on purpose and inspect the refusal."""
    GUARD.install()  # a test may have uninstalled it to look at the real socket methods
    return GUARD


def report_stray_attempts(session: pytest.Session) -> None:
    """Attempts made outside any test (collection, session fixtures' own threads) fail the
    run too, listed at its end."""
    stray = _STRAY + GUARD.take()
    _STRAY.clear()
    if not stray:
        return
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "network guard: refused outside any test: " + ", ".join(map(str, stray))
    if reporter is not None:
        reporter.write_line(message, red=True, bold=True)


def pytest_sessionfinish(session: pytest.Session) -> None:  # when loaded with -p
    report_stray_attempts(session)
