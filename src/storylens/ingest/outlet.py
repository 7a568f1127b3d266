"""Which outlet an article belongs to: comparing outlets is the point, so every article gets one.

An outlet is named, in this order, by the user (`--outlet`), by the record itself (a JSON field),
by its web domain where the user's outlet file (`storylens outlets import`) or `data/outlets.tsv`
knows it ("edition.cnn.com" is CNN), by the site name a page or feed gives (`og:site_name`, a
feed's title), by its bare domain, and last by its file name (marked guessed). The table is facts written for storylens: a registered domain, the name
readers know, the home country and the kind of outlet (wire agencies among them). It holds no
rating of any kind. A name the user or the record gives is matched against the outlets' names as
well, so "Reuters" from a JSON field is known as a wire too. What the user says comes first.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from storylens.ingest.clean import normalise_space
from storylens.model import Outlet, OutletInfo

KNOWN_OUTLETS = Path(__file__).parent / "data" / "outlets.tsv"


@dataclass(frozen=True)
class KnownOutlet:
    """A row of the table: the name readers know, its home country (ISO 3166 code) and its kind."""

    name: str
    country: str
    kind: str


@cache
def known_domains() -> dict[str, KnownOutlet]:
    """Registered domain → outlet, as the table lists them."""
    with KNOWN_OUTLETS.open(encoding="utf-8", newline="") as table:
        return {row["domain"]: KnownOutlet(row["name"], row["country"], row["kind"]) for row in csv.DictReader(table, delimiter="\t")}


@cache
def _known_names() -> dict[str, KnownOutlet]:
    names: dict[str, KnownOutlet] = {}
    for outlet in known_domains().values():
        names.setdefault(outlet.name.casefold(), outlet)
    return names


def known_name(name: str) -> KnownOutlet | None:
    """The table's outlet of this name, whatever its case."""
    return _known_names().get(name.casefold())


@dataclass(frozen=True)
class UserOutlets:
    """The outlets the user described, by each of their domains and by name."""

    by_domain: Mapping[str, OutletInfo] = field(default_factory=dict)
    by_name: Mapping[str, OutletInfo] = field(default_factory=dict)

    @classmethod
    def of(cls, outlets: Iterable[OutletInfo]) -> UserOutlets:
        outlets = list(outlets)
        return cls({domain: o for o in outlets for domain in o.domains}, {o.name.casefold(): o for o in outlets})


NO_USER_OUTLETS = UserOutlets()
"""When the user described no outlet."""


def _under(host: str | None, table: Mapping[str, object]) -> str | None:
    """The longest domain of the table that the host is or lies under ("edition.cnn.com" under
    "cnn.com"), so no list of public suffixes is needed."""
    if not host:
        return None
    labels = host.lower().rstrip(".").split(".")
    return next((domain for i in range(len(labels) - 1) if (domain := ".".join(labels[i:])) in table), None)


def known_site(host: str | None) -> KnownOutlet | None:
    """The table's outlet for a host, under any of its subdomains."""
    domain = _under(host, known_domains())
    return known_domains()[domain] if domain else None


def resolve_outlet(
    path: str,
    given: str | None,
    found: str | None,
    url: str | None,
    named: str | None = None,
    site_name: str | None = None,
    users: UserOutlets = NO_USER_OUTLETS,
) -> Outlet:
    """The user's choice first, then the record's own name, the user's outlet or the known outlet
    of the URL's domain, the site's own name, the bare domain, and last the file name: `named`
    where the file goes by another name than its path's (an upload's own name)."""
    domain = domain_of(url)
    for name in (given, found):
        if name and name.strip():
            name = normalise_space(name)
            return _outlet(name, domain, users.by_name.get(name.casefold()) or known_name(name))
    if user_domain := _under(domain, users.by_domain):
        mine = users.by_domain[user_domain]
        return _outlet(mine.name, domain, mine)
    if known := known_site(domain):
        return _outlet(known.name, domain, known)
    if site_name and site_name.strip():
        return Outlet(name=normalise_space(site_name), domain=domain)
    if domain:
        return Outlet(name=domain, domain=domain)
    return Outlet(name=named or Path(path).stem, guessed=True)


def _outlet(name: str, domain: str | None, about: KnownOutlet | OutletInfo | None) -> Outlet:
    """The outlet, with the country and kind the user or the table gives it."""
    if about is None:
        return Outlet(name=name, domain=domain)
    return Outlet(name=name, domain=domain, country=about.country, kind=about.kind)


def domain_of(url: str | None) -> str | None:
    """The host without "www.", so that links from one site agree however they were written."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
