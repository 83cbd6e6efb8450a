"""Page step: the bibliography page lists every record, with the pages that cite it."""

from __future__ import annotations

from publishing.page_steps.page import Page
from publishing.site_context import BIBLIOGRAPHY_PAGE, page_url

#: Where the listing goes on the bibliography page (else: at its end).
BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"


def bibliography_page(markdown: str, page: Page) -> str:
    """On ``bibliography.md`` only: the full listing with downloads and citing pages."""
    bib = page.site.bibliography
    if page.src_uri != BIBLIOGRAPHY_PAGE or bib is None:
        return markdown
    base = page.base
    citers: dict[str, list[tuple[str, str]]] = {}
    for src_uri, facts in sorted(page.site.pages.items()):
        if src_uri == BIBLIOGRAPHY_PAGE:
            continue
        for key in facts.get("cites", []):
            citers.setdefault(key, []).append(
                (facts.get("title") or src_uri, base + page_url(src_uri))
            )
    listing = bib.bibliography_page(
        citers,
        downloads=[("BibTeX", f"{base}references.bib"), ("CSL-JSON", f"{base}references.json")],
    )
    if BIBLIOGRAPHY_MARKER in markdown:
        return markdown.replace(BIBLIOGRAPHY_MARKER, listing, 1)
    return markdown.rstrip("\n") + "\n\n" + listing
