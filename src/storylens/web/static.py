"""The served stylesheet, read once from the package into a fixed table.

A request names an entry of `ASSETS` or gets 404: no part of a request path ever reaches the file
system. The stylesheet is the one the static report inlines, so both look the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.resources import files

from fastapi import Response
from starlette.exceptions import HTTPException


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    version: str
    """A digest of the content, put in the URL so that a browser may cache it for good."""

    @classmethod
    def of(cls, body: bytes, media_type: str) -> Asset:
        return cls(body, media_type, hashlib.sha256(body).hexdigest()[:12])


def _template_file(name: str) -> bytes:
    return files("storylens.report").joinpath("templates", name).read_bytes()


ASSETS: dict[str, Asset] = {"storylens.css": Asset.of(_template_file("storylens.css"), "text/css; charset=utf-8")}


def static_url(name: str) -> str:
    """The URL of an asset, with its content version so a changed file is fetched again."""
    return f"/static/{name}?v={ASSETS[name].version}"


def asset_response(name: str) -> Response:
    """The asset named `name`, or 404 for any name not in the table."""
    asset = ASSETS.get(name)
    if asset is None:
        raise HTTPException(404, "no such file")
    return Response(asset.body, media_type=asset.media_type, headers={"cache-control": "public, max-age=31536000, immutable"})
