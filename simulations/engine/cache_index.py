"""The ``index.json`` of a build cache: read it defensively, write it atomically.

Two caches keep one: the figure runner's (``.cache/figures``) and the notebook
executor's (``.cache/notebooks``). Both treat the index the same way: a missing index is
an empty cache; an unreadable one is reported once and everything it listed is rebuilt;
an entry written by an older layout is stale (dropped silently); a damaged entry is
reported and rebuilt. Nothing here ever raises on bad cache content.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["read_index", "write_atomic", "write_index"]


def read_index(
    path: Path,
    *,
    problem: Callable[[object], str | None],
    stale: Callable[[object], bool] = lambda entry: False,
    what: str,
    report: Callable[[str], None],
) -> dict[str, dict]:
    """The well-formed entries of an index; anything else is reported and dropped.

    Args:
        path: the ``index.json`` file (need not exist).
        problem: why an entry cannot be trusted (a short phrase), or None if it is sound.
        stale: True for an entry of an older layout, dropped without a report.
        what: what the entries are, plural, for the messages ("figure", "notebook").
        report: called with one line per problem found.

    Returns:
        name -> entry, for the sound entries only.
    """
    if not path.exists():
        return {}
    try:
        index = json.loads(path.read_bytes().decode("utf-8"))
        if not isinstance(index, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:  # also UnicodeDecodeError and JSONDecodeError
        report(
            f"  cache   {path} is unreadable ({str(exc).splitlines()[0]}); "
            f"every {what} it listed will be rebuilt"
        )
        return {}
    entries = {}
    for name, entry in index.items():
        if stale(entry):
            continue  # written by another version of the code: stale, not damaged
        why = problem(entry)
        if why:
            report(f"  cache   the entry of {what} {name} in {path} is damaged ({why}); rebuilding")
            continue
        entries[name] = entry
    return entries


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary sibling, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_index(path: Path, index: dict[str, dict]) -> None:
    """Save an index atomically, keys sorted so the file is the same for the same cache."""
    write_atomic(path, (json.dumps(index, indent=1, sort_keys=True) + "\n").encode("utf-8"))
