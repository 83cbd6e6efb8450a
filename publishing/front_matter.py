"""The essay front-matter schema, checked with messages that name the line and the fix."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from publishing.errors import SourceError, SourceErrors
from publishing.markdown_lines import split_front_matter

REQUIRED = ("title", "description", "authors", "date", "updated", "tags")
OPTIONAL = ("corrections", "notebook", "hide", "search", "status")
MAX_TITLE = 70
MAX_DESCRIPTION = 160
EXAMPLE = (
    "---\ntitle: A copy of a copy\ndescription: One sentence of at most 160 characters.\n"
    "authors: [Collapse & Provenance editors]\ndate: 2026-11-25\nupdated: 2026-11-25\n"
    "tags: [model collapse]\n---"
)


def _key_lines(yaml_text: str) -> dict[str, int]:
    """Source line (1-based, the opening --- is line 1) of each top-level key."""
    lines = {}
    for i, line in enumerate(yaml_text.split("\n"), start=2):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if m:
            lines.setdefault(m.group(1), i)
    return lines


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def validate_essay(path: str, text: str) -> dict:
    """Check an essay's front matter; return it parsed, or raise SourceErrors listing all problems.

    Args:
        path: the file's path as shown to the contributor (e.g. ``docs/essays/x.md``).
        text: the whole file.
    """
    yaml_text, _body, _offset = split_front_matter(text)
    if not yaml_text:
        raise SourceErrors(
            [
                SourceError(
                    path, 1, "the essay has no front matter", f"start the file with:\n{EXAMPLE}"
                )
            ]
        )
    try:
        meta = yaml.safe_load(yaml_text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise SourceErrors(
            [
                SourceError(
                    path,
                    line,
                    f"front matter is not valid YAML ({exc.problem if mark else exc})",
                    "check quotes and indentation; quote values that contain ': '",
                )
            ]
        ) from None
    if not isinstance(meta, dict):
        raise SourceErrors(
            [SourceError(path, 2, "front matter must be a mapping of keys", EXAMPLE)]
        )
    where = _key_lines(yaml_text)
    errors: list[SourceError] = []

    def err(key: str, problem: str, fix: str) -> None:
        errors.append(SourceError(path, where.get(key, 1), problem, fix))

    for key in REQUIRED:
        if key not in meta or meta[key] in (None, "", []):
            err(key, f"front matter is missing '{key}'", f"add it; a complete example:\n{EXAMPLE}")
    for key in meta:
        if key not in REQUIRED and key not in OPTIONAL:
            err(
                key,
                f"unknown front-matter key '{key}'",
                f"use only {', '.join(REQUIRED + OPTIONAL)} (check the spelling)",
            )
    title = meta.get("title")
    if title is not None and (not isinstance(title, str) or len(title) > MAX_TITLE):
        err("title", f"title must be text of at most {MAX_TITLE} characters", "shorten it")
    desc = meta.get("description")
    if isinstance(desc, str) and len(desc) > MAX_DESCRIPTION:
        err(
            "description",
            f"description is {len(desc)} characters; the limit is {MAX_DESCRIPTION}",
            "shorten it to one sentence (it is shown in search results and link previews)",
        )
    elif desc is not None and not isinstance(desc, str):
        err("description", "description must be text", "write one sentence")
    authors = meta.get("authors")
    if authors is not None and (
        not isinstance(authors, list) or not all(isinstance(a, str) and a.strip() for a in authors)
    ):
        err(
            "authors",
            "authors must be a list of names",
            "write e.g. authors: [Ada Lovelace, Collapse & Provenance editors]",
        )
    tags = meta.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)
    ):
        err("tags", "tags must be a list of words", "write e.g. tags: [model collapse, provenance]")
    dates = {}
    for key in ("date", "updated"):
        if key in meta and meta[key] not in (None, ""):
            parsed = as_date(meta[key])
            if parsed is None:
                err(key, f"'{key}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-25")
            dates[key] = parsed
    if dates.get("date") and dates.get("updated") and dates["updated"] < dates["date"]:
        err(
            "updated",
            "'updated' is earlier than 'date'",
            "an essay cannot be updated before it was published",
        )
    corrections = meta.get("corrections")
    if corrections is not None:
        ok = isinstance(corrections, list) and all(
            isinstance(c, dict) and as_date(c.get("date")) and isinstance(c.get("note"), str)
            for c in corrections
        )
        if not ok:
            err(
                "corrections",
                "corrections must be a list of {date, note} entries",
                "write e.g.\ncorrections:\n  - date: 2026-12-01\n    note: Fixed the value of r^10.",
            )
    if errors:
        raise SourceErrors(errors)
    return meta
