"""Slim the generator's search index: what a reader searches is prose, not code.

Material's search plugin indexes every character of a page. On the notebook pages that
is mostly code (every cell twice: the highlighted block and its plain copy) and printed
output, so the index a reader downloads was more than half notebook code, and a search
for a word of prose returned a cell of Python. Material honours ``data-search-exclude``
on our own markup (bylines, BibTeX blocks), but nbconvert's cell markup loses it, so
notebook cells are removed here, after the build, from the index file itself.

A site step: run after the generator, before the seal.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["slim_index", "slim_site_index"]

#: A code cell as Material's parser flattens nbconvert's markup: an optional prompt and
#: copy-button label, the highlighted block, then the same code again as plain text up
#: to the next tag or prompt. Outputs are bare <pre> blocks.
_CELL = re.compile(
    r"(?:(?:In|Out)\s*\[\s*\d*\s*\]:\s*(?:Copied!\s*)?)?<pre>.*?</pre>(?:(?!(?:In|Out)\s*\[\s*\d*\s*\]:)[^<])*",
    re.DOTALL,
)
_PROMPT = re.compile(r"(?:In|Out)\s*\[\s*\d*\s*\]:\s*(?:Copied!\s*)?")
_SPACE = re.compile(r"\s{2,}")


def _is_notebook(location: str) -> bool:
    return location.startswith("notebooks/") and not location.startswith(("notebooks/#",))


def slim_text(text: str) -> str:
    """A notebook section's text without its code cells, outputs and prompts."""
    text = _CELL.sub(" ", text)
    text = _PROMPT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def slim_index(index: dict) -> dict:
    """The index with notebook code removed; every other entry is kept as it is."""
    docs = []
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if _is_notebook(location) and location.split("#")[0] != "notebooks/":
            doc = {**doc, "text": slim_text(doc.get("text", ""))}
        docs.append(doc)
    return {**index, "docs": docs}


def slim_site_index(site_dir: Path) -> tuple[int, int] | None:
    """Rewrite ``search/search_index.json`` in a built site; returns (bytes before, after).

    Returns None when the site has no such index (another generator, or search off).
    The JSON is written compactly, as Material writes it, so the file only shrinks.
    """
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return None
    before = path.read_bytes()
    slimmed = slim_index(json.loads(before))
    after = json.dumps(slimmed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(after)
    return len(before), len(after)
