"""Notebook code that a phone can read: long lines scroll inside their block.

Wrapping code at 375 px breaks identifiers in the middle (``collapse_sh`` / ``apes``);
keeping each line whole means the block scrolls sideways, and a block that scrolls must
be reachable by keyboard (axe: ``scrollable-region-focusable``). nbconvert makes the
whole input area focusable, which scrolls nothing; the code block itself is made
focusable instead. Output areas are focusable already, so they are what scrolls.
The matching CSS is in ``docs/stylesheets/pages.css``.
"""

from __future__ import annotations

import re

__all__ = ["scrollable_code"]

_INPUT_WRAPPER = re.compile(r'(<div class="jp-Cell-inputWrapper")\s+tabindex="0"')
_CODE_PRE = re.compile(r'(<div class="highlight-ipynb[^"]*">)<pre>')


def scrollable_code(page_html: str) -> str:
    """Move keyboard focus from each input area to its code block (``<pre tabindex="0">``)."""
    page_html = _INPUT_WRAPPER.sub(r"\1", page_html)
    return _CODE_PRE.sub(r'\1<pre tabindex="0">', page_html)
