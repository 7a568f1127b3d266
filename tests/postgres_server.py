"""A real PostgreSQL server for the tests: initdb into a temporary folder, listening on a unix
socket only, stopped at the end of the session; each test gets a database of its own."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_LIBRARY = "/usr/lib/postgresql/*/bin"
"""Where Debian's postgresql package puts the server's programs, which it leaves off PATH."""


def server_bin() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres; None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = [Path(f) for f in glob.glob(PG_LIBRARY) if Path(f).parent.name.isdigit() and (Path(f) / "initdb").exists()]
    return max(versions, key=lambda folder: int(folder.parent.name)) if versions else None


def _server_user() -> str | None:
    """The user to run the server as: the server refuses to run as root, so under root (a CI
    container) the `postgres` user, else `nobody`; None runs it as ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


class Server:
    """A running server and a counter for the databases it hands out."""

    def __init__(self, socket_dir: Path) -> None:
        self.socket_dir = socket_dir
        self._numbers = itertools.count(1)

    def url(self, database: str) -> str:
        return f"postgresql://storylens@/{database}?host={self.socket_dir}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"test_{next(self._numbers)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@contextmanager
def running_server(bin_dir: Path, durable: bool = False) -> Iterator[Server]:
    """Start a throwaway server and stop it after; without fsync unless `durable` (a benchmark's,
    to weigh it fairly against SQLite, which syncs its log), since the tests' data dies with them."""
    folder = Path(tempfile.mkdtemp(prefix="storylens-pg-"))
    user = _server_user()
    if user:
        shutil.chown(folder, user)

    def run(*command: str) -> None:
        subprocess.run(command, check=True, capture_output=True, user=user, cwd=folder)

    data, sockets = folder / "data", folder / "sockets"
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "storylens", "-E", "UTF8", "--no-sync")
        run("mkdir", str(sockets))
        options = f"-k {sockets} -c listen_addresses=''"
        if not durable:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start")
        try:
            yield Server(sockets)
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
