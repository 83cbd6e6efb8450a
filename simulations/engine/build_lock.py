"""One build at a time per project folder: an advisory lock on ``.cache/build.lock``.

Two builds in one folder would write the same cache files and swap the same site
folder. The figure runner's command line and the site build take this lock; a second
build waits for the first (saying so, with its process id) and gives up with a clear
message after a bounded wait. The lock is ``flock``: the kernel releases it when its
holder exits, however it exits, so a killed build never leaves a stale lock behind.

It lives in ``simulations.engine`` because the runner is the one part every build (and every
throwaway test project) carries; ``publishing.build`` imports it from here.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

#: Seconds a build waits for another one in the same folder; KB_LOCK_WAIT overrides it.
DEFAULT_WAIT = 900.0
_POLL = 0.2


class BuildLocked(RuntimeError):
    """Another build held the folder's lock for longer than this one would wait."""


def lock_path(root: Path) -> Path:
    """The lock file of the project folder ``root``."""
    return root / ".cache" / "build.lock"


def _wait_limit(wait: float | None) -> float:
    if wait is not None:
        return wait
    raw = os.environ.get("KB_LOCK_WAIT", "")
    try:
        return float(raw) if raw else DEFAULT_WAIT
    except ValueError:
        raise BuildLocked(
            f"KB_LOCK_WAIT={raw!r} is not a number of seconds; set it to e.g. 600"
        ) from None


def _holder(handle) -> str:
    handle.seek(0)
    text = handle.read().strip()
    return f"pid {text}" if text.isdigit() else "pid unknown"


@contextlib.contextmanager
def build_lock(
    root: Path, *, wait: float | None = None, report: Callable[[str], None] = print
) -> Iterator[None]:
    """Hold the project folder's build lock for the duration of the ``with`` block.

    Args:
        root: the project folder; the lock file is ``root/.cache/build.lock``.
        wait: seconds to wait for another build (default: KB_LOCK_WAIT, else 900).
        report: called once with a line saying whom this build waits for.

    Raises:
        BuildLocked: the other build still held the lock after ``wait`` seconds.
    """
    path = lock_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    limit = _wait_limit(wait)
    with open(path, "a+", encoding="ascii") as handle:
        start = time.monotonic()
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(handle)
                waited = time.monotonic() - start
                if waited >= limit:
                    raise BuildLocked(
                        f"another build in this folder ({holder}) still holds {path} after "
                        f"{waited:.0f} s; let it finish or stop it, then run this build again "
                        "(KB_LOCK_WAIT sets how long to wait)"
                    ) from None
                if not announced:
                    report(f"waiting for the other build in this folder ({holder}) to finish")
                    announced = True
                time.sleep(_POLL)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
