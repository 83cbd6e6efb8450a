"""The page-steps extension through plain Python-Markdown, with a fake page."""

from __future__ import annotations

import markdown
import pytest

from bibliography import CitationError
from publishing.markdown_ext import PageRef, PageStepsExtension, current_page
from publishing.page_steps import DEFAULT_STEPS, insert_step
from publishing.site_context import context_path, write_context
from tests.publishing.sites import make_site

ESSAY = """\
---
title: A test essay
description: Used by the extension tests.
authors: [Test Author]
date: 2026-01-02
updated: 2026-02-03
tags: [testing]
---

Intro with a citation [@kunze2018bagit]: and a colon.

[[figure: decay]]

End.
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_SITE_CONTEXT", raising=False)
    site = make_site(tmp_path)
    (site.docs_dir / "essays").mkdir(parents=True)
    (site.docs_dir / "essays" / "a.md").write_text(ESSAY, encoding="utf-8")
    write_context(context_path(tmp_path), site)
    return tmp_path


def _body(text: str) -> str:
    # What a generator hands Markdown: the front matter stripped, blank lines after it too.
    return text.split("---\n", 2)[2].lstrip("\n")


def _render(project, text, steps=DEFAULT_STEPS):
    (project / "docs" / "essays" / "a.md").write_text(text, encoding="utf-8")
    ref = PageRef("essays/a.md", "essays/a/", project)
    md = markdown.Markdown(extensions=[PageStepsExtension(page=ref, steps=steps), "attr_list"])
    return md.convert(_body(text))


def test_an_essay_renders_with_title_byline_figure_citation_and_cite_this(project):
    html = _render(project, ESSAY)
    assert html.startswith("<h1>A test essay</h1>")
    assert 'class="kb-byline"' in html
    assert '<figure class="kb-figure" id="figure-decay">' in html
    assert "[@" not in html and "ref-kunze2018bagit" in html
    assert "Cite this essay" in html and "abc1234" in html


def test_errors_name_the_line_of_the_source_file(project):
    text = ESSAY.replace("End.", "End [@nosuch2099].")
    line = text.split("\n").index("End [@nosuch2099].") + 1
    with pytest.raises(CitationError) as err:
        _render(project, text)
    assert f"docs/essays/a.md:{line}: unknown citation key @nosuch2099" in str(err.value)


def test_a_step_can_stash_raw_html_that_markdown_keeps_verbatim(project):
    def values(markdown_text, page):
        return markdown_text.replace("End.", "End " + page.stash("<b>*not emphasis*</b>") + ".")

    html = _render(project, ESSAY, insert_step(DEFAULT_STEPS, values, before="figures"))
    assert "<b>*not emphasis*</b>" in html


def test_plain_markdown_without_a_page_is_left_alone():
    md = markdown.Markdown(extensions=["publishing.markdown_ext"])
    assert md.convert("[@key] and [[figure: x]]") == "<p>[@key] and [[figure: x]]</p>"
    assert current_page(md) is None


def test_the_generators_copy_of_the_front_matter_becomes_template_text():
    # Stand-ins for the two ways a generator exposes the page: MkDocs' relpath processor
    # holding the File (whose .page has .meta), Zensical's context preprocessor.
    from types import SimpleNamespace

    from markdown.treeprocessors import Treeprocessor
    from zensical.extensions.context import ContextExtension, Page

    from publishing.markdown_ext import GENERATED_KEY, generator_meta

    hostile = {"title": "<img src=x onerror=alert(1)>", "description": 'say "hi"', "n": 1}

    class RelPath(Treeprocessor):
        def __init__(self, md, page):
            super().__init__(md)
            self.file = SimpleNamespace(page=page)

        def run(self, root):
            return None

    mkdocs_page = SimpleNamespace(meta=dict(hostile))
    md = markdown.Markdown(extensions=["publishing.markdown_ext"])
    md.treeprocessors.register(RelPath(md, mkdocs_page), "relpath", 0)
    assert generator_meta(md) is mkdocs_page.meta
    md.convert("Text.")
    assert mkdocs_page.meta["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert mkdocs_page.meta["description"] == "say &#34;hi&#34;"
    assert mkdocs_page.meta["n"] == 1

    # A page the build wrapper generated (a notebook page): no steps, but escaped too.
    zensical_page = Page(url="x/", path="x.md", meta={**hostile, GENERATED_KEY: "notebook"})
    md = markdown.Markdown(
        extensions=[ContextExtension(page=zensical_page, config={}), "publishing.markdown_ext"]
    )
    md.convert("Text.")
    assert zensical_page.meta["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert generator_meta(markdown.Markdown()) is None
