"""The console's static files (shipped in the package, no CDN) and its own 404 page.

Only the files listed at import time are served, by exact name: no path from the request ever reaches
the file system.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import Path, Request, Response

from privacy_gateway.console.web import console_router, error_page

router = console_router()
fallback = console_router()

MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


def _load() -> dict[str, tuple[bytes, str]]:
    files: dict[str, tuple[bytes, str]] = {}
    for item in resources.files("privacy_gateway.console").joinpath("static").iterdir():
        suffix = item.name[item.name.rfind(".") :]
        if item.is_file() and suffix in MEDIA_TYPES:
            files[item.name] = (item.read_bytes(), MEDIA_TYPES[suffix])
    return files


STATIC = _load()


@router.get("/static/{name}")
def static_file(request: Request, name: Annotated[str, Path(max_length=64)]) -> Response:
    if name not in STATIC:
        return error_page(request, 404, "error.404")
    body, media_type = STATIC[name]
    return Response(body, media_type=media_type)


@fallback.get("/{rest:path}")
def not_found(request: Request) -> Response:
    """Any other /console/... address: an HTML 404 with the console's headers (not the API's JSON)."""
    return error_page(request, 404, "error.404")
