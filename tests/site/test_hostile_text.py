"""Markup in front-matter fields is shown as text wherever it appears, under both generators.

The miniature site is built with an essay whose title is an HTML element with an event
handler, whose description holds double quotes and whose author's name holds markup.
The theme prints these in ``<title>``, in the navigation of every page, in the header
and the footer, in its description ``<meta>``; the page steps print them in the heading,
the byline and "Cite this"; the head metadata in Dublin Core, Highwire and JSON-LD. A
browser would make an element of none of them.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.site.test_minisite import GENERATORS, _build, _mini

pytestmark = pytest.mark.site

HOSTILE = "<img src=x onerror=alert(1)>"
QUOTED = 'A description that ends with the name "collapse".'
AUTHOR = "<b>Eve</b> O'Hara"


class _Page(HTMLParser):
    """What a browser makes of a page: its elements, metas, title and navigation text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hostile_imgs: list[dict] = []
        self.bold: int = 0
        self.metas: dict[str, str] = {}
        self.title = ""
        self.nav_text = ""
        self.h1_text = ""
        self.json_ld: list[str] = []
        self._in = {"title": 0, "nav": 0, "h1": 0, "ld": 0}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and a.get("src") == "x":
            self.hostile_imgs.append(a)
        if tag == "b":
            self.bold += 1
        if tag == "meta" and "name" in a:
            self.metas[a["name"]] = a.get("content", "")
        if tag == "script" and a.get("type") == "application/ld+json":
            self.json_ld.append("")
            self._in["ld"] += 1
        elif tag in self._in:
            self._in[tag] += 1

    def handle_endtag(self, tag):
        key = "ld" if tag == "script" else tag
        if key in self._in and self._in[key]:
            self._in[key] -= 1

    def handle_data(self, data):
        if self._in["title"]:
            self.title += data
        if self._in["nav"]:
            self.nav_text += data
        if self._in["h1"]:
            self.h1_text += data
        if self._in["ld"] and self.json_ld:
            self.json_ld[-1] += data


def _hostile_site(root: Path) -> Path:
    site = _mini(root)
    essay = site / "docs" / "essays" / "sample.md"
    text = essay.read_text()
    for old, new in {
        "title: A sample essay": f"title: '{HOSTILE}'",
        "description: A short essay used by the test suite to exercise the build.": (
            f"description: '{QUOTED}'"
        ),
        "authors: [Test Author]": f'authors: ["{AUTHOR}"]',
    }.items():
        assert old in text, old
        text = text.replace(old, new)
    essay.write_text(text)
    return site


@pytest.fixture(scope="module", params=GENERATORS)
def pages(request, tmp_path_factory) -> dict[str, _Page]:
    site = _hostile_site(tmp_path_factory.mktemp(f"hostile-{request.param}"))
    proc = _build(site, request.param)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out: dict[str, _Page] = {}
    for name, path in {"essay": "essays/sample/index.html", "home": "index.html"}.items():
        parser = _Page()
        html = (site / "out" / path).read_text(encoding="utf-8")
        assert "&amp;lt;" not in html, f"{path}: text escaped twice"
        parser.feed(html)
        out[name] = parser
    return out


def test_the_title_is_text_in_the_title_element_heading_and_navigation(pages):
    essay = pages["essay"]
    assert essay.title.strip() == f"{HOSTILE} - Mini site"
    assert HOSTILE in essay.h1_text
    assert HOSTILE in essay.nav_text
    # Other pages list the essay in their navigation too.
    assert HOSTILE in pages["home"].nav_text


def test_no_element_is_made_from_front_matter_on_any_page(pages):
    for name, page in pages.items():
        assert page.hostile_imgs == [], name
        assert page.bold == 0, name


def test_a_description_with_double_quotes_keeps_its_meta_element_whole(pages):
    metas = pages["essay"].metas
    assert metas["description"] == QUOTED
    assert metas["DC.description"] == QUOTED
    assert metas["DC.title"] == HOSTILE
    assert metas["citation_author"] == AUTHOR


def test_the_json_ld_holds_the_same_text(pages):
    (data,) = [json.loads(block) for block in pages["essay"].json_ld]
    graph = data.get("@graph", [data])
    article = next(node for node in graph if node.get("description") == QUOTED)
    assert HOSTILE in (article.get("headline"), article.get("name"))


@pytest.mark.parametrize("generator", GENERATORS)
def test_an_inline_script_in_an_essay_fails_the_build_naming_file_and_line(tmp_path, generator):
    # The Content-Security-Policy allows only the templates' inline scripts; one in page
    # content would be blocked in every browser, so the build refuses it, keeping the old site.
    site = _mini(tmp_path)
    essay = site / "docs" / "essays" / "sample.md"
    lines = essay.read_text().split("\n")
    at = lines.index("## A second section")
    lines.insert(at, '<script>document.title = "pwned"</script>\n')
    essay.write_text("\n".join(lines))
    (site / "out").mkdir()
    (site / "out" / "index.html").write_text("old site")
    proc = _build(site, generator)
    assert proc.returncode != 0
    assert f"docs/essays/sample.md:{at + 1}: the page holds an inline script" in proc.stderr
    assert "extra_javascript" in proc.stderr
    assert (site / "out" / "index.html").read_text() == "old site"
