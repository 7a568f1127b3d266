"""Which outlet an article belongs to: comparing outlets is the point, so every article gets one."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from storylens.ingest.clean import normalise_space
from storylens.model import Outlet


def resolve_outlet(path: str, given: str | None, found: str | None, url: str | None, named: str | None = None) -> Outlet:
    """The user's choice first, then the record's own name, the URL's domain, and last the file
    name: `named` where the file goes by another name than its path's (an upload's own name)."""
    domain = domain_of(url)
    for name in (given, found):
        if name and name.strip():
            return Outlet(name=normalise_space(name), domain=domain)
    if domain:
        return Outlet(name=domain, domain=domain)
    return Outlet(name=named or Path(path).stem, guessed=True)


def domain_of(url: str | None) -> str | None:
    """The host without "www.", so that links from one site agree however they were written."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
