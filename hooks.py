"""What only `mkdocs serve` needs; the build wrapper does everything else.

`make site` runs `publishing.build`, which runs the site steps around MkDocs and sets
$KB_SITE_CONTEXT: then this hook does nothing. Under `mkdocs serve` (or a bare
`mkdocs build`) nothing runs the site steps, so on every (re)build this hook reruns the
steps that come before the generator (edited simulations, notebooks and bibliography
are picked up), points mkdocs-jupyter at the processed notebook copies and adds the
figure and bibliography downloads so that the preview shows them, and finishes the
notebook pages (publishing/mkdocs_notebook_pages.py). It never seals.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from bibliography import BibliographyError, CitationError
from publishing import mkdocs_notebook_pages
from publishing.errors import SourceError, SourceErrors
from publishing.notebooks import NotebookFailed
from publishing.site_context import CONTEXT_ENV
from publishing.site_steps import BEFORE, SiteBuild, downloads, figure_files, run_steps
from simulations.engine import SimulationFailed


def _under_wrapper() -> bool:
    return bool(os.environ.get(CONTEXT_ENV))


def on_files(files, config, **_):
    if _under_wrapper():
        return files  # started by the build wrapper, which ran the site steps
    site = SiteBuild(Path(config.config_file_path))
    try:
        run_steps(site, BEFORE)
    except (
        SourceError,
        SourceErrors,
        BibliographyError,
        CitationError,
        NotebookFailed,
        SimulationFailed,
    ) as exc:
        raise PluginError(f"\n{exc}") from None
    for f in files:
        copy = site.notebook_copies.get(f.src_uri)
        if copy is not None:
            # mkdocs-jupyter (which runs before hooks) has wrapped the file; set both.
            f.abs_src_path = str(copy)
            if hasattr(f, "file"):
                f.file.abs_src_path = str(copy)
    for src_uri, path in figure_files(site):
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    for src_uri, content in downloads(site):
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_content(html, page, **kwargs):
    if _under_wrapper():
        return html  # the wrapper registers publishing/mkdocs_notebook_pages.py itself
    return mkdocs_notebook_pages.on_page_content(html, page, **kwargs)
