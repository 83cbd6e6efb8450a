"""Explorable figures in a real browser, driven by the keyboard.

For each explorable figure: nothing of the explorable is fetched before the click; Enter
on "Explore" opens it, and the sliders, moved with Tab and the arrow keys to several grid
points, give a readout equal to what Python computes there by calling the module's own
closed-form functions (not read from the data file), with aria-valuetext saying each
value in words. Opening it moves nothing on the page; axe finds nothing serious in the
opened state in either palette; on a phone it fits without sideways scrolling; Escape
closes it and gives focus back to the button. The bytes each explorable costs (bootstrap,
drawing script and data, gzip) are reported.
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib
import itertools

import pytest
from axe_playwright_python.sync_playwright import Axe

from simulations.engine.explore import slider_text
from tests.browser.conftest import PHONE, Traffic, add_report, new_context, settle
from tests.explore.closed_forms import EXPLORABLES, closed_form_readouts

pytestmark = pytest.mark.browser

#: At most this many bytes (gzip) per explorable: its script and data (issue 22).
BUDGET = 40 * 1024
#: What every explorable loads besides its data: the bootstrap every page has, and the
#: drawing script and its styles loaded on the first click.
SCRIPTS = (
    "javascripts/explore.js",
    "javascripts/explore-view.js",
    "stylesheets/explore-view.css",
)


def _box(name: str) -> str:
    return f"#figure-{name} .kb-explore"


def _layout(page) -> list[list[float]]:
    """Boxes of every paragraph, list item and figure in the article."""
    return page.eval_on_selector_all(
        "article p, article li, article figure",
        "(els) => { const top = document.querySelector('article').getBoundingClientRect().top;"
        " return els.filter(e => !e.closest('dialog')).map(e => {"
        " const r = e.getBoundingClientRect(); return [r.top - top, r.height]; }); }",
    )


def _load(chromium, server, name, traffic, **options):
    context = new_context(chromium, traffic, **options)
    page = context.new_page()
    page.goto(server.url(EXPLORABLES[name]), wait_until="load")
    settle(page)
    return context, page


def _open_by_keyboard(page, name: str) -> None:
    page.focus(f"{_box(name)} .kb-explore-open")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{_box(name)} dialog[open] .kb-explore-readout dd:not(:empty)")


def _readout(page, name: str) -> dict[str, str]:
    return page.eval_on_selector_all(
        f"{_box(name)} .kb-explore-readout dd",
        "(dds) => Object.fromEntries(dds.map(d => [d.dataset.name, d.textContent]))",
    )


def _set_by_keyboard(page, sliders: int, target: tuple[int, ...]) -> None:
    """Move the sliders to grid indices ``target``, focus starting on the first slider."""
    for i, position in enumerate(target):
        page.keyboard.press("Home")
        for _ in range(position):
            page.keyboard.press("ArrowRight")
        if i + 1 < sliders:
            page.keyboard.press("Tab")
    for _ in range(sliders - 1):  # back to the first slider for the next point
        page.keyboard.press("Shift+Tab")


@pytest.mark.parametrize("name", sorted(EXPLORABLES))
def test_keyboard_sliders_give_the_closed_forms_python_computes(chromium, server, site, name):
    traffic = Traffic()
    context, page = _load(chromium, server, name, traffic)
    module = importlib.import_module(f"simulations.{name}")
    sliders = module.EXPLORE.sliders
    try:
        data_file = f"figures/{name}.explore.json"
        assert page.is_visible(f"{_box(name)} .kb-explore-open")
        early = [u for u in traffic.requests if "explore-view." in u or ".explore.json" in u]
        assert not early, f"fetched before the click: {early}"
        before = _layout(page)

        _open_by_keyboard(page, name)
        assert any(u.endswith(data_file) for u in traffic.requests)
        assert any(u.endswith("explore-view.js") for u in traffic.requests)
        assert any(u.endswith("explore-view.css") for u in traffic.requests)
        assert page.evaluate("document.activeElement.type") == "range"
        assert page.get_attribute(f"{_box(name)} .kb-explore-readout", "aria-live") == "polite"
        moved = [
            (a, b)
            for a, b in zip(before, _layout(page), strict=True)
            if abs(a[0] - b[0]) >= 0.5 or abs(a[1] - b[1]) >= 0.5
        ]
        assert not moved, f"opening the explorable moved the page: {moved[:3]}"

        sizes = [len(s.values) for s in sliders]
        grid = list(itertools.product(*(range(n) for n in sizes)))
        targets = [grid[0], grid[len(grid) // 3], grid[(2 * len(grid)) // 3], grid[-1]]
        for target in targets:
            _set_by_keyboard(page, len(sliders), target)
            point = {s.name: s.values[i] for s, i in zip(sliders, target, strict=True)}
            params = dataclasses.replace(module.PARAMS, **point)
            expected = closed_form_readouts(name, params)
            shown = _readout(page, name)
            assert {k: shown[k] for k in expected} == expected, point
            texts = page.eval_on_selector_all(
                f"{_box(name)} input[type=range]",
                "(els) => els.map(e => e.getAttribute('aria-valuetext'))",
            )
            assert texts == [
                slider_text(s.values[i], s.unit, s.fmt)
                for s, i in zip(sliders, target, strict=True)
            ]
        kinds = page.eval_on_selector_all(
            f"{_box(name)} .kb-explore-kind", "(els) => els.map(e => e.textContent)"
        )
        assert set(kinds) <= {"(closed form)", "(simulated (± SE))"} and kinds
        lines = page.eval_on_selector_all(f"{_box(name)} .kb-ex-line", "(els) => els.length")
        legend = page.eval_on_selector_all(f"{_box(name)} .kb-explore-legend li", "(e) => e.length")
        assert lines == legend >= 2

        page.keyboard.press("Escape")
        page.wait_for_selector(f"{_box(name)} dialog:not([open])", state="attached")
        assert page.evaluate("document.activeElement.classList.contains('kb-explore-open')")
        assert not traffic.problems(), traffic.problems()
    finally:
        context.close()

    sizes = {f: len(gzip.compress((site.root / f).read_bytes(), mtime=0)) for f in SCRIPTS}
    data = len(gzip.compress((site.root / data_file).read_bytes(), mtime=0))
    total = sum(sizes.values()) + data
    add_report(
        f"explorable {name}: gzip bytes",
        [f"  {f}: {n:,}" for f, n in sizes.items()]
        + [f"  {data_file}: {data:,}", f"  total: {total:,} (budget {BUDGET:,})"],
    )
    assert total <= BUDGET


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_no_serious_axe_violation_when_open(chromium, server, palette):
    failures = []
    for name in sorted(EXPLORABLES):
        context, page = _load(chromium, server, name, Traffic(), color_scheme=palette)
        try:
            _open_by_keyboard(page, name)
            for v in Axe().run(page).response["violations"]:
                if v["impact"] in {"serious", "critical"}:
                    targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
                    failures.append(f"{name}: {v['id']}: {v['help']} at {targets}")
        finally:
            context.close()
    assert not failures, "\n".join(failures)


def test_phone_fits_without_sideways_scroll_in_the_dark_palette(chromium, server):
    name = "detector_base_rates"
    context, page = _load(
        chromium, server, name, Traffic(), viewport=PHONE, color_scheme="dark", has_touch=True
    )
    try:
        _open_by_keyboard(page, name)
        box = page.eval_on_selector(
            f"{_box(name)} dialog",
            "(d) => { const r = d.getBoundingClientRect(); const s = d.querySelector('svg');"
            " return {left: r.left, right: r.right, inner: window.innerWidth,"
            " scroll: d.scrollWidth, client: d.clientWidth, svg: s.getBoundingClientRect().width,"
            " stroke: getComputedStyle(d.querySelector('.kb-ex-s0')).stroke}; }",
        )
        assert box["left"] >= 0 and box["right"] <= box["inner"], box
        assert box["scroll"] <= box["client"] + 1, box  # no sideways scroll inside
        assert box["svg"] <= box["client"], box
        assert box["stroke"] == "rgb(124, 184, 242)"  # the dark palette's first series
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_without_javascript_the_static_figure_stands_alone(chromium, server):
    """No button without JavaScript, and revealing it moves nothing (its box is reserved)."""
    name = "gaussian_collapse"
    context, page = _load(chromium, server, name, Traffic())
    try:
        assert page.is_visible(f"{_box(name)} .kb-explore-open")
        with_js = _layout(page)
    finally:
        context.close()
    context, page = _load(chromium, server, name, Traffic(), java_script_enabled=False)
    try:
        assert not page.is_visible(f"{_box(name)} .kb-explore-open")
        assert page.is_visible(f"#figure-{name} .kb-figure-light img")
        moved = [
            (a, b)
            for a, b in zip(with_js, _layout(page), strict=True)
            if abs(a[0] - b[0]) >= 0.5 or abs(a[1] - b[1]) >= 0.5
        ]
        assert not moved, f"the revealed button moved the page: {moved[:3]}"
    finally:
        context.close()
