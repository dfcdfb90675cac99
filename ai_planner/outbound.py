"""Which URLs and network addresses the product may call on a tenant's behalf.

A tenant admin can type any base URL for a provider, and the gateway then sends a request
there from inside our network (server-side request forgery). One rule decides what is
acceptable, applied at two moments:

- :func:`check_base_url` when a URL is written down (a provider config is saved) and again
  when the gateway is about to call it: the URL as written, without touching the network;
- :func:`vetted_addresses` when the gateway connects: every address the host name resolves
  to, on every new connection. The caller connects to one of the returned addresses, never
  resolves the name again, so a DNS answer that changes between check and connect (DNS
  rebinding) cannot slip through.

Always refused: a user name or password in the URL, host names written as unusual numbers
(``2130706433``, ``0x7f000001``, ``127.1``), cloud metadata services, link-local, multicast,
unspecified and reserved addresses. Private and loopback addresses only when the operator
lists the host (or its network) in ``AI_PROVIDER_ALLOWED_HOSTS``; loopback is also allowed in
development and test. Production requires https.

Neutral on purpose: no Reflex, database or gateway imports, so repositories and the gateway
share it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import anyio.to_thread
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_HOSTS_VARIABLE = "AI_PROVIDER_ALLOWED_HOSTS"
# Instance metadata services (they hand out cloud credentials): AWS, GCP, Azure, OpenStack
# (169.254.169.254 and AWS's IPv6 fd00:ec2::254), Alibaba (100.100.100.200), Oracle
# (192.0.0.192), AWS ECS task metadata (169.254.170.2).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",
        "169.254.170.2",
        "fd00:ec2::254",
        "fd00:ec2::23",
        "100.100.100.200",
        "192.0.0.192",
    )
)
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.internal",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
        "metadata.platformequinix.com",
    }
)
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")  # "this host on this network"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 addresses embedded for NAT64
_HOST_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$")
# WHATWG URL parsing reads a host whose last label is a number as an IPv4 address, and so
# does the C resolver (inet_aton): 2130706433, 0x7f000001, 127.1 and 0177.0.0.1 all mean
# 127.0.0.1.
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")


class OutboundRefused(ValueError):
    """A URL or address the product will not call. ``str()`` says why, for an admin."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OutboundConfigError(ValueError):
    """``AI_PROVIDER_ALLOWED_HOSTS`` holds an entry that cannot be used."""


class _SettingsLike(Protocol):
    env: str
    provider_allowed_hosts: str


