"""Stores to run the contract suite on: SQLite in a temporary file, and PostgreSQL.

PostgreSQL comes from ``STORYLINE_PG_URL`` (a server this session may create databases on: a fresh
database per test, all dropped at the end of the session) or else from a throw-away cluster started here with the
local PostgreSQL binaries (initdb into a temporary folder, a free port on 127.0.0.1, trust
authentication, fsync off; as the ``postgres`` user when run as root, since initdb refuses root).
Without either the PostgreSQL tests are skipped; ``STORYLINE_REQUIRE_PG=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "store_contract: the store contract, run on SQLite and on PostgreSQL")


def _binaries() -> Path | None:
    """The folder of a working ``initdb`` and ``pg_ctl``, newest version first."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_owner(command: list[str]) -> list[str]:
    """``command`` as the ``postgres`` user when this process is root (initdb refuses to run as root)."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


@contextlib.contextmanager
def _cluster(binaries: Path) -> Iterator[str]:
    """A throw-away PostgreSQL cluster; yields the URL of its ``postgres`` database."""
    # as root, in /tmp: the postgres user must reach the folder (a TMPDIR under /root it could not)
    folder = Path(tempfile.mkdtemp(prefix="storyline-pg-", dir="/tmp" if os.geteuid() == 0 else None))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()

    def run(*command: str) -> None:
        done = subprocess.run(_as_owner(list(command)), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr or done.stdout}\n{log}")

    try:
        run(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c full_page_writes=off"
        run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o", options, "start")
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _with_database(url: str, name: str) -> str:
    head, _, _ = url.rpartition("/")
    return f"{head}/{name}"


def _unavailable(reason: str) -> NoReturn:
    message = f"no PostgreSQL to test on: {reason}"
    if os.environ.get("STORYLINE_REQUIRE_PG") == "1":
        pytest.fail(message + " (STORYLINE_REQUIRE_PG=1)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database, where this session may create databases."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[postgres]')")
    given = os.environ.get("STORYLINE_PG_URL")
    if given:
        yield given
        return
    binaries = _binaries()
    if binaries is None:
        _unavailable("set STORYLINE_PG_URL or install PostgreSQL (initdb not found)")
    with _cluster(binaries) as url:
        yield url


class Databases:
    """Creates fresh databases on the session's server, and drops them at the end."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.prefix = f"storyline_test_{uuid.uuid4().hex[:8]}"
        self.made: list[str] = []

    def new(self) -> str:
        import psycopg

        name = f"{self.prefix}_{len(self.made)}"
        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        self.made.append(name)
        return _with_database(self.server, name)

    def drop_all(self) -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as conn:
            for name in self.made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_databases(pg_server: str) -> Iterator[Databases]:
    databases = Databases(pg_server)
    yield databases
    databases.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty store: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    databases: Databases = request.getfixturevalue("pg_databases")
    return databases.new()
