"""Printing an essay from the browser (docs/stylesheets/print.css), in both palettes."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, Traffic, new_context

pytestmark = pytest.mark.browser

HIDDEN = [".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".md-content__button"]
KEPT = ["h1", "figure.kb-figure", ".csl-entry", "#cite-this-essay"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_printed_essay_is_the_essay_alone_in_black_on_white(chromium, server, site, scheme):
    context = new_context(chromium, Traffic(), viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(server.url("essays/copy-of-a-copy/"), wait_until="load")
        if scheme == "dark":
            page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        page.emulate_media(media="print")
        shown = "(s) => { const e = document.querySelector(s); return !!e && e.getClientRects().length > 0; }"
        for selector in HIDDEN:
            assert not page.evaluate(shown, selector), f"{selector} is printed"
        for selector in KEPT:
            assert page.evaluate(shown, selector), f"{selector} is not printed"
        colours = page.evaluate(
            """() => { const t = document.querySelector('.md-typeset');
                return [getComputedStyle(t).color, getComputedStyle(document.body).backgroundColor]; }"""
        )
        assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], colours
        after = "(s) => getComputedStyle(document.querySelector(s), '::after').content"
        external = "article p a[href^='http']:not(.citation-link):not(.reference-link)"
        assert page.locator(external).count(), "the essay has no external link to check"
        assert "http" in page.evaluate(after, external), "an external link prints no address"
        assert page.evaluate(after, "a.citation-link") in ("none", "normal", '""')
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF-")
    finally:
        context.close()
