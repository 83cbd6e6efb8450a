"""MkDocs adapter for notebook pages, registered by the build wrapper as a MkDocs hook.

mkdocs-jupyter renders notebooks outside Python-Markdown, so the page steps never see
them; this finishes its HTML the way ``publishing.notebooks.page_html`` says (remote
scripts removed, page links, code kept out of search, a download link). It runs during
the build, before the search index is made, which a step after the build could not do.
Under Zensical the notebook pages are rendered by the project's own step instead.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath

from publishing.notebooks import page_html

#: mkdocs-jupyter's loggers: the plugin's, and the converter's, which is the one that logs
#: "Converting notebook" for every notebook on a cold build (mkdocs_jupyter/nbconvert2.py).
#: Our runner already reports each notebook it executes, so their INFO lines are noise.
QUIET_LOGGERS = ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter")
for _name in QUIET_LOGGERS:
    logging.getLogger(_name).setLevel(logging.WARNING)


def is_notebook_page(src_uri: str) -> bool:
    return src_uri.startswith("notebooks/") and src_uri.endswith(".ipynb")


def on_page_content(html, page, **_):
    if is_notebook_page(page.file.src_uri):
        return page_html(html, PurePosixPath(page.file.src_uri).name)
    return html
