"""Per-page output: citations as HTML, References sections, the bibliography page,
exports, "Cite this essay", unknown keys and unused records."""

from __future__ import annotations

import datetime as dt
import html as html_module
import json
import re
from html.parser import HTMLParser

import markdown as python_markdown
import pytest

from bibliography import Bibliography, CitationError

BIB = r"""% Sourcing note kept in the export.
@article{shumailov2024nature,
  author  = {Shumailov, Ilia and Shumaylov, Zakhar and Gal, Yarin},
  title   = {{AI} models collapse when trained on recursively generated data},
  journal = {Nature},
  year    = {2024},
  doi     = {10.1038/s41586-024-07566-y}
}

@misc{graphite2025articles,
  author       = {{Graphite}},
  title        = {More Articles Are Now Created by {AI} Than Humans},
  year         = {2025},
  howpublished = {Web report},
  note         = {Detector-based estimate; see the caveats}
}

@misc{kunze2018bagit,
  author = {Kunze, John A.},
  title  = {The {BagIt} File Packaging Format},
  year   = {2018},
  url    = {https://www.rfc-editor.org/info/rfc8493}
}
"""

PAGE = """Model collapse [@shumailov2024nature] was measured on the web by
@graphite2025articles [p. 2].

Code stays code: `[@shumailov2024nature]`.
"""


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return Bibliography.from_string(BIB, path="bibliography/references.bib")


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every start tag."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def test_citation_html_structure(bib):
    expanded = bib.expand(PAGE, "essays/x.md")
    assert expanded.keys == ("shumailov2024nature", "graphite2025articles")
    tags = elements(expanded.markdown)
    links = [attrs for tag, attrs in tags if attrs.get("class") == "citation-link"]
    tips = {attrs["id"]: attrs for tag, attrs in tags if attrs.get("class") == "citation-tooltip"}
    assert [link["href"] for link in links] == [
        "#ref-shumailov2024nature",
        "#ref-graphite2025articles",
    ]
    for link in links:
        tip = tips[link["aria-describedby"]]  # every link is described by its own tooltip
        assert tip["role"] == "tooltip" and "data-search-exclude" in tip
    assert "`[@shumailov2024nature]`" in expanded.markdown  # code span untouched


def test_expanding_twice_changes_nothing(bib):
    once = bib.expand(PAGE, "essays/x.md").markdown
    again = bib.expand(once, "essays/x.md")
    assert again.markdown == once and again.keys == ()


def test_page_through_python_markdown_keeps_the_structure(bib):
    """The HTML survives Python-Markdown with the site's extensions, unmangled."""
    expanded = bib.expand(PAGE, "essays/x.md")
    page = bib.add_references(expanded.markdown, expanded.keys, "../../bibliography/")
    html = python_markdown.markdown(
        page, extensions=["attr_list", "md_in_html", "admonition", "footnotes", "toc"]
    )
    tags = elements(html)
    assert ("h2", {"id": "references"}) in tags
    ids = {attrs.get("id") for _, attrs in tags}
    assert {"ref-shumailov2024nature", "ref-graphite2025articles"} <= ids
    tooltips = re.findall(r'<span class="citation-tooltip"[^>]*>(.*?)</span>', html)
    assert tooltips and not any("<a " in tip or "<em>" in tip for tip in tooltips)
    assert "Shumailov et al., 2024" in html and "Graphite (2025, p. 2)" in html
    assert 'href="https://doi.org/10.1038/s41586-024-07566-y"' in html


def test_references_section(bib):
    section = bib.references_section(["shumailov2024nature", "graphite2025articles"], "../bib/")
    lines = section.splitlines()
    assert lines[0] == "## References { #references }"
    entries = re.findall(r'<div class="csl-entry" id="(ref-[^"]+)" role="listitem">', section)
    assert entries == ["ref-graphite2025articles", "ref-shumailov2024nature"]  # style order
    assert 'href="../bib/#ref-graphite2025articles"' in section
    assert bib.references_section([]) == ""
    assert "reference-bibliography-link" not in bib.references_section(["kunze2018bagit"])


def test_references_go_to_the_marker_or_the_end(bib):
    keys = ["kunze2018bagit"]
    with_marker = "Intro.\n\n<!-- references -->\n\n## Appendix\n"
    placed = bib.add_references(with_marker, keys)
    assert placed.index("## References") < placed.index("## Appendix")
    assert "<!-- references -->" not in placed
    at_end = bib.add_references("Intro.\n", keys)
    assert at_end.startswith("Intro.\n\n## References")
    in_code = "```\n<!-- references -->\n```\n"
    assert bib.add_references(in_code, keys).startswith(in_code)
    assert bib.add_references("Intro.\n", []) == "Intro.\n"


