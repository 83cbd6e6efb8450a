"""Page weight: what each page transfers, against a budget.

The bytes are the uncompressed response bodies of everything a page fetched on a cold
load (empty cache), lazy figures included. A table of every page is printed in the
summary, by kind: HTML, CSS, JS, images, figures (figures/*.svg), fonts, and data.

Budgets: 800 KB per essay page, counting the page's own HTML, CSS, JS, images, figures and
fonts; 250 KB per figure SVG (every SVG in ``figures/``, embedded or not). "data" is the
site-wide search index and sitemap that Material's scripts fetch on every cold load
whatever the page; it is shown in the table (and in "total") but kept out of the per-page
budget, since it grows with the whole site rather than with the page. To hold it to the
budget too, add "data" to BUDGETED.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import add_report

pytestmark = pytest.mark.browser

KB = 1000
ESSAY_BUDGET = 800 * KB
FIGURE_BUDGET = 250 * KB
KINDS = ("html", "css", "js", "images", "figures", "fonts", "data")
BUDGETED = ("html", "css", "js", "images", "figures", "fonts")


def _kb(n: int) -> str:
    return f"{n / KB:7.1f}"


def test_page_weight_within_budget(visits, site):
    def budgeted(v) -> int:
        return sum(v.bytes_of(k) for k in BUDGETED)

    header = f"  {'page':42s}" + "".join(f"{k:>8s}" for k in KINDS) + f"{'page':>9s}{'total':>9s}"
    rows = []
    for rel, v in sorted(visits.items(), key=lambda kv: -budgeted(kv[1])):
        rows.append(
            f"  {(rel or '(home)')[:42]:42s}"
            + "".join(f"{_kb(v.bytes_of(k)):>8s}" for k in KINDS)
            + f"{_kb(budgeted(v)):>9s}{_kb(v.total):>9s}"
        )
    heaviest_rel, heaviest = max(visits.items(), key=lambda kv: budgeted(kv[1]))
    biggest = sorted(
        ((u, n) for u, n in heaviest.bytes_by_url.items() if heaviest.kinds[u] in BUDGETED),
        key=lambda kv: -kv[1],
    )[:5]
    add_report(
        "page weight (KB = 1000 bytes, uncompressed, cold load; "
        f"'page' = {'+'.join(BUDGETED)}, 'total' adds data)",
        [
            header,
            *rows,
            f"  heaviest: {heaviest_rel or '(home)'} at {budgeted(heaviest) / KB:.1f} KB "
            f"({heaviest.total / KB:.1f} KB with data); largest parts: "
            + ", ".join(f"{u.rstrip('/').rsplit('/', 1)[-1]} {n / KB:.1f}" for u, n in biggest),
            *(
                [
                    f"  heaviest essay: {max(site.essays, key=lambda r: budgeted(visits[r]))} at "
                    f"{max(budgeted(visits[r]) for r in site.essays) / KB:.1f} KB "
                    f"(budget {ESSAY_BUDGET / KB:.0f} KB)"
                ]
                if site.essays
                else []
            ),
        ],
    )
    over = [
        f"essay {rel}: {budgeted(visits[rel]) / KB:.1f} KB > {ESSAY_BUDGET / KB:.0f} KB "
        f"(figures {visits[rel].bytes_of('figures') / KB:.1f} KB)"
        for rel in site.essays
        if budgeted(visits[rel]) > ESSAY_BUDGET
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
