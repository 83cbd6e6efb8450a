"""Mathematics in a real browser: the derivation pages carry native MathML, fetch nothing
from another host, pass axe in both palettes and never scroll sideways on a phone.

The formulas are converted at build time (publishing/mathml.py), so the pages need no
script: Chromium renders MathML Core itself.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PHONE, Traffic, new_context, settle

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}
# The page with the widest display formulas, and one essay that uses inline math.
MATH_PAGES = ["derivations/fresh-data/", "derivations/gaussian-copying/", "essays/copy-of-a-copy/"]

_MEASURE = """() => {
    const maths = [...document.querySelectorAll('math')];
    const boxes = [...document.querySelectorAll('.kb-math')];
    const vw = document.documentElement.clientWidth;
    return {
        count: maths.length,
        native: maths.length > 0 && maths.every(m => m instanceof MathMLElement),
        rendered: maths.filter(m => m.getBoundingClientRect().height > 0).length,
        annotated: maths.filter(m => m.querySelector(
            'semantics > annotation[encoding="application/x-tex"]')).length,
        scripts: document.querySelectorAll('script[src*="mathjax" i], script[src*="katex" i]').length,
        vw,
        pageWidth: document.documentElement.scrollWidth,
        boxesOutside: boxes.filter(b => b.getBoundingClientRect().right > vw + 0.5).length,
        scrollingBoxes: boxes.filter(b => b.scrollWidth > b.clientWidth).length,
    };
}"""


@pytest.mark.parametrize("rel", MATH_PAGES)
def test_math_is_native_mathml_and_local(chromium, server, rel):
    traffic = Traffic()
    context = new_context(chromium, traffic, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(server.url(rel), wait_until="load")
        settle(page)
        m = page.evaluate(_MEASURE)
    finally:
        context.close()
    assert m["count"] > 0, f"{rel}: no <math> element"
    assert m["native"], f"{rel}: <math> is not a MathMLElement"
    assert m["rendered"] == m["count"], f"{rel}: {m['count'] - m['rendered']} formulas not laid out"
    assert m["annotated"] == m["count"], f"{rel}: formulas without a TeX annotation"
    assert m["scripts"] == 0
    assert traffic.foreign == [], f"{rel}: requests to other hosts: {traffic.foreign}"
    assert traffic.problems() == [], f"{rel}: " + "; ".join(traffic.problems())


@pytest.mark.parametrize("rel", MATH_PAGES)
def test_math_pages_do_not_scroll_sideways_on_a_phone(chromium, server, rel):
    context = new_context(chromium, Traffic(), viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server.url(rel), wait_until="load")
        settle(page)
        m = page.evaluate(_MEASURE)
    finally:
        context.close()
    print(f"{rel}: {m['scrollingBoxes']} display formula(s) scroll inside their box at 375 px")
    assert m["pageWidth"] <= m["vw"], f"{rel}: page is {m['pageWidth']} px wide at {m['vw']} px"
    assert m["boxesOutside"] == 0, f"{rel}: a display formula sticks out of the page"


def test_a_long_equation_scrolls_inside_its_own_box(chromium, server):
    """The fresh-data page's fixed-point formula is wider than a phone: its box scrolls."""
    context = new_context(chromium, Traffic(), viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server.url("derivations/fresh-data/"), wait_until="load")
        m = page.evaluate(_MEASURE)
        focusable = page.evaluate(
            "() => [...document.querySelectorAll('.kb-math')].every(b => b.tabIndex === 0)"
        )
    finally:
        context.close()
    assert m["scrollingBoxes"] >= 1
    assert focusable, "a box that scrolls must be reachable from the keyboard"


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_math_pages_have_no_serious_axe_violation(chromium, server, site, palette):
    """Every derivation page and an essay with math, on a phone, in both palettes."""
    axe = Axe()
    pages = [p for p in site.pages if p.startswith("derivations/")] + ["essays/copy-of-a-copy/"]
    assert len(pages) >= 11
    context = new_context(chromium, Traffic(), color_scheme=palette, viewport=PHONE)
    failures: list[str] = []
    try:
        page = context.new_page()
        for rel in pages:
            page.goto(server.url(rel), wait_until="load")
            for v in axe.run(page).response["violations"]:
                if v["impact"] in FAILING_IMPACTS:
                    targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
                    failures.append(f"{rel}: {v['id']} ({v['impact']}): {v['help']} [{targets}]")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
