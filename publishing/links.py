"""Links between pages and the nav: the rules the build and the editorial check share.

MkDocs reports a link to a missing page or anchor, and a page left out of ``nav``, in
its own words, with no line and no fix. These checks run before the generator (and in
``python -m tools.editorial`` on one essay) with the page's file:line:column and a fix.
Only links inside the site are checked: relative links to ``.md``/``.ipynb`` pages of the
docs folder and their ``#anchors``; web addresses and downloads are left alone.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from publishing.errors import SourceError
from publishing.markdown_lines import lines_outside_code

__all__ = ["essay_not_in_nav", "link_problems", "nav_pages", "page_anchors"]

# [text](target) or [text](target "title"); images too (the target must exist as well).
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")
_HTML_ID = re.compile(r"\bid=\"([^\"]+)\"")
_FIGURE = re.compile(r"^\s*\[\[figure:\s*([\w-]+)\s*\]\]\s*$")
#: Anchors the page steps add to every page that needs them (References, Cite this).
GENERATED_ANCHORS = frozenset({"references", "cite-this"})


def slugify(title: str) -> str:
    """The id Python-Markdown's toc extension gives a heading (its default slugify)."""
    value = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def page_anchors(markdown: str) -> set[str]:
    """Every anchor a Markdown page will have: headings, ``{#id}``, raw ``id=""``, figures."""
    anchors = set(GENERATED_ANCHORS)
    seen: dict[str, int] = {}
    for _i, line in lines_outside_code(markdown):
        heading = _HEADING.match(line)
        if heading:
            text = heading.group(2)
            explicit = _ATTR_ID.search(text)
            if explicit:
                anchors.add(explicit.group(1))
            else:
                slug = slugify(_ATTR_ID.sub("", text))
                # toc numbers repeated headings: x, x_1, x_2, ...
                count = seen.get(slug, 0)
                seen[slug] = count + 1
                anchors.add(slug if count == 0 else f"{slug}_{count}")
        anchors.update(_ATTR_ID.findall(line) if not heading else [])
        anchors.update(_HTML_ID.findall(line))
        figure = _FIGURE.match(line)
        if figure:
            anchors.add(f"figure-{figure.group(1)}")
    return anchors


def nav_pages(nav: object) -> set[str]:
    """Every page named in a MkDocs ``nav`` (nested lists and ``title: page`` mappings)."""
    found: set[str] = set()
    if isinstance(nav, str):
        if "://" not in nav:
            found.add(nav)
    elif isinstance(nav, list):
        for item in nav:
            found |= nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= nav_pages(value)
    return found


def essay_not_in_nav(src_uri: str, shown: str, nav: set[str]) -> SourceError | None:
    """An essay the nav does not list (readers could not find it from the menu)."""
    if not nav or src_uri in nav:
        return None  # no nav at all: the generator lists every page itself
    return SourceError(
        shown,
        1,
        "the essay is not in the nav of mkdocs.yml, so no menu leads to it",
        f"add the line `- {src_uri}` under Essays in the nav of mkdocs.yml",
    )


def link_problems(
    markdown: str,
    *,
    src_uri: str,
    shown: str,
    line_offset: int,
    pages: Iterable[str],
    anchors: Callable[[str], set[str] | None],
) -> list[SourceError]:
    """Links from one page to a page or anchor of the site that does not exist.

    Args:
        markdown: the page's body (front matter removed).
        src_uri: the page's path in the docs folder, e.g. ``essays/x.md``.
        shown: its path as a contributor sees it, e.g. ``docs/essays/x.md``.
        line_offset: file lines before the body.
        pages: every page of the docs folder (``src_uri`` values).
        anchors: ``page -> its anchors`` (None for a page whose anchors are unknown).
    """
    pages = sorted(set(pages))
    problems = []
    folder = posixpath.dirname(src_uri)
    for index, line in lines_outside_code(markdown):
        plain = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in _LINK.finditer(plain):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("/"):
                continue  # a web address, mailto:, or a site-absolute URL
            path, _, anchor = target.partition("#")
            if path and not path.endswith((".md", ".ipynb")):
                continue  # a download or an asset, not a page
            page = posixpath.normpath(posixpath.join(folder, path)) if path else src_uri
            where = (shown, line_offset + index + 1)
            column = match.start(1) + 1
            if page not in pages:
                near = difflib.get_close_matches(page, pages, n=1)
                hint = f"did you mean {_relative(near[0], folder)}? " if near else ""
                problems.append(
                    SourceError(
                        *where,
                        f"the link '{target}' points to a page that does not exist ({page})",
                        f"{hint}link a page of docs/ by its path from this file",
                        column=column,
                    )
                )
                continue
            known = anchors(page) if anchor else None
            if anchor and known is not None and anchor not in known:
                near = difflib.get_close_matches(anchor, sorted(known), n=2)
                hint = f"did you mean #{', #'.join(near)}? " if near else ""
                problems.append(
                    SourceError(
                        *where,
                        f"the link '{target}' names an anchor #{anchor} that {page} does not have",
                        f"{hint}anchors are the headings' ids (lower case, spaces as -) or "
                        "{#name} written after a heading",
                        column=column,
                    )
                )
    return problems


def _relative(page: str, folder: str) -> str:
    return posixpath.relpath(page, folder or ".")


def anchors_from(bodies: Mapping[str, str]) -> Callable[[str], set[str] | None]:
    """``page -> anchors`` for the Markdown pages in ``bodies`` (None for notebooks)."""
    cache: dict[str, set[str]] = {}

    def lookup(page: str) -> set[str] | None:
        if not page.endswith(".md") or page not in bodies:
            return None
        if page not in cache:
            cache[page] = page_anchors(bodies[page])
        return cache[page]

    return lookup
