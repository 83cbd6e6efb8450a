"""The real site built with both generators: the same pages, citations, figures and seal.

MkDocs + Material is the default; Zensical must give the same content (issue 15), its
theme and search aside. Both builds go through the wrapper into temporary folders and
reuse the figure, notebook and bibliography caches of the checkout (warm: seconds each).
Each build ends with the site guard, so a build that returns 0 has no raw citation or
marker, every page and a valid seal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bibliography import Bibliography

ROOT = Path(__file__).resolve().parents[2]
GENERATORS = ("mkdocs", "zensical")
ESSAYS = sorted(p.stem for p in (ROOT / "docs" / "essays").glob("*.md") if p.name != "index.md")
NOTEBOOKS = sorted(p.stem for p in (ROOT / "docs" / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.site


def _build(generator: str, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_SITE_CONTEXT", None)
    return subprocess.run(
        [sys.executable, "-m", "publishing.build", "--generator", generator, "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for generator in GENERATORS:
        out = tmp_path_factory.mktemp(generator) / "site"
        proc = _build(generator, out)
        assert proc.returncode == 0, f"{generator} build failed:\n{proc.stdout}\n{proc.stderr}"
        print(f"{generator}: {proc.stdout.strip().splitlines()[-1]}")
        built[generator] = out
    return built


def _counts(html: str) -> dict[str, int]:
    """What a reader counts on a page: citations, figures, reference entries, DC titles."""
    return {
        "citations": len(re.findall(r'<span class="citation"', html)),
        "figures": len(re.findall(r'<figure class="kb-figure"', html)),
        "references": len(re.findall(r'class="csl-entry[ "]', html)),
        "head titles": len(re.findall(r'<meta name="DC\.title"', html)),
    }


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("essay", ESSAYS)
def test_each_essay_has_the_same_citations_figures_and_references(sites, essay):
    counts = {g: _counts(_page(site, f"essays/{essay}")) for g, site in sites.items()}
    assert counts["zensical"] == counts["mkdocs"]
    assert counts["mkdocs"]["head titles"] == 1


def test_the_same_pages_and_downloads(sites):
    def files(site: Path) -> set[str]:
        return {
            p.relative_to(site).as_posix()
            for p in site.rglob("*")
            if p.is_file()
            and p.suffix in (".html", ".ipynb", ".svg", ".csv", ".py", ".bib")
            and "assets" not in p.relative_to(site).parts
        }

    assert files(sites["zensical"]) == files(sites["mkdocs"])


def test_some_essays_cite_and_embed_figures(sites):
    totals = [_counts(_page(sites["zensical"], f"essays/{e}")) for e in ESSAYS]
    assert sum(t["citations"] for t in totals) > 50
    assert sum(t["figures"] for t in totals) >= 10


@pytest.mark.parametrize("generator", GENERATORS)
def test_bibliography_page_lists_every_record(sites, generator):
    bib = Bibliography.from_string(
        (ROOT / "bibliography" / "references.bib").read_text(encoding="utf-8"),
        path="bibliography/references.bib",
    )
    html = _page(sites[generator], "bibliography")
    assert _counts(html)["references"] == len(bib)
    # The citing pages are linked from the bibliography page, one folder up.
    assert 'href="../essays/copy-of-a-copy/"' in html


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_pages_exist_with_download_and_no_remote_script(sites, notebook):
    for generator, site in sites.items():
        html = _page(site, f"notebooks/{notebook}")
        assert 'class="kb-notebook-download"' in html, generator
        assert "jp-Notebook" in html and "jp-CodeCell" in html, generator
        assert not re.search(r'<script[^>]+src="https?://', html), generator
        assert (site / "notebooks" / notebook / f"{notebook}.ipynb").is_file(), generator
        assert f'edit/main/docs/notebooks/{notebook}.ipynb"' in html, generator
    m, z = (_counts(_page(sites[g], f"notebooks/{notebook}")) for g in GENERATORS)
    assert z == m
    # The same table of contents (Zensical's comes from the page steps' extension).
    toc = [
        re.findall(
            r'href="(#[^"]+)" class="md-nav__link"', _page(sites[g], f"notebooks/{notebook}")
        )
        for g in GENERATORS
    ]
    assert toc[0] and toc[1] == toc[0]


def test_zensical_keeps_notebook_code_out_of_search(sites):
    # Zensical honours data-search-exclude (and drops the attribute from the page).
    index = json.loads((sites["zensical"] / "search.json").read_text(encoding="utf-8"))
    for notebook in NOTEBOOKS:
        items = [i for i in index["items"] if i["location"].startswith(f"notebooks/{notebook}/")]
        assert items, notebook
        assert not any("from simulations import" in i["text"] for i in items), notebook


@pytest.mark.parametrize("generator", GENERATORS)
def test_provenance_verify_passes(sites, generator):
    proc = subprocess.run(
        [sys.executable, "-m", "provenance.verify", str(sites[generator])],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("OK") or "OK:" in proc.stdout


def test_zensical_links_in_raw_html_are_not_one_level_too_deep(sites):
    html = _page(sites["zensical"], "essays/copy-of-a-copy")
    assert 'src="../../figures/gaussian_collapse.svg"' in html
    assert 'href="../../bibliography/#ref-' in html or 'href="../../bibliography/"' in html
    assert "../../../" not in html
