"""The last check before a built site is published: did our steps run, is every page there?

A generator that silently ignores our page steps (Zensical ignores ``hooks:`` and most
plugins and still prints "No issues found") publishes raw ``[@key]`` citations, raw
``[[figure: x]]`` markers, missing notebook pages and no seal. :func:`guard_site` runs on
the staging folder after the generator, the after-build site steps and the seal, and
before the staging folder replaces ``site/``; it fails, one message per kind of problem
with the files listed, when:

- a page's HTML has ``[@``, ``[[figure:`` or ``[[value:`` outside ``<code>``/``<pre>``
  (a citation or marker no page step processed);
- a source has no page: every ``.md`` page and every notebook under ``docs/``;
- the seal is missing or does not match the files (:func:`provenance.verify_site`).

``python -m publishing.guard SITE_DIR [--docs DOCS_DIR]`` checks any built copy.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from provenance import verify_site

__all__ = [
    "SiteGuardError",
    "expected_page",
    "guard_site",
    "missing_pages",
    "seal_problems",
    "site_problems",
    "unprocessed_markers",
]

# What a reader must never see: a citation or a marker that no page step turned into HTML.
_MARKER = re.compile(r"\[@|\[\[\s*(?:figure|value)\s*:", re.IGNORECASE)
# Where such text is legitimate: code shown as code (the contributing guide documents the
# syntax), scripts, styles and comments. The notebook template also keeps each code
# cell's source in a hidden "clipboard-copy-txt" div for its copy button: that is code too.
_NOT_PROSE = re.compile(
    r"<(pre|code|script|style|textarea)\b[^>]*>.*?</\1\s*>"
    r"|<!--.*?-->"
    r'|<div\b[^>]*\bclass="clipboard-copy-txt"[^>]*>[^<]*</div>',
    re.IGNORECASE | re.DOTALL,
)
_CONTEXT = 40


class SiteGuardError(RuntimeError):
    """The built site must not be published; the message lists every problem by file."""


def unprocessed_markers(html: str) -> list[str]:
    """The unprocessed citations and markers in one page's HTML, outside code.

    Args:
        html: A page's HTML.

    Returns:
        One short excerpt around each occurrence, in order (empty when the page is clean).
    """
    # Blank out code rather than delete it, so excerpts keep their neighbours apart.
    prose = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), html)
    found = []
    for m in _MARKER.finditer(prose):
        start = max(0, m.start() - _CONTEXT)
        excerpt = " ".join(prose[start : m.end() + _CONTEXT].split())
        found.append(excerpt)
    return found


def expected_page(source: str) -> str:
    """The HTML file a source under ``docs/`` becomes, with directory URLs.

    ``index.md`` -> ``index.html``, ``a/index.md`` -> ``a/index.html``,
    ``a/b.md`` -> ``a/b/index.html``, ``notebooks/x.ipynb`` -> ``notebooks/x/index.html``.
    """
    stem = source.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def _sources(docs_dir: Path) -> list[str]:
    """Every page source: ``.md`` and ``.ipynb`` files, skipping hidden files and folders."""
    out = []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix in (".md", ".ipynb"):
            out.append(rel.as_posix())
    return out


def missing_pages(site_dir: Path, docs_dir: Path) -> list[tuple[str, str]]:
    """(source, expected page) for every source under ``docs_dir`` without its page."""
    return [
        (src, page)
        for src in _sources(docs_dir)
        if not (site_dir / (page := expected_page(src))).is_file()
    ]


def seal_problems(site_dir: Path) -> list[str]:
    """What :func:`provenance.verify_site` finds wrong with the seal (empty when sealed)."""
    return verify_site(site_dir).problems()


def site_problems(site_dir: Path, docs_dir: Path) -> list[str]:
    """Every reason not to publish ``site_dir``, one message per kind, files listed.

    Args:
        site_dir: The built (and sealed) site folder.
        docs_dir: The folder of page sources the site was built from.

    Returns:
        The messages; empty when the site may be published.
    """
    site_dir, docs_dir = Path(site_dir), Path(docs_dir)
    problems = []
    raw: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        found = unprocessed_markers(page.read_text(encoding="utf-8", errors="replace"))
        rel = page.relative_to(site_dir).as_posix()
        raw += [f"    {rel}: …{excerpt}…" for excerpt in found]
    if raw:
        problems.append(
            f"{len(raw)} unprocessed citation(s) or marker(s) outside code, which a page "
            "step should have turned into HTML (check that the page steps ran, and the "
            "syntax in the source):\n" + "\n".join(raw)
        )
    missing = missing_pages(site_dir, docs_dir)
    if missing:
        pages = sum(1 for _ in site_dir.rglob("*.html"))
        problems.append(
            f"{len(missing)} source(s) have no page ({pages} HTML files for "
            f"{len(_sources(docs_dir))} sources; every page and notebook must be built):\n"
            + "\n".join(f"    {docs_dir.name}/{src}: expected {page}" for src, page in missing)
        )
    seal = seal_problems(site_dir)
    if seal:
        problems.append(
            "the seal is missing or does not match the files (the seal is written last; "
            "nothing may change the site after it):\n" + "\n".join(f"    {p}" for p in seal)
        )
    return problems


def guard_site(site_dir: Path, docs_dir: Path) -> None:
    """Raise :class:`SiteGuardError` listing every problem, or return if the site is fit.

    Run it after the seal and before the built folder replaces the published one.
    """
    problems = site_problems(site_dir, docs_dir)
    if problems:
        raise SiteGuardError(
            f"the site built in {Path(site_dir).name}/ must not be published:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m publishing.guard",
        description="Check a built site: no raw citations or markers, every page, a seal.",
    )
    parser.add_argument("site", help="the built site folder")
    parser.add_argument("--docs", default="docs", help="the page sources (default: docs)")
    args = parser.parse_args(argv)
    try:
        guard_site(Path(args.site), Path(args.docs))
    except SiteGuardError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"guard: {args.site}/ has every page, no raw citation or marker, and a valid seal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
