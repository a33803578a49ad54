"""Where a report series keeps its history: the workspace's SQLite file, or a PostgreSQL server.

One interface, :class:`HistoryStore`, has two implementations: :class:`sitrep.history.History`
(the embedded SQLite file ``history.sqlite``, the default) and
:class:`sitrep.store.postgres.PostgresHistory` (a database on a PostgreSQL server that a team
shares). :func:`locate` says which one a workspace uses: ``SITREP_HISTORY_URL`` when it is set
(so a password can stay out of report.toml), else ``[history] url`` in report.toml, else the
SQLite file. A URL is a libpq connection string: ``postgresql://user@host:5432/db`` or
``service=sitrep`` (a name in pg_service.conf).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sitrep.errors import Finding, Position
from sitrep.history import HISTORY_FILE, Figure, IssuedReport, open_history

__all__ = ["ENV_URL", "HistoryStore", "Location", "configured_url", "configured_value", "issued_outputs", "load",
           "locate", "open_store", "require_driver"]

ENV_URL = "SITREP_HISTORY_URL"


class HistoryStore(Protocol):
    """What sitrep asks of a history, whichever database holds it."""

    problems: list[Finding]
    """Records that could not be read back by the last :meth:`reports` (left out), a finding each."""

    @property
    def label(self) -> str:
        """Where the history is, as the user knows it (never with a password)."""

    def reports(self, *, include_superseded: bool = False) -> list[IssuedReport]:
        """Issued reports, oldest first (by as-of date, then number)."""

    def previous(self, report_type: str, number: int, as_of: dt.date) -> IssuedReport | None:
        """The last issued report before this one."""

    def record(self, *, report_type: str, number: int, as_of: dt.date, period: tuple[dt.date, dt.date],
               languages: Iterable[str], figures: Iterable[Figure], outputs: dict[str, str],
               force: bool = False, finish_pending: int | None = None) -> IssuedReport:
        """Store an issued report in one transaction; refuse an issued number unless ``force``."""

    def close(self) -> None:
        """Let go of the database."""


@dataclass(frozen=True, slots=True)
class Location:
    """The history of one workspace: ``url`` (PostgreSQL) or, when it is None, the SQLite ``path``."""

    path: Path
    """The workspace's ``history.sqlite`` (its issue lock lies beside it whichever store is used)."""
    url: str | None = None
    source: str = ""
    """Where the URL was given: ``SITREP_HISTORY_URL`` or ``report.toml`` (empty for SQLite)."""

    @property
    def label(self) -> str:
        if self.url is None:
            return str(self.path)
        from sitrep.store.pgtext import redact

        return redact(self.url)

    @property
    def position(self) -> Position:
        """What a finding about this history points at."""
        if self.url is None:
            return Position(file=self.path.name)
        if self.source == ENV_URL:
            return Position(file=ENV_URL)
        return Position(file="report.toml", key="history.url")


def locate(workspace: Path, configured: str | None = None) -> Location:
    """The history of ``workspace``: ``SITREP_HISTORY_URL``, else ``configured`` (report.toml's
    ``[history] url``), else the SQLite file."""
    path = workspace / HISTORY_FILE
    from_env = os.environ.get(ENV_URL, "").strip()
    if from_env:
        return Location(path, from_env, ENV_URL)
    if configured:
        return Location(path, configured, "report.toml")
    return Location(path)


def configured_value(workspace: Path, table: str, key: str) -> str | None:
    """``[table] key`` of the workspace's report.toml as text, read on its own (for the commands
    that do not need the whole configuration, e.g. ``sitrep history``); None when absent or unreadable."""
    try:
        data = tomllib.loads((workspace / "report.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    found = data.get(table)
    value = found.get(key) if isinstance(found, dict) else None
    return value.strip() or None if isinstance(value, str) else None


def configured_url(workspace: Path) -> str | None:
    """``[history] url`` of the workspace's report.toml (see :func:`configured_value`)."""
    return configured_value(workspace, "history", "url")


def open_store(location: Location, *, create: bool = True) -> HistoryStore | None:
    """Open (and create or migrate) the history; None when there is none and not ``create``.

    Raises:
        HistoryError: the database is unusable (see each store), unreachable or refused.
    """
    if location.url is None:
        return open_history(location.path, create=create)
    require_driver(location.position)
    from sitrep.store.postgres import open_postgres

    return open_postgres(location.url, position=location.position, create=create)


def require_driver(position: Position) -> None:
    """Check that psycopg (the optional ``postgres`` extra) is installed.

    Raises:
        HistoryError: it is not.
    """
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        from sitrep.codes import E_HISTORY_DRIVER
        from sitrep.history import HistoryError

        raise HistoryError(E_HISTORY_DRIVER(
            f"a PostgreSQL history is configured, but its driver cannot be loaded ({exc})",
            hint="install it: pip install 'sitrep[postgres]' (psycopg 3); or unset the history URL to use the "
                 "workspace's history.sqlite", position=position)) from None


def load(location: Location) -> tuple[list[IssuedReport], list[Finding]]:
    """All readable reports (superseded included), and the findings about the history: a record
    that cannot be read back, and a SQLite file on a synced or network folder."""
    findings: list[Finding] = []
    if location.url is None:
        from sitrep.store.shared_folder import shared_folder_warning

        warning = shared_folder_warning(location.path)
        findings += [warning] if warning else []
    store = open_store(location, create=False)
    reports: list[IssuedReport] = []
    if store is not None:
        try:
            reports = store.reports(include_superseded=True)
            findings += store.problems
        finally:
            store.close()
    if location.url is not None and not reports:
        findings += _left_behind(location)
    return reports, findings


def _left_behind(location: Location) -> list[Finding]:
    """A warning when the PostgreSQL history is empty but the workspace's SQLite file is not:
    the series' earlier reports (and the changes since them) would be silently missing."""
    from sitrep.codes import W_HISTORY_NOT_MIGRATED
    from sitrep.history import HistoryError

    try:
        local = open_history(location.path, create=False) if location.path.is_file() else None
    except HistoryError:
        return []  # not readable: nothing that could be copied either
    if local is None:
        return []
    try:
        count = len(local.reports(include_superseded=True))
    finally:
        local.close()
    if not count:
        return []
    return [W_HISTORY_NOT_MIGRATED(
        f"the history at {location.label} holds no report, but {location.path.name} in the workspace holds "
        f"{count}: the changes since the previous report cannot be shown, and its numbers are not protected",
        hint=f"copy them once: sitrep history {location.path.parent} --migrate-to URL (the URL of the team's "
             "history); or unset the history URL to go on with the workspace's own file",
        position=location.position)]


def issued_outputs(location: Location) -> set[str]:
    """The file names of every issued report."""
    store = open_store(location, create=False)
    if store is None:
        return set()
    try:
        return {name for r in store.reports() for name in r.outputs}
    finally:
        store.close()
