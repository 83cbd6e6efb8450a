"""Notebook pages for a generator without mkdocs-jupyter (Zensical).

Under MkDocs, mkdocs-jupyter renders each executed notebook (``.cache/notebooks/``,
made by :mod:`publishing.notebooks`) into the page ``notebooks/<name>/``. Zensical
ignores that plugin, so the build wrapper makes the same pages itself, in the folder of
sources it gives Zensical (a copy of ``docs/``, never ``docs/`` itself):

- ``notebooks/<name>.ipynb`` is replaced by ``notebooks/<name>.md``, a page whose body
  is the notebook rendered by nbconvert with mkdocs-jupyter's template (the same HTML,
  so the same look), cleaned by :func:`publishing.notebooks.page_html` (no remote
  scripts, code cells out of the search index, a download link);
- the executed notebook is published beside the page, ``notebooks/<name>/<name>.ipynb``,
  where MkDocs puts it;
- links to ``<name>.ipynb`` in other pages, and the navigation, point at the ``.md``.

Only the template and its CSS come from the mkdocs-jupyter package (its ``convert``
module imports nbconvert, not MkDocs); without it, vendor ``templates/mkdocs_html``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape as html_unescape
from pathlib import Path

from publishing.markdown_ext import GENERATED_KEY
from publishing.notebooks import page_html

__all__ = [
    "NotebookPage",
    "notebook_files",
    "notebook_html",
    "notebook_title",
    "page_source",
    "point_links_at_pages",
    "toc_tokens",
]

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_INDENTED_TAG = re.compile(r"^[ \t]+(?=</?(?:style|script)\b)", re.MULTILINE)


class NotebookPage:
    """One notebook turned into a page: where its parts go in the generator's sources."""

    def __init__(self, src_uri: str):
        if not src_uri.endswith(".ipynb"):
            raise ValueError(f"{src_uri} is not a notebook")
        self.src_uri = src_uri
        self.stem = src_uri[: -len(".ipynb")]
        self.name = Path(src_uri).name

    @property
    def page(self) -> str:
        """The generated page, e.g. ``notebooks/x.md``."""
        return self.stem + ".md"

    @property
    def download(self) -> str:
        """The executed notebook, beside the page: ``notebooks/x/x.ipynb``."""
        return f"{self.stem}/{self.name}"


def notebook_html(executed: Path) -> str:
    """The notebook as HTML, exactly as mkdocs-jupyter renders it with our settings.

    The settings are those of ``mkdocs.yml`` (``execute: false``, ``allow_errors:
    false``, no RequireJS, inputs shown); the remote scripts are removed later.
    """
    from mkdocs_jupyter.convert import nb2html  # nbconvert with the template; no MkDocs

    return nb2html(
        str(executed),
        execute=False,
        kernel_name="",
        theme="",
        allow_errors=False,
        include_requirejs=False,
        custom_mathjax_url="",
    )


def notebook_title(nb: dict, fallback: str) -> str:
    """The first level-one heading of the notebook's Markdown cells (as mkdocs-jupyter)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if m := _H1.search(source):
            return m.group(1)
    return fallback


def page_source(title: str, body_html: str) -> str:
    """The generated page: a title in front matter, then the notebook as raw HTML blocks.

    The front matter marks the page as generated, so the page steps leave it alone (the
    notebook's citations were processed before it was rendered).

    nbconvert indents the ``<style>`` it appends; Markdown would read an indented line as
    a code block and print the CSS, so such tags start their line. Nothing else changes
    (code and outputs sit inside ``<div>`` blocks, which Markdown passes through whole).
    """
    body = _INDENTED_TAG.sub("", body_html)
    return (
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n{GENERATED_KEY}: notebook\n---\n\n"
        f"{body}\n"
    )


_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def toc_tokens(html: str, depth: int = 3) -> list[dict]:
    """The table of contents of a rendered notebook, as Python-Markdown's ``toc_tokens``.

    Markdown's toc extension does not look into raw HTML, so a notebook page would have
    no contents under Zensical; mkdocs-jupyter gives one (``toc_depth: 3``). Headings
    inside code cells' output are skipped like the rest of the code (``<pre>``).
    """
    flat = []
    for m in _HEADING.finditer(re.sub(r"<pre\b.*?</pre>", "", html, flags=re.DOTALL)):
        level = int(m.group(1))
        if level > depth:
            continue
        inner = _ANCHOR_LINK.sub("", m.group(3))
        name = " ".join(html_unescape(_TAG.sub("", inner)).split())
        flat.append(
            {
                "level": level,
                "id": m.group(2),
                "name": name,
                "html": inner.strip(),
                "data-toc-label": "",
                "children": [],
            }
        )
    tree: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tree).append(token)
        stack.append(token)
    return tree


# [text](x.ipynb), [text](../notebooks/x.ipynb#a) and [ref]: x.ipynb, outside code spans.
_MD_NOTEBOOK_LINK = re.compile(
    r"(?P<open>\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)(?P<target>[^)\s>#:]+?)\.ipynb(?P<rest>#[^)\s>]*)?",
    re.MULTILINE,
)


def point_links_at_pages(markdown: str, notebook_names: set[str]) -> str:
    """Point Markdown links to a notebook (``x.ipynb``) at its generated page (``x.md``).

    Only targets whose file name is one of ``notebook_names`` change, so a link to any
    other ``.ipynb`` file is left alone; line and column counts before the link stay.
    """

    def swap(m: re.Match) -> str:
        if Path(m.group("target") + ".ipynb").name not in notebook_names:
            return m.group(0)
        return f"{m.group('open')}{m.group('target')}.md{m.group('rest') or ''}"

    return _MD_NOTEBOOK_LINK.sub(swap, markdown)


def notebook_files(
    executed: dict[str, Path],
    *,
    render: Callable[[Path], str] = notebook_html,
) -> dict[str, bytes]:
    """The files that stand for the notebooks in the generator's copy of ``docs/``.

    Args:
        executed: ``{src_uri: notebook}``, e.g. ``{"notebooks/x.ipynb": …}``: the
            executed copy with its citations processed (``site_steps.prepare_notebooks``).
        render: Notebook file -> HTML (nbconvert); replaceable in tests.

    Returns:
        ``{path in docs: content}``: for each notebook its page (``notebooks/x.md``) and
        its download (``notebooks/x/x.ipynb``). The notebook itself is not among them.
    """
    files: dict[str, bytes] = {}
    for src_uri in sorted(executed):
        page = NotebookPage(src_uri)
        notebook = executed[src_uri]
        raw = notebook.read_bytes()
        title = notebook_title(json.loads(raw), Path(src_uri).stem)
        html = page_html(render(notebook), page.name, relative_to_source=True)
        files[page.page] = page_source(title, html).encode("utf-8")
        files[page.download] = raw
    return files
