"""Page steps: what the site does to one page's Markdown, as an ordered list of small functions.

Each step is ``step(markdown, page) -> markdown`` (``page`` is a ``Page``): one concern,
testable on a plain string with no generator running, the way bibtexparser 2 stacks
middlewares. ``run_steps`` runs them in order and then puts back what steps held.
The Markdown extension (``publishing.markdown_ext``) runs the same list inside both
generators, before any other Markdown processing.

Rules a step keeps, so that every error names the true line of the source file:

- it never adds or removes a line above text a later step reads: a multi-line insertion
  goes through ``page.hold(markdown) -> token`` (one line; put back after the last step),
  raw HTML through ``page.stash(html) -> placeholder`` (kept verbatim by Markdown);
- it reads the rest of the site only through ``page.site`` (``SiteContext``): never git,
  the figure runner or another page;
- it reports bad input by raising ``SourceError``/``SourceErrors``/``CitationError``
  with ``page.shown`` and ``page.source_line(i)``.

A later step is added by name, before or after an existing one::

    steps = insert_step(DEFAULT_STEPS, mathml, before="citations")
    markdown = run_steps(markdown, page, steps)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from publishing.page_steps.bibliography_page import BIBLIOGRAPHY_MARKER, bibliography_page
from publishing.page_steps.byline import byline
from publishing.page_steps.citations import citations
from publishing.page_steps.cite_this import cite_this
from publishing.page_steps.corrections import corrections
from publishing.page_steps.figures import figures
from publishing.page_steps.page import Page
from publishing.page_steps.values import values

__all__ = [
    "BIBLIOGRAPHY_MARKER",
    "DEFAULT_STEPS",
    "Page",
    "PageStep",
    "bibliography_page",
    "byline",
    "citations",
    "cite_this",
    "corrections",
    "figures",
    "insert_step",
    "run_steps",
    "step_names",
    "values",
]

PageStep = Callable[[str, Page], str]

#: The site's page steps, in order. Citations run after the byline and corrections so
#: that the References section and "Cite this" come last, as readers expect. Values run
#: first, so that no step sees a value token and none of their HTML is scanned for one.
DEFAULT_STEPS: tuple[PageStep, ...] = (
    values,
    figures,
    byline,
    corrections,
    citations,
    cite_this,
    bibliography_page,
)


def step_names(steps: Sequence[PageStep] = DEFAULT_STEPS) -> list[str]:
    """The names steps are known by (their function names)."""
    return [step.__name__ for step in steps]


def insert_step(
    steps: Sequence[PageStep],
    step: PageStep,
    *,
    before: str | None = None,
    after: str | None = None,
) -> tuple[PageStep, ...]:
    """A new step list with ``step`` placed before or after the step named so.

    Raises:
        ValueError: neither or both of ``before``/``after`` given, or an unknown name.
    """
    if (before is None) == (after is None):
        raise ValueError("give exactly one of before= or after=")
    names = step_names(steps)
    anchor = before if before is not None else after
    if anchor not in names:
        raise ValueError(f"no page step named {anchor!r}; the steps are {', '.join(names)}")
    at = names.index(anchor) + (0 if before is not None else 1)
    return (*steps[:at], step, *steps[at:])


def run_steps(markdown: str, page: Page, steps: Sequence[PageStep] = DEFAULT_STEPS) -> str:
    """Run ``steps`` over one page's Markdown, then put back what the steps held."""
    for step in steps:
        markdown = step(markdown, page)
    return page.release(markdown)
