"""Notebook pages: the article's <style> and <script> elements become shared files."""

from __future__ import annotations

from publishing.notebook_assets import (
    classes_in,
    prune_css,
    script_name,
    share_notebook_assets,
    split_styles,
    stylesheet_name,
)

CSS = """
@charset "UTF-8";
.jupyter-wrapper { --jp-used: red; --jp-chain: var(--jp-used); --jp-unused: blue; --md-x: 1px }
.jp-Cell, .jp-Unused-Widget { color: var(--jp-chain); }
.jp-Cell:not(.jp-mod-never) { margin: 0 }
.jp-Unused-Widget .jp-Cell { padding: 0 }
pre { line-height: 125% }
.md-typeset .jp-Cell { border: 0 }
:is(.jp-Gone, .jp-Cell) > p { margin: 1px }
@media (max-width: 700px) { .jp-Cell { width: 100% } .jp-Unused-Widget { width: 0 } }
@media print { .jp-Unused-Widget { display: none } }
"""

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="../../assets/theme.css">
</head><body><article class="md-content__inner md-typeset">
<style type="text/css">
{css}
</style>
<div class="jupyter-wrapper"><div class="jp-Cell jp-CodeCell">x</div></div>
  <style>['not css, a Python list']</style>
<script>customElements.define("x-copy", class extends HTMLElement {{}});</script>
</article><footer><style>.kept-outside{{}}</style></footer></body></html>
"""


def test_split_takes_the_styles_out_of_the_article_only():
    page, css = split_styles(PAGE.format(css=".a{color:red}"))
    assert css == [".a{color:red}", "['not css, a Python list']"]
    article = page[page.index("<article") : page.index("</article>")]
    assert "<style" not in article and '<div class="jp-Cell jp-CodeCell">x</div>' in article
    assert "<style>.kept-outside{}</style>" in page
    assert split_styles("<p>no article</p>") == ("<p>no article</p>", [])


def test_classes_are_read_from_class_attributes():
    assert classes_in(['<div class="a  b"><p class=\'c\'>class="d" in text</p></div>']) >= {
        "a",
        "b",
        "c",
    }


def test_pruning_keeps_what_can_match_and_the_properties_it_reads():
    used = {"jupyter-wrapper", "jp-Cell", "md-typeset"}
    css = prune_css(CSS, used, other_css="a { color: var(--md-x) }")
    assert "jp-Unused-Widget" not in css
    assert ".jp-Cell{color:var(--jp-chain)}" in css  # the unused selector left its list
    assert ".jp-Cell:not(.jp-mod-never)" in css  # what :not() excludes need not exist
    assert "pre{line-height:125%}" in css
    assert ".md-typeset .jp-Cell" in css
    assert ":is(.jp-Gone, .jp-Cell) > p" in css  # any one class may match: kept
    assert "@media (max-width: 700px){.jp-Cell{width: 100%}}" in css
    assert "@media print" not in css  # nothing left inside
    assert "--jp-used:red" in css and "--jp-chain:var(--jp-used)" in css
    assert "--jp-unused" not in css
    assert "--md-x:1px" in css  # read by another stylesheet of the site
    assert "@charset" not in css


def test_one_stylesheet_and_script_file_for_every_notebook_page(tmp_path):
    site = tmp_path / "site"
    pages = []
    for name in ("a", "b"):
        page = site / "notebooks" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(css=CSS), encoding="utf-8")
        pages.append(page)
    written = share_notebook_assets(site, pages)
    (css_name,) = [k for k in written if k.endswith(".css")]
    (js_name,) = [k for k in written if k.endswith(".js")]
    assert css_name == stylesheet_name((site / css_name).read_text(encoding="utf-8"))
    assert css_name.startswith("assets/stylesheets/notebook.")
    assert written[css_name] < written["inline CSS"]
    script = 'customElements.define("x-copy", class extends HTMLElement {});'
    assert js_name == script_name(script) and (site / js_name).read_text() == script
    assert list((site / "assets" / "stylesheets").iterdir()) == [site / css_name]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count("<style") == 1  # the footer's, outside the article
        link = f'<link rel="stylesheet" href="../../{css_name}">\n</head>'
        assert link in html
        assert html.index("theme.css") < html.index(css_name)
        assert f'<script src="../../{js_name}"></script>\n</article>' in html
        assert "customElements" not in html
    # Run again: nothing inline is left, nothing changes.
    before = [p.read_bytes() for p in pages]
    assert share_notebook_assets(site, pages) == {}
    assert [p.read_bytes() for p in pages] == before
