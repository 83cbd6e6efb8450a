"""Slim the generator's search index: what a reader searches is prose, not code.

Material's search plugin indexes every character of a page. On the notebook pages that
is mostly code (every cell twice: the highlighted block and its plain copy) and printed
output, so the index a reader downloads was more than half notebook code, and a search
for a word of prose returned a cell of Python. Material honours ``data-search-exclude``
on our own markup (bylines, BibTeX blocks), but nbconvert's cell markup loses it, so
notebook cells are removed here, after the build, from the index file itself.

Each page's own References and "Cite this essay" sections are dropped too: the first
repeats, record by record, what the bibliography page holds (and is indexed there), and
the second is a formatted citation and a BibTeX block, which nobody searches for.

Both generators' index files are slimmed: MkDocs' ``search/search_index.json`` (entries
under ``docs``) and Zensical's ``search.json`` (entries under ``items``).

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


#: Sections of a page that repeat what is indexed elsewhere or is not prose.
DROPPED_SECTIONS = frozenset({"references", "cite-this-essay"})


def slim_index(index: dict) -> dict:
    """The index with notebook code and the sections in ``DROPPED_SECTIONS`` removed;
    every other entry is kept as it is."""
    field = "items" if "items" in index and "docs" not in index else "docs"
    docs = []
    for doc in index.get(field, []):
        location = doc.get("location", "")
        if location.partition("#")[2] in DROPPED_SECTIONS:
            continue
        if _is_notebook(location) and location.split("#")[0] != "notebooks/":
            doc = {**doc, "text": slim_text(doc.get("text", ""))}
        docs.append(doc)
    return {**index, field: docs}


def slim_site_index(site_dir: Path) -> tuple[int, int] | None:
    """Rewrite the search index of a built site; returns (bytes before, after).

    Returns None when the site has no index (search off). The JSON is written compactly,
    as both generators write it, so the file only shrinks.
    """
    found = (site_dir / "search" / "search_index.json", site_dir / "search.json")
    path = next((p for p in found if p.is_file()), None)
    if path is None:
        return None
    before = path.read_bytes()
    slimmed = slim_index(json.loads(before))
    after = json.dumps(slimmed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(after)
    return len(before), len(after)
