"""Telling a user about a PostgreSQL history: the address without its password, and findings
for a server that cannot be reached, a refused login or missing permissions.

Standard library only, so that a missing driver can still be explained with these words.
"""

from __future__ import annotations

import configparser
import os
import re
from pathlib import Path
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from sitrep.codes import E_HISTORY_AUTH, E_HISTORY_PERMISSION, E_HISTORY_UNREACHABLE
from sitrep.errors import Finding, Position

_PAIR = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)")


def _is_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def _split(url: str) -> SplitResult:
    """``urlsplit``, or for a URL it cannot split (``[abc``) the same with everything after the
    scheme dropped but a ``user:secret@`` removed, so that nothing here raises or shows a password."""
    try:
        return urlsplit(url)
    except ValueError:
        scheme, _, rest = url.partition("://")
        user = rest.rpartition("@")[0].partition(":")[0] if "@" in rest else ""
        return SplitResult(scheme, f"{user}@?" if user else "?", "", "", "")


def parameters(url: str) -> dict[str, str]:
    """The connection parameters a libpq string gives (URL or ``key=value`` form), ``service``
    names expanded from pg_service.conf, and PGHOST/PGPORT/PGUSER/PGDATABASE as libpq falls back."""
    found: dict[str, str] = {}
    if _is_url(url):
        parts = _split(url)
        netloc = parts.netloc.rpartition("@")
        if netloc[1]:
            user, _, _ = netloc[0].partition(":")
            found["user"] = unquote(user)
        hostport = netloc[2]
        if hostport:
            host, _, port = hostport.rpartition(":") if not hostport.endswith("]") else (hostport, "", "")
            found["host"], found["port"] = (unquote(host), port) if host else (unquote(port), "")
        if parts.path.strip("/"):
            found["dbname"] = unquote(parts.path.strip("/"))
        found.update(parse_qsl(parts.query))
    else:
        found.update((k, v.strip("'")) for k, v in _PAIR.findall(url))
    service = found.get("service") or os.environ.get("PGSERVICE")
    if service:
        for key, value in service_entry(service).items():
            found.setdefault(key, value)
    for key, env in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("dbname", "PGDATABASE")):
        if not found.get(key) and os.environ.get(env):
            found[key] = os.environ[env]
    return {k: v for k, v in found.items() if v}


def service_entry(name: str) -> dict[str, str]:
    """The parameters of service ``name`` in the first pg_service.conf that has it, as libpq looks."""
    candidates = [os.environ.get("PGSERVICEFILE"), str(Path.home() / ".pg_service.conf"),
                  os.path.join(os.environ["PGSYSCONFDIR"], "pg_service.conf") if os.environ.get("PGSYSCONFDIR")
                  else None, "/etc/postgresql-common/pg_service.conf"]
    for candidate in candidates:
        if not candidate or not os.path.isfile(candidate):
            continue
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(candidate, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            continue
        if parser.has_section(name):
            return dict(parser.items(name))
    return {}


def redact(url: str) -> str:
    """``url`` without its password (a URL's ``user:secret@`` or a ``password=`` parameter)."""
    if _is_url(url):
        parts = _split(url)
        credentials, at, hostport = parts.netloc.rpartition("@")
        if at:
            credentials = credentials.partition(":")[0]
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
        return urlunsplit((parts.scheme, f"{credentials}{at}{hostport}", parts.path, query, parts.fragment))
    return " ".join(_PAIR.sub(lambda m: "" if m.group(1) == "password" else m.group(0), url).split())


def endpoint(url: str) -> str:
    """``host:port`` (or the socket folder) the connection goes to, defaults filled in."""
    found = parameters(url)
    return f"{found.get('host', 'localhost')}:{found.get('port', '5432')}"


def without_secret(text: str, url: str) -> str:
    """``text`` (a driver's message) with every form of the URL's password in it replaced by ``***``
    (libpq quotes a URI it cannot parse whole, password included)."""
    secrets = {parameters(url).get("password", "")}
    raw = re.match(r"^[a-z]+://[^:/@\[]*:([^@]*)@", url)  # user:SECRET@, however broken the rest
    if raw:
        secrets |= {raw.group(1), unquote(raw.group(1))}
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def connection_failure(url: str, message: str, position: Position) -> Finding:
    """The finding for a connection that could not be made (``message``: the driver's text)."""
    found = parameters(url)
    where, user = endpoint(url), found.get("user", "(your login name)")
    reason = without_secret(" ".join(message.split()), url)
    if "authentication failed" in reason or "no password supplied" in reason or "password" in reason.lower():
        return E_HISTORY_AUTH(
            f"the PostgreSQL server at {where} refused user '{user}': the password or the login method was "
            "not accepted (the password is not shown)",
            hint="check the user and password in SITREP_HISTORY_URL or in ~/.pgpass, and that pg_hba.conf on "
                 "the server lets this user in; nothing was written", position=position)
    if "does not exist" in reason and "database" in reason:
        return E_HISTORY_UNREACHABLE(
            f"the PostgreSQL server at {where} has no database '{found.get('dbname', '')}'",
            hint="ask the database administrator to create it (createdb -O USER NAME), or correct the name "
                 "in the URL; nothing was written", position=position)
    short = reason.rsplit(" failed: ", 1)[-1].split(" Is the server running")[0].strip()
    return E_HISTORY_UNREACHABLE(
        f"cannot reach the PostgreSQL server at {where}: {short}",
        hint=f"check the host name and port, that the server runs and accepts connections from this machine "
             f"(listen_addresses and pg_hba.conf on the server, a firewall or VPN in between); nothing was "
             f"written. Builds need the server: the series' history is kept there ({_source(position)} "
             "names it)", position=position)


def _source(position: Position) -> str:
    return position.file if position.key is None else f"[history] url in {position.file}"


def permission_failure(url: str, what: str, message: str, position: Position) -> Finding:
    """The finding for a statement the database user is not allowed to run."""
    found = parameters(url)
    user, database = found.get("user", "(your login name)"), found.get("dbname", found.get("user", ""))
    return E_HISTORY_PERMISSION(
        f"user '{user}' may not {what} in database '{database}' at {endpoint(url)}: "
        f"{without_secret((message.strip().splitlines() or [''])[0], url)}",
        hint=f"ask the database administrator to run: GRANT CREATE, USAGE ON SCHEMA public TO \"{user}\"; "
             f"(the first issue creates sitrep's tables), or GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA "
             f"public TO \"{user}\" when another user created them; nothing was recorded", position=position)
