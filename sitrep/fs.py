"""Writing files so that nothing is ever half-written (a leaf: standard library only).

Every file sitrep writes (documents, exports, report.toml edits, intake templates) goes through
:func:`write_atomic`: a crash, a kill or a full disk leaves either the old file or the new one.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

__all__ = ["remove_stale_temporaries", "write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is always either its old content or all of ``data``.

    The bytes go to a temporary file in the same folder, ``.<name>.<pid>.<random>.tmp``, are
    flushed to disk, and the file is renamed over ``path`` (atomic on POSIX and Windows); the
    folder is then synced so the rename itself survives a power cut. A process killed before the
    rename leaves only its temporary file, which the next successful write into the same folder
    removes (:func:`remove_stale_temporaries`). A symbolic link at ``path`` is replaced, never
    written through.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)
    remove_stale_temporaries(path.parent)


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]+\.tmp")
"""The name :func:`write_atomic` gives its temporary files."""


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files that interrupted :func:`write_atomic` calls left in ``folder``.

    Only ``.<name>.<pid>.<random>.tmp`` files whose process no longer runs are removed, so a
    build writing into the same folder at the same moment is never disturbed. On Windows, where
    that cannot be told safely, none is removed. Returns the files removed.
    """
    removed = []
    for stale in sorted(folder.glob(".*.tmp")):
        match = _TEMPORARY.fullmatch(stale.name)
        if match and _process_is_gone(int(match["pid"])):
            try:
                stale.unlink()
            except OSError:
                continue
            removed.append(stale)
    return removed


def _process_is_gone(pid: int) -> bool:
    if os.name != "posix" or pid == os.getpid():
        return False  # on Windows os.kill(pid, 0) would terminate the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False  # alive under another user, or not knowable (Windows): leave it
    return False


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows makes the rename durable by itself; folders cannot be opened there
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network file systems cannot sync a folder; the file itself is on disk
    finally:
        os.close(fd)
