"""What the editions read from the sources: the site's settings, its nav and each essay.

Editions never import MkDocs: the settings come from ``mkdocs.yml`` read as plain YAML,
and each essay's front matter from its Markdown file, so the same code serves any
generator that keeps those two conventions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from publishing.errors import SourceError
from publishing.front_matter import as_date
from publishing.markdown_lines import split_front_matter
from publishing.site_context import is_essay


class _LenientLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' custom tags (!ENV, !!python/name:...) as None.

    We need only plain keys (site_url, nav, ...); such tags only ever mark values we
    ignore, and executing them is not our business.
    """


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, n: None)


@dataclass(frozen=True)
class Correction:
    """One entry of an essay's ``corrections:`` list."""

    date: dt.date
    note: str
    number: int  # 1-based position among the essay's corrections of the same day


@dataclass(frozen=True)
class Essay:
    """An essay, as its front matter and the nav describe it.

    Attributes:
        src: path under docs/ (``essays/copy-of-a-copy.md``).
        slug: the file name without ``.md`` (``copy-of-a-copy``).
        path: the page's site-relative URL path (``essays/copy-of-a-copy/``).
        url: its canonical address (site_url + path).
    """

    src: str
    slug: str
    path: str
    url: str
    title: str
    description: str
    authors: tuple[str, ...]
    date: dt.date
    updated: dt.date
    tags: tuple[str, ...]
    corrections: tuple[Correction, ...]


@dataclass(frozen=True)
class Project:
    """The site's settings and its pages in nav order."""

    root: Path
    site_name: str
    site_url: str  # always ends with "/"
    description: str
    author: str
    language: str
    nav: tuple[str, ...]  # every page's src path, in nav order
    essays: tuple[Essay, ...]  # in nav order

    def page_path(self, src: str) -> str:
        """The site-relative URL path of a page (``glossary.md`` -> ``glossary/``)."""
        return _page_url(src)


def _page_url(src: str) -> str:
    """The directory URL MkDocs gives a page (use_directory_urls): a/b.md -> a/b/."""
    path = src.removesuffix(".md").removesuffix(".ipynb")
    if path == "index":
        return ""
    if path.endswith("/index"):
        return path[: -len("index")]
    return path + "/"


def _flatten(nav) -> list[str]:
    out: list[str] = []
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        for item in nav:
            out += _flatten(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            out += _flatten(value)
    return out


def load_project(root: Path, config: str = "mkdocs.yml") -> Project:
    """Read ``mkdocs.yml`` and every essay's front matter under ``root``.

    Raises:
        SourceError: A file is missing or a value the editions need is wrong; the
            message names the file and line.
    """
    root = Path(root).resolve()
    cfg_path = root / config
    try:
        cfg = yaml.load(cfg_path.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    except OSError as exc:
        raise SourceError(config, 1, f"cannot read the site configuration ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(
            config, mark.line + 1 if mark else 1, "not valid YAML", "fix the YAML"
        ) from None
    site_url = (cfg.get("site_url") or "").strip()
    if not site_url.startswith(("https://", "http://")):
        raise SourceError(
            config,
            1,
            "site_url is missing or not an http(s) address",
            "the feed and the web archive need it: set e.g. site_url: https://example.org/kb/",
        )
    site_url = site_url.rstrip("/") + "/"
    docs = root / (cfg.get("docs_dir") or "docs")
    nav = [p for p in _flatten(cfg.get("nav") or []) if not p.startswith(("http:", "https:"))]
    essays = tuple(
        _read_essay(docs, root, src, site_url)
        for src in nav
        if is_essay(src) and src.endswith(".md")
    )
    theme = cfg.get("theme") or {}
    return Project(
        root=root,
        site_name=cfg.get("site_name") or "",
        site_url=site_url,
        description=" ".join((cfg.get("site_description") or "").split()),
        author=cfg.get("site_author") or cfg.get("site_name") or "",
        language=(theme.get("language") if isinstance(theme, dict) else None) or "en",
        nav=tuple(nav),
        essays=essays,
    )


def _read_essay(docs: Path, root: Path, src: str, site_url: str) -> Essay:
    path = docs / src
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        raise SourceError(
            "mkdocs.yml", 1, f"the nav lists {src}, which does not exist", "fix the nav"
        ) from None
    yaml_text, _body, _offset = split_front_matter(text)
    try:
        meta = yaml.safe_load(yaml_text) or {}
    except yaml.YAMLError:
        raise SourceError(
            shown, 1, "front matter is not valid YAML", "run `make editorial`"
        ) from None

    def need(key: str):
        if not meta.get(key):
            raise SourceError(shown, 1, f"front matter is missing '{key}'", "run `make editorial`")
        return meta[key]

    date = as_date(need("date"))
    if date is None:
        raise SourceError(
            shown, 1, "'date' is not a YYYY-MM-DD date", "write e.g. date: 2026-11-25"
        )
    updated = as_date(meta.get("updated")) or date
    corrections = []
    seen: dict[dt.date, int] = {}
    for i, item in enumerate(meta.get("corrections") or [], start=1):
        day = as_date(item.get("date")) if isinstance(item, dict) else None
        if day is None or not isinstance(item.get("note"), str):
            raise SourceError(
                shown,
                1,
                f"correction {i} needs a YYYY-MM-DD date and a note",
                "write e.g.\ncorrections:\n  - date: 2026-12-01\n    note: Fixed the value of r^10.",
            )
        seen[day] = seen.get(day, 0) + 1
        corrections.append(Correction(day, " ".join(item["note"].split()), seen[day]))
    page = _page_url(src)
    return Essay(
        src=src,
        slug=Path(src).stem,
        path=page,
        url=site_url + page,
        title=str(need("title")),
        description=" ".join(str(meta.get("description") or "").split()),
        authors=tuple(str(a) for a in (meta.get("authors") or [])),
        date=date,
        updated=updated,
        tags=tuple(str(t) for t in (meta.get("tags") or [])),
        corrections=tuple(corrections),
    )
