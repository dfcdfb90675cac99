"""How an HTTP provider's failures become gateway errors the caller can act on: status codes,
transport failures, in-stream error types, and the provider's own error text (passed on only
when it has a provider's JSON error shape, and only after secrets are scrubbed from it)."""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any

import httpx
from pydantic import SecretStr

from ai_planner.gateway.errors import GatewayError, scrub_secrets
from ai_planner.gateway.providers.connections import HostBusy
from ai_planner.outbound import OutboundRefused

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504, 529})
_QUOTA_WORDS = ("quota", "billing", "spend", "credit", "insufficient")

# An in-stream error type -> (gateway code, HTTP status, retryable).
StreamErrorTable = dict[str, tuple[str, int, bool]]
# The error types Anthropic's and OpenAI's streams both use, with the same meaning.
COMMON_STREAM_ERRORS: StreamErrorTable = {
    "overloaded_error": ("provider_overloaded", 503, True),
    "rate_limit_error": ("provider_rate_limited", 429, True),
    "invalid_request_error": ("provider_bad_request", 502, False),
}



def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds from ``retry-after-ms``, ``retry-after`` (seconds or an HTTP date)."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


def provider_message(body: bytes | str, fallback: str) -> str:
    """The provider's own error text, when ``body`` has a provider's JSON error shape:
    ``{"error": {"message": ...}}`` (Anthropic, OpenAI, most compatible servers),
    ``{"error": "..."}`` (Ollama) or ``{"object"|"type": "error", "message": ...}`` (vLLM).
    Anything else is not passed on: a base URL can point anywhere, and another server's
    pages or data must not leak through an error message."""
    try:
        data: Any = json.loads(body)
    except (ValueError, TypeError):
        return fallback
    if not isinstance(data, dict):
        return fallback
    error = data.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return error["message"][:500]
    if isinstance(error, str):
        return error[:500]
    said_error = data.get("object") == "error" or data.get("type") == "error"
    if said_error and isinstance(data.get("message"), str):
        return data["message"][:500]
    return fallback


def error_from_status(
    provider_label: str,
    status: int,
    headers: httpx.Headers,
    body: bytes,
    secrets: tuple[SecretStr | None, ...],
) -> GatewayError:
    """Map a provider's HTTP failure to a gateway error the caller can act on."""
    detail = scrub_secrets(provider_message(body, f"HTTP {status}"), secrets)
    retry_after = parse_retry_after(headers)
    said = f"{provider_label} said: {detail}"
    if status in (401, 403):
        return GatewayError(
            "provider_auth_failed",
            f"{provider_label} rejected the API key ({status}). Check the key in the provider "
            f"configuration. {said}",
            status=502,
        )
    if status == 429:
        lowered = detail.lower()
        if retry_after is None and any(word in lowered for word in _QUOTA_WORDS):
            return GatewayError(
                "provider_quota_exceeded",
                f"{provider_label} refused the request: the account's spend limit or quota is "
                f"reached. {said}",
                status=429,
            )
        return GatewayError(
            "provider_rate_limited",
            f"{provider_label} is rate limiting requests; try again shortly. {said}",
            status=429,
            retryable=True,
            retry_after=retry_after,
        )
    if status in (503, 529):
        return GatewayError(
            "provider_overloaded",
            f"{provider_label} is overloaded right now; try again in a moment. {said}",
            status=503,
            retryable=True,
            retry_after=retry_after,
        )
    if status >= 500:
        return GatewayError(
            "provider_error",
            f"{provider_label} had an internal error ({status}). {said}",
            status=502,
            retryable=status in RETRYABLE_STATUSES,
            retry_after=retry_after,
        )
    if status == 404:
        return GatewayError(
            "provider_not_found",
            f"{provider_label} does not know this model or endpoint (404). {said}",
            status=502,
        )
    return GatewayError(
        "provider_bad_request",
        f"{provider_label} refused the request ({status}). {said}",
        status=502,
    )


_TLS_WORDS = ("certificate", "ssl", "tls")
_DNS_WORDS = ("name or service not known", "nodename nor servname", "name resolution",
              "getaddrinfo", "no address associated", "did not resolve")


def _connect_problem(exc: httpx.HTTPError) -> str:
    """Why a connection failed, in words an admin can act on."""
    text = str(exc).lower()
    if any(word in text for word in _TLS_WORDS):
        return "the secure (TLS) connection failed: the server's certificate is not trusted"
    if any(word in text for word in _DNS_WORDS):
        return "the host name is unknown"
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return "the server did not accept the connection in time"
    return "the server refused the connection or could not be reached"


def error_from_transport(provider_label: str, exc: httpx.HTTPError) -> GatewayError:
    if isinstance(exc, HostBusy):
        # Not retried: a retry would only queue behind the same slow calls again.
        return GatewayError(
            "provider_busy",
            f"{provider_label} at this base URL already has {exc.limit} calls in progress; "
            "try again when some have finished.",
            status=503,
        )
    if isinstance(exc, httpx.ConnectTimeout | httpx.ConnectError | httpx.PoolTimeout):
        return GatewayError(
            "provider_unreachable",
            f"Could not connect to {provider_label}: {_connect_problem(exc)}. Check the base "
            "URL and the network.",
            status=502,
            retryable=True,
        )
    if isinstance(exc, httpx.TimeoutException):
        # Not retried: the provider may still be working (and billing) on the first try.
        return GatewayError(
            "provider_timeout",
            f"{provider_label} did not answer in time.",
            status=504,
        )
    return GatewayError(
        "provider_connection_lost",
        f"The connection to {provider_label} failed ({type(exc).__name__}).",
        status=502,
        retryable=isinstance(exc, httpx.RemoteProtocolError),
    )


def bad_response(provider_label: str, what: str) -> GatewayError:
    return GatewayError(
        "provider_bad_response",
        f"{provider_label} sent a response the gateway could not read ({what}).",
        status=502,
    )


def base_url_refused(provider_label: str, refusal: OutboundRefused) -> GatewayError:
    """A base URL (or the address its name resolves to) the gateway will not call."""
    return GatewayError(
        "base_url_refused",
        f"{provider_label}: {refusal} Change the base URL in the provider configuration.",
        status=400,
    )
