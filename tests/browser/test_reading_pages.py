"""Notebook pages, the bibliography page and reference lists, as a reader on a phone uses them.

- Notebook figures are image files beside the page (not ``data:`` URIs), with width,
  height, alt and lazy loading, and they load.
- At 375 px a notebook page and the bibliography page do not scroll sideways; notebook
  code keeps its lines (no wrapping), scrolls inside its block, and has no prompt column.
- Each link of the bibliography's jump bar lands on its letter; letters without entries
  are not links.
- A reference entry's back-link returns to the sentence that cites it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PHONE, Traffic, load_lazy_images, new_context

NOTEBOOK_JS = """() => {
    const imgs = [...document.querySelectorAll('.jp-OutputArea-output img')];
    const code = [...document.querySelectorAll('.highlight-ipynb pre')];
    const prompts = [...document.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt')];
    return {
        vw: window.innerWidth,
        pageWidth: document.documentElement.scrollWidth,
        imgs: imgs.map(i => ({
            src: i.src, loaded: i.complete && i.naturalWidth > 0,
            shown: i.getBoundingClientRect().width,
        })),
        code: code.map(p => ({
            whiteSpace: getComputedStyle(p).whiteSpace,
            scrolls: p.scrollWidth > p.clientWidth + 1,
            overflowX: getComputedStyle(p).overflowX,
            focusable: p.tabIndex === 0,
            right: p.getBoundingClientRect().right,
        })),
        promptsShown: prompts.filter(p => p.getBoundingClientRect().width > 0).length,
    };
}"""


def _notebooks(site) -> list[str]:
    pages = [rel for rel in site.pages if re.fullmatch(r"notebooks/[^/]+/", rel)]
    assert pages, "no notebook page in the built site"
    return pages


def test_notebook_pages_on_a_phone(chromium, server, site):
    context = new_context(chromium, Traffic(), viewport=PHONE)
    page = context.new_page()
    problems: list[str] = []
    images = scrolling = 0
    try:
        for rel in _notebooks(site):
            html = site.file_for(rel).read_text(encoding="utf-8")
            for tag in re.findall(r"<img\b[^>]*>", html):
                if "logo" in tag:
                    continue
                images += 1
                src = re.search(r'\bsrc="([^"]*)"', tag).group(1)
                if not re.fullmatch(r"[\w.-]+\.(svg|png)", src):
                    problems.append(f"{rel}: image src {src[:40]!r} is not a file beside it")
                elif not site.file_for(rel).parent.joinpath(src).is_file():
                    problems.append(f"{rel}: {src} is not in the site")
                for attr in (r'width="\d+"', r'height="\d+"', 'loading="lazy"', r'alt="[^"]+"'):
                    if not re.search(attr, tag):
                        problems.append(f"{rel}: {src} lacks {attr}")
            page.goto(server.url(rel), wait_until="load")
            load_lazy_images(page)
            m = page.evaluate(NOTEBOOK_JS)
            if m["pageWidth"] > m["vw"]:
                problems.append(f"{rel}: {m['pageWidth']} px wide at {m['vw']} px")
            if m["promptsShown"]:
                problems.append(f"{rel}: {m['promptsShown']} In/Out prompts shown at 375 px")
            for img in m["imgs"]:
                if not img["loaded"] or img["shown"] > m["vw"]:
                    problems.append(f"{rel}: {img['src']} did not load or is wider than the screen")
            for block in m["code"]:
                if block["whiteSpace"] != "pre":
                    problems.append(f"{rel}: code wraps ({block['whiteSpace']})")
                if block["right"] > m["vw"] + 0.5:
                    problems.append(f"{rel}: a code block reaches past the screen's edge")
                if block["scrolls"]:
                    scrolling += 1
                    if block["overflowX"] != "auto" or not block["focusable"]:
                        problems.append(f"{rel}: a long code line cannot be scrolled by keyboard")
    finally:
        context.close()
    assert images, "no notebook figure found: the check saw nothing"
    assert scrolling, "no code block is wider than a phone: the scrolling check saw nothing"
    assert not problems, "\n".join(problems)


def test_bibliography_jump_bar_on_a_phone(chromium, server):
    context = new_context(chromium, Traffic(), viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(server.url("bibliography/"), wait_until="load")
        bar = page.evaluate(
            """() => {
                const bar = document.querySelector('.bibliography-jump');
                return {
                    links: [...bar.querySelectorAll('a')].map(a => a.getAttribute('href')),
                    inert: [...bar.querySelectorAll('span')].map(s => s.textContent),
                    width: document.documentElement.scrollWidth, vw: window.innerWidth,
                    targets: [...bar.querySelectorAll('a')].map(a => {
                        const r = a.getBoundingClientRect(); return [r.width, r.height];
                    }),
                };
            }"""
        )
        assert bar["width"] <= bar["vw"], "the bibliography page scrolls sideways at 375 px"
        assert len(bar["links"]) >= 5 and bar["inert"], bar
        assert all(w >= 24 and h >= 24 for w, h in bar["targets"]), bar["targets"]
        for letter in bar["inert"]:
            assert page.locator(f"#letter-{letter.lower()}").count() == 0
        # Material's instant navigation makes hrefs absolute; the fragment is what counts.
        for href in bar["links"]:
            target = href.rsplit("#", 1)[1]
            page.click(f".bibliography-jump a[href$='#{target}']")
            page.wait_for_function(
                """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                             return r.top >= 0 && r.top < window.innerHeight / 2; }""",
                arg=target,
            )
            first = page.evaluate(
                """(id) => {
                    const h = document.getElementById(id);
                    const entry = h.nextElementSibling.querySelector('.bibliography-reference');
                    return [h.textContent.trim(), entry.textContent.trim()];
                }""",
                target,
            )
            heading, reference = first
            if heading != "Other":
                assert reference[:1].upper() == heading or not reference[:1].isascii(), first
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_back_links_return_to_the_citing_sentence(chromium, server, site, viewport):
    rel = next(
        r for r in site.essays if "reference-backlinks" in site.file_for(r).read_text("utf-8")
    )
    context = new_context(chromium, Traffic(), viewport=viewport)
    page = context.new_page()
    try:
        page.goto(server.url(rel), wait_until="load")
        links = page.evaluate(
            """() => [...document.querySelectorAll('.reference-backlinks a')]
                       .map(a => a.getAttribute('href'))"""
        )
        assert links and len(links) == len(set(links)), "back-link targets must be unique"
        for href in links[:6]:
            target = href.rsplit("#", 1)[1]
            key = re.fullmatch(r"cite-(.+)-\d+", target).group(1)
            page.click(f".reference-backlinks a[href$='#{target}']")
            page.wait_for_function(
                """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                             return r.top >= 0 && r.bottom <= window.innerHeight; }""",
                arg=target,
            )
            cites = page.evaluate(
                """(id) => { const a = document.getElementById(id);
                             return [a.getAttribute('href').split('#').pop(), location.hash]; }""",
                target,
            )
            assert cites == [f"ref-{key}", f"#{target}"]
    finally:
        context.close()
