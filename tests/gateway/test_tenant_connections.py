"""The tenant client's connections: TLS is still checked against the host name (the
connection goes to the vetted address), and a stalling tenant server holds only a few
connections of the pool. Only loopback servers; names resolve through a fake resolver."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from ai_planner.gateway.errors import GatewayError
from ai_planner.gateway.providers.base import ProviderCall
from ai_planner.gateway.providers.connections import ClientPool
from ai_planner.gateway.providers.openai import OpenAICompatibleProvider
from ai_planner.gateway.schemas import ChatMessage
from ai_planner.outbound import OutboundPolicy
from tests.gateway.outbound_fakes import (  # noqa: F401  (fixtures)
    ConnectRecorder,
    FakeResolver,
    connects,
    resolver,
)


# --- TLS checks the certificate against the name, not the address connected -----------------
def _self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@contextlib.asynccontextmanager
async def _https_server(cert: Path, key: Path) -> AsyncIterator[int]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=context)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def test_tls_is_verified_against_the_host_name(
    tmp_path: Path,
    resolver: FakeResolver,  # noqa: F811
    connects: ConnectRecorder,  # noqa: F811
) -> None:
    cert, key = _self_signed(tmp_path, "tenant-llm.test")
    resolver.names.update({"tenant-llm.test": "127.0.0.1", "impostor.test": "127.0.0.1"})
    trust = ssl.create_default_context(cafile=str(cert))
    pool = ClientPool(
        httpx.Timeout(5.0), policy=OutboundPolicy(allow_loopback=True), verify=trust
    )
    async with _https_server(cert, key) as port:
        tenant = pool.get(tenant=True)
        ok = await tenant.get(f"https://tenant-llm.test:{port}/")
        assert ok.text == "ok"
        # Same address, another name: the certificate does not match it.
        with pytest.raises(httpx.ConnectError, match=r"certificate|hostname"):
            await tenant.get(f"https://impostor.test:{port}/")
        await pool.aclose()
    assert set(connects.addresses) == {"127.0.0.1"}


# --- a stalling tenant server holds only a few connections ------------------------------------
@contextlib.asynccontextmanager
async def _stalling_server() -> AsyncIterator[tuple[int, list[asyncio.StreamWriter]]]:
    """Accepts connections, reads, never answers."""
    held: list[asyncio.StreamWriter] = []

    async def stall(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        with contextlib.suppress(Exception):
            await reader.read()  # until the client gives up

    server = await asyncio.start_server(stall, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1], held
    finally:
        for writer in held:
            writer.close()
        server.close()


def _call(base_url: str) -> ProviderCall:
    return ProviderCall(
        model="local-model",
        system=None,
        messages=[ChatMessage(role="user", content="Plan fractions")],
        max_tokens=50,
        temperature=0.5,
        base_url=base_url,
    )


async def test_a_stalling_tenant_server_cannot_take_the_whole_pool(
    fake,
    connects: ConnectRecorder,  # noqa: F811
) -> None:
    pool = ClientPool(
        httpx.Timeout(30.0, connect=0.3),
        policy=OutboundPolicy(allow_loopback=True),
        limits=httpx.Limits(max_connections=4, max_keepalive_connections=4),
        max_per_host=2,
    )
    provider = OpenAICompatibleProvider(pool)
    async with _stalling_server() as (port, held):
        stalled = [
            asyncio.create_task(provider.generate(_call(f"http://127.0.0.1:{port}/v1")))
            for _ in range(4)  # as many calls as the pool has connections
        ]
        done, pending = await asyncio.wait(stalled, timeout=2.0)
        # Two calls hold the host's two slots; the other two were turned away, clearly.
        assert len(held) == 2 and len(done) == 2 and len(pending) == 2
        for task in done:
            error = task.exception()
            assert isinstance(error, GatewayError) and error.code == "provider_busy"
            assert error.retryable is False
        # Another tenant's server is still served from the same pool.
        result = await asyncio.wait_for(provider.generate(_call(fake.compatible_base_url)), 5.0)
        assert result.content
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await pool.aclose()
    assert connects.refused == []
