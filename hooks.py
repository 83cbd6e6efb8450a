"""MkDocs glue: turn build events into calls on our plain packages.

Everything of value lives in `simulations/`, `bibliography/`, `publishing/` and
`provenance/`, which import nothing from MkDocs; this file only wires them in, so a
move to another site generator rewrites this file alone.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from provenance import seal_site, source_commit
from publishing import mathml, notebooks
from publishing.errors import SourceError, SourceErrors
from publishing.head_meta import head_html
from publishing.site_pages import BuildInputError, SitePages
from simulations import (
    DEFAULT_CACHE,
    SimulationFailed,
    figure_names,
    load_index,
    run,
    source_date_epoch,
)

ROOT = Path(__file__).resolve().parent
# mkdocs-jupyter logs four INFO lines per notebook; our runner already reports each one.
logging.getLogger("mkdocs.plugins.mkdocs_jupyter").setLevel(logging.WARNING)
_state: dict = {}


def _fail(exc: Exception) -> PluginError:
    return PluginError(f"\n{exc}")


def on_files(files, config, **_):
    try:
        pages = _state["pages"] = SitePages.create(ROOT, config, DEFAULT_CACHE)
        pages.prescan(
            (f.src_uri, Path(f.abs_src_path))
            for f in files.documentation_pages()
            if f.src_uri.endswith(".md")
        )
    except (SourceError, SourceErrors, BuildInputError) as exc:
        raise _fail(exc) from None
    # On every (re)build, `mkdocs serve` included, the figures the pages embed are brought
    # up to date in .cache (outside docs/, so the watcher is not re-triggered).
    wanted = sorted(pages.wanted & set(figure_names()))
    try:
        run(wanted, report=lambda line: None if line.startswith("  reused") else print(line))
    except SimulationFailed as exc:
        raise _fail(exc) from None
    pages.use_registry(load_index(DEFAULT_CACHE))
    _use_executed_notebooks(files)
    for src_uri, abs_path in pages.generated_files():
        files.append(File.generated(config, src_uri, abs_src_path=str(abs_path)))
    for src_uri, content in pages.generated_content():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown, page, config, files, **_):
    # Names the page in the errors of the math step (publishing.mathml), which runs later.
    source = page.file.abs_src_path  # None for a generated page
    mathml.set_page(f"docs/{page.file.src_uri}", Path(source) if source else None)
    try:
        return _state["pages"].transform(markdown, page.file.src_uri, page.url, page.meta)
    except (SourceError, SourceErrors, BuildInputError) as exc:
        raise _fail(exc) from None


def on_page_content(html, page, **_):
    if page.file.src_uri.startswith("notebooks/") and page.file.src_uri.endswith(".ipynb"):
        return notebooks.page_html(html, Path(page.file.src_uri).name)
    return html


def on_post_page(output, page, config, **_):
    info = _state["pages"].head_info(page.file.src_uri, page.url, page.meta, page.title, config)
    return output.replace("</head>", head_html(info) + "</head>", 1)


@event_priority(-100)  # last: after the search index and sitemap are written
def on_post_build(config, **_):
    for warning in _state["pages"].warnings():
        print(f"WARNING (not fatal) - {warning}", file=sys.stderr)
    root = seal_site(
        Path(config["site_dir"]),
        commit=source_commit(ROOT),
        source_date_epoch=source_date_epoch(ROOT),
    )
    print(f"site: sealed with manifest-sha256.txt; Merkle root {root}")


def _use_executed_notebooks(files) -> None:
    # mkdocs-jupyter (which runs before hooks) has wrapped each notebook; point it at
    # our executed copy, brought up to date when the notebook or its imports changed.
    nbs = [f for f in files if f.src_uri.startswith("notebooks/") and f.src_uri.endswith(".ipynb")]
    if not nbs:
        return
    try:
        executed = notebooks.run([Path(f.abs_src_path) for f in nbs])
    except notebooks.NotebookFailed as exc:
        raise _fail(exc) from None
    for f in nbs:
        path = str(executed[f.abs_src_path])
        # The wrapper computes abs_src_path itself; set it on the wrapper and the wrapped file.
        f.abs_src_path = path
        if hasattr(f, "file"):
            f.file.abs_src_path = path
