"""Page step: ``[@key]`` citations become linked in-text citations, plus a References list."""

from __future__ import annotations

from publishing.page_steps.page import Page


def citations(markdown: str, page: Page) -> str:
    """Expand every citation and put the page's References section at its marker or end.

    Raises:
        CitationError: every unknown key and malformed citation on the page, at the line
            of the source file (held insertions do not count: they are one-line tokens).
    """
    bib = page.site.bibliography
    if bib is None:
        return markdown
    expanded = bib.expand(markdown, page=page.shown, line_offset=page.line_offset)
    return bib.add_references(
        expanded.markdown,
        expanded.keys,
        bibliography_url=f"{page.base}bibliography/",
        uses=expanded.uses,
    )
