"""Every page loads cleanly and asks nothing of any host but its own.

Each page (every index.html and 404.html in the built site) is loaded in a fresh browser
context: it must answer 200, log no console error or uncaught exception, have no failed
or 4xx/5xx request, and make zero requests to any host other than 127.0.0.1 (fonts,
scripts, images and analytics must be local or absent). Non-local requests are blocked
and recorded, so the test never reaches the outside world.
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.browser.conftest import Traffic, new_context, serve, settle

pytestmark = pytest.mark.browser


def test_every_page_loads_cleanly_and_stays_local(visits, site):
    assert site.pages, "the built site has no pages"
    by_problem: dict[str, list[str]] = {}
    for rel, v in visits.items():
        problems = (
            v.problems if v.status == 200 else [f"page answered HTTP {v.status}", *v.problems]
        )
        for p in problems:
            by_problem.setdefault(p, []).append(rel or "(home)")
    lines = [
        f"{p}\n    on {len(pages)} page(s): {', '.join(pages)}"
        for p, pages in sorted(by_problem.items())
    ]
    assert not lines, f"{len(lines)} distinct problem(s) on {len(visits)} pages:\n" + "\n".join(
        lines
    )


def test_every_page_was_visited_with_its_assets(visits, site):
    """A guard on the test above: it really loaded each page with styles and scripts."""
    # The 404 page is self-contained by design (styles inline; see overrides/404.html).
    thin = [
        rel or "(home)"
        for rel, v in visits.items()
        if rel != "404.html" and not (v.bytes_of("css") and v.bytes_of("js") and v.bytes_of("html"))
    ]
    assert not thin, f"pages loaded without their CSS/JS: {thin}"
    essays_with_figures = [
        rel for rel in site.essays if "kb-figure" in site.file_for(rel).read_text("utf-8")
    ]
    missing = [rel for rel in essays_with_figures if not visits[rel].bytes_of("figures")]
    assert not missing, f"figures were not fetched on: {missing}"


def _probe_misses(problems: list[str]) -> list[str]:
    """The 404 page looks for the site's root by asking each parent folder for the seal
    file; the folders that are not the root answer 404, which is expected."""
    return [p for p in problems if "provenance-info.txt" not in p]


def _check_404(chromium, srv, rel: str) -> str:
    """Load a missing address; assert the styled 404 page; return the home link's href."""
    traffic = Traffic()
    context = new_context(chromium, traffic)
    try:
        page = context.new_page()
        url = srv.url(rel)
        response = page.goto(url)
        settle(page)
        assert response is not None and response.status == 404
        assert page.locator("h1").first.inner_text().strip().startswith("404")
        # Its styles applied wherever it is served: the header is the site's blue bar.
        background = page.evaluate(
            "getComputedStyle(document.querySelector('header')).backgroundColor"
        )
        assert background == "rgb(31, 78, 121)", background
        home = page.locator("header a").first
        page.wait_for_function(
            "root => document.querySelector('header a').href.endsWith(root)",
            arg=srv.site.prefix,
            timeout=5_000,
        )
        problems = _probe_misses(traffic.problems(ignore_status_of=url))
        assert not problems, "\n".join(problems)
        return home.get_attribute("href") or ""
    finally:
        context.close()


def test_unknown_address_gets_the_sites_404_page(chromium, server):
    """As on GitHub Pages, any missing address, at any depth, shows our styled 404 page."""
    href = _check_404(chromium, server, "essays/no-such-essay/deeper/")
    assert href.endswith(server.site.prefix)


def test_404_page_works_when_the_site_is_served_from_another_root(chromium, site):
    """A mirror, a local copy or an archive serves the site under another path: the 404
    page still has its styles, and its links lead to that copy's home page."""
    elsewhere = dataclasses.replace(site, prefix="/mirror/copy-of-the-site/")
    httpd, srv = serve(elsewhere)
    try:
        href = _check_404(chromium, srv, "no/such/page")
        assert href == "/mirror/copy-of-the-site/"
    finally:
        httpd.shutdown()
        httpd.server_close()
