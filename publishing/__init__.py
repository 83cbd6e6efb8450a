"""The site's own processing, in plain Python, independent of the site generator.

Two layers, each an ordered list of small functions:

- **Page steps** (``publishing.page_steps``): ``step(markdown, page) -> markdown`` for one
  page (figures, byline, corrections, citations, cite this, bibliography page). They run
  inside the generator through one Python-Markdown extension, ``publishing.markdown_ext``
  (listed under ``markdown_extensions`` in mkdocs.yml; MkDocs and Zensical both run it).
  ``page.hold(markdown)`` and ``page.stash(html)`` insert text without moving the source's
  line numbers; ``page_steps.insert_step(steps, new, before="citations")`` adds a step.
- **Site steps** (``publishing.site_steps``): ``step(site: SiteBuild) -> None`` around the
  generator. ``BEFORE``: check pages and bibliography, update figures, execute notebooks
  (citations processed by ``notebook_cites.cite_notebook``), write the site context
  (``site_context``: what page steps know about the rest of the site). ``AFTER``: copy
  downloads, write head metadata (``head_meta``), print warnings, seal.

``publishing.build.build(out, config, generator="mkdocs"|"zensical")`` runs it all into a
staging folder swapped in only on success; ``publishing.build.GENERATORS`` maps a name to
``run(site, staging) -> exit status``. ``current_page`` in ``markdown_ext`` is the one
place that asks a generator which page it renders.
"""

from publishing.errors import SourceError, SourceErrors
from publishing.figure_embed import embed_figures, figure_names_in
from publishing.front_matter import validate_essay
from publishing.reading import reading_minutes, word_count
from publishing.site_context import is_essay
from publishing.values import bind_values, value_table

__all__ = [
    "SourceError",
    "SourceErrors",
    "bind_values",
    "embed_figures",
    "figure_names_in",
    "is_essay",
    "reading_minutes",
    "validate_essay",
    "value_table",
    "word_count",
]
