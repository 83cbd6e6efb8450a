"""The site-wide inputs every page step needs, computed once before the generator runs.

The site steps (``publishing.site_steps``) write them to one JSON file,
``<config folder>/.cache/site/context.json``; the Markdown extension loads it once per
process (again only when the file changed). A page step therefore never runs git, runs a
simulation or reads another page: whatever it needs about the rest of the site is here.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bibliography import Bibliography
from publishing.figure_embed import relative_base

__all__ = [
    "CONTEXT_ENV",
    "CONTEXT_FILE",
    "SiteContext",
    "context_path",
    "is_essay",
    "load_context",
    "page_url",
    "raw_html_base",
    "relative_base",
    "write_context",
]

#: Where the context lives, relative to the folder holding the generator's config file.
CONTEXT_FILE = Path(".cache/site/context.json")
#: Set by the build wrapper for the generator it starts: the context file to read.
CONTEXT_ENV = "KB_SITE_CONTEXT"
ESSAY_DIR = "essays/"
BIBLIOGRAPHY_PAGE = "bibliography.md"


def is_essay(src_uri: str) -> bool:
    """An essay is any Markdown page under ``essays/`` except the section's index."""
    return (
        src_uri.startswith(ESSAY_DIR)
        and src_uri.endswith(".md")
        and not src_uri.endswith("index.md")
    )


def page_url(src_uri: str) -> str:
    """The directory URL a page gets (``a/b.md`` and ``a/b.ipynb`` -> ``a/b/``)."""
    path = src_uri.rsplit(".", 1)[0] if src_uri.endswith((".md", ".ipynb")) else src_uri
    if path == "index":
        return ""
    if path.endswith("/index"):
        return path[: -len("index")]
    return path + "/"


def raw_html_base(src_uri: str, url: str, *, from_source: bool) -> str:
    """The relative path to the site root that raw HTML on a page must start with.

    MkDocs leaves URLs in raw HTML alone, so they are read from the page's URL
    (``essays/x/`` -> ``../../``). Zensical 0.0.73 rewrites them as if they were
    relative to the page's *source file* (``essays/x.md`` -> ``../``); given the MkDocs
    form, its links would come out one ``../`` too deep. Which one applies is a property
    of the generator (``PageRef.urls_from_source``), never a test inside a step.
    """
    if not from_source:
        return relative_base(url)
    folder = src_uri.rsplit("/", 1)[0] + "/" if "/" in src_uri else ""
    return relative_base(folder)


def context_path(config_dir: Path) -> Path:
    """The context file of the site whose config file is in ``config_dir``.

    The build wrapper names it in ``$KB_SITE_CONTEXT`` for the generator it starts.
    """
    return Path(os.environ.get(CONTEXT_ENV) or Path(config_dir) / CONTEXT_FILE)


@dataclass(frozen=True)
class SiteContext:
    """The site-wide inputs, as read from the context file.

    Attributes:
        root: The project folder (simulations/, bibliography/).
        docs_dir: The real source folder of the pages (messages and front matter come
            from here, whatever folder the generator reads).
        site_name, site_url, repo_url: From the generator's config.
        figures: The figure runner's records, name -> record.
        figure_sizes: name -> (width, height) of the SVG in CSS pixels, or None.
        bibliography_file: The .bib file (absolute); ``bibliography_shown`` names it in
            messages; ``bibliography_cache`` is the render cache folder.
        pages: src_uri -> {"title", "cites" (keys, in order), "version" (short commit
            of the page's last change; essays only)}, for every page of the site.
        values: ``module.name`` -> the value and where it came from
            (``publishing.values.value_table``), for ``[[value: ...]]``.
    """

    root: Path
    docs_dir: Path
    site_name: str
    site_url: str
    repo_url: str
    figures: dict[str, dict] = field(default_factory=dict)
    figure_sizes: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    bibliography_file: Path | None = None
    bibliography_shown: str = "bibliography/references.bib"
    bibliography_cache: Path | None = None
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    @cached_property
    def bibliography(self) -> Bibliography | None:
        """The bibliography, loaded on first use (rendered records come from its cache)."""
        if self.bibliography_file is None:
            return None
        text = self.bibliography_file.read_text(encoding="utf-8-sig")
        return Bibliography.from_string(
            text, path=self.bibliography_shown, cache_dir=self.bibliography_cache
        )

    def shown(self, src_uri: str) -> str:
        """The path of a page as a contributor sees it: relative to the project root."""
        path = self.docs_dir / src_uri
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def to_json(self) -> str:
        data = {
            "root": str(self.root),
            "docs_dir": str(self.docs_dir),
            "site_name": self.site_name,
            "site_url": self.site_url,
            "repo_url": self.repo_url,
            "figures": self.figures,
            "figure_sizes": {k: list(v) if v else None for k, v in self.figure_sizes.items()},
            "bibliography_file": str(self.bibliography_file) if self.bibliography_file else None,
            "bibliography_shown": self.bibliography_shown,
            "bibliography_cache": str(self.bibliography_cache) if self.bibliography_cache else None,
            "pages": self.pages,
            "values": self.values,
        }
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SiteContext:
        data = json.loads(text)
        optional = {
            key: Path(data[key]) if data.get(key) else None
            for key in ("bibliography_file", "bibliography_cache")
        }
        return cls(
            root=Path(data["root"]),
            docs_dir=Path(data["docs_dir"]),
            site_name=data["site_name"],
            site_url=data["site_url"],
            repo_url=data["repo_url"],
            figures=data["figures"],
            figure_sizes={k: tuple(v) if v else None for k, v in data["figure_sizes"].items()},
            bibliography_shown=data["bibliography_shown"],
            pages=data["pages"],
            values=data.get("values", {}),
            **optional,
        )


def write_context(path: Path, context: SiteContext) -> None:
    """Write the context file atomically (a reader never sees half a file).

    Unchanged content keeps the file (and its mtime): Zensical watches it, and renders
    every page again when its time changes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    text = context.to_json()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


_loaded: dict[Path, tuple[str, SiteContext]] = {}


def load_context(path: Path) -> SiteContext:
    """The context in ``path``, parsed once per process and again only when it changed.

    Raises:
        FileNotFoundError: with a message saying how to write it (run the build wrapper).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{path} does not exist: the site steps write it before the generator runs; "
            "build with `make site` (or `python -m publishing.build`), not the generator alone"
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    cached = _loaded.get(path)
    if cached and cached[0] == digest:
        return cached[1]
    context = SiteContext.from_json(data.decode("utf-8"))
    _loaded[path] = (digest, context)
    return context