@dataclass(frozen=True)
class OutboundPolicy:
    """What the operator allows beyond public addresses. Build it with :meth:`parse` or
    :meth:`from_settings`; the default allows public addresses only."""

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()
    allow_loopback: bool = False
    require_https: bool = False

    @classmethod
    def parse(
        cls, allowed: str, *, allow_loopback: bool = False, require_https: bool = False
    ) -> OutboundPolicy:
        """``allowed`` is comma-separated host names, addresses and networks (CIDR)."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (e.strip().lower() for e in allowed.split(",")):
            if not entry:
                continue
            try:
                network = ipaddress.ip_network(entry.strip("[]"), strict=False)
            except ValueError:
                hosts.add(_allowed_name(entry))
                continue
            if any(_always_refused(a) for a in (network[0], network[-1])) or any(
                a in network for a in METADATA_ADDRESSES
            ):
                raise OutboundConfigError(
                    f"{ALLOWED_HOSTS_VARIABLE}: {entry!r} includes link-local, metadata, "
                    "multicast, unspecified or reserved addresses, which are never allowed."
                )
            networks.append(network)
        return cls(frozenset(hosts), tuple(networks), allow_loopback, require_https)

    @classmethod
    def from_settings(cls, settings: _SettingsLike) -> OutboundPolicy:
        return cls.parse(
            settings.provider_allowed_hosts,
            allow_loopback=settings.env in ("development", "test"),
            require_https=settings.env == "production",
        )

    def lists(self, host: str, address: IPAddress | None = None) -> bool:
        """Whether the operator listed this host name or a network holding ``address``."""
        if host in self.allowed_hosts:
            return True
        return address is not None and any(address in n for n in self.allowed_networks)


def _allowed_name(entry: str) -> str:
    name = entry.rstrip(".")
    if not _HOST_NAME.match(name) or _NUMERIC_LABEL.match(name.rsplit(".", 1)[-1]):
        raise OutboundConfigError(
            f"{ALLOWED_HOSTS_VARIABLE}: {entry!r} is neither a host name nor an address or "
            "network such as 10.0.0.0/8 (no scheme, port or path)."
        )
    if name in METADATA_HOSTS:
        raise OutboundConfigError(
            f"{ALLOWED_HOSTS_VARIABLE}: {entry!r} is a cloud metadata service; it is never "
            "allowed."
        )
    return name


def _default_policy() -> OutboundPolicy:
    from ai_planner.settings import get_settings

    return OutboundPolicy.from_settings(get_settings())


# --- the URL as written ---------------------------------------------------------------------
def check_base_url(url: str, policy: OutboundPolicy | None = None) -> str:
    """The base URL, trimmed (no surrounding spaces or trailing slash), if the product may
    call it; raises :class:`OutboundRefused` saying why not. Checks the URL as written
    (scheme, credentials, host form, literal addresses), not what its name resolves to."""
    policy = policy or _default_policy()
    cleaned = url.strip().rstrip("/")
    try:
        parsed = httpx.URL(cleaned)
    except (httpx.InvalidURL, TypeError) as exc:
        raise OutboundRefused(f"The base URL is not a valid URL ({exc}).") from None
    if parsed.scheme not in ("http", "https"):
        raise OutboundRefused("The base URL must start with https:// (or http://).")
    if parsed.userinfo or "@" in cleaned.split("//", 1)[-1].split("/", 1)[0]:
        raise OutboundRefused(
            "The base URL must not contain a user name or password (text before '@' in the "
            "host part): the request would go to the host after the '@'."
        )
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise OutboundRefused(f"The base URL's port {parsed.port} is not a valid port.")
    host = parsed.raw_host.decode("ascii")
    if not host:
        raise OutboundRefused("The base URL has no host name.")
    address = check_host(host, policy)
    if address is not None:
        check_address(address, host=host, policy=policy)
    if policy.require_https and parsed.scheme != "https":
        raise OutboundRefused("The base URL must use https:// in production.")
    return cleaned


def check_host(host: str, policy: OutboundPolicy) -> IPAddress | None:
    """Refuse host names that are never acceptable; return the address when ``host`` is an
    IP address literal (to be checked with :func:`check_address`)."""
    host = host.lower().strip("[]")
    if ":" in host:  # IPv6 literal
        if "%" in host:
            raise OutboundRefused(
                f"The base URL's host {host!r} names a network interface (a zone); only "
                "ordinary addresses are allowed."
            )
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise OutboundRefused(f"The base URL's host {host!r} is not a valid address.") from None
    name = host[:-1] if host.endswith(".") else host
    if _NUMERIC_LABEL.match(name.rsplit(".", 1)[-1]):
        try:
            address = ipaddress.IPv4Address(name)
        except ValueError:
            address = None
        if address is None or str(address) != name:
            raise OutboundRefused(
                f"The base URL's host {host!r} is an address written as a number in an unusual "
                "form; write the host name, or the address in the usual form (such as "
                "203.0.113.7)."
            )
        return address
    if not _HOST_NAME.match(name):
        raise OutboundRefused(f"The base URL's host {host!r} is not a valid host name.")
    if name in METADATA_HOSTS:
        raise OutboundRefused(
            f"The base URL points at a cloud metadata service ({host}); that is never allowed."
        )
    is_localhost = name == "localhost" or name.endswith(".localhost")
    if is_localhost and not (policy.allow_loopback or policy.lists(name)):
        raise OutboundRefused(_not_listed(host, "this server itself (localhost)"))
    return None


# --- an address -----------------------------------------------------------------------------
def _effective(address: IPAddress) -> IPAddress:
    """The address a packet really goes to: the IPv4 address an IPv6 address carries
    (IPv4-mapped, NAT64, 6to4), else the address itself."""
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour or address


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _always_refused(address: IPAddress) -> str | None:
    """Why ``address`` may never be called, whatever the operator allows."""
    address = _effective(address)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata service"
    if address.is_loopback:
        return None  # (::1 sits inside the reserved ::/8: decided before "reserved")
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified or address in _THIS_NETWORK:
        return "an unspecified address"
    if address.is_reserved:
        return "a reserved address"
    return None


def check_address(address: IPAddress, *, host: str, policy: OutboundPolicy) -> None:
    """Raise :class:`OutboundRefused` unless the product may connect to ``address`` for
    ``host`` (the name as written in the URL, which the allow-list may name)."""
    name = host.lower().strip("[]").rstrip(".")
    real = _effective(address)
    shown = name if _is_literal(name) else f"{name}, which resolves to {address}"
    never = _always_refused(real)
    if never:
        raise OutboundRefused(f"The base URL points at {never} ({shown}); that is never allowed.")
    if real.is_loopback:
        if not (policy.allow_loopback or policy.lists(name, real) or policy.lists(name, address)):
            raise OutboundRefused(_not_listed(shown, "this server itself (loopback)"))
    elif not real.is_global and not (policy.lists(name, real) or policy.lists(name, address)):
        raise OutboundRefused(_not_listed(shown, "a private network address"))


def _not_listed(shown: str, what: str) -> str:
    return (
        f"The base URL points at {what} ({shown}). That is allowed only when the operator "
        f"lists the host in {ALLOWED_HOSTS_VARIABLE}."
    )


# --- at connection time ---------------------------------------------------------------------
def _resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _addresses(infos: Iterable[tuple[Any, ...]]) -> list[IPAddress]:
    found: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone: checked as link-local
        address = ipaddress.ip_address(raw)
        if address not in found:
            found.append(address)
    return found


async def vetted_addresses(host: str, port: int, policy: OutboundPolicy) -> list[str]:
    """The addresses to connect to for ``host:port``, every one of them checked; raises
    :class:`OutboundRefused` when the name or any address it resolves to is refused (a name
    that resolves to a public and a private address is refused, not half-trusted), and
    ``OSError`` when the name does not resolve."""
    literal = check_host(host, policy)
    if literal is not None:
        check_address(literal, host=host, policy=policy)
        return [str(literal)]
    infos = await anyio.to_thread.run_sync(_resolve, host, port, abandon_on_cancel=True)
    addresses = _addresses(infos)
    if not addresses:
        raise OSError(f"{host} did not resolve to any address")
    for address in addresses:
        check_address(address, host=host, policy=policy)
    return [str(a) for a in addresses]
