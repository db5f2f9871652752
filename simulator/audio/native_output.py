"""Keep what native libraries print (ALSA, PortAudio, espeak) off the user's terminal.

C libraries write straight to file descriptor 2, past `sys.stderr`, so the redirection has to
happen at the descriptor level. Their lines go to a log file instead, where they can still be read.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

_lock = threading.Lock()


def _open_log(log_path: Path | None) -> int:
    if log_path is None:
        return os.open(os.devnull, os.O_WRONLY)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)


@contextlib.contextmanager
def native_stderr_silenced(log_path: Path | None = None) -> Iterator[None]:
    """Send descriptor 2 to `log_path` (or nowhere) for the duration of the block."""
    with _lock:
        sys.stderr.flush()
        saved = os.dup(2)
        target = _open_log(log_path)
        try:
            os.dup2(target, 2)
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            os.close(target)


def divert_native_stderr(log_path: Path | None) -> TextIO:
    """Point descriptor 2 at `log_path` for the rest of the process; return the real terminal.

    For a full-screen app: the UI writes to the returned stream while every native message
    lands in the log. Python's own `sys.stderr` keeps pointing at the real terminal too.
    """
    sys.stderr.flush()
    terminal = os.fdopen(os.dup(2), "w", buffering=1, encoding="utf-8", errors="replace")
    target = _open_log(log_path)
    os.dup2(target, 2)
    os.close(target)
    return terminal
