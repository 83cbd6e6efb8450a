"""Every page loads cleanly and asks nothing of any host but its own.

Each page (every index.html and 404.html in the built site) is loaded in a fresh browser
context: it must answer 200, log no console error or uncaught exception, have no failed
or 4xx/5xx request, and make zero requests to any host other than 127.0.0.1 (fonts,
scripts, images and analytics must be local or absent). Non-local requests are blocked
and recorded, so the test never reaches the outside world.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import Traffic, new_context, settle

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
    thin = [
        rel or "(home)"
        for rel, v in visits.items()
        if not (v.bytes_of("css") and v.bytes_of("js") and v.bytes_of("html"))
    ]
    assert not thin, f"pages loaded without their CSS/JS: {thin}"
    essays_with_figures = [
        rel for rel in site.essays if "kb-figure" in site.file_for(rel).read_text("utf-8")
    ]
    missing = [rel for rel in essays_with_figures if not visits[rel].bytes_of("figures")]
    assert not missing, f"figures were not fetched on: {missing}"


def test_unknown_address_gets_the_sites_404_page(chromium, server):
    """As on GitHub Pages, any missing address, at any depth, shows our styled 404 page."""
    traffic = Traffic()
    context = new_context(chromium, traffic)
    try:
        page = context.new_page()
        url = server.url("essays/no-such-essay/deeper/")
        response = page.goto(url)
        settle(page)
        assert response is not None and response.status == 404
        assert page.locator("h1").first.inner_text().strip().startswith("404")
        # The stylesheet really applied (the header is Material's fixed bar, not raw HTML).
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
            "sticky",
            "fixed",
        )
        problems = traffic.problems(ignore_status_of=url)
        assert not problems, "\n".join(problems)
    finally:
        context.close()
