"""Page step: ``[[figure: name]]`` lines become numbered figures with a reproduce box."""

from __future__ import annotations

from publishing.figure_embed import embed_figures
from publishing.page_steps.page import Page


def figures(markdown: str, page: Page) -> str:
    """Replace every figure line by its HTML, held so that line numbers stay the source's.

    Raises:
        SourceError: an unknown figure, or one without usable alt text, naming file:line.
    """
    site = page.site
    embedded, _names = embed_figures(
        markdown,
        page=page.shown,
        line_offset=page.line_offset,
        registry=site.figures,
        base=page.base,
        repo_url=site.repo_url,
        sizes=site.figure_sizes,
        hold=page.hold,
    )
    return embedded
