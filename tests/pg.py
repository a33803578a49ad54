"""A real PostgreSQL server for the tests: Debian's ``postgresql`` binaries, one per session.

The server runs from a temporary data directory as an unprivileged user (PostgreSQL refuses to
run as root, so root drops to ``nobody`` with ``runuser``), listens on a free 127.0.0.1 port
with password (SCRAM) authentication, and is stopped and removed after the session. Every
test gets its own empty database (:meth:`Server.database`).

When the binaries are missing the tests that need them are skipped on a developer's machine and
*fail* under ``CI=true``: ``./dev.sh test`` installs the package, so a CI run without it is a
broken setup, not a pass.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import psycopg

SUPERUSER, PASSWORD = "sitrep_admin", "s3cret-Pa55word"


def binary(name: str) -> Path | None:
    """``name`` from the newest /usr/lib/postgresql/N/bin (Debian keeps them off PATH), else PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
                   if p.parts[-3].isdigit() else 0)
    if found:
        return found[-1]
    which = shutil.which(name)
    return Path(which) if which else None


@dataclass(frozen=True, slots=True)
class Server:
    host: str
    port: int
    folder: Path

    def url(self, database: str, user: str = SUPERUSER, password: str | None = PASSWORD) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{user}{secret}@{self.host}:{self.port}/{database}"

    def admin(self, database: str = "postgres") -> psycopg.Connection[Any]:
        """A superuser connection (autocommit) to ``database``."""
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True)

    def database(self) -> str:
        """A new, empty database; its name."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name


def _as_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    initdb, pg_ctl = binary("initdb"), binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        message = ("PostgreSQL's initdb/pg_ctl are not installed (Debian package postgresql; ./dev.sh test "
                   "installs it)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
    (folder / "pw").write_text(PASSWORD, encoding="utf-8")
    if os.geteuid() == 0:  # the server's files are nobody's own
        import pwd

        nobody = pwd.getpwnam("nobody")
        for path in (folder, folder / "pw"):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
    data, port = folder / "data", _free_port()
    run = {"cwd": folder, "capture_output": True, "text": True, "timeout": 120}
    done = subprocess.run(_as_user([str(initdb), "-D", str(data), "-U", SUPERUSER, "--pwfile", str(folder / "pw"),
                                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                                    "--no-sync", "--no-instructions"]), **run)  # type: ignore[call-overload]
    assert done.returncode == 0, done.stdout + done.stderr
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    done = subprocess.run(_as_user([str(pg_ctl), "-D", str(data), "-o", options, "-l", str(folder / "log"),
                                    "-w", "start"]), **run)  # type: ignore[call-overload]
    assert done.returncode == 0, done.stdout + done.stderr + (folder / "log").read_text(errors="replace")
    try:
        yield Server("127.0.0.1", port, folder)
    finally:
        subprocess.run(_as_user([str(pg_ctl), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       **run)  # type: ignore[call-overload]
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """One PostgreSQL server for the whole test session."""
    with running_server() as server:
        yield server
