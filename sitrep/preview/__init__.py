"""``sitrep serve``: a live preview of the report's HTML edition on http://127.0.0.1:PORT/.

Three threads around one :class:`~sitrep.preview.state.Rebuilds`: the watcher
(:mod:`sitrep.preview.watch`) reports changed inputs, the rebuild thread makes a new snapshot in
memory (one at a time, the last change wins), and the web server (:mod:`sitrep.preview.server`)
serves the latest one, while each open page waits for the next version and reloads. Nothing is
written: no output file, no history record.
"""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sitrep.preview.server import PreviewServer
from sitrep.preview.state import Rebuilds, Snapshot
from sitrep.preview.watch import Ignored, watch_workspace

__all__ = ["Preview", "run"]

QUIET_MS = 100
"""A burst of changes ends after this long without another: an Excel save (temporary file,
rename, lock file) takes a few milliseconds, so it is one rebuild, and the rebuild feels immediate."""


class Preview:
    """A running preview of one workspace: the server, the rebuild thread and the watcher.

    Args:
        workspace: the folder holding report.toml.
        port: the port on 127.0.0.1 (0: any free port; :attr:`url` says which).
        say: one line per rebuild and per problem of the watcher (the console).
        quiet_ms: how long without a change ends a burst of changes (one rebuild).
        poll_seconds: how long a page's reload request waits for a new version.

    Raises:
        OSError: the port cannot be bound (taken, or not allowed).
    """

    def __init__(self, workspace: Path, *, port: int, say: Callable[[str], None],
                 quiet_ms: int = QUIET_MS, poll_seconds: float = 25.0) -> None:
        self.workspace = workspace
        self._say = say
        self._stop = threading.Event()
        self.ignored = Ignored(workspace)
        self.rebuilds = Rebuilds(workspace, self._rebuilt)
        # binds now, so that a taken port fails before anything is built
        self.server = PreviewServer(self.rebuilds, port, poll_seconds=poll_seconds)
        self._threads = [
            threading.Thread(target=watch_workspace, name="sitrep-preview-watch", daemon=True,
                             args=(workspace, self.ignored, self.rebuilds.changed, self._stop),
                             kwargs={"quiet_ms": quiet_ms, "warn": say}),
            threading.Thread(target=self.server.serve_forever, name="sitrep-preview-http", daemon=True,
                             kwargs={"poll_interval": 0.2}),
        ]

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return self.server.url

    def start(self) -> None:
        """Watch, build once, then serve (a page opened before the first build waits for it)."""
        self._threads[0].start()
        self.rebuilds.start()
        self.rebuilds.wait_built(1, timeout=600)
        self._threads[1].start()

    def close(self) -> None:
        """Stop watching and serving; a rebuild still running is left to end with the process
        (it writes nothing)."""
        self._stop.set()
        self.rebuilds.close()
        if self._threads[1].is_alive():
            self.server.shutdown()
        self.server.server_close()
        self._threads[0].join(timeout=5)

    def _rebuilt(self, snap: Snapshot, changed: list[Path]) -> None:
        from sitrep.cli_output import plain, summary
        from sitrep.errors import Findings

        if self._stop.is_set():  # a rebuild that ended after Ctrl-C: no line after "Preview stopped."
            return
        if snap.output_dir is not None:
            self.ignored.output_dir = snap.output_dir.resolve()
        # an editor's or Excel's temporary file (no suffix, gone by now) is no news to the officer
        names = [_relative(p, self.workspace) for p in changed if p.suffix or p.exists()]
        why = (", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "") + " changed: "
               if names else "")
        counts = summary(Findings(list(snap.findings)))
        if snap.built:
            what = f"rebuilt {', '.join(snap.pages)} in {snap.seconds:.1f} s"
        elif snap.problem:
            what = f"not built, unexpected error ({snap.problem})"
        else:
            what = f"not built in {snap.seconds:.1f} s (the page lists why)"
        self._say(f"{snap.finished}  {plain(why)}{what}: {counts}")


def _relative(path: Path, workspace: Path) -> str:
    try:
        return path.resolve().relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return str(path)


def run(workspace: Path, *, port: int) -> int:
    """``sitrep serve``: serve the preview until Ctrl-C; returns the exit code."""
    from sitrep.cli_output import EXIT_OK, EXIT_USAGE, console, safe
    from sitrep.workspace import find_workspace

    out = console()
    found = find_workspace(workspace.resolve())
    if found is None:
        out.print(f"[red]No report.toml found in {safe(workspace)} or its parent folders.[/] "
                  "Run 'sitrep init DIR' first, or pass a workspace folder.")
        return EXIT_USAGE
    if not 0 <= port <= 65535:
        out.print(f"[red]--port {port} is not a port[/]; use a number from 1024 to 65535, e.g. --port 8765.")
        return EXIT_USAGE
    try:
        import watchfiles  # noqa: F401  (a dependency of sitrep; missing only from a broken install)
    except ImportError:
        out.print("[red]sitrep serve needs the watchfiles package[/], which is installed with sitrep: "
                  "reinstall sitrep, or run: pip install watchfiles")
        return EXIT_USAGE

    def say(line: str) -> None:
        out.print(safe(line))

    try:
        preview = Preview(found, port=port, say=say)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8766
            out.print(f"[red]Port {port} is already in use[/] (another sitrep serve, or another program). "
                      f"Choose another with --port, e.g. sitrep serve {safe(workspace)} --port {other}.")
        else:
            out.print(f"[red]Cannot listen on 127.0.0.1:{port}[/]: {safe(exc.strerror or exc)}. "
                      "Choose another port with --port (1024 to 65535).")
        return EXIT_USAGE
    try:
        out.print(f"Building the preview of {safe(found)}…")
        preview.start()
        out.print(f"Preview at [bold]{preview.url}[/] — open it in a browser; it reloads when an input file, "
                  "report.toml or a template changes. Nothing is written. Ctrl-C stops.")
        while True:  # until Ctrl-C (a sleep is interrupted by it on every system)
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
    out.print("Preview stopped.")
    return EXIT_OK
