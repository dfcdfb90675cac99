"""The HTTP clients the providers share, one pair per event loop (an httpx client is
loop-bound):

- the **environment** client, for the operator's own base URLs (``ANTHROPIC_BASE_URL``,
  ``OPENAI_BASE_URL``): trusted configuration, plain httpx;
- the **tenant** client, for base URLs a tenant chose: a pool of its own (a slow tenant
  server cannot starve the real providers' calls), at most ``max_per_host`` calls in flight
  per host (nor other tenants' servers), and every connection made through
  :class:`VettedNetworkBackend`, which resolves the host name itself, checks every address
  (``ai_planner.outbound``) and connects to the checked address.

Neither follows redirects nor keeps cookies (one client serves every tenant). Tenant calls
never go through a proxy from the environment (``HTTPS_PROXY``): a proxy would resolve and
connect on the gateway's behalf, out of reach of the address check.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

import anyio
import httpcore
import httpx

from ai_planner.outbound import OutboundPolicy, vetted_addresses

DEFAULT_LIMITS = httpx.Limits(max_connections=200, max_keepalive_connections=50)
# Calls in flight to one tenant host. A server that stalls holds at most this many
# connections of the tenant pool; further calls to it wait up to the connect timeout.
MAX_CALLS_PER_TENANT_HOST = 16


class _NoCookies(httpx.Cookies):
    """A jar that keeps nothing."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class ProviderHTTPClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` without a cookie jar. One client serves every tenant's calls,
    so a cookie a provider (or its CDN) sets on one tenant's call must not ride along on the
    next tenant's; skipping the jar also saves its parsing on every response."""

    @property  # type: ignore[override]
    def cookies(self) -> httpx.Cookies:
        return _NoCookies()

    @cookies.setter
    def cookies(self, _cookies: object) -> None:
        pass  # never kept


# --- every connection checked -----------------------------------------------------------------
class VettedNetworkBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with the outbound check in front of every connection: the
    host is resolved here, every address checked, and the connection opened to a checked
    address, so DNS cannot answer differently between the check and the connect. TLS still
    verifies the certificate against the host name (httpcore passes it to ``start_tls``)."""

    def __init__(self, policy: OutboundPolicy) -> None:
        self._policy = policy
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                addresses = await vetted_addresses(host, port, self._policy)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} took too long") from None
        except OSError as exc:  # the name does not resolve
            raise httpcore.ConnectError(f"could not resolve {host}: {exc}") from exc
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._backend.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:  # try the next address of the name
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("tenant base URLs never use unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


class VettedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport on :class:`VettedNetworkBackend` (httpx 0.28 takes no backend
    argument, so the connection pool is rebuilt with the same settings and the backend)."""

    def __init__(
        self,
        policy: OutboundPolicy,
        *,
        limits: httpx.Limits = DEFAULT_LIMITS,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        ssl_context = httpx.create_ssl_context(verify=verify)
        super().__init__(limits=limits, verify=ssl_context)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=VettedNetworkBackend(policy),
        )


# --- a cap per tenant host ----------------------------------------------------------------------
class HostBusy(httpx.PoolTimeout):
    """Too many calls to one tenant host are in flight; this one waited and gave up."""

    def __init__(self, host: str, limit: int, request: httpx.Request) -> None:
        super().__init__(f"{limit} calls to {host} are already in flight", request=request)
        self.host = host
        self.limit = limit


@dataclass
class _HostSlots:
    slots: asyncio.Semaphore
    users: int = 0  # holding or waiting: the entry is dropped at zero


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that gives its host slot back when closed."""

    def __init__(self, stream: httpx.AsyncByteStream, release: _Release) -> None:
        self._stream = stream
        self._release = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            self._release()


class _Release:
    def __init__(self, limiter: PerHostLimit, key: str) -> None:
        self._limiter, self._key, self._done = limiter, key, False

    def __call__(self) -> None:
        if not self._done:
            self._done = True
            self._limiter._release(self._key)


class PerHostLimit(httpx.AsyncBaseTransport):
    """At most ``limit`` requests per host (scheme, host, port) in flight, a request's slot
    held until its response is closed; a request that cannot get a slot within ``wait``
    seconds fails with :class:`HostBusy`."""

    def __init__(self, transport: httpx.AsyncBaseTransport, limit: int, wait: float) -> None:
        self._transport = transport
        self._limit = limit
        self._wait = wait
        self._hosts: dict[str, _HostSlots] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
        entry = self._hosts.setdefault(key, _HostSlots(asyncio.Semaphore(self._limit)))
        entry.users += 1
        try:
            async with asyncio.timeout(self._wait):
                await entry.slots.acquire()
        except TimeoutError:
            self._forget(key)
            raise HostBusy(key, self._limit, request) from None
        except BaseException:
            self._forget(key)
            raise
        release = _Release(self, key)
        try:
            response = await self._transport.handle_async_request(request)
        except BaseException:
            release()
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _ReleasingStream(response.stream, release)
        return response

    def _release(self, key: str) -> None:
        self._hosts[key].slots.release()
        self._forget(key)

    def _forget(self, key: str) -> None:
        entry = self._hosts[key]
        entry.users -= 1
        if entry.users == 0:
            del self._hosts[key]

    async def aclose(self) -> None:
        await self._transport.aclose()


# --- the pair of clients per event loop -------------------------------------------------------
@dataclass
class _LoopClients:
    loop: asyncio.AbstractEventLoop
    environment: ProviderHTTPClient
    tenant: ProviderHTTPClient | None = None  # made on first use


class ClientPool:
    """The environment and tenant clients of each running event loop.

    ``transport`` replaces the network for both (tests); the tenant client still caps calls
    per host. ``policy`` decides which addresses tenant base URLs may reach.
    """

    def __init__(
        self,
        timeout: httpx.Timeout,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        policy: OutboundPolicy | None = None,
        limits: httpx.Limits = DEFAULT_LIMITS,
        max_per_host: int = MAX_CALLS_PER_TENANT_HOST,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.policy = policy or OutboundPolicy()
        self._timeout = timeout
        self._transport = transport
        self._limits = limits
        self._max_per_host = max_per_host
        self._verify = verify
        self._clients: dict[int, _LoopClients] = {}

    def get(self, *, tenant: bool = False) -> ProviderHTTPClient:
        """The client for the environment's own base URLs, or (``tenant``) for a base URL a
        tenant chose."""
        loop = asyncio.get_running_loop()
        entry = self._clients.get(id(loop))
        if entry is None or entry.loop is not loop:
            # Forget clients of loops that are gone (tests run one loop per test).
            self._clients = {k: v for k, v in self._clients.items() if not v.loop.is_closed()}
            entry = _LoopClients(loop, self._client(self._transport))
            self._clients[id(loop)] = entry
        if not tenant:
            return entry.environment
        if entry.tenant is None:
            entry.tenant = self._tenant_client()
        return entry.tenant

    def _client(self, transport: httpx.AsyncBaseTransport | None) -> ProviderHTTPClient:
        return ProviderHTTPClient(
            timeout=self._timeout,
            transport=transport,
            limits=self._limits,
            follow_redirects=False,
            trust_env=transport is None,
        )

    def _tenant_client(self) -> ProviderHTTPClient:
        network = self._transport or VettedTransport(
            self.policy, limits=self._limits, verify=self._verify
        )
        wait = self._timeout.connect or self._timeout.pool or 5.0
        return self._client(PerHostLimit(network, self._max_per_host, wait))

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        entry = self._clients.pop(id(loop), None)
        if entry is not None:
            await entry.environment.aclose()
            if entry.tenant is not None:
                await entry.tenant.aclose()
