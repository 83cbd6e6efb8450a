"""The browser enforces the Content-Security-Policy and nothing on any page breaks it.

Every page is loaded with a listener for ``securitypolicyviolation`` events installed
before the page's own scripts, its lazy figures are fetched, and Chromium's console is
read for "Refused to …" messages. Search (a Web Worker and a fetch of the index) is
exercised on an essay and on a notebook page, the two page types with the most moving
parts; Material's instant navigation (which keeps the first page's policy) is followed
from an essay to a notebook page; the 404 page is served for a missing address deep in
the site. The policy's shape is checked on the built files as well: the same policy on
every page, ahead of every script and stylesheet, with no 'unsafe-inline' and no
'unsafe-eval'.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Traffic, load_lazy_images, new_context, settle

pytestmark = pytest.mark.browser

_LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ` +
    `${(e.sourceFile || '').split('/').slice(-2).join('/')}:${e.lineNumber}` +
    (e.sample ? ` [${e.sample.slice(0, 60)}]` : '')));
"""
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _violations(page, traffic: Traffic) -> list[str]:
    found = list(page.evaluate("window.__cspViolations || []"))
    found += [
        f"console: {e}"
        for e in traffic.console_errors
        if "Content Security Policy" in e or e.startswith("Refused to")
    ]
    return found


def _search(page, word: str, material_search: bool = True) -> list[str]:
    """Search as a reader does; a search that shows nothing is reported as a problem."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    if not material_search:
        # Zensical's search dialog (shadow DOM, search.json) works differently: its
        # requests and styles are still checked against the policy below.
        settle(page)
        return []
    try:
        page.locator(".md-search-result a.md-search-result__link").first.wait_for(
            state="visible", timeout=15_000
        )
    except Exception:
        return [f"searching {word!r} showed no result"]
    return []


def test_every_page_has_the_sites_one_policy_before_any_script_or_style(site):
    found = set()
    for rel in site.pages:
        html = site.file_for(rel).read_text(encoding="utf-8")
        policies = _CSP_META.findall(html)
        assert len(policies) == 1, f"{rel or '(home)'}: {len(policies)} policies"
        found.update(policies)
        at = html.index("Content-Security-Policy")
        first_active = min(
            (i for i in (html.find("<script"), html.find('<link rel="stylesheet"')) if i >= 0),
            default=len(html),
        )
        assert at < first_active, f"{rel or '(home)'}: the policy comes after a script or style"
    (policy,) = found
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert "unsafe" not in policy
    assert directives["default-src"] == "'none'" and directives["object-src"] == "'none'"
    for name in ("script-src", "style-src"):
        own, *hashes = directives[name].split()
        assert own == "'self'" and all(h.startswith("'sha256-") for h in hashes)
    for name in ("font-src", "connect-src"):
        assert directives[name] == "'self'"


def test_no_page_violates_its_policy(chromium, server, site):
    traffic = Traffic()
    context = new_context(chromium, traffic)
    context.add_init_script(_LISTEN)
    report: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        for rel in site.pages:
            traffic.clear()
            page.goto(server.url(rel), wait_until="load")
            load_lazy_images(page)
            settle(page)
            if found := _violations(page, traffic):
                report[rel or "(home)"] = found
        notebook = next(p for p in site.pages if p.startswith("notebooks/") and p != "notebooks/")
        for rel in (site.essays[0], notebook):
            traffic.clear()
            page.goto(server.url(rel), wait_until="load")
            settle(page)
            problems = _search(
                page, "collapse", (site.root / "search" / "search_index.json").is_file()
            )
            if found := problems + _violations(page, traffic):
                report[f"{rel} (search)"] = found
        # Instant navigation: the essay's policy stays while the notebook page is swapped in.
        traffic.clear()
        page.goto(server.url(site.essays[0]), wait_until="load")
        settle(page)
        page.locator(
            f'a.md-nav__link[href$="{notebook.rstrip("/").split("/")[-1]}/"]'
        ).first.click()
        page.wait_for_url(f"**/{notebook}")
        settle(page)
        if found := _violations(page, traffic):
            report[f"{site.essays[0]} -> {notebook} (instant navigation)"] = found
        # The 404 page, as a host serves it for any missing address.
        traffic.clear()
        page.goto(server.url("essays/no/such/page/"), wait_until="load")
        settle(page)
        if found := _violations(page, traffic):
            report["404 at depth"] = found
    finally:
        context.close()
    lines = [f"{rel}:\n    " + "\n    ".join(dict.fromkeys(v)) for rel, v in report.items()]
    assert not lines, f"CSP violations on {len(lines)} page(s):\n" + "\n".join(lines)
