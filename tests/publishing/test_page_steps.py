"""Each page step on a plain Markdown string, with no generator running."""

from __future__ import annotations

import re

import pytest

from bibliography import CitationError
from publishing import SourceError
from publishing.page_steps import (
    DEFAULT_STEPS,
    bibliography_page,
    byline,
    citations,
    cite_this,
    corrections,
    figures,
    insert_step,
    run_steps,
    step_names,
)
from tests.publishing.sites import make_site, page


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


# -- figures ---------------------------------------------------------------------------------


def test_figures_are_held_as_one_line_until_the_end(site):
    p = page(site)
    md = "Intro.\n\n[[figure: decay]]\n\nAfter."
    out = figures(md, p)
    assert out.count("\n") == md.count("\n")  # later steps still count source lines
    assert "<figure" not in out
    released = p.release(out)
    assert '<figure class="kb-figure" id="figure-decay">' in released
    assert 'src="../../figures/decay.svg"' in released and 'width="640"' in released


def test_unknown_figure_names_the_source_line(site):
    with pytest.raises(SourceError) as err:
        figures("a\n\n[[figure: decy]]", page(site, offset=7))
    assert str(err.value).startswith("docs/essays/a.md:10: unknown figure 'decy'")
    assert "did you mean decay" in str(err.value)


# -- byline ----------------------------------------------------------------------------------


def test_byline_puts_the_escaped_title_first_without_moving_lines(site):
    p = page(site)
    md = "First line.\n\nSecond paragraph."
    out = byline(md, p)
    assert out.count("\n") == md.count("\n")
    text = p.release(out)
    assert text.startswith(
        '# What "collapse" &lt;means&gt; &amp; why\n\n<p class="kb-byline" data-search-exclude>'
    )
    assert "By Ada &lt;Lovelace&gt;, Collapse &amp; Provenance editors" in text
    assert 'Published <time datetime="2026-01-02">2 January 2026</time>' in text
    assert 'last updated <time datetime="2026-02-03">3 February 2026</time>' in text
    assert "1 min read" in text
    assert text.endswith("First line.\n\nSecond paragraph.")


def test_tags_come_after_the_byline_and_stay_out_of_search(site):
    from tests.publishing.sites import ESSAY_META

    p = page(site, meta={**ESSAY_META, "tags": ["model collapse", "a<b"]})
    text = p.release(byline("Body.", p))
    title, byline_at, tags_at = text.index("# "), text.index("kb-byline"), text.index("kb-tags")
    assert title < byline_at < tags_at < text.index("Body.")
    assert '<p class="md-tags kb-tags" data-search-exclude>' in text
    assert '<span class="md-tag">model collapse</span><span class="md-tag">a&lt;b</span>' in text
    untagged = page(site, meta={k: v for k, v in ESSAY_META.items() if k != "tags"})
    assert "kb-tags" not in untagged.release(byline("Body.", untagged))  # no tags, no row


def test_byline_counts_figure_captions_in_the_reading_time(site):
    p = page(site)
    words = " ".join(["word"] * 220)
    plain = p.release(byline(words, p))
    p2 = page(site)
    with_figure = p2.release(byline(figures(words + "\n\n[[figure: decay]]", p2), p2))
    assert "1 min read" in plain
    assert "2 min read" in with_figure


def test_byline_leaves_other_pages_alone(site):
    assert byline("# Glossary", page(site, "glossary.md", meta={})) == "# Glossary"


# -- corrections -----------------------------------------------------------------------------


def test_corrections_are_listed_newest_first_and_escaped(site):
    meta = {
        "corrections": [
            {"date": "2026-01-05", "note": "First <fix>."},
            {"date": "2026-03-01", "note": "Second & last."},
        ]
    }
    out = corrections("Body.", page(site, meta=meta))
    assert out.startswith('Body.\n\n<section class="kb-corrections"')
    assert out.index("1 March 2026") < out.index("5 January 2026")
    assert "First &lt;fix&gt;." in out and "Second &amp; last." in out
    assert 'href="https://example.org/repo/commits/main/docs/essays/a.md"' in out


