"""axe-core on every page, in the light and the dark palette.

The site's first palette entry follows the system setting, so emulating
``prefers-color-scheme: light`` and ``dark`` shows each page in each scheme (the test
checks that the scheme really switched). Violations of impact "serious" or "critical"
fail the test, all of them listed at once; the rest are printed in the summary.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import Traffic, add_report, new_context

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _node_line(node: dict) -> str:
    target = " ".join(str(t) for t in node.get("target", []))
    summary = " ".join((node.get("failureSummary") or "").split())
    return f"      {target}: {summary[:300]}"


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_no_serious_accessibility_violations(chromium, server, site, axe, palette):
    context = new_context(chromium, Traffic(), color_scheme=palette)
    page = context.new_page()
    failures: list[str] = []
    minor: Counter[str] = Counter()
    started = time.perf_counter()
    try:
        for rel in site.pages:
            name = rel or "(home)"
            page.goto(server.url(rel), wait_until="load")
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            # The 404 page is self-contained (overrides/404.html): it follows the system
            # setting through CSS alone, so it has no Material scheme attribute.
            if rel != "404.html" and scheme != SCHEMES[palette]:
                failures.append(f"{name}: palette {palette!r} shows scheme {scheme!r}")
            results = axe.run(page).response
            for v in results["violations"]:
                if v["impact"] in FAILING_IMPACTS:
                    failures.append(
                        f"{name}: {v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): "
                        f"{v['help']}\n" + "\n".join(_node_line(n) for n in v["nodes"][:5])
                    )
                else:
                    minor[f"{v['id']} ({v['impact']}): {v['help']}"] += 1
    finally:
        context.close()
    elapsed = time.perf_counter() - started
    add_report(
        f"axe, {palette} palette: {len(site.pages)} pages in {elapsed:.1f} s",
        [f"  {n:3d} page(s)  {rule}" for rule, n in sorted(minor.items())]
        or ["  no moderate or minor findings"],
    )
    assert not failures, (
        f"{len(failures)} serious/critical axe violation(s) in the {palette} palette:\n"
        + "\n".join(failures)
    )
