"""The page steps as one Python-Markdown extension, the extension point both generators share.

List it in mkdocs.yml (MkDocs and Zensical read the same list)::

    markdown_extensions:
      - publishing.markdown_ext

Its preprocessor runs first, before any other extension sees the text, and runs
``publishing.page_steps.DEFAULT_STEPS`` on the page's Markdown. Which page is being
rendered is asked of the generator in one place, ``current_page``; everything else
comes from the page's source file (front matter, line offset) and from the site
context the build wrapper wrote before the generator started.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from bibliography import CitationError
from publishing.errors import SourceError, SourceErrors
from publishing.markdown_lines import split_front_matter
from publishing.page_steps import DEFAULT_STEPS, Page, PageStep, run_steps
from publishing.site_context import SiteContext, context_path, load_context, page_url
from publishing.template_text import escape_fields_in_place

__all__ = [
    "GENERATED_KEY",
    "PageRef",
    "PageStepsExtension",
    "current_page",
    "generator_error",
    "generator_meta",
    "makeExtension",
    "page_for",
]

#: Before every other preprocessor (snippets run at 32, whitespace normalising at 30):
#: the steps see the page exactly as its author wrote it.
PRIORITY = 100
#: Python-Markdown's whitespace normaliser (30) deletes the STX/ETX characters its stash
#: placeholders are made of, so a step's ``stash`` returns a token of our own, turned
#: into the real placeholder just after normalising.
_STASH_PRIORITY = 29
_STASH_TOKEN = re.compile("\ue000kb-stash:(\\d+)\ue001")


@dataclass(frozen=True)
class PageRef:
    """Which page the generator is rendering.

    Attributes:
        src_uri: Path inside the docs folder, e.g. ``essays/x.md``.
        url: Its URL relative to the site root (``essays/x/``).
        config_dir: The folder of the generator's config file (the site context is in
            its ``.cache/site/``, unless ``$KB_SITE_CONTEXT`` names it).
        urls_from_source: The generator resolves relative URLs in raw HTML against the
            source file's folder (Zensical), not the page's URL (MkDocs).
    """

    src_uri: str
    url: str
    config_dir: Path
    urls_from_source: bool = False


def current_page(md: Markdown) -> PageRef | None:
    """Ask the generator which page ``md`` is rendering (None outside a generator).

    One branch per generator; nothing else in the project knows how a generator says
    which page it is on.
    """
    # MkDocs 1.6: Page.render builds a fresh Markdown per page and registers its
    # _RelativePathTreeprocessor as "relpath" before converting; it holds the File.
    if "relpath" in md.treeprocessors:
        relpath = md.treeprocessors["relpath"]
        file, config = getattr(relpath, "file", None), getattr(relpath, "config", None)
        if file is not None and config is not None:
            return PageRef(file.src_uri, file.url, Path(config.config_file_path).parent)
    # Zensical 0.0.73: render() puts zensical.extensions.context first in the extension
    # list; its preprocessor holds the Page (path relative to docs_dir, url, meta) and
    # the config. Zensical rewrites relative URLs in raw HTML as source-relative.
    zensical_page = _zensical_page(md)
    if zensical_page is not None:
        page, config = zensical_page
        if (page.meta or {}).get(GENERATED_KEY):
            return None  # made by the build wrapper (a notebook page): nothing to process
        return PageRef(page.path, page.url, Path(config["root_dir"]), urls_from_source=True)
    return None


def generator_meta(md: Markdown) -> dict | None:
    """The generator's own copy of the page's front matter, the one its templates print.

    MkDocs 1.6: ``Page.meta`` (the relpath processor's ``File`` knows its ``Page``);
    Zensical 0.0.73: the context's ``Page.meta``, handed back to Zensical after rendering.
    None outside a generator.
    """
    if "relpath" in md.treeprocessors:
        file = getattr(md.treeprocessors["relpath"], "file", None)
        page = getattr(file, "page", None)
        return page.meta if page is not None and isinstance(page.meta, dict) else None
    zensical_page = _zensical_page(md)
    if zensical_page is not None and isinstance(zensical_page[0].meta, dict):
        return zensical_page[0].meta
    return None


#: Front-matter key of pages the build wrapper generates (Zensical's notebook pages).
GENERATED_KEY = "kb_generated"


def _zensical_page(md: Markdown):
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:  # Zensical is not installed: not rendering under it either
        return None
    context = ContextPreprocessor.from_markdown(md)
    return None if context is None else (context.page, context.config)


def page_for(ref: PageRef, site: SiteContext, markdown: str, stash=None) -> Page:
    """The ``Page`` of ``ref``: front matter and line offset read from the source file.

    Generators strip the front matter before Markdown sees the text; the source file
    tells how many lines were stripped, so messages name the file's own lines.
    """
    source = (site.docs_dir / ref.src_uri).read_text(encoding="utf-8-sig")
    yaml_text, _body, offset = split_front_matter(source)
    meta = yaml.safe_load(yaml_text) if yaml_text else {}
    if source.endswith(markdown) and markdown:
        # Exact: whatever the generator stripped is what precedes the text it gave us.
        offset = source[: len(source) - len(markdown)].count("\n")
    return Page(
        src_uri=ref.src_uri,
        url=ref.url if ref.url is not None else page_url(ref.src_uri),
        shown=site.shown(ref.src_uri),
        meta=meta if isinstance(meta, dict) else {},
        line_offset=offset,
        site=site,
        urls_from_source=ref.urls_from_source,
        **({"stash": stash} if stash is not None else {}),
    )


def generator_error(md: Markdown, exc: Exception) -> Exception:
    """Bad input as the generator reports it: the message alone, without a traceback."""
    if "relpath" in md.treeprocessors:  # MkDocs: a BuildError is printed as its message
        from mkdocs.exceptions import PluginError

        return PluginError(f"\n{exc}")
    return exc


class _PageStepsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, steps: Sequence[PageStep], page: PageRef | None):
        super().__init__(md)
        self.steps = steps
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        # The theme prints title, description and authors unescaped, on this page and in
        # every other page's navigation: from here on they are template text
        # (publishing/template_text.py). The steps read the source's own front matter.
        meta = generator_meta(self.md)
        if meta is not None:
            escape_fields_in_place(meta)
        ref = self.page or current_page(self.md)
        if ref is None:
            return lines  # plain Markdown outside a site page: nothing to do
        markdown = "\n".join(lines)
        site = load_context(context_path(ref.config_dir))
        page = page_for(ref, site, markdown, stash=self.stash)
        try:
            return run_steps(markdown, page, self.steps).split("\n")
        except (SourceError, SourceErrors, CitationError) as exc:
            raise generator_error(self.md, exc) from None

    def stash(self, html: str) -> str:
        """Keep ``html`` verbatim in Markdown's stash; return a token that survives until
        ``_StashTokens`` swaps it for Markdown's placeholder."""
        self.md.htmlStash.store(html)
        return f"\ue000kb-stash:{self.md.htmlStash.html_counter - 1}\ue001"


class _StashTokens(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "\ue000kb-stash:" not in text:
            return lines
        placeholder = lambda m: HTML_PLACEHOLDER % int(m.group(1))  # noqa: E731
        return _STASH_TOKEN.sub(placeholder, text).split("\n")


class _GeneratedPageToc(Treeprocessor):
    """Zensical: the contents of a generated notebook page, read from its raw HTML.

    Runs after Markdown's toc (priority 5), which sees no heading in raw HTML.
    """

    def run(self, root):
        zensical_page = _zensical_page(self.md)
        if zensical_page is None or not (zensical_page[0].meta or {}).get(GENERATED_KEY):
            return None
        from publishing.notebook_pages import toc_tokens

        html = "".join(str(block) for block in self.md.htmlStash.rawHtmlBlocks)
        self.md.toc_tokens = toc_tokens(html)
        return None


class PageStepsExtension(Extension):
    """Runs the page steps on every page.

    Args (extension config):
        steps: the step list (default ``DEFAULT_STEPS``); use
            ``page_steps.insert_step`` to add one.
        page: a ``PageRef`` to use instead of asking the generator (tests, tools).
    """

    def __init__(self, **kwargs):
        self.config = {
            "steps": [DEFAULT_STEPS, "ordered page steps"],
            # Not None: Python-Markdown would read a None-default option as a boolean.
            "page": ["", "PageRef of the page (default: ask the generator)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(
            _PageStepsPreprocessor(md, self.getConfig("steps"), self.getConfig("page") or None),
            "kb_page_steps",
            PRIORITY,
        )
        md.preprocessors.register(_StashTokens(md), "kb_stash_tokens", _STASH_PRIORITY)
        md.treeprocessors.register(_GeneratedPageToc(md), "kb_generated_page_toc", 4)


def makeExtension(**kwargs) -> PageStepsExtension:  # noqa: N802 (Python-Markdown's name)
    return PageStepsExtension(**kwargs)
