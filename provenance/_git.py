"""What the seal and the bundle need from git: the commit, its time, the tracked files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: What :func:`source_commit` returns outside a git checkout.
UNVERSIONED = "unversioned"


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, encoding="utf-8", check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def source_commit(root: Path) -> str:
    """The commit the working tree is at, as an identifier for the seal and the bag.

    Args:
        root: A folder inside the git checkout.

    Returns:
        The full hash of ``HEAD``, with ``-dirty`` appended when tracked files differ
        from it (the output then is not what that commit alone produces), or
        ``"unversioned"`` outside git.
    """
    head = _git(root, "rev-parse", "--verify", "HEAD")
    if not head:
        return UNVERSIONED
    changes = _git(root, "status", "--porcelain", "--untracked-files=no")
    return head.strip() + ("-dirty" if changes else "")


def source_date_epoch(root: Path) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the last commit's time, else 0."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        return int(env)
    out = _git(root, "log", "-1", "--format=%ct")
    return int(out.strip()) if out and out.strip() else 0


def tracked_files(root: Path) -> tuple[list[str], list[str]]:
    """Files git tracks under ``root``, split by whether the working tree still has them.

    Returns:
        ``(present, deleted)``: repository-relative paths with forward slashes.

    Raises:
        RuntimeError: ``root`` is not in a git checkout.
    """
    out = _git(root, "ls-files", "-z")
    if out is None:
        raise RuntimeError(f"{root} is not a git checkout: `git ls-files` failed")
    present, deleted = [], []
    for name in sorted({n for n in out.split("\0") if n}):
        (present if (root / name).is_file() else deleted).append(name)
    return present, deleted
