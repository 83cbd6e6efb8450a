"""What a reader does: search, follow and preview citations, switch the palette.

- Search: a word taken from an essay's body (and from no other page) is typed into the
  search box; a result must link to that essay.
- Citations (``a[href^="#ref-"]``): clicking one lands on the reference (URL hash set,
  reference element in the viewport); hovering one, and reaching one with the keyboard
  (Tab), shows its preview (a tooltip element becomes visible).
- Palette: the header toggle switches the colour scheme, and the choice survives
  navigation, both Material's instant navigation and a full page load.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Traffic, new_context, settle

pytestmark = pytest.mark.browser

# In the HTML a citation is ``<a href="#ref-KEY">``; in the browser Material's instant
# navigation rewrites every link to an absolute address, so match the fragment.
CITATION = 'article a[href^="#ref-"], article a[href*="/#ref-"]'

# Elements that could be a citation's preview, found from the link: what its
# aria-describedby names, a tooltip/preview inside it or beside it, and Material's own
# tooltip layer. "Visible" means rendered, not transparent, and inside the viewport.
TOOLTIPS_JS = """(a) => {
    const found = new Set();
    for (const id of (a.getAttribute('aria-describedby') || '').split(/\\s+/)) {
        const el = id && document.getElementById(id);
        if (el) found.add(el);
    }
    const sel = '[role="tooltip"], [class*="tooltip"], [class*="preview"], [popover]';
    for (const el of a.querySelectorAll(sel)) found.add(el);
    if (a.parentElement) {
        for (const el of a.parentElement.querySelectorAll(sel)) found.add(el);
    }
    for (const el of document.querySelectorAll('.md-tooltip, .md-tooltip2, [role="tooltip"]')) {
        found.add(el);
    }
    const shown = (el) => {
        for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) < 0.1)
                return false;
        }
        const r = el.getBoundingClientRect();
        return r.width > 4 && r.height > 4 && r.bottom > 0 && r.right > 0
            && r.top < window.innerHeight && r.left < window.innerWidth
            && (el.innerText || '').trim().length > 0;
    };
    return [...found].filter(shown).map(el => (el.innerText || '').trim().slice(0, 80));
}"""


def _essay_with_citations(site) -> str:
    for rel in site.essays:
        if 'href="#ref-' in site.file_for(rel).read_text("utf-8"):
            return rel
    pytest.fail("no essay has a citation link (a[href^='#ref-']): are citations rendered?")


# -- search -----------------------------------------------------------------------------

_WORD = re.compile(r"[a-z]{7,}")


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(html.unescape(re.sub(r"<[^>]+>", " ", text)).lower()))


def pick_search_word(index: dict, essay: str) -> str:
    """A word that occurs in ``essay``'s body and in no other page's text or title."""
    here: Counter[str] = Counter()
    elsewhere: set[str] = set()
    for doc in index["docs"]:
        words = _words(doc.get("text", ""))
        if doc["location"].split("#")[0] == essay:
            here.update(words)
        else:
            elsewhere.update(words)
        elsewhere.update(_words(doc.get("title", "")))
    unique = [(n, w) for w, n in here.items() if w not in elsewhere]
    if not unique:
        pytest.fail(f"no word is unique to {essay} in the search index")
    return max(unique, key=lambda nw: (nw[0], nw[1]))[1]


def _search_index(site) -> dict:
    """The site's search index as {"docs": [...]}: MkDocs' or Zensical's file."""
    for rel, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        if (site.root / rel).is_file():
            return {"docs": json.loads((site.root / rel).read_text("utf-8"))[key]}
    pytest.fail("no search index (search/search_index.json or search.json) in the site")