def test_no_corrections_no_section(site):
    assert corrections("Body.", page(site, meta={})) == "Body."


# -- citations -------------------------------------------------------------------------------


def test_citations_expand_and_add_references(site):
    out = citations("A bag [@kunze2018bagit].\n", page(site))
    assert "[@" not in out
    assert "ref-kunze2018bagit" in out
    assert re.search(r"^## References", out, re.MULTILINE) or 'id="references"' in out
    assert "../../bibliography/" in out


def test_citation_followed_by_a_colon_is_a_citation(site):
    out = citations(
        "A payload manifest [@kunze2018bagit]: a SHA-256 digest per file.\n", page(site)
    )
    assert "[@kunze2018bagit]" not in out and "ref-kunze2018bagit" in out


def test_link_reference_definition_is_not_a_citation(site):
    md = 'See the spec.\n\n[@kunze2018bagit]: https://example.org/bagit "BagIt"\n'
    out = citations(md, page(site))
    assert '[@kunze2018bagit]: https://example.org/bagit "BagIt"' in out
    assert "ref-kunze2018bagit" not in out


def test_unknown_key_names_the_source_line(site):
    with pytest.raises(CitationError) as err:
        citations("line one\n\nline three [@kunze2018bagt].", page(site, offset=7))
    assert "docs/essays/a.md:10: unknown citation key @kunze2018bagt" in str(err.value)
    assert "did you mean @kunze2018bagit" in str(err.value)


def test_all_steps_keep_source_lines_for_citation_errors(site):
    """The byline and a figure come before the citation: the line is still the file's."""
    md = "Intro.\n\n[[figure: decay]]\n\nA claim [@nosuch2099]."
    with pytest.raises(CitationError) as err:
        run_steps(md, page(site, offset=7))
    assert "docs/essays/a.md:12: unknown citation key @nosuch2099" in str(err.value)


# -- cite this, bibliography page ------------------------------------------------------------


def test_cite_this_uses_the_version_from_the_site_context(site):
    out = cite_this("Body.", page(site))
    assert "Cite this essay" in out and "abc1234" in out
    assert "https://example.org/kb/essays/a/" in out


def test_cite_this_only_on_essays(site):
    assert cite_this("Body.", page(site, "glossary.md", meta={})) == "Body."


def test_bibliography_page_lists_citing_pages_notebooks_included(site):
    p = page(site, "bibliography.md", meta={"title": "Bibliography"})
    out = bibliography_page("# Bibliography\n\n<!-- bibliography -->\n\nAfter.", p)
    assert "<!-- bibliography -->" not in out and out.endswith("After.")
    assert "Essay A" in out and "../essays/a/" in out
    assert "Notebook N" in out and "../notebooks/n/" in out
    assert 'href="../references.bib"' in out and 'href="../references.json"' in out


def test_bibliography_listing_only_on_its_page(site):
    assert bibliography_page("x", page(site, "glossary.md", meta={})) == "x"


# -- the step list ---------------------------------------------------------------------------


def test_steps_have_names_and_a_new_step_goes_where_it_is_asked(site):
    assert step_names() == [
        "values",
        "figures",
        "byline",
        "corrections",
        "citations",
        "cite_this",
        "bibliography_page",
    ]

    def answer(markdown, page):
        return markdown.replace("[[answer]]", page.stash("<span>42</span>"))

    steps = insert_step(DEFAULT_STEPS, answer, before="citations")
    assert step_names(steps).index("answer") == 4
    assert step_names(insert_step(DEFAULT_STEPS, answer, after="bibliography_page"))[-1] == "answer"
    with pytest.raises(ValueError, match="no page step named 'nope'"):
        insert_step(DEFAULT_STEPS, answer, after="nope")
    out = run_steps("It is [[answer]].", page(site, "glossary.md", meta={}), steps)
    assert out == "It is <span>42</span>."
