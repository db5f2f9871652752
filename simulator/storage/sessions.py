"""Which sessions belong to a running copy of the app, so two copies never share or "recover"
each other's recordings.

Each session id is reserved by creating `recordings/.sessions/<id>.lock` with O_EXCL (two
copies started in the same second get different ids), and the file stays locked with `flock`
while the copy runs. The kernel drops the lock when the process dies, kill -9 included, so a
session whose lock file can be locked by anyone is not live and its leftovers may be recovered.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path

LOCKS_FOLDER = ".sessions"


class SessionLock:
    """The reservation of one session id by this process, held until `release`."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def session_id(self) -> str:
        return self.path.stem

    def release(self) -> None:
        """Remove the reservation (the session's recordings stay where they are)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


def reserve_session(recordings_dir: Path, stamp: str) -> SessionLock:
    """Reserve `stamp`, or `stamp-2`, `stamp-3`... when taken; OSError if the folder cannot be
    written."""
    folder = recordings_dir / LOCKS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        session_id = stamp if n == 1 else f"{stamp}-{n}"
        n += 1
        if (recordings_dir / session_id).exists():
            continue
        path = folder / f"{session_id}.lock"
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
        except FileExistsError:
            continue
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits only while `is_live` peeks at it
        try:
            still_ours = path.stat().st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:  # `remove_stale` took it before it was locked
            still_ours = False
        if not still_ours:
            os.close(fd)
            continue
        os.write(fd, f"{os.getpid()}\n".encode())
        return SessionLock(path, fd)


def is_live(recordings_dir: Path, session_id: str) -> bool:
    """Whether a running process (this one included) holds the session."""
    path = recordings_dir / LOCKS_FOLDER / f"{session_id}.lock"
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # never reserved (older versions) or released: nobody holds it
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops a lock this call took
    return False


def remove_stale(recordings_dir: Path) -> None:
    """Delete the lock files that killed processes left behind."""
    for path in (recordings_dir / LOCKS_FOLDER).glob("*.lock"):
        if not is_live(recordings_dir, path.stem):
            with contextlib.suppress(OSError):
                path.unlink()


def write_problem(folder: Path) -> str | None:
    """Why files cannot be created in `folder` (made if missing), or None when they can.

    Creates and deletes a small temp file: permissions alone do not tell (root ignores them,
    a read-only mount does not show in them).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".write-check-")
        try:
            os.write(fd, b"ok")
        finally:
            os.close(fd)
            Path(name).unlink()
    except OSError as error:
        return (error.strerror or str(error)).lower()
    return None
