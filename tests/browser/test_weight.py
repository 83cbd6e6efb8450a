"""Page weight: what each page transfers, against a budget.

The bytes are the uncompressed response bodies of everything a page fetched on a cold
load in a fresh context (HTML, CSS, JS, images, the figures, and data such as the search
index), with lazy figures brought in by scrolling. A table of every page is printed in
the summary. Budgets: 800 KB per essay page, 250 KB per figure SVG (every SVG in
``figures/``, whether or not a page embeds it).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import add_report

pytestmark = pytest.mark.browser

KB = 1000
ESSAY_BUDGET = 800 * KB
FIGURE_BUDGET = 250 * KB
KINDS = ("html", "css", "js", "images", "figures", "fonts", "data")


def _kb(n: int) -> str:
    return f"{n / KB:7.1f}"


def test_page_weight_within_budget(visits, site):
    header = f"  {'page':46s}" + "".join(f"{k:>8s}" for k in KINDS) + f"{'total':>9s}"
    rows = []
    for rel, v in sorted(visits.items(), key=lambda kv: -kv[1].total):
        rows.append(
            f"  {(rel or '(home)')[:46]:46s}"
            + "".join(f"{_kb(v.bytes_of(k)):>8s}" for k in KINDS)
            + f"{_kb(v.total):>9s}"
        )
    heaviest_rel, heaviest = max(visits.items(), key=lambda kv: kv[1].total)
    biggest = sorted(heaviest.bytes_by_url.items(), key=lambda kv: -kv[1])[:5]
    add_report(
        "page weight (KB = 1000 bytes, uncompressed, cold load)",
        [
            header,
            *rows,
            f"  heaviest: {heaviest_rel or '(home)'} at {heaviest.total / KB:.1f} KB; "
            "largest parts: "
            + ", ".join(f"{u.rsplit('/', 1)[-1] or u} {n / KB:.1f}" for u, n in biggest),
        ],
    )
    over = [
        f"essay {rel}: {visits[rel].total / KB:.1f} KB > {ESSAY_BUDGET / KB:.0f} KB"
        for rel in site.essays
        if visits[rel].total > ESSAY_BUDGET
    ]
    assert not over, "pages over budget:\n" + "\n".join(over)


def test_figure_svgs_within_budget(site, visits):
    svgs = sorted((site.root / "figures").glob("*.svg"))
    assert svgs, "the site has no figures/*.svg"
    sizes = {p.name: p.stat().st_size for p in svgs}
    # What pages actually received must match the files (no server-side surprises).
    for v in visits.values():
        for url, n in v.bytes_by_url.items():
            name = url.rsplit("/", 1)[-1]
            if v.kinds[url] == "figures" and name in sizes:
                sizes[name] = max(sizes[name], n)
    add_report(
        "figure SVGs",
        [
            f"  {name:40s} {n / KB:7.1f} KB"
            for name, n in sorted(sizes.items(), key=lambda kv: -kv[1])
        ],
    )
    over = [
        f"{name}: {n / KB:.1f} KB > {FIGURE_BUDGET / KB:.0f} KB"
        for name, n in sizes.items()
        if n > FIGURE_BUDGET
    ]
    assert not over, "figures over budget:\n" + "\n".join(over)
