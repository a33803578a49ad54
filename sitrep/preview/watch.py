"""Which changes in the workspace call for a rebuild, and the thread that watches for them.

``watchfiles`` watches the workspace folder (the operating system's change notifications through
its Rust ``notify`` backend: inotify, FSEvents, ReadDirectoryChangesW) and groups a burst of
changes — Excel saving a workbook writes a temporary file, renames it and removes a lock file —
into one set once ``quiet_ms`` milliseconds pass without another (or after a second, for changes
that never pause).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

__all__ = ["Ignored", "watch_workspace"]

_TEMPORARY = (".tmp", ".temp", ".swp", ".part", ".crdownload", "~")
_HISTORY = ("history.sqlite",)


class Ignored:
    """Paths whose changes are no input of the report: the output folder (``sitrep build`` may be
    writing to it), the history, hidden and lock files (``~$book.xlsx``, ``.~lock.book.xlsx#``)
    and editors' temporary files.

    Everything else in the workspace counts: intake files, report.toml, templates/, the
    gazetteer, the boundaries, a logo. ``output_dir`` follows report.toml's ``[output] dir``.
    """

    def __init__(self, workspace: Path, output_dir: Path | None = None) -> None:
        self.workspace = workspace.resolve()
        self.output_dir = (output_dir or workspace / "dist").resolve()

    def __call__(self, path: Path) -> bool:
        path = path.absolute()
        try:
            parts = path.relative_to(self.workspace).parts
        except ValueError:
            return True
        if not parts:
            return True
        # an output folder inside the workspace is left out; one that holds the workspace
        # (`dir = "."`) is not: then every input would be left out with it
        inside = self.workspace in self.output_dir.parents
        if inside and (path == self.output_dir or self.output_dir in path.parents):
            return True
        name = parts[-1]
        return (any(p.startswith((".", "~$", "__pycache__")) for p in parts) or name.endswith(_TEMPORARY)
                or name.startswith(_HISTORY))


def watch_workspace(workspace: Path, ignored: Ignored, changed: Callable[[list[Path]], None],
                    stop: threading.Event, *, quiet_ms: int, warn: Callable[[str], None]) -> None:
    """Call ``changed`` with the paths of each burst of relevant changes until ``stop`` is set.

    When the operating system's notifications fail (too many watched folders, a file system
    without them) the watch falls back to polling the folder every half second, and says so.
    """
    from watchfiles import watch

    polling = False
    while not stop.is_set():
        try:
            for changes in watch(workspace, watch_filter=lambda _change, path: not ignored(Path(path)),
                                 debounce=max(1000, quiet_ms), step=quiet_ms, stop_event=stop,
                                 raise_interrupt=False, force_polling=polling or None, poll_delay_ms=500,
                                 ignore_permission_denied=True):
                changed([Path(path) for _, path in changes])
            return
        except (OSError, RuntimeError) as exc:  # the notify backend's errors come as RuntimeError or OSError
            if polling:
                warn(f"watching {workspace} failed ({exc}); the preview no longer rebuilds by itself: restart it")
                return
            warn(f"file notifications unavailable ({exc}); checking the workspace every 0.5 s instead")
            polling = True
