"""Figures as a reader sees them: legible on a phone, in the palette chosen, open by tap.

A figure (``figure.kb-figure``) holds two links, one per palette (``.kb-figure-light``,
``.kb-figure-dark``), each around a ``<picture>`` whose phone source (below 600 px) is
the phone layout. CSS on ``[data-md-color-scheme="slate"]`` shows one link and hides the
other.

- Text size at 375 px. The text of an SVG shown through ``<img>`` is not in the page's
  DOM, so it is measured in two steps. In the page: which file the browser chose for
  each displayed figure (``currentSrc``) and how wide its content box is drawn. Then
  that file is opened as a document of its own, and for every ``<text>`` and
  ``<tspan>`` holding characters the size it is drawn at there is computed: its computed
  ``font-size`` times the scale of its screen transform (``getScreenCTM``: the viewBox
  scale and any transform). Multiplied by displayed width / the SVG's own width, that is
  the font size in CSS px as displayed on the phone; it must be at least 11 px.
- Palette, before first paint. An init script watches the document as it is parsed
  (``MutationObserver``): the moment each figure link exists, before the browser can
  paint it (observer callbacks run before the task that parsed the element ends, and
  rendering happens between tasks), it records whether the link is displayed. With a
  light palette the light link must be the one displayed from the start; after the
  header toggle switches to dark, the dark link and its dark file are shown; on the next
  page load (the choice stored) the dark link is displayed from the start, and no light
  file is ever fetched.
- A tap on a figure opens the full-size figure: the wide SVG, as a document of its own.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    PHONE,
    Traffic,
    load_lazy_images,
    new_context,
    settle,
)

pytestmark = pytest.mark.browser

MIN_TEXT_PX = 11.0

DISPLAYED_FIGURES_JS = """() => [...document.querySelectorAll('figure.kb-figure img')]
    .filter(img => img.getClientRects().length)
    .map(img => {
        const s = getComputedStyle(img);
        const content = img.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        return {id: img.closest('figure').id, src: img.currentSrc, width: content,
                view: img.closest('a.kb-figure-view').className};
    })"""

# Sizes of every text run in an SVG opened as a document, in CSS px at the SVG's own size.
SVG_TEXT_JS = """() => {
    const root = document.documentElement;
    const out = [];
    for (const el of document.querySelectorAll('text, tspan')) {
        const own = [...el.childNodes].filter(n => n.nodeType === 3)
            .map(n => n.textContent).join('').trim();
        if (!own) continue;
        const m = el.getScreenCTM();
        const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
        out.push({text: own.slice(0, 40), px: parseFloat(getComputedStyle(el).fontSize) * scale});
    }
    return {width: root.getBoundingClientRect().width, texts: out};
}"""

FIRST_SEEN_INIT = """(() => {
    window.__kbFirstSeen = [];
    const look = () => {
        for (const a of document.querySelectorAll('a.kb-figure-view')) {
            if (a.__kbSeen) continue;
            a.__kbSeen = true;
            window.__kbFirstSeen.push({
                dark: a.classList.contains('kb-figure-dark'),
                shown: getComputedStyle(a).display !== 'none',
                figure: (a.closest('figure') || {}).id || '?',
            });
        }
    };
    new MutationObserver(look).observe(document, {childList: true, subtree: true});
})();"""

SCHEME_JS = "document.body.getAttribute('data-md-color-scheme')"


def _figure_pages(site) -> list[str]:
    pages = [rel for rel in site.pages if "kb-figure" in site.file_for(rel).read_text("utf-8")]
    assert pages, "no page holds a figure.kb-figure: are figures embedded?"
    return pages


def _svg_text_sizes(page, url: str) -> dict:
    page.goto(url, wait_until="load")
    return page.evaluate(SVG_TEXT_JS)


def test_every_figure_text_is_at_least_11_px_on_a_phone(chromium, server, site):
    """Every text run of every figure, as displayed at 375 px, is >= 11 CSS px (see the
    module docstring for how text inside an ``<img>`` SVG is measured)."""
    context = new_context(chromium, Traffic(), viewport=PHONE, color_scheme="light")
    page = context.new_page()
    svg_page = context.new_page()
    small: list[str] = []
    measured: dict[str, dict] = {}
    runs = 0
    try:
        for rel in _figure_pages(site):
            page.goto(server.url(rel), wait_until="load")
            load_lazy_images(page)
            for fig in page.evaluate(DISPLAYED_FIGURES_JS):
                assert fig["src"].endswith(".phone.svg"), (
                    f"{rel}: figure {fig['id']} shows {fig['src']} at 375 px, not its phone layout"
                )
                if fig["src"] not in measured:
                    measured[fig["src"]] = _svg_text_sizes(svg_page, fig["src"])
                svg = measured[fig["src"]]
                assert svg["texts"], f"{fig['src']}: no text element (glyphs as paths?)"
                factor = fig["width"] / svg["width"]
                for run in svg["texts"]:
                    runs += 1
                    shown = run["px"] * factor
                    if shown < MIN_TEXT_PX:
                        small.append(
                            f"{rel}: {fig['src'].rsplit('/', 1)[-1]}: {run['text']!r} "
                            f"is {shown:.1f} px (drawn {run['px']:.1f} px, shown at "
                            f"{factor:.2f}x)"
                        )
    finally:
        context.close()
    assert measured, "no figure was displayed at 375 px"
    print(f"{runs} text runs in {len(measured)} phone figures measured")
    assert not small, f"{len(small)} text runs below {MIN_TEXT_PX} px:\n" + "\n".join(
        dict.fromkeys(small)
    )


def _toggle_to(page, scheme: str) -> None:
    toggle = page.locator('form[data-md-component="palette"] label:not([hidden])')
    for _ in range(3):  # automatic -> light -> dark
        if page.evaluate(SCHEME_JS) == scheme:
            return
        toggle.first.click()
    assert page.evaluate(SCHEME_JS) == scheme, f"the palette toggle never switched to {scheme}"


def _wrong_first_views(page, dark: bool) -> list[str]:
    seen = page.evaluate("window.__kbFirstSeen")
    assert seen, "the init script saw no figure link being parsed"
    return [
        f"figure {s['figure']}: {'dark' if s['dark'] else 'light'} link "
        f"{'shown' if s['shown'] else 'hidden'} when first parsed"
        for s in seen
        if s["shown"] != (s["dark"] == dark)
    ]


def test_the_figure_follows_the_palette_toggle_without_a_flash(chromium, server, site):
    rel = _figure_pages(site)[0]
    traffic = Traffic()
    context = new_context(chromium, traffic, viewport=PHONE, color_scheme="light")
    context.add_init_script(FIRST_SEEN_INIT)
    page = context.new_page()
    try:
        page.goto(server.url(rel), wait_until="load")
        settle(page)
        assert page.evaluate(SCHEME_JS) == "default"
        assert not _wrong_first_views(page, dark=False), _wrong_first_views(page, dark=False)
        load_lazy_images(page)
        light = page.evaluate(DISPLAYED_FIGURES_JS)
        assert light and all(f["src"].endswith(".phone.svg") for f in light), light

        _toggle_to(page, "slate")
        load_lazy_images(page)
        dark = page.evaluate(DISPLAYED_FIGURES_JS)
        assert len(dark) == len(light), "a figure vanished (or doubled) after the toggle"
        wrong = [f for f in dark if "kb-figure-dark" not in f["view"]]
        assert not wrong, f"light figures still shown on the dark page: {wrong}"
        assert all(f["src"].endswith(".phone.dark.svg") for f in dark), dark
        loaded = page.evaluate(
            """() => [...document.querySelectorAll('.kb-figure-dark img')]
                .every(i => i.complete && i.naturalWidth > 0)"""
        )
        assert loaded, "a dark figure did not load after the toggle"

        # A new page load with dark stored: dark from the first parse, light never fetched.
        traffic.clear()
        page.reload(wait_until="load")
        settle(page)
        assert page.evaluate(SCHEME_JS) == "slate", "the dark choice was not kept"
        assert not _wrong_first_views(page, dark=True), _wrong_first_views(page, dark=True)
        # Scrolled to, as a reader would (load_lazy_images would fetch hidden ones too).
        figure = page.locator("figure.kb-figure").first
        figure.scroll_into_view_if_needed()
        figure.locator(".kb-figure-dark img").evaluate(
            "(i) => i.complete || new Promise(r => i.addEventListener('load', r, {once: true}))"
        )
        fetched = [u for u in traffic.requests if "/figures/" in u]
        assert fetched, "no figure file was fetched on the dark page"
        light_files = [u for u in fetched if not u.endswith(".dark.svg")]
        assert not light_files, f"light figures fetched on a dark page: {light_files}"
    finally:
        context.close()


def test_a_tap_on_a_figure_opens_the_full_size_figure(chromium, server, site):
    rel = _figure_pages(site)[0]
    traffic = Traffic()
    context = new_context(
        chromium, traffic, viewport=PHONE, has_touch=True, is_mobile=True, color_scheme="light"
    )
    page = context.new_page()
    try:
        page.goto(server.url(rel), wait_until="load")
        img = page.locator("figure.kb-figure .kb-figure-light img").first
        img.scroll_into_view_if_needed()
        load_lazy_images(page)
        shown = img.bounding_box()
        href = page.evaluate("(img) => img.closest('a').href", img.element_handle())
        assert href.endswith(".svg") and ".phone." not in href, f"the link is {href}"
        traffic.clear()
        img.tap()
        page.wait_for_url(href)
        answers = [r for r in traffic.responses if r.url == href]
        assert answers and answers[-1].status == 200, f"no 200 answer for {href}"
        kind = answers[-1].headers.get("content-type", "")
        assert kind.startswith("image/svg+xml"), f"{href} came as {kind}"
        opened = page.evaluate(
            """() => ({root: document.documentElement.localName,
                       width: document.documentElement.getBoundingClientRect().width})"""
        )
        assert opened["root"] == "svg", f"the tap opened a {opened['root']} document"
        assert opened["width"] > shown["width"], (
            f"the opened figure is {opened['width']:.0f} px wide, no larger than the "
            f"{shown['width']:.0f} px shown on the page"
        )
    finally:
        context.close()
