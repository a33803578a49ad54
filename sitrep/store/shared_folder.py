"""Is the workspace on a synced or network folder? There SQLite's file locking is unreliable.

SQLite's own documentation ("How To Corrupt An SQLite Database File", section 2.1) warns that
network file systems and sync clients do not give the locks SQLite relies on, so two officers
issuing at once can corrupt ``history.sqlite``. Two signs are read, standard library only:

- a folder of the path is named after a sync client (OneDrive, SharePoint, Dropbox, Google
  Drive, iCloud Drive, Box, Nextcloud, ownCloud, Seafile) or the path is a Windows UNC share;
- on Linux, the file system the path lies on (``/proc/mounts``) is a network one (NFS, SMB/CIFS,
  WebDAV, SSHFS, …).
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PureWindowsPath

from sitrep.codes import W_HISTORY_SHARED_FOLDER
from sitrep.errors import Finding, Position

SYNC_CLIENTS = re.compile(r"(onedrive|sharepoint|dropbox|google ?drive|icloud ?drive|box sync|nextcloud|owncloud"
                          r"|seafile)", re.IGNORECASE)
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "davfs", "fuse.davfs",
    "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.s3fs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "gpfs",
    "fuse.onedrive", "fuse.dropbox", "fuse.gvfsd-fuse", "fuse.smbnetfs",
})


def _mount_type(path: Path, mounts: str) -> str | None:
    """The file-system type of the longest mount point that holds ``path`` in a /proc/mounts text."""
    best, kind = "", None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")  # /proc/mounts writes a space in a path as \040
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def shared_folder(path: Path, mounts: str | None = None) -> str | None:
    """What makes ``path`` a synced or network folder (``"a OneDrive folder"``), or None.

    ``mounts`` is the text of /proc/mounts (read when None, on Linux).
    """
    try:
        resolved = path.resolve()
    except OSError:
        resolved = path.absolute()
    for part in resolved.parts:
        found = SYNC_CLIENTS.search(part)
        if found:
            return f"a {found.group(0)} folder ({part})"
    if os.name == "nt" and str(PureWindowsPath(resolved)).startswith("\\\\"):
        return "a network share"  # pragma: no cover - Windows
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    kind = _mount_type(resolved, mounts)
    if kind and (kind in NETWORK_FILE_SYSTEMS or kind.split(".")[0] in NETWORK_FILE_SYSTEMS):
        return f"a network file system ({kind})"
    return None


def shared_folder_warning(history: Path) -> Finding | None:
    """A warning when the SQLite history ``history`` lies on a synced or network folder."""
    where = shared_folder(history.parent)
    if where is None:
        return None
    return W_HISTORY_SHARED_FOLDER(
        f"the workspace is on {where}: SQLite's locking is not reliable there, and two people issuing at once, or "
        f"a sync conflict, can corrupt {history.name} and lose the series' history",
        hint="keep the workspace on a local disk, or give the team one history on a PostgreSQL server: "
             '[history] url = "postgresql://USER@HOST/DATABASE" in report.toml (README: "A team shares one '
             'report series"), then copy this history there with sitrep history --migrate-to URL',
        position=Position(file=history.name))
