"""Name resolution and connections under the test's control, so outbound-check tests never
touch the network: a fake ``socket.getaddrinfo`` answers for test host names (and refuses
every other name, so nothing is ever looked up for real), and every socket connect is recorded
and refused unless it goes to loopback."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

Answer = str | list[str] | Callable[[], list[str]]


def _literal(name: str) -> str:
    """An address written as one, or localhost; any other unknown name does not resolve."""
    if name == "localhost":
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(name.strip("[]")))
    except ValueError:
        raise socket.gaierror(socket.EAI_NONAME, f"{name}: unknown in this test") from None


@dataclass
class FakeResolver:
    """``names[host]``: the address(es) ``host`` resolves to, or a callable giving them per
    lookup (DNS that changes its answer). ``lookups`` lists every name looked up."""

    names: dict[str, Answer] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        self.lookups.append(name)
        answer = self.names.get(name)
        if answer is None:
            addresses = [_literal(name)]
        elif callable(answer):
            addresses = answer()
        else:
            addresses = [answer] if isinstance(answer, str) else list(answer)
        port_number = int(port or 0)
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                socket.IPPROTO_TCP,
                "",
                (a, port_number, 0, 0) if ":" in a else (a, port_number),
            )
            for a in addresses
        ]


@dataclass
class ConnectRecorder:
    """Every address a socket tried to connect to; non-loopback attempts are refused before
    any packet leaves (and recorded in ``refused``)."""

    addresses: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> FakeResolver:
    fake = FakeResolver()
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectRecorder]:
    record = ConnectRecorder()
    original = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> Any:
        host = str(address[0]) if isinstance(address, tuple) else str(address)
        record.addresses.append(host)
        internet = sock.family in (socket.AF_INET, socket.AF_INET6)
        if internet and not ipaddress.ip_address(host.split("%")[0]).is_loopback:
            record.refused.append(host)
            raise ConnectionRefusedError(f"test refused a connection to {host}")
        return original(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield record
