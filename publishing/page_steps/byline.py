"""Page step: an essay opens with its title and a byline (authors, dates, reading time)."""

from __future__ import annotations

import html

from publishing.front_matter import as_date
from publishing.page_steps.page import Page
from publishing.reading import reading_minutes


def byline(markdown: str, page: Page) -> str:
    """Put ``# title`` and the byline before an essay's first line (other pages: unchanged).

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
        f'# {e(str(meta["title"]), quote=False)}\n\n<p class="kb-byline">{" · ".join(bits)}</p>\n\n'
    )
    # Held, and joined to the first line: the source's line numbers stay as they are.
    return page.hold(head) + markdown
