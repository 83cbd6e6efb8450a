"""citations.css and citations.js in Chromium, on a static page styled by Material's CSS.

No site build is needed: the page is the package's own output passed through
Python-Markdown, with Material's stylesheets from the installed theme.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import markdown as python_markdown
import pytest

from bibliography import Bibliography

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

BIB = r"""
@article{shumailov2024nature,
  author  = {Shumailov, Ilia and Shumaylov, Zakhar and Zhao, Yiren and Papernot, Nicolas and Anderson, Ross and Gal, Yarin},
  title   = {{AI} models collapse when trained on recursively generated data},
  journal = {Nature},
  volume  = {631},
  pages   = {755--759},
  year    = {2024},
  doi     = {10.1038/s41586-024-07566-y}
}
@techreport{c2pa2025spec,
  author      = {{Coalition for Content Provenance and Authenticity}},
  title       = {Content Credentials: {C2PA} Technical Specification, Version 2.2},
  institution = {Coalition for Content Provenance and Authenticity (C2PA)},
  year        = {2025},
  url         = {https://spec.c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html}
}
"""
PAGE = (
    "A claim [@shumailov2024nature] and a long corporate author near the end of a long line "
    "of prose that wraps on a phone, cited here [@c2pa2025spec; @shumailov2024nature]. "
    + "Filler words. " * 30
    + "@c2pa2025spec"
)


def _material_css() -> list[Path]:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return sorted(folder.glob("main.*.min.css")) + sorted(folder.glob("palette.*.min.css"))


@pytest.fixture(scope="module")
def page_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("citations")
    for css in _material_css():
        shutil.copy(css, folder / css.name)
    shutil.copy(ROOT / "docs" / "stylesheets" / "citations.css", folder / "citations.css")
    shutil.copy(ROOT / "docs" / "javascripts" / "citations.js", folder / "citations.js")
    bib = Bibliography.from_string(BIB)
    expanded = bib.expand(PAGE, "page.md")
    body = python_markdown.markdown(
        bib.add_references(expanded.markdown, expanded.keys, "../bibliography/"),
        extensions=["attr_list", "md_in_html", "toc"],
    )
    links = "".join(f'<link rel="stylesheet" href="{css.name}">' for css in _material_css())
    (folder / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"{links}<link rel='stylesheet' href='citations.css'></head>"
        "<body data-md-color-scheme='default'><div class='md-container'><main class='md-main'>"
        "<div class='md-content'><article class='md-content__inner md-typeset'>"
        f"{body}</article></div></main></div><script src='citations.js'></script></body></html>",
        encoding="utf-8",
    )
    return (folder / "index.html").as_uri()


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api

    # Never skipped for a missing browser: `make test` installs it, or says how.
    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: run `make chromium`"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _box(page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,"
        " display: s.display, background: s.backgroundColor}; }",
    )


def test_phone_width_never_overflows_and_focus_shows_the_preview(browser, page_url):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(page_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    tip = "#citation-tip-1"
    assert _box(page, tip)["display"] == "none"
    page.keyboard.press("Tab")  # first focusable element: the first citation link
    assert (
        page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "citation-tip-1"
    )
    box = _box(page, tip)
    assert box["display"] == "block"
    assert box["left"] >= 0 and box["right"] <= 375 and box["bottom"] <= 740
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Escape")
    assert _box(page, tip)["display"] == "none"
    page.close()


def test_desktop_hover_preview_stays_inside_the_window(browser, page_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(page_url)
    for n in range(1, 5):
        link = f"[aria-describedby='citation-tip-{n}']"
        page.hover(link)
        page.wait_for_timeout(50)
        box = _box(page, f"#citation-tip-{n}")
        assert box["display"] == "block"
        assert box["left"] >= 0 and box["right"] <= 1280, box
    page.mouse.move(0, 0)
    assert _box(page, "#citation-tip-1")["display"] == "none"
    page.close()


@pytest.mark.parametrize(("scheme", "dark"), [("default", False), ("slate", True)])
def test_preview_follows_the_palette(browser, page_url, scheme, dark):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(page_url)
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.hover("[aria-describedby='citation-tip-1']")
    rgb = _box(page, "#citation-tip-1")["background"]
    channels = [int(c) for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    assert (sum(channels) / 3 < 128) is dark, rgb
    page.close()
