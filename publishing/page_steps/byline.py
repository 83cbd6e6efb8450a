"""Page step: an essay opens with its title, a byline (authors, dates, reading time) and
its tags, in that order.

The tags are written here, after the byline, under both generators; the theme's own tag
row above the title is switched off (``overrides/partials/tags.html``). The byline and
tags are kept out of the search index, so that a result's snippet starts with the essay.
"""

from __future__ import annotations

import html

from publishing.front_matter import as_date
from publishing.page_steps.page import Page
from publishing.reading import reading_minutes


def byline(markdown: str, page: Page) -> str:
    """Put ``# title``, the byline and the tags before an essay's first line (other pages:
    unchanged).

    The reading time counts what the reader sees, figure captions included, so it is
    computed on the page with held figures put back.
    """
    if not page.is_essay:
        return markdown
    meta = page.meta
    e = html.escape
    minutes = reading_minutes(page.release(markdown))
    authors = ", ".join(meta.get("authors") or [])
    bits = [f"By {e(authors)}"] if authors else []
    # YAML gives dates as date objects, but a quoted date arrives as text.
    published = as_date(meta["date"])
    updated = as_date(meta.get("updated")) or published
    bits.append(f'Published <time datetime="{published.isoformat()}">{published:%-d %B %Y}</time>')
    bits.append(f'last updated <time datetime="{updated.isoformat()}">{updated:%-d %B %Y}</time>')
    bits.append(f"{minutes} min read")
    # Quotes are left as they are: they are safe in element text, and toc ids derive from them.
    head = (
        f"# {e(str(meta['title']), quote=False)}\n\n"
        f'<p class="kb-byline" data-search-exclude>{" · ".join(bits)}</p>\n\n'
        f"{tag_list(meta.get('tags') or [])}"
    )
    # Held, and joined to the first line: the source's line numbers stay as they are.
    return page.hold(head) + markdown


def tag_list(tags: list) -> str:
    """The essay's tags as a line of chips (Material's ``md-tag`` look), or "" for none."""
    if not tags:
        return ""
    chips = "".join(f'<span class="md-tag">{html.escape(str(tag))}</span>' for tag in tags)
    return (
        '<p class="md-tags kb-tags" data-search-exclude>'
        f'<span class="kb-tags-label">Tags:</span> {chips}</p>\n\n'
    )
