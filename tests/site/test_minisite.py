"""A miniature site built in strict mode through the build wrapper: good input builds, bad fails.

The miniature config lists no hooks: the wrapper's site steps and the page-steps
extension alone must make the whole site. The failure messages must name the file and
the line, and say how to fix the problem.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MINI = Path(__file__).resolve().parent / "minisite"

pytestmark = pytest.mark.site
#: The explorable figures' files (gaussian_collapse, which the sample essay embeds, has one).
EXPLORE_ASSETS = (
    "javascripts/explore.js",
    "javascripts/explore-view.js",
    "stylesheets/explore.css",
    "stylesheets/explore-view.css",
)
#: Tests that reach the generator run with both; checks before it are the same for both.
GENERATORS = ("mkdocs", "zensical")
both = pytest.mark.parametrize("generator", GENERATORS)


def _mini(tmp_path: Path) -> Path:
    site = tmp_path / "mini"
    shutil.copytree(MINI, site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("ROOT/", f"{ROOT.as_posix()}/"))
    assets = ("javascripts/values.js", "stylesheets/values.css", *EXPLORE_ASSETS)
    for asset in assets:  # the real ones
        (site / "docs" / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "docs" / asset, site / "docs" / asset)
    return site


def _build(site: Path, generator: str = "mkdocs") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("KB_SITE_CONTEXT", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "publishing.build",
            "--config",
            str(site / "mkdocs.yml"),
            "--out",
            str(site / "out"),
            "--generator",
            generator,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module", params=GENERATORS)
def built(request, tmp_path_factory) -> Path:
    site = _mini(tmp_path_factory.mktemp(f"good-{request.param}"))
    proc = _build(site, request.param)
    assert proc.returncode == 0, proc.stderr
    return site / "out"


def test_explorable_figure_has_its_button_data_file_and_script(built):
    page = (built / "essays" / "sample" / "index.html").read_text()
    assert '<div class="kb-explore" data-kb-explore="gaussian_collapse">' in page
    # What explore.js loads on a click, from the site's root: all published.
    for rel in (
        "figures/gaussian_collapse.explore.json",
        "javascripts/explore-view.js",
        "stylesheets/explore-view.css",
    ):
        assert (built / rel).is_file(), rel
    # explore.js finds that root from its own address: the page must load it from there.
    assert re.search(r'<script src="\.\./\.\./javascripts/explore\.js"', page)
    assert re.search(r'<button type="button" class="kb-explore-open[^"]*"[^>]* hidden>', page)
    assert page.index('class="kb-explore"') < page.index("<figcaption>")
    assert "javascripts/explore.js" in page and "stylesheets/explore.css" in page
    assert not re.search(r"<(script|link)\b[^>]*explore-view", page)  # only on a click
    data = json.loads((built / "figures" / "gaussian_collapse.explore.json").read_text())
    assert data["figure"] == "gaussian_collapse"


def test_good_minisite_builds_with_figure_and_byline(built):
    page = (built / "essays" / "sample" / "index.html").read_text()
    assert '<figure class="kb-figure" id="figure-gaussian_collapse">' in page
    assert "Figure 1." in page
    assert re.search(r'<img src="../../figures/gaussian_collapse.svg" alt="[^"]{20,}"', page)
    assert "Reproduce this figure" in page
    assert 'class="kb-byline"' in page and "min read" in page
    assert 'last updated <time datetime="2026-02-03">3 February 2026</time>' in page
    assert "this_is_only_an_example_in_code" in page  # left alone inside code
    for ext in ("svg", "csv", "prov.json", "py"):
        assert (built / "figures" / f"gaussian_collapse.{ext}").is_file()


def test_value_is_bound_with_its_popover_assets_and_sealed(built):
    page = (built / "essays" / "sample" / "index.html").read_text()
    marker = re.search(r'<span class="kb-value" data-kb-value="([^"]+)">([^<]+)</span>', page)
    assert marker, "no value marker on the page"
    assert marker.group(2) == "0.599"
    assert "gaussian_collapse.var_ratio_t10" in html.unescape(marker.group(1))
    assert "[[value:" not in page
    assert re.search(r'<script src="[./]*javascripts/values\.js', page)
    assert re.search(r'href="[./]*stylesheets/values\.css', page)
    values = json.loads((built / "figures" / "gaussian_collapse.values.json").read_text())
    assert values["values"]["var_ratio_t10"]["value"] > 0.5
    manifest = (built / "manifest-sha256.txt").read_text()
    assert "figures/gaussian_collapse.values.json" in manifest


@both
def test_unknown_value_fails_naming_page_line_and_close_names(tmp_path, generator):
    site = _mini(tmp_path)
    essay = site / "docs" / "essays" / "sample.md"
    text = essay.read_text().replace("var_ratio_t10]]", "var_ratio_t1O]]")
    essay.write_text(text)
    line = text.split("\n").index(next(x for x in text.split("\n") if "t1O" in x)) + 1
    proc = _build(site, generator)
    assert proc.returncode != 0
    assert (
        f"essays/sample.md:{line}: unknown value 'gaussian_collapse.var_ratio_t1O'" in proc.stderr
    )
    assert "var_ratio_t10" in proc.stderr  # the close match
    assert "Traceback" not in proc.stderr


@both
def test_broken_internal_link_fails_the_build(tmp_path, generator):
    site = _mini(tmp_path)
    index = site / "docs" / "index.md"
    index.write_text(index.read_text() + "\nSee [a missing page](nowhere.md).\n")
    proc = _build(site, generator)
    assert proc.returncode != 0
    # Our checker's message, with the line and a fix, before the generator runs.
    assert "index.md:" in proc.stderr
    assert "the link 'nowhere.md' points to a page that does not exist" in proc.stderr


@both
def test_broken_anchor_fails_the_build(tmp_path, generator):
    site = _mini(tmp_path)
    index = site / "docs" / "index.md"
    index.write_text(index.read_text().replace("#a-second-section", "#no-such-section"))
    proc = _build(site, generator)
    assert proc.returncode != 0
    assert "names an anchor #no-such-section that essays/sample.md does not have" in proc.stderr
    assert "did you mean #a-second-section" in proc.stderr


def test_the_build_and_the_one_essay_check_agree_on_links_and_nav(tmp_path):
    from tools import editorial

    site = _mini(tmp_path)
    essay = site / "docs" / "essays" / "sample.md"
    essay.write_text(
        essay.read_text() + "\nSee [home](../index.md#nowhere) and [x](../missing.md).\n"
    )
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("      - essays/sample.md\n", "      - index.md\n")
    )
    proc = _build(site)
    assert proc.returncode != 0
    expected = editorial.check_links(essay, site) + editorial.check_nav(essay, site)
    assert len(expected) == 3
    for problem in expected:
        # The same file:line, message and fix (the build names the file from the project).
        line = str(problem).removeprefix("docs/")
        assert line in proc.stderr, f"{line}\nnot in:\n{proc.stderr}"


@both
def test_unknown_figure_fails_naming_page_and_line(tmp_path, generator):
    site = _mini(tmp_path)
    essay = site / "docs" / "essays" / "sample.md"
    essay.write_text(
        essay.read_text().replace("[[figure: gaussian_collapse]]", "[[figure: gausian_collapse]]")
    )
    proc = _build(site, generator)
    assert proc.returncode != 0
    assert "essays/sample.md:12: unknown figure 'gausian_collapse'" in proc.stderr
    assert "did you mean gaussian_collapse" in proc.stderr


def test_bad_front_matter_fails_naming_the_line(tmp_path):
    site = _mini(tmp_path)
    essay = site / "docs" / "essays" / "sample.md"
    essay.write_text(essay.read_text().replace("updated: 2026-02-03", "updated: someday"))
    proc = _build(site)
    assert proc.returncode != 0
    assert "essays/sample.md:6: 'updated' is not a date" in proc.stderr
    assert "YYYY-MM-DD" in proc.stderr


def test_minisite_is_sealed_with_head_metadata_and_downloads(built):
    page = (built / "essays" / "sample" / "index.html").read_text()
    assert page.count('<meta name="DC.title" content="A sample essay">') == 1
    assert '<script type="application/ld+json">' in page
    assert 'rel="http://www.w3.org/ns/prov#has_provenance"' in page
    assert (built / "manifest-sha256.txt").is_file()
    assert (built / "references.bib").is_file() and (built / "references.json").is_file()


def test_citations_are_expanded_with_a_reference_list(built):
    page = (built / "essays" / "sample" / "index.html").read_text()
    assert "[@" not in page
    assert 'href="#ref-shumailov2024nature"' in page or "ref-shumailov2024nature" in page
    assert 'id="references"' in page


def _essay_line(site: Path, needle: str) -> int:
    lines = (site / "docs" / "essays" / "sample.md").read_text().split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@both
def test_unknown_citation_names_its_source_line(tmp_path, generator):
    site = _mini(tmp_path)
    essay = site / "docs" / "essays" / "sample.md"
    essay.write_text(essay.read_text().replace("[@shumailov2024nature]", "[@shumailov2024natur]"))
    line = _essay_line(site, "[@shumailov2024natur]")
    proc = _build(site, generator)
    assert proc.returncode != 0
    assert f"essays/sample.md:{line}: unknown citation key @shumailov2024natur" in proc.stderr
    assert "did you mean @shumailov2024nature" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (site / "out").exists()


@both
def test_citation_after_a_figure_names_its_source_line(tmp_path, generator):
    site = _mini(tmp_path)
    essay = site / "docs" / "essays" / "sample.md"
    essay.write_text(
        essay.read_text().replace(
            "## A second section", "## A second section\n\nA claim [@nosuchkey2099]."
        )
    )
    line = _essay_line(site, "[@nosuchkey2099]")
    proc = _build(site, generator)
    assert proc.returncode != 0
    assert f"essays/sample.md:{line}: unknown citation key @nosuchkey2099" in proc.stderr


def test_bad_front_matter_of_a_non_essay_page_fails_naming_the_line(tmp_path):
    site = _mini(tmp_path)
    index = site / "docs" / "index.md"
    index.write_text("---\ntitle: Mini\ndescription: a: b: c\n---\n\n" + index.read_text())
    proc = _build(site)
    assert proc.returncode != 0
    assert "docs/index.md:3: front matter is not valid YAML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_page_that_is_not_utf8_fails_naming_the_line(tmp_path):
    site = _mini(tmp_path)
    index = site / "docs" / "index.md"
    index.write_bytes(index.read_bytes() + "\nCaf\u00e9 au lait.\n".encode("latin-1"))
    line = index.read_bytes().count(b"\n")
    proc = _build(site)
    assert proc.returncode != 0
    assert f"docs/index.md:{line}: the file is not UTF-8 text (byte 0xe9" in proc.stderr
    assert "save it as UTF-8" in proc.stderr


def test_failed_build_keeps_the_previous_site(tmp_path):
    site = _mini(tmp_path)
    assert _build(site).returncode == 0
    before = (site / "out" / "index.html").read_bytes()
    essay = site / "docs" / "essays" / "sample.md"
    essay.write_text(essay.read_text().replace("updated: 2026-02-03", "updated: someday"))
    proc = _build(site)
    assert proc.returncode != 0
    assert "the previous site in out/ was kept" in proc.stderr
    assert (site / "out" / "index.html").read_bytes() == before


def test_notebook_page_has_its_citations_processed_and_outputs(built):
    page = (built / "notebooks" / "tiny-lab" / "index.html").read_text()
    assert "[@" not in page
    assert "ref-shumailov2024nature" in page and "References" in page
    # The bibliography link is relative to the page under both generators (not one ../ deeper).
    assert 'href="../../bibliography/' in page and "../../../bibliography" not in page
    assert "42" in page  # executed: the output of print(6 * 7)
    assert 'class="kb-notebook-download"' in page  # the MkDocs adapter, or Zensical's page
    assert '<meta name="DC.title" content="A tiny lab notebook">' in page
    assert (built / "notebooks" / "tiny-lab" / "tiny-lab.ipynb").is_file()


def test_unknown_citation_in_a_notebook_names_the_ipynb_line_and_cell(tmp_path):
    site = _mini(tmp_path)
    nb = site / "docs" / "notebooks" / "tiny-lab.ipynb"
    nb.write_text(nb.read_text().replace("[@shumailov2024nature]", "[@shumailov2024natur]"))
    line = next(i for i, text in enumerate(nb.read_text().split("\n"), start=1) if "natur]" in text)
    proc = _build(site)
    assert proc.returncode != 0
    assert (
        f"notebooks/tiny-lab.ipynb:{line}: unknown citation key @shumailov2024natur "
        "(Markdown cell 1)" in proc.stderr
    )


def test_math_becomes_mathml_and_currency_stays_text(built):
    page = (built / "index.html").read_text()
    assert page.count("<math ") == 2
    assert '<div class="kb-math" tabindex="0"' in page
    # (Zensical drops data-search-exclude from the page once it has read it.)
    assert re.search(r'<annotation encoding="application/x-tex"[^>]*>t</annotation>', page)
    assert "a price such as $5 stays text" in page


def test_bad_latex_fails_naming_page_and_line(tmp_path):
    site = _mini(tmp_path)
    index = site / "docs" / "index.md"
    index.write_text(index.read_text().replace("{n}\\right", "{n\\right"))  # a brace lost
    proc = _build(site)
    assert proc.returncode != 0
    assert "docs/index.md:8: cannot convert the display math" in proc.stderr
    assert "braces" in proc.stderr
    assert "Traceback" not in proc.stderr
