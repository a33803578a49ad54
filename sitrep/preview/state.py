"""What the preview shows, and the one thread that rebuilds it.

A :class:`Snapshot` is one rebuild's outcome: the report's HTML pages by language (or none, when
the inputs stop the build) and the findings. :class:`Rebuilds` keeps the latest snapshot, runs one
rebuild at a time in its own thread (changes that arrive meanwhile are gathered into the next one,
so the last change wins), and lets the pages' reload requests wait for the next version.

A rebuild runs the build's own stages — :func:`sitrep.pipeline.prepare`, then
:func:`sitrep.assemble.assemble`, which composes and renders in memory — and never the pipeline's
write step: the preview writes no file, issues nothing and records no history.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.errors import Finding, Findings, Severity, SitrepError

__all__ = ["Rebuilds", "Snapshot", "rebuild"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """One rebuild of the preview."""

    version: str
    """Changes with every rebuild; the open page reloads when the server's differs from its own."""
    languages: tuple[str, ...]
    """The report's languages (the last known ones when report.toml cannot be read)."""
    pages: Mapping[str, bytes] = field(default_factory=dict)
    """The report's HTML edition by language, as ``sitrep build --format html`` renders it; empty
    when the inputs stop the build."""
    findings: tuple[Finding, ...] = ()
    """Every finding of the rebuild (reading, validation, composition), in file and cell order."""
    problem: str | None = None
    """An unexpected error's one line (its type and message), when the rebuild failed on one."""
    seconds: float = 0.0
    finished: str = ""
    """Clock time the rebuild finished (``HH:MM:SS``)."""
    title: str = ""
    """The report's crisis title, when known."""
    output_dir: Path | None = None
    """Where ``sitrep build`` would write (the watcher ignores it)."""

    @property
    def built(self) -> bool:
        """Whether the report was built (else the page lists why not)."""
        return bool(self.pages)

    def count(self, severity: Severity) -> int:
        """How many findings of that severity."""
        return sum(1 for f in self.findings if f.severity is severity)


def rebuild(workspace: Path, *, version: str, languages: tuple[str, ...] = ()) -> Snapshot:
    """Prepare, validate, merge, compose and render the workspace's HTML pages in memory.

    Never raises for bad inputs: findings that stop the build (report.toml unreadable, an error in
    a partner's file) and an unexpected error alike give a snapshot without pages that says why.
    ``languages``: the last known ones, kept when report.toml cannot be read.
    """
    from sitrep.assemble import assemble
    from sitrep.pipeline import prepare

    started = time.perf_counter()
    findings = Findings()
    pages: dict[str, bytes] = {}
    problem, title, output_dir = None, "", None
    try:
        prepared = prepare(workspace)
        findings.extend(prepared.findings)
        config = prepared.config
        languages, title, output_dir = tuple(config.languages), config.crisis, config.output_dir
        if not findings.has_errors():  # as `sitrep build` without --force: errors build nothing
            # jobs=1: rendered in this process (the HTML pages take milliseconds; worker processes
            # would also take Ctrl-C and print their own tracebacks). The paths only name the files.
            made = assemble(prepared, list(languages), ["html"], config.output_dir, progress=None, jobs=1,
                            issue=False, email=False, json_full=False)
            findings.extend(made.findings)
            pages = {lang: data for _, lang, fmt, data, _ in made.files if fmt == "html"}
    except SitrepError as exc:
        findings.extend(exc.findings)
        pages = {}
    except Exception as exc:  # a preview must outlive any bug: the page says what happened
        problem = f"{type(exc).__name__}: {exc}"
        pages = {}
    return Snapshot(version=version, languages=languages, pages=pages, findings=tuple(findings.sorted()),
                    problem=problem, seconds=time.perf_counter() - started, finished=time.strftime("%H:%M:%S"),
                    title=title, output_dir=output_dir)


Report = Callable[[Snapshot, list[Path]], None]
"""Called after each rebuild with its snapshot and the changed paths (none: the first build)."""


class Rebuilds:
    """The latest snapshot and the thread that replaces it.

    Args:
        workspace: the folder holding report.toml.
        report: told about each finished rebuild (the console line).
        make: the rebuild itself (:func:`rebuild`; a test may pass a slower or failing one).
    """

    def __init__(self, workspace: Path, report: Report, make: Callable[..., Snapshot] = rebuild) -> None:
        self.workspace = workspace
        self._report = report
        self._make = make
        self._run = secrets.token_hex(3)  # a page from an earlier run of the server reloads too
        self._count = 0  # rebuilds started
        self._done = 0  # rebuilds finished and reported
        self._cond = threading.Condition()
        self._pending: list[Path] | None = []  # the first build is pending from the start
        self._closed = False
        self._snapshot = Snapshot(version=self._version(), languages=(), problem=None)
        self._thread = threading.Thread(target=self._loop, name="sitrep-preview-rebuild", daemon=True)

    def _version(self) -> str:
        return f"{self._run}.{self._count}"

    def start(self) -> None:
        """Start the rebuild thread; it builds once at once."""
        self._thread.start()

    @property
    def current(self) -> Snapshot:
        """The latest snapshot (the one before the first build has no pages and no languages)."""
        with self._cond:
            return self._snapshot

    def changed(self, paths: Iterable[Path]) -> None:
        """Ask for a rebuild; paths that change while one runs are gathered into the next one."""
        with self._cond:
            self._pending = [*(self._pending or []), *paths]
            self._cond.notify_all()

    def wait(self, since: str, timeout: float) -> str:
        """The current version as soon as it differs from ``since`` (or after ``timeout`` seconds)."""
        with self._cond:
            self._cond.wait_for(lambda: self._snapshot.version != since or self._closed, timeout)
            return self._snapshot.version

    def wait_built(self, count: int, timeout: float) -> bool:
        """Whether ``count`` rebuilds have finished within ``timeout`` seconds (for the start)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._done >= count or self._closed, timeout)

    def close(self) -> None:
        """Stop after the rebuild under way, if any, and wake every waiting request."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                if self._closed:
                    return
                changed, self._pending = self._pending or [], None
                languages = self._snapshot.languages
                self._count += 1
                version = self._version()
            snapshot = self._make(self.workspace, version=version, languages=languages)
            with self._cond:
                self._snapshot = snapshot
                self._cond.notify_all()
            self._report(snapshot, sorted(set(changed)))
            with self._cond:
                self._done += 1
                self._cond.notify_all()
