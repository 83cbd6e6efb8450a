"""Downloads of the whole bibliography: the .bib file and CSL-JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any


def bibtex(text: str) -> str:
    """The .bib file as written (comments about sourcing included), newline-terminated."""
    text = text.replace("\r\n", "\n")
    return text if text.endswith("\n") else text + "\n"


def csl_json(items: Sequence[dict[str, Any]]) -> str:
    """CSL-JSON (the format Zotero and Pandoc read), one item per record, as UTF-8 text."""
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"
