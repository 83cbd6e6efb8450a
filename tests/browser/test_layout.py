"""Layout on a phone (375 px) and a desktop (1280 px).

- No page scrolls sideways: ``documentElement.scrollWidth <= innerWidth``.
- Every figure image (``figure.kb-figure img``) loads and fits inside the viewport.
- On a phone the navigation drawer opens from the header button and its links work.
- On a desktop the table of contents is shown on essays and its links scroll to headings.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Traffic, load_lazy_images, new_context

pytestmark = pytest.mark.browser

LAYOUT_JS = """() => {
    const vw = window.innerWidth;
    const doc = document.documentElement;
    const wide = [];
    if (doc.scrollWidth > vw) {
        // Name the culprits: the deepest visible elements that stick out on the right.
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.width && r.right > vw + 1 && ![...el.children].some(c =>
                    c.getBoundingClientRect().right > vw + 1)) {
                wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
                          + ` (right edge ${Math.round(r.right)} px)`);
                if (wide.length >= 5) break;
            }
        }
    }
    // Only the displayed palette's image: the other one is display:none, never fetched.
    const figures = [...document.querySelectorAll('figure.kb-figure img')]
        .filter(img => img.getClientRects().length).map(img => {
        const r = img.getBoundingClientRect();
        return {src: img.currentSrc || img.getAttribute('src'), left: r.left, right: r.right,
                width: r.width, natural: img.naturalWidth, complete: img.complete};
    });
    return {vw, scrollWidth: doc.scrollWidth, wide, figures};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_no_horizontal_overflow_and_figures_fit(chromium, server, site, viewport):
    context = new_context(chromium, Traffic(), viewport=viewport)
    page = context.new_page()
    failures: list[str] = []
    figures_seen = 0
    try:
        for rel in site.pages:
            name = rel or "(home)"
            page.goto(server.url(rel), wait_until="load")
            load_lazy_images(page)
            m = page.evaluate(LAYOUT_JS)
            if m["scrollWidth"] > m["vw"]:
                failures.append(
                    f"{name}: page is {m['scrollWidth']} px wide in a {m['vw']} px viewport; "
                    f"widest: {', '.join(m['wide']) or '?'}"
                )
            for f in m["figures"]:
                figures_seen += 1
                if not (f["complete"] and f["natural"] > 0):
                    failures.append(f"{name}: figure {f['src']} did not load")
                if f["left"] < -0.5 or f["right"] > m["vw"] + 0.5 or f["width"] > m["vw"]:
                    failures.append(
                        f"{name}: figure {f['src']} spans {f['left']:.0f}–{f['right']:.0f} px "
                        f"in a {m['vw']} px viewport"
                    )
    finally:
        context.close()
    assert figures_seen, "no figure.kb-figure img on any page: the figure check saw nothing"
    assert not failures, "\n".join(failures)


def _drawer_is_open(page) -> bool:
    return page.evaluate(
        """() => { const r = document.querySelector('.md-sidebar--primary')
                         .getBoundingClientRect();
                   return r.right > 40 && r.left > -40; }"""
    )