def test_bibliography_page(bib):
    citers = {"shumailov2024nature": [("A copy of a copy", "../essays/copy-of-a-copy/")]}
    page = bib.bibliography_page(citers, downloads=[("BibTeX", "references.bib")])
    assert '<a href="references.bib" download>BibTeX</a>' in page
    for key in ("shumailov2024nature", "graphite2025articles", "kunze2018bagit"):
        assert f'id="ref-{key}"' in page
    assert '<a href="../essays/copy-of-a-copy/">A copy of a copy</a>' in page
    assert page.count("Not cited on any page yet.") == 2
    assert 'href="https://www.rfc-editor.org/info/rfc8493"' in page
    assert "Detector-based estimate; see the caveats" in page  # notes shown
    bibtex = re.search(
        r'id="ref-graphite2025articles".*?<pre class="bibtex-record" tabindex="0">(.*?)</pre>',
        page,
    ).group(1)
    assert "\n" not in bibtex  # one Markdown line: no blank line can end the HTML block
    record = html_module.unescape(bibtex)
    assert record.startswith("@misc{graphite2025articles,\n  author       = {{Graphite}},")
    assert "<details" in page and "<summary>" in page


def test_exports(bib):
    assert bib.to_bibtex() == BIB if BIB.endswith("\n") else BIB + "\n"
    assert "% Sourcing note kept in the export." in bib.to_bibtex()
    items = json.loads(bib.to_csl_json())
    assert {item["id"] for item in items} == {
        "shumailov2024nature",
        "graphite2025articles",
        "kunze2018bagit",
    }
    graphite = next(item for item in items if item["id"] == "graphite2025articles")
    assert graphite["author"] == [{"literal": "Graphite"}]
    assert graphite["title"] == "More Articles Are Now Created by AI Than Humans"


def test_unknown_key_names_page_line_and_nearest_keys(bib):
    markdown = "First line.\nSecond [@shumailov2024natur] and @kunze2018.\n"
    with pytest.raises(CitationError) as caught:
        bib.expand(markdown, "essays/x.md", line_offset=7)
    first, second = (str(p) for p in caught.value.problems)
    assert first.startswith("essays/x.md:9: unknown citation key @shumailov2024natur — ")
    assert "did you mean @shumailov2024nature" in first
    assert second.startswith("essays/x.md:9: unknown citation key @kunze2018 — ")
    assert "@kunze2018bagit" in second
    assert "bibliography/references.bib" in first  # says where to add a record


def test_unknown_key_in_other_case_is_suggested_first(bib):
    with pytest.raises(CitationError) as caught:
        bib.expand("[@Kunze2018BagIt]", "p.md")
    assert "did you mean @kunze2018bagit" in str(caught.value)


def test_malformed_citation_is_reported(bib):
    with pytest.raises(CitationError) as caught:
        bib.expand("\n[see @shumailov2024nature @kunze2018bagit]", "p.md", line_offset=3)
    (problem,) = caught.value.problems
    assert str(problem).startswith("p.md:5: malformed citation")
    assert "[@a; @b]" in problem.fix


def test_unused_records_are_warnings(bib):
    warnings = bib.unused(["shumailov2024nature"])
    assert [str(w).split(":")[1] for w in warnings] == ["10", "18"]
    assert "graphite2025articles" in str(warnings[0]) and "not cited" in str(warnings[0])


META = {
    "title": "A copy of a copy",
    "authors": ["Collapse & Provenance editors"],
    "date": dt.date(2026, 11, 25),
    "updated": dt.date(2026, 11, 26),
}


def test_cite_this_essay(bib):
    section = bib.cite_this(META, "https://example.org/essays/copy-of-a-copy/", "abc1234")
    assert section.startswith("## Cite this essay { #cite-this-essay }\n")
    reference = re.search(r'<p class="cite-this-reference">(.*?)</p>', section).group(1)
    assert reference.startswith(
        "Collapse &amp; Provenance editors. (2026, November 26). <i>A copy of a copy</i>. "
        "Collapse &amp; Provenance. "
    )
    assert 'href="https://example.org/essays/copy-of-a-copy/"' in reference
    assert "<code>abc1234</code>" in section
    record = re.search(r"```bibtex\n(.*?)\n```", section, re.DOTALL).group(1)
    assert record.startswith("@misc{copy-of-a-copy-2026,\n")
    assert "author       = {{Collapse \\& Provenance editors}}" in record
    assert "howpublished = {Collapse \\& Provenance}" in record
    assert "url          = {https://example.org/essays/copy-of-a-copy/}" in record
    assert "version      = {abc1234}" in record
    assert "updated 2026-11-26, first published 2026-11-25" in record
    # The record it suggests is one our own parser accepts.
    Bibliography.from_string(record)


def test_cite_this_escapes_titles(bib):
    meta = dict(META, title="Tails <script> & 100% _of_ {it}", date="2025-01-02", updated=None)
    section = bib.cite_this(meta, "https://example.org/essays/tails.html", "v1")
    assert "<script>" not in section.split("```")[0]
    assert "title        = {Tails <script> \\& 100\\% \\_of\\_ \\{it\\}}" in section
    assert "@misc{tails-2025," in section
