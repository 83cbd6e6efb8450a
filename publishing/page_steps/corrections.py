"""Page step: an essay's "Updates and corrections" list, linked to its change history."""

from __future__ import annotations

import html

from publishing.front_matter import as_date
from publishing.page_steps.page import Page


def corrections(markdown: str, page: Page) -> str:
    """Append the corrections of an essay's front matter, newest first (if it has any)."""
    items = page.meta.get("corrections") or []
    if not page.is_essay or not items:
        return markdown
    e = html.escape
    history = f"{page.site.repo_url.rstrip('/')}/commits/main/docs/{page.src_uri}"
    dated = sorted(((as_date(c["date"]), c["note"]) for c in items), reverse=True)
    lis = "".join(
        f'<li><time datetime="{d.isoformat()}">{d:%-d %B %Y}</time>: {e(note)}</li>'
        for d, note in dated
    )
    return markdown + (
        '\n\n<section class="kb-corrections" aria-labelledby="updates-and-corrections">\n'
        '<h2 id="updates-and-corrections">Updates and corrections</h2>\n'
        f"<ul>{lis}</ul>\n"
        f'<p>Every change to this essay is listed in its <a href="{e(history)}">change history</a>.</p>\n'
        "</section>\n"
    )
