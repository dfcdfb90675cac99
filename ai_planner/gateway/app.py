"""The gateway's HTTP API: /v1/generate, /v1/generate_stream (SSE), /v1/models,
/v1/providers, /v1/health.

Every route but health needs the bearer service token; every error is JSON
``{"code": ..., "message": ...}``.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Send

from ai_planner.gateway.body_limit import BodySizeLimit
from ai_planner.gateway.errors import GatewayError
from ai_planner.gateway.providers.registry import ProviderRegistry
from ai_planner.gateway.resilience import RetryPolicy
from ai_planner.gateway.safety import SafetyConfig, SafetyFilter, safety_config_from_settings
from ai_planner.gateway.schemas import (
    MAX_BODY_BYTES,
    ErrorBody,
    GenerateRequest,
    GenerateResponse,
    HealthResponse,
    ModelsRequest,
    ModelsResponse,
    ProvidersResponse,
)
from ai_planner.gateway.service import Finished, GatewayService
from ai_planner.secret_values import reveal
from ai_planner.settings import Settings, get_settings

log = logging.getLogger(__name__)
VERSION = "1.0"
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in [
        (400, "Refused (missing key, blocked input)"),
        (401, "Missing or wrong service token"),
        (413, "Body too large"),
        (422, "Invalid body"),
        (429, "Provider rate limit or quota"),
        (502, "Provider failed"),
        (503, "Provider overloaded"),
        (504, "Provider timeout"),
    ]
}
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


def error_response(error: GatewayError) -> JSONResponse:
    headers = {}
    if error.retry_after is not None:
        headers["retry-after"] = str(max(1, round(error.retry_after)))
    return JSONResponse(error.body(), status_code=error.status, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) or "body"


def _validation_response(exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        field = _field(tuple(err.get("loc", ())))
        message = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            field, message = "body", "is not valid JSON"
        errors.append({"field": field, "message": message})
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    body = {"code": "validation_error", "message": summary or "Invalid request.", "errors": errors}
    return JSONResponse(body, status_code=422)


def _sse(event: str, data: str) -> bytes:
    return f"event: {event}\ndata: {data}\n\n".encode()


def _delta(text: str) -> bytes:
    return _sse("delta", json.dumps({"text": text}, ensure_ascii=False))


def _encode(item: str | Finished) -> bytes:
    if isinstance(item, Finished):
        tail = _delta(item.tail) if item.tail else b""
        return tail + _sse("done", item.done.model_dump_json())
    return _delta(item)


async def _sse_stream(
    first: str | Finished, rest: AsyncIterator[str | Finished]
) -> AsyncIterator[tuple[bytes, bool]]:
    """``(chunk, more_body)``: deltas, then ``done``; a failure becomes an ``error`` event
    carrying known usage. The last event is marked so it ends the body in the same write."""
    try:
        item: str | Finished | None = first
        while item is not None:
            last = isinstance(item, Finished)
            yield _encode(item), not last
            if last:
                return
            item = await anext(rest, None)
        yield b"", False  # the service always finishes or raises; never leave a body open
    except GatewayError as error:
        yield _sse("error", json.dumps(error.body())), False
    except Exception:
        log.exception("gateway stream failed")
        yield (
            _sse(
                "error",
                json.dumps({"code": "internal_error", "message": "The gateway failed mid-stream."}),
            ),
            False,
        )
    finally:
        await rest.aclose()  # type: ignore[attr-defined]


class EventStreamResponse(StreamingResponse):
    """Server-sent events from ``(chunk, more_body)`` pairs: the last event goes out with the
    end of the body, one write (and one wake-up of the reader) fewer than an empty final
    chunk. Disconnects are still watched by :class:`StreamingResponse`."""

    media_type = "text/event-stream"

    async def stream_response(self, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        more = True
        async for chunk, more in self.body_iterator:  # type: ignore[misc]
            await send({"type": "http.response.body", "body": chunk, "more_body": more})
        if more:
            await send({"type": "http.response.body", "body": b"", "more_body": False})


def create_gateway_app(
    settings: Settings | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    safety: SafetyConfig | None = None,
    demo_chunk_delay: float | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """A fresh gateway app. ``transport`` replaces the network for provider calls (tests)."""
    settings = settings or get_settings()
    if demo_chunk_delay is None:
        demo_chunk_delay = 0.0 if settings.env == "test" else 0.015
    registry = ProviderRegistry(settings, transport=transport, demo_chunk_delay=demo_chunk_delay)
    service = GatewayService(
        registry,
        SafetyFilter(safety or safety_config_from_settings(settings)),
        retry or RetryPolicy.from_settings(settings),
    )
    token = reveal(settings.gateway_service_token).encode()
    bearer = HTTPBearer(auto_error=False, description="The gateway service token")

    # Async on purpose: FastAPI runs a plain `def` dependency in its thread pool, a thread
    # hop on every request for a few microseconds of work.
    async def require_token(
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
    ) -> None:
        given = credentials.credentials.encode() if credentials else b""
        # Constant time; an empty configured token never matches.
        if not token or not hmac.compare_digest(given, token):
            raise GatewayError(
                "unauthorized", "A valid service token is required (Authorization: Bearer).", 401
            )

    # In production the API description is not public: served below, behind the token.
    public_docs = not settings.is_production
    app = FastAPI(
        title="ai_planner AI gateway",
        version=VERSION,
        description="Provider-neutral text generation for ai_planner.",
        openapi_url="/openapi.json" if public_docs else None,
        docs_url="/docs" if public_docs else None,
        redoc_url="/redoc" if public_docs else None,
    )
    app.state.service = service
    app.state.service_token = settings.gateway_service_token
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)

    @app.exception_handler(GatewayError)
    async def _gateway_error(_request: Request, exc: GatewayError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return JSONResponse(
            {"code": code, "message": str(exc.detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("gateway request failed", exc_info=exc)
        return JSONResponse(
            {"code": "internal_error", "message": "The gateway failed unexpectedly."},
            status_code=500,
        )

    auth = [Depends(require_token)]
    if not public_docs:
        _add_docs_behind_token(app, auth)

    @app.get("/v1/health", response_model=HealthResponse, tags=["gateway"])
    async def health() -> HealthResponse:
        return HealthResponse(version=VERSION)

    @app.get(
        "/v1/providers",
        response_model=ProvidersResponse,
        dependencies=auth,
        responses={401: _ERRORS[401]},
        tags=["gateway"],
    )
    async def providers() -> ProvidersResponse:
        return ProvidersResponse(providers=registry.describe())

    @app.post(
        "/v1/models",
        response_model=ModelsResponse,
        dependencies=auth,
        responses=_ERRORS,
        tags=["gateway"],
    )
    async def models(body: ModelsRequest) -> ModelsResponse:
        """The provider's models with the caller's credentials (an admin's "Test
        connection"); a one-token call where the provider has no model list."""
        return await service.list_models(body)

    @app.post(
        "/v1/generate",
        response_model=GenerateResponse,
        dependencies=auth,
        responses=_ERRORS,
        tags=["gateway"],
    )
    async def generate(body: GenerateRequest) -> Response:
        result = await service.generate(body)
        # Already a validated model: skip FastAPI's second validation pass (latency matters).
        return Response(result.model_dump_json(), media_type="application/json")

    @app.post(
        "/v1/generate_stream",
        dependencies=auth,
        response_class=StreamingResponse,
        responses={
            200: {
                "description": "Server-sent events: `delta` {text}…, then `done` "
                "(StreamDone) or `error` (ErrorBody with the usage known so far).",
                "content": {"text/event-stream": {"schema": {"type": "string"}}},
            },
            **_ERRORS,
        },
        tags=["gateway"],
    )
    async def generate_stream(body: GenerateRequest) -> StreamingResponse:
        items = service.stream(body)
        # Pull the first item before answering: failures before any text get a real status.
        try:
            first = await anext(items)
        except GatewayError as error:
            await items.aclose()
            return error_response(error)  # type: ignore[return-value]
        return EventStreamResponse(
            _sse_stream(first, items),  # type: ignore[arg-type]
            headers={"cache-control": "no-cache", "x-accel-buffering": "no"},
        )

    return app


def _add_docs_behind_token(app: FastAPI, auth: list[Any]) -> None:
    """/openapi.json, /docs and /redoc for callers with the service token (an API client, or
    a browser that sends the header: the docs pages fetch /openapi.json the same way)."""

    @app.get("/openapi.json", dependencies=auth, include_in_schema=False)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", dependencies=auth, include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        spec = f"{request.scope.get('root_path', '')}/openapi.json"
        return get_swagger_ui_html(openapi_url=spec, title=f"{app.title} - docs")

    @app.get("/redoc", dependencies=auth, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        spec = f"{request.scope.get('root_path', '')}/openapi.json"
        return get_redoc_html(openapi_url=spec, title=f"{app.title} - ReDoc")


_shared: tuple[Settings, FastAPI] | None = None


def get_gateway_app() -> FastAPI:
    """The process's gateway app (mounted into Reflex and used by the in-process client);
    rebuilt when the settings object is replaced (tests)."""
    global _shared
    settings = get_settings()
    if _shared is None or _shared[0] is not settings:
        _shared = (settings, create_gateway_app(settings))
    return _shared[1]