def test_search_finds_an_essay_by_a_word_from_its_body(chromium, server, site):
    essay = site.essays[0]
    word = pick_search_word(_search_index(site), essay)
    context = new_context(chromium, Traffic(), viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(server.url(""), wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(word, delay=20)
        results = page.locator(SEARCH_RESULT)
        results.first.wait_for(state="visible", timeout=15_000)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert any(f"/{essay}" in h or h.startswith(essay) for h in hrefs), (
            f"searching {word!r} found {hrefs}, none of them {essay}"
        )
        # And the result really opens the essay.
        match = next(i for i, h in enumerate(hrefs) if essay in h)
        results.nth(match).click()
        page.wait_for_url(f"**/{essay}**")
    finally:
        context.close()


# -- citations --------------------------------------------------------------------------


def test_clicking_a_citation_lands_on_the_reference(chromium, server, site):
    essay = _essay_with_citations(site)
    context = new_context(chromium, Traffic(), viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(server.url(essay), wait_until="load")
        link = page.locator(CITATION).first
        href = link.evaluate("(a) => new URL(a.href).hash")
        assert link.evaluate("(a) => new URL(a.href).pathname === location.pathname")
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_function("(h) => location.hash === h", arg=href)
        page.wait_for_function(
            """(h) => { const el = document.getElementById(decodeURIComponent(h.slice(1)));
                        if (!el) return false;
                        const r = el.getBoundingClientRect();
                        return r.bottom > 0 && r.top < window.innerHeight; }""",
            arg=href,
            timeout=5_000,
        )
    finally:
        context.close()


def test_citation_preview_shows_on_hover_and_on_keyboard_focus(chromium, server, site):
    essay = _essay_with_citations(site)
    context = new_context(chromium, Traffic(), viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(server.url(essay), wait_until="load")
        link = page.locator(CITATION).first
        link.scroll_into_view_if_needed()
        handle = link.element_handle()
        assert page.evaluate(TOOLTIPS_JS, handle) == [], "a preview is showing before any hover"

        link.hover()
        page.wait_for_function(f"(a) => ({TOOLTIPS_JS})(a).length > 0", arg=handle)

        # Away again: the preview goes.
        page.mouse.move(DESKTOP["width"] - 5, DESKTOP["height"] - 5)
        page.wait_for_function(f"(a) => ({TOOLTIPS_JS})(a).length === 0", arg=handle)

        # Reach the citation by keyboard: focus what comes just before it, then Tab.
        page.evaluate(
            """(a) => {
                const all = [...document.querySelectorAll(
                    'a[href], button, input, select, textarea, summary, [tabindex]')]
                    .filter(e => e.tabIndex >= 0 && !e.disabled);
                const i = all.indexOf(a);
                if (i > 0) all[i - 1].focus(); else document.activeElement.blur();
            }""",
            handle,
        )
        page.keyboard.press("Tab")
        assert page.evaluate("(a) => document.activeElement === a", handle), (
            "Tab did not move focus onto the citation"
        )
        page.wait_for_function(f"(a) => ({TOOLTIPS_JS})(a).length > 0", arg=handle)
    finally:
        context.close()


def test_a_tap_on_a_citation_shows_its_preview_with_a_way_to_the_entry(chromium, server, site):
    """On a phone a tap cannot hover: it opens the preview instead of jumping away, the
    preview links to the full entry, and a tap elsewhere closes it."""
    essay = _essay_with_citations(site)
    context = new_context(chromium, Traffic(), viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(server.url(essay), wait_until="load")
        link = page.locator("article a.citation-link").first
        link.scroll_into_view_if_needed()
        handle = link.element_handle()
        link.tap()
        page.wait_for_function(f"(a) => ({TOOLTIPS_JS})(a).length > 0", arg=handle)
        assert page.evaluate("location.hash") == "", "the tap jumped away from the text"
        assert link.get_attribute("aria-expanded") == "true"
        full = page.locator(".citation-item.citation-open .citation-full")
        assert full.is_visible()
        target = full.get_attribute("href")
        # A tap on the page elsewhere closes the preview.
        page.locator("article h1").first.tap()
        page.wait_for_function(f"(a) => ({TOOLTIPS_JS})(a).length === 0", arg=handle)
        # Open again and follow the link to the entry.
        link.tap()
        page.locator(".citation-item.citation-open .citation-full").tap()
        page.wait_for_function(
            "(h) => location.hash === new URL(h, location.href).hash", arg=target
        )
    finally:
        context.close()


def test_preview_opens_above_a_citation_on_the_windows_last_line(chromium, server, site):
    essay = _essay_with_citations(site)
    context = new_context(chromium, Traffic(), viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(server.url(essay), wait_until="load")
        link = page.locator("article a.citation-link").nth(1)
        # Put the citation on the window's last line.
        link.evaluate(
            "(a) => window.scrollBy(0, a.getBoundingClientRect().bottom - window.innerHeight + 4)"
        )
        link.hover()
        tip = page.locator(".citation-item:hover > .citation-tooltip").first
        tip.wait_for(state="visible")
        page.wait_for_timeout(100)
        box = tip.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"], (
            f"preview at y={box['y']:.0f}..{box['y'] + box['height']:.0f} leaves the window"
        )
    finally:
        context.close()


# -- palette ----------------------------------------------------------------------------

SCHEME_JS = "document.body.getAttribute('data-md-color-scheme')"


def test_palette_toggle_switches_scheme_and_the_choice_persists(chromium, server, site):
    context = new_context(chromium, Traffic(), viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    try:
        page.goto(server.url(""), wait_until="load")
        assert page.evaluate(SCHEME_JS) == "default", "a light system should give the light scheme"
        toggle = page.locator('form[data-md-component="palette"] label:not([hidden])')
        for _ in range(3):  # automatic -> light -> dark
            if page.evaluate(SCHEME_JS) == "slate":
                break
            toggle.first.click()
        assert page.evaluate(SCHEME_JS) == "slate", "the palette toggle never switched to dark"
        offered = toggle.first.get_attribute("for")  # the palette option it offers next

        # Instant navigation (Material swaps the page without a reload).
        page.locator("a.md-nav__link[href]", has_text="Glossary").first.click()
        page.wait_for_url("**/glossary/")
        assert page.evaluate(SCHEME_JS) == "slate", "the scheme reset on instant navigation"

        # A full page load elsewhere on the site.
        page.goto(server.url(site.essays[-1]), wait_until="load")
        assert page.evaluate(SCHEME_JS) == "slate", "the scheme reset on a new page load"
        assert toggle.first.get_attribute("for") == offered, "the toggle forgot its state"
    finally:
        context.close()


# The index and the worker of either generator: MkDocs' search/search_index.json and
# Zensical's search.json, each read by a worker under assets/javascripts/workers/.
INDEX_OR_WORKER = re.compile(r"/search(?:/search_index)?\.json|/workers/search")
# A result link: Material's classic result list, or Zensical's search dialog.
SEARCH_RESULT = ".md-search-result a.md-search-result__link, dialog [role=listbox] a[role=option]"


def test_search_index_is_fetched_only_when_search_is_used(chromium, server, site):
    """The index and the search worker wait for the reader: nothing before search opens.

    Written for both generators (the lazy-search shim of ``overrides/main.html`` serves
    both bundles): run it on a Zensical build with ``KB_SITE_DIR``.
    """
    traffic = Traffic()
    context = new_context(chromium, traffic, viewport=PHONE)
    page = context.new_page()

    def searchy() -> list[str]:
        return [u for u in traffic.requests if INDEX_OR_WORKER.search(u)]

    try:
        page.goto(server.url(site.essays[0]), wait_until="load")
        settle(page)
        page.mouse.wheel(0, 1500)  # reading: scrolling must not load search either
        page.wait_for_timeout(500)
        assert searchy() == [], f"requested before search was used: {searchy()}"
        page.locator("label.md-header__button[for=__search]").click()
        page.locator("input.md-search__input").press_sequentially("collapse", delay=20)
        page.locator(SEARCH_RESULT).first.wait_for(state="visible", timeout=15_000)
        assert any(".json" in u for u in searchy()), "search worked without its index?"
    finally:
        context.close()
