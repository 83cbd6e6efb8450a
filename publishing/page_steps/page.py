"""What a page step is given: the page, its front matter, the site context, two inserters."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from publishing.site_context import SiteContext, is_essay, raw_html_base

#: A held piece of Markdown is a one-line token, so lines below it keep their numbers.
_HOLD_OPEN, _HOLD_CLOSE = "\ue000kb-hold:", "\ue001"


@dataclass
class Page:
    """One page being rendered, as the page steps see it.

    Attributes:
        src_uri: Path inside the docs folder, e.g. ``essays/x.md``.
        url: The page's URL relative to the site root, e.g. ``essays/x/``.
        shown: The path a contributor sees in messages, e.g. ``docs/essays/x.md``.
        meta: The page's front matter (``{}`` when it has none).
        line_offset: Source lines before the Markdown the steps get (the front matter),
            so that line ``i`` of the text is line ``line_offset + i`` of the file.
        site: The site-wide inputs computed once before the generator ran.
        stash: ``stash(html) -> placeholder``: raw HTML that Markdown must not touch
            (Python-Markdown's ``htmlStash`` inside the extension; identity in plain tests).
        urls_from_source: The generator reads relative URLs in raw HTML from the source
            file's folder, not from the page's URL (Zensical; see ``raw_html_base``).
    """

    src_uri: str
    url: str
    shown: str
    meta: Mapping[str, Any]
    line_offset: int
    site: SiteContext
    stash: Callable[[str], str] = lambda html: html
    urls_from_source: bool = False
    _held: dict[str, str] = field(default_factory=dict, repr=False)
    _ids: itertools.count = field(default_factory=itertools.count, repr=False)

    @property
    def is_essay(self) -> bool:
        return is_essay(self.src_uri)

    @property
    def base(self) -> str:
        """Relative URL from this page back to the site root, for links in raw HTML.

        ``"../../"`` for ``essays/x/`` under MkDocs; ``"../"`` under Zensical, which
        resolves such links from the source file ``essays/x.md``.
        """
        return raw_html_base(self.src_uri, self.url, from_source=self.urls_from_source)

    def source_line(self, line: int) -> int:
        """The file line of line ``line`` (1-based) of the Markdown the steps get."""
        return self.line_offset + line

    def hold(self, markdown: str) -> str:
        """Keep Markdown out of the page until every step ran; return its one-line token.

        Steps that add lines (a figure block, the byline) hold them, so that every
        later step still counts the source's lines and no step sees another's output.
        """
        token = f"{_HOLD_OPEN}{next(self._ids)}{_HOLD_CLOSE}"
        self._held[token] = markdown
        return token

    def release(self, markdown: str) -> str:
        """``markdown`` with every held piece put back where its token stands."""
        # A held piece may hold another: repeat while a pass still put something back.
        for _ in range(len(self._held) + 1):
            before = markdown
            for token, text in self._held.items():
                markdown = markdown.replace(token, text)
            if markdown == before:
                break
        return markdown
