"""The two text formats BagIt uses, read and written strictly (RFC 8493 §2.1.3, §2.2.2).

A manifest line is ``<lower-case hex SHA-256>  <path>``: two spaces, which is also the
``sha256sum`` text format, so the same file works with GNU coreutils. A tag file is
``Label: value`` lines; a value may continue on lines that start with white space.

Reading is strict on purpose: a checker that accepted ``*`` as well as a space, or
upper-case as well as lower-case hex, would let some one-byte edits of a tag manifest
(which nothing else covers) pass unnoticed.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

LINE = re.compile(r"^(?P<digest>[0-9a-f]{64})  (?P<path>.+)$")
_LABEL = re.compile(r"^(?P<label>[A-Za-z0-9][A-Za-z0-9_.-]*)\s*:\s?(?P<value>.*)$")
_FOLD_AT = 79


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sort_key(path: str) -> bytes:
    """Bytewise order of UTF-8 paths (what ``LC_ALL=C sort`` gives)."""
    return path.encode("utf-8")


def manifest_text(entries: Iterable[tuple[str, str]]) -> str:
    """Manifest lines for ``(path, hex digest)`` pairs, sorted bytewise by path, LF ends."""
    rows = sorted(entries, key=lambda e: sort_key(e[0]))
    return "".join(f"{digest}  {path}\n" for path, digest in rows)


def parse_manifest(text: str, name: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Split a manifest into ``(path, digest)`` pairs and a list of format problems.

    Args:
        text: The manifest, decoded from UTF-8.
        name: Its file name, used in the messages.

    Returns:
        The entries in file order and one message per problem (``name:line: ...``).
    """
    entries: list[tuple[str, str]] = []
    problems: list[str] = []
    if text and not text.endswith("\n"):
        problems.append(f"{name}: the last line has no line end (LF)")
    if "\r" in text:
        problems.append(f"{name}: has CR characters (CRLF line ends?); it must use LF only")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        m = LINE.match(line)
        if not m:
            problems.append(
                f"{name}:{number}: malformed line {line[:80]!r} "
                "(expected '<64 lower-case hex digits><two spaces><path>')"
            )
            continue
        path = m.group("path")
        unsafe = unsafe_path(path)
        if unsafe:
            problems.append(f"{name}:{number}: path {path!r} {unsafe}")
            continue
        if path in seen:
            problems.append(f"{name}:{number}: {path} is listed twice")
            continue
        seen.add(path)
        entries.append((path, m.group("digest")))
    return entries, problems


def unsafe_path(path: str) -> str:
    """Why a manifest path must not be followed (absolute, ``..``, empty parts), or ''."""
    if path.startswith("/") or re.match(r"^[A-Za-z]:[/\\]", path):
        return "is absolute; manifest paths are relative to the site folder"
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "has an empty, '.' or '..' part; it could point outside the site folder"
    return ""


def tag_text(pairs: Iterable[tuple[str, str]], *, fold: bool = False) -> str:
    """``Label: value`` lines; with ``fold``, long values wrap onto indented lines."""
    out = []
    for label, value in pairs:
        if "\n" in value or "\r" in value:
            raise ValueError(f"tag {label!r} has a line break in its value")
        line = f"{label}: {value}"
        if fold and len(line) > _FOLD_AT and " " in value:
            # Fold between words of the value only: a hash stays whole on its label's line.
            wrapped = textwrap.wrap(
                line,
                _FOLD_AT,
                subsequent_indent="  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
            if wrapped[0] != f"{label}:":
                line = "\n".join(wrapped)
        out.append(line + "\n")
    return "".join(out)


def parse_tags(text: str, name: str) -> tuple[dict[str, str], list[str]]:
    """Read ``Label: value`` lines (continuations joined with a space) and list problems."""
    tags: dict[str, str] = {}
    problems: list[str] = []
    label = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        if line[0] in " \t" and label is not None:
            tags[label] = (tags[label] + " " + line.strip()).strip()
            continue
        m = _LABEL.match(line)
        if not m:
            problems.append(f"{name}:{number}: not a 'Label: value' line: {line[:80]!r}")
            label = None
            continue
        label = m.group("label")
        if label in tags:
            problems.append(f"{name}:{number}: {label} is given twice")
            label = None
            continue
        tags[label] = m.group("value").strip()
    return tags, problems


def utc_date(source_date_epoch: int) -> str:
    """``YYYY-MM-DD`` of a Unix time, in UTC."""
    return datetime.fromtimestamp(source_date_epoch, tz=UTC).strftime("%Y-%m-%d")


def oxum(sizes: Iterable[int]) -> str:
    """BagIt Payload-Oxum: ``<total bytes>.<file count>``."""
    sizes = list(sizes)
    return f"{sum(sizes)}.{len(sizes)}"
