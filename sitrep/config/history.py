"""``[history] url``: the PostgreSQL database a team shares its report series in (issue #21)."""

from __future__ import annotations

import re

from sitrep.codes import W_HISTORY_PASSWORD
from sitrep.config.reader import Reader

_URL = re.compile(r"postgres(ql)?://\S*")
_KEYWORDS = re.compile(r"(\s*\w+\s*=\s*('(?:[^'\\]|\\.)*'|\S+))+\s*")
_PASSWORD_IN_URL = re.compile(r"^postgres(ql)?://[^/@?]*:[^/@?]*@|[?&]password=|(^|\s)password\s*=")


def read_history_url(r: Reader) -> str | None:
    """The history URL of report.toml (None: the workspace's own SQLite file), checked for its form;
    a password written into it is warned about (report.toml travels with the workspace)."""
    if r.get("history.url") is None:
        return None
    url = r.text("history.url")
    if not url:
        return None
    if not (_URL.fullmatch(url) or _KEYWORDS.fullmatch(url)):
        r.fail("history.url", f"'{url.split('@')[-1]}' is not a PostgreSQL connection string",
               'write url = "postgresql://USER@HOST:5432/DATABASE" or url = "service=NAME" (a name in '
               "pg_service.conf), or remove [history] to keep the history in the workspace's history.sqlite")
        return None
    if _PASSWORD_IN_URL.search(url):
        r.findings.add(W_HISTORY_PASSWORD(
            "the history URL in report.toml holds a password, which anyone given the workspace can read",
            hint="remove it from report.toml and put it in ~/.pgpass (or set SITREP_HISTORY_URL in the environment "
                 "of each officer's session)", position=r._pos("history.url")))
    return url
