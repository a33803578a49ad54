"""Writing files so that nothing is ever half-written (a leaf: standard library only).

Every file sitrep writes (documents, exports, report.toml edits, intake templates) goes through
:func:`write_atomic`: a crash, a kill or a full disk leaves either the old file or the new one.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["Staged", "cache_folder", "discard", "exclusive_lock", "lock_is_held", "move_into_place",
           "remove_stale_temporaries", "stage_files", "write_atomic"]


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


_STAGED_SUFFIX = ".staged"
"""Staged files are not ``.tmp``: :func:`remove_stale_temporaries` must not remove the staged
copies of an interrupted issue, which ``sitrep history --repair`` moves into place."""
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]+\.(tmp|staged)")
"""The name :func:`write_atomic` gives its temporary files."""


def remove_stale_temporaries(folder: Path, *, staged: bool = False) -> list[Path]:
    """Remove the temporary files that interrupted :func:`write_atomic` calls left in ``folder``.

    Only ``.<name>.<pid>.<random>.tmp`` files whose process no longer runs are removed, so a
    build writing into the same folder at the same moment is never disturbed. On Windows, where
    that cannot be told safely, none is removed. Returns the files removed.

    ``staged``: also the ``….staged`` files of :func:`stage_files` (only when no interrupted issue
    needs them: the caller holds the issue lock and has found no journal entry).
    """
    removed = []
    patterns = [".*.tmp", f".*{_STAGED_SUFFIX}"] if staged else [".*.tmp"]
    for stale in sorted(p for pattern in patterns for p in folder.glob(pattern)):
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


@dataclass(frozen=True, slots=True)
class Staged:
    """A file written in full under a temporary name next to its final ``path``."""

    path: Path
    temporary: Path


def stage_files(files: Iterable[tuple[Path, bytes]], *, keep: bool = False) -> list[Staged]:
    """Write every file in full, synced, under a temporary name next to its destination.

    ``keep``: name them ``….staged`` rather than ``….tmp``, so that a later build does not clear
    them away as debris (an issue's staged files are what ``sitrep history --repair`` needs).

    Nothing at the destinations changes. All or nothing: when one file cannot be written
    (full disk, no permission) the ones already staged are removed and the OSError raised,
    so a failed build leaves the output folder as it was.
    """
    staged: list[Staged] = []
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.",
                                       suffix=_STAGED_SUFFIX if keep else ".tmp")
            staged.append(Staged(path, Path(tmp)))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
        for folder in {s.path.parent for s in staged}:
            _sync_folder(folder)
    except BaseException:
        discard(staged)
        raise
    return staged


def move_into_place(staged: Iterable[Staged]) -> None:
    """Rename each staged file over its destination (each rename atomic), then sync the folders.

    Renames within one folder do not fail for want of space; a kill between two renames is what
    the issue journal (:mod:`sitrep.issuing`) is for.
    """
    folders = set()
    for item in staged:
        os.replace(item.temporary, item.path)
        folders.add(item.path.parent)
    for folder in folders:
        _sync_folder(folder)
        remove_stale_temporaries(folder)


def discard(staged: Iterable[Staged]) -> None:
    """Remove staged files that were not moved into place (missing ones are ignored)."""
    for item in staged:
        with suppress(FileNotFoundError):
            item.temporary.unlink()


def _try_lock(fh: IO[bytes]) -> bool:
    if os.name == "posix":
        import fcntl

        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt  # pragma: no cover - Windows

    try:  # pragma: no cover
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError:  # pragma: no cover
        return False
    return True  # pragma: no cover


@contextmanager
def exclusive_lock(path: Path, *, timeout: float) -> Iterator[None]:
    """Hold an OS lock on ``path`` (created empty if missing, and left in place afterwards).

    The kernel releases the lock when the file is closed or the process dies, so a killed
    process never leaves a stale lock. Removing the file would let two processes lock two
    different files of the same name, so it stays.

    Raises:
        TimeoutError: another process held the lock for ``timeout`` seconds.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        deadline = time.monotonic() + timeout
        while not _try_lock(fh):
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{path} is locked by another process")
            time.sleep(0.05)
        yield


def lock_is_held(path: Path) -> bool:
    """Whether another process holds the lock on ``path`` at this moment."""
    if not path.exists():
        return False
    with open(path, "a+b") as fh:
        return not _try_lock(fh)


def cache_folder(name: str) -> Path:
    """sitrep's cache folder for ``name`` (fonts, boundaries): ``$SITREP_CACHE_DIR/name``, else
    ``$XDG_CACHE_HOME/sitrep/name``, else ``~/.cache/sitrep/name``. Not created here."""
    base = os.environ.get("SITREP_CACHE_DIR")
    if base:
        return Path(base) / name
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg or Path.home() / ".cache") / "sitrep" / name
