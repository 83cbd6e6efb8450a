"""Computed numbers in essays: the provenance popover in a real browser.

On copy-of-a-copy.md the number 0.599 is bound to ``gaussian_collapse.var_ratio_t10``.
Keyboard: Tab reaches it and shows the popover, Escape closes it and keeps focus, Enter
opens it again, Tab moves into its links, Escape returns to the number. A tap on a phone
opens it inside the viewport. The popover says where the number came from; opening it
moves nothing on the page, the page has the same layout without JavaScript, no request
leaves the machine, and axe finds nothing serious with the popover open.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PHONE, Traffic, new_context, settle

pytestmark = pytest.mark.browser

ESSAY = "essays/copy-of-a-copy/"
MARKER = '.kb-value[data-kb-value*="gaussian_collapse.var_ratio_t10"] >> nth=0'
SIMULATED = '.kb-value[data-kb-value*="gaussian_collapse.median_unbiased_end\\""] >> nth=0'


def _state(page, selector: str = MARKER) -> dict:
    return page.eval_on_selector(
        selector,
        """(m) => {
            const pop = document.getElementById(m.getAttribute('aria-controls'));
            const r = pop && pop.getBoundingClientRect();
            return {
                expanded: m.getAttribute('aria-expanded'),
                role: m.getAttribute('role'),
                focused: document.activeElement === m,
                inPopover: !!(pop && pop.contains(document.activeElement)),
                visible: !!(pop && !pop.hidden && r.width > 0 && r.height > 0),
                text: pop ? pop.innerText : '',
                links: pop ? [...pop.querySelectorAll('a')].map(a => a.getAttribute('href')) : [],
                box: r ? [r.left, r.top, r.right, r.bottom] : null,
                width: window.innerWidth, height: window.innerHeight,
            };
        }""",
    )


def _layout(page) -> list[list[float]]:
    """Boxes of every paragraph and list item in the article: what a layout shift moves."""
    return page.eval_on_selector_all(
        "article p, article li, article figure",
        "(els) => { const top = document.querySelector('article').getBoundingClientRect().top;"
        " return els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.top - top, r.height]; }); }",
    )


def _moved(a: list[list[float]], b: list[list[float]]) -> list[str]:
    """Boxes that moved or resized by half a pixel or more (less is sub-pixel rounding)."""
    if len(a) != len(b):
        return [f"{len(a)} boxes against {len(b)}"]
    return [
        f"box {i}: top {x[0]:.2f} -> {y[0]:.2f}, height {x[1]:.2f} -> {y[1]:.2f}"
        for i, (x, y) in enumerate(zip(a, b, strict=True))
        if abs(x[0] - y[0]) >= 0.5 or abs(x[1] - y[1]) >= 0.5
    ]


def _open(chromium, server, traffic, **options):
    context = new_context(chromium, traffic, **options)
    page = context.new_page()
    page.goto(server.url(ESSAY), wait_until="load")
    settle(page)
    return context, page


def test_keyboard_opens_and_escape_closes(chromium, server):
    traffic = Traffic()
    context, page = _open(chromium, server, traffic)
    try:
        assert page.inner_text(MARKER) == "0.599"
        assert _state(page)["role"] == "button"
        before = _layout(page)
        for _ in range(400):  # Tab through the header and navigation to the number
            page.keyboard.press("Tab")
            if _state(page)["focused"]:
                break
        state = _state(page)
        assert state["focused"], "Tab never reached the bound number"
        assert state["expanded"] == "true" and state["visible"]
        assert not _moved(before, _layout(page)), "opening the popover moved the page"

        page.keyboard.press("Escape")
        state = _state(page)
        assert state["expanded"] == "false" and not state["visible"] and state["focused"]

        page.keyboard.press("Enter")
        state = _state(page)
        assert state["expanded"] == "true" and state["visible"]

        page.keyboard.press("Tab")
        state = _state(page)
        assert state["inPopover"] and state["visible"], "Tab should enter the popover's links"
        page.keyboard.press("Escape")
        state = _state(page)
        assert state["focused"] and not state["visible"]
        assert not traffic.problems(), traffic.problems()
    finally:
        context.close()


def test_popover_says_where_the_number_came_from(chromium, server):
    context, page = _open(chromium, server, Traffic())
    try:
        page.hover(MARKER)
        state = _state(page)
        assert state["visible"]
        text = state["text"]
        assert "0.5987369392383787" in text  # full precision
        assert "Closed form" in text
        assert "simulations/gaussian_collapse.py" in text and "n = 20" in text
        assert any(h.endswith("#figure-gaussian_collapse") for h in state["links"])
        assert any(h.endswith("figures/gaussian_collapse.values.json") for h in state["links"])
        page.mouse.move(0, 0)
        assert not _state(page)["visible"]

        page.hover(SIMULATED)
        sim = _state(page, SIMULATED)
        assert "Simulated estimate: ±" in sim["text"] and "20,000 replicates" in sim["text"]
    finally:
        context.close()


def test_tap_on_a_phone_opens_it_inside_the_viewport(chromium, server):
    context, page = _open(chromium, server, Traffic(), viewport=PHONE, has_touch=True)
    try:
        page.locator(MARKER).scroll_into_view_if_needed()
        page.tap(MARKER)
        state = _state(page)
        assert state["expanded"] == "true" and state["visible"]
        left, top, right, bottom = state["box"]
        assert left >= 0 and top >= 0 and right <= state["width"] and bottom <= state["height"]
        page.tap("article h1")
        assert not _state(page)["visible"]
    finally:
        context.close()


def test_without_javascript_it_is_plain_text_in_the_same_layout(chromium, server):
    context, page = _open(chromium, server, Traffic())
    with_js = _layout(page)
    context.close()
    context, page = _open(chromium, server, Traffic(), java_script_enabled=False)
    try:
        assert page.inner_text(MARKER) == "0.599"
        assert page.get_attribute(MARKER, "role") is None
        assert "0.599 after 10 generations" in page.inner_text("article")
        assert not _moved(with_js, _layout(page))
    finally:
        context.close()


def test_no_serious_axe_violation_with_the_popover_open(chromium, server):
    context, page = _open(chromium, server, Traffic())
    try:
        page.hover(MARKER)
        assert _state(page)["visible"]
        violations = [
            f"{v['id']}: {v['help']}"
            for v in Axe().run(page).response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not violations, violations
    finally:
        context.close()
