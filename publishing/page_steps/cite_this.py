"""Page step: an essay ends with "Cite this essay" (a formatted reference and BibTeX)."""

from __future__ import annotations

from publishing.page_steps.page import Page


def cite_this(markdown: str, page: Page) -> str:
    """Append the essay's own citation, versioned by the commit that last changed it."""
    bib = page.site.bibliography
    if not page.is_essay or bib is None:
        return markdown
    absolute = page.site.site_url.rstrip("/") + "/" + page.url
    version = page.site.pages.get(page.src_uri, {}).get("version") or "unversioned"
    return markdown + "\n\n" + bib.cite_this(page.meta, absolute, version)
