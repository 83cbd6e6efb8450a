"""Escaping for HTML that is embedded in Markdown.

Our HTML goes back into the page's Markdown, so text must survive two readers: the
browser (``<``, ``&`` and quotes become entities) and Python-Markdown with Material's
extensions, which would otherwise turn ``*x*`` into emphasis, ``:smile:`` into an emoji,
``https://...`` into a nested link or ``|`` into a table cell break. Those characters
become numeric entities, which display the same.
"""

from __future__ import annotations

import html
from urllib.parse import quote, urlsplit

# One translation table, applied in one pass, so no entity is escaped twice.
_TEXT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        **{char: f"&#{ord(char)};" for char in "*_`[]\\~^=:{}|@+"},
    }
)


def text(value: str) -> str:
    """Escape text for an HTML text node that sits inside Markdown."""
    return value.translate(_TEXT)


_ATTR_ACTIVE = str.maketrans({"`": "&#96;", "\\": "&#92;"})


def attr(value: str) -> str:
    """Escape a value for a double-quoted HTML attribute inside Markdown.

    Python-Markdown keeps whole tags as they are, but its code-span and backslash
    patterns run before it sees the tag, so only those two characters need entities.
    """
    return html.escape(value, quote=True).translate(_ATTR_ACTIVE)


def safe_url(url: str) -> str | None:
    """The URL when it is absolute http(s), else None (javascript:, data:, ftp: ...)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


def doi_url(doi: str) -> str:
    """The resolver URL for a DOI, percent-encoding what an href cannot hold."""
    return "https://doi.org/" + quote(doi.strip(), safe="/:;()._-,+=!*'~")
