"""The HTTP client the providers share: one pooled ``httpx.AsyncClient`` per event loop."""

from __future__ import annotations

import asyncio

import httpx


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


class ClientPool:
    """One pooled ``httpx.AsyncClient`` per running event loop (a client is loop-bound)."""

    def __init__(self, timeout: httpx.Timeout, transport: httpx.AsyncBaseTransport | None = None):
        self._timeout = timeout
        self._transport = transport
        self._clients: dict[int, tuple[asyncio.AbstractEventLoop, ProviderHTTPClient]] = {}

    def get(self) -> ProviderHTTPClient:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(id(loop))
        if entry is not None and entry[0] is loop:
            return entry[1]
        # Forget clients of loops that are gone (tests run one loop per test).
        self._clients = {k: v for k, v in self._clients.items() if not v[0].is_closed()}
        client = ProviderHTTPClient(
            timeout=self._timeout,
            transport=self._transport,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )
        self._clients[id(loop)] = (loop, client)
        return client

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        entry = self._clients.pop(id(loop), None)
        if entry is not None:
            await entry[1].aclose()
