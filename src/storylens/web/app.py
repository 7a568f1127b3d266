"""The application behind `storylens serve`: pages and JSON API over one store, read-only by default.

FastAPI is used for its OpenAPI schema and its validation of query parameters; the pages are
server-rendered from the report's own templates, with no script at all.
"""

from __future__ import annotations

import logging

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp

from storylens import __version__
from storylens.store import StoreError, open_store
from storylens.web import api, pages
from storylens.web.security import secured
from storylens.web.state import AppState, ServerConfig

logger = logging.getLogger("storylens.web")


def create_app(config: ServerConfig) -> ASGIApp:
    """The whole ASGI application, wrapped in the checks and headers of `security`."""
    app = FastAPI(
        title="storylens",
        version=__version__,
        description="Stories grouped from many outlets' articles, compared fact by fact.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.storylens = AppState.of(config)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    return secured(app, config.host, config.max_upload_bytes)


def check_store(config: ServerConfig) -> None:
    """Open the store read-only once, so a missing or foreign file fails before serving (StoreError)."""
    open_store(config.db_path, read_only=True).close()


def server_for(config: ServerConfig, log_level: str = "info") -> uvicorn.Server:
    """The uvicorn server for `config`, without uvicorn's Server header or trust in proxy headers."""
    return uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            host=config.host,
            port=config.port,
            server_header=False,
            proxy_headers=False,
            log_level=log_level,
        )
    )


def run_server(config: ServerConfig) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server_for(config).run()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _http_error(request: Request, error: Exception) -> Response:
    """JSON for the API, an HTML page for a person."""
    assert isinstance(error, HTTPException)
    if _wants_json(request):
        return await http_exception_handler(request, error)
    response = pages.page("error.html.j2", status_code=error.status_code, status=error.status_code, detail=error.detail)
    response.headers.update(error.headers or {})
    return response


async def _validation_error(request: Request, error: Exception) -> Response:
    """422 with FastAPI's detail for the API, one readable line per bad parameter for a person."""
    assert isinstance(error, RequestValidationError)
    if _wants_json(request):
        return await request_validation_exception_handler(request, error)
    detail = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in error.errors())
    return pages.page("error.html.j2", status_code=422, status=422, detail=detail)


async def _store_error(request: Request, error: Exception) -> Response:
    """503 with the store's one-line problem (locked past the wait, the server gone, the file
    replaced), not a 500 with a traceback: the store may come back, and the next request tries
    it again. Logged as the same line."""
    logger.warning("%s %s: %s", request.method, request.url.path, error)
    return await _http_error(request, HTTPException(503, str(error)))