def test_phone_navigation_drawer_opens_and_its_links_work(chromium, server, site):
    context = new_context(chromium, Traffic(), viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(server.url(""), wait_until="load")
        button = page.locator('.md-header label.md-header__button[for="__drawer"]')
        assert button.is_visible(), "no drawer button in the phone header"
        assert not _drawer_is_open(page), "the drawer is open before any tap"
        button.click()
        page.wait_for_function(
            """() => { const r = document.querySelector('.md-sidebar--primary')
                            .getBoundingClientRect();
                       return r.left >= -1 && r.right > 100; }"""
        )
        assert page.locator("#__drawer").is_checked()
        # Into the Essays section (a nested panel on phones), then to the first essay.
        drawer = page.locator(".md-sidebar--primary")
        section = drawer.locator(".md-nav__container", has_text="Essays").first
        section.locator("label.md-nav__link").click()
        essay = site.essays[0]
        link = drawer.locator(f'a.md-nav__link[href$="/{essay}"]').first
        link.wait_for(state="visible")
        link.click()
        page.wait_for_url(f"**/{essay}")
        page.wait_for_function("() => !document.querySelector('#__drawer').checked")
        assert page.locator("article h1").first.inner_text().strip()
        page.wait_for_function(
            """() => document.querySelector('.md-sidebar--primary')
                         .getBoundingClientRect().right <= 1"""
        )
    finally:
        context.close()


def test_desktop_table_of_contents_links_scroll_to_headings(chromium, server, site):
    context = new_context(chromium, Traffic(), viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(server.url(site.essays[0]), wait_until="load")
        toc = page.locator(".md-sidebar--secondary nav.md-nav--secondary")
        assert toc.is_visible(), "no table of contents on an essay at 1280 px"
        # Material's instant navigation rewrites every link to an absolute address.
        links = toc.locator("a.md-nav__link[href*='#']")
        assert links.count() >= 3, f"table of contents has only {links.count()} links"
        target = links.nth(links.count() - 1)
        href = target.evaluate("(a) => new URL(a.href).hash")
        target.click()
        page.wait_for_function("(h) => location.hash === h", arg=href)
        page.wait_for_function(
            """(h) => { const el = document.getElementById(decodeURIComponent(h.slice(1)));
                        const r = el.getBoundingClientRect();
                        return r.top >= 0 && r.top < window.innerHeight; }""",
            arg=href,
        )
    finally:
        context.close()


OPENING_JS = """() => {
    const name = document.querySelector('.md-header__topic .md-ellipsis');
    const h1 = document.querySelector('.md-content h1');
    const tags = document.querySelector('.md-content .md-tags');
    const byline = document.querySelector('.md-content .kb-byline');
    const top = el => el ? el.getBoundingClientRect().top + window.scrollY : null;
    return {
        nameCut: name.scrollWidth > name.clientWidth + 1,
        h1Top: top(h1), tagsTop: top(tags), bylineTop: top(byline),
        h1Weight: h1 ? parseInt(getComputedStyle(h1).fontWeight) : 0,
        edit: !!document.querySelector('.md-content a[rel=edit]'),
    };
}"""


def test_page_openings_on_a_phone(chromium, server, site):
    """At 375 px: the site name is whole and an essay's title is bold and comes before
    its byline."""
    context = new_context(chromium, Traffic(), viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(server.url(""), wait_until="load")
        home = page.evaluate(OPENING_JS)
        assert not home["nameCut"], "the site name is cut off in the header at 375 px"
        problems = []
        for rel in site.essays:
            page.goto(server.url(rel), wait_until="load")
            o = page.evaluate(OPENING_JS)
            if o["nameCut"]:
                problems.append(f"{rel}: site name cut off")
            if not (o["h1Top"] is not None and o["bylineTop"] and o["h1Top"] < o["bylineTop"]):
                problems.append(f"{rel}: the title does not come before the byline")
            if o["h1Weight"] < 600:
                problems.append(f"{rel}: the title is not bold ({o['h1Weight']})")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_dark_figures_sit_on_a_dark_card(chromium, server, site):
    """In the dark palette the displayed figure and its card padding are dark: no white
    frame around a figure drawn for a dark page."""
    context = new_context(chromium, Traffic(), viewport=DESKTOP, color_scheme="dark")
    page = context.new_page()
    seen: list[tuple[str, str]] = []
    try:
        for rel in site.essays:
            page.goto(server.url(rel), wait_until="load")
            assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", rel
            seen += page.evaluate(
                """() => [...document.querySelectorAll('figure.kb-figure img')]
                    .filter(img => img.getClientRects().length)
                    .map(img => [img.getAttribute('src'), getComputedStyle(img).backgroundColor])"""
            )
    finally:
        context.close()
    assert seen, "no figure on any essay"
    light = [src for src, colour in seen if colour != "rgb(30, 33, 41)" or "dark" not in src]
    assert not light, f"figures shown on a light card or in the light variant: {light[:3]}"
