"""Page step: ``[[value: module.name | fmt]]`` becomes the number, marked with its provenance."""

from __future__ import annotations

from publishing.page_steps.page import Page
from publishing.site_context import relative_base
from publishing.values import bind_values


def values(markdown: str, page: Page) -> str:
    """Write every value token as its formatted number inside a provenance marker.

    The values come from the site context (``page.site.values``, written by the site
    steps from the figure runner's verified records); the marker is raw HTML, so it
    goes through ``page.stash``. Runs before ``figures``: nothing a later step adds is
    scanned for tokens, and a page's line ``i`` is reported as ``page.source_line(i)``.

    The links of a popover live in a data attribute, which no generator rewrites, and
    values.js resolves them against the page's address in the browser: their base is
    read from the page's URL under both generators, never ``page.base`` (which is
    source-relative under Zensical, for the ``href``s it does rewrite).

    Raises:
        SourceErrors: every unknown value name or bad format on the page, each with
            file:line and the closest known names.
    """
    if "[[value:" not in markdown:
        return markdown
    return bind_values(
        markdown,
        page.site.values,
        page=page.shown,
        line_offset=page.source_line(0),
        stash=page.stash,
        base=relative_base(page.url),
    )
