"""A miniature site built in strict mode with the real hooks: good input builds, bad input fails.

The failure messages must name the file and the line, and say how to fix the problem.
"""

from __future__ import annotations

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


def _mini(tmp_path: Path) -> Path:
    site = tmp_path / "mini"
    shutil.copytree(MINI, site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("ROOT/", f"{ROOT.as_posix()}/"))
    return site


def _build(site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(site / "mkdocs.yml"),
            "-d",
            str(site / "out"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = _mini(tmp_path_factory.mktemp("good"))
    proc = _build(site)
    assert proc.returncode == 0, proc.stderr
    return site / "out"


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


def test_broken_internal_link_fails_the_build(tmp_path):
    site = _mini(tmp_path)
    index = site / "docs" / "index.md"
    index.write_text(index.read_text() + "\nSee [a missing page](nowhere.md).\n")
    proc = _build(site)
    assert proc.returncode != 0
    assert "nowhere.md" in proc.stderr


def test_broken_anchor_fails_the_build(tmp_path):
    site = _mini(tmp_path)
    index = site / "docs" / "index.md"
    index.write_text(index.read_text().replace("#a-second-section", "#no-such-section"))
    proc = _build(site)
    assert proc.returncode != 0
    assert "no-such-section" in proc.stderr


def test_unknown_figure_fails_naming_page_and_line(tmp_path):
    site = _mini(tmp_path)
    essay = site / "docs" / "essays" / "sample.md"
    essay.write_text(
        essay.read_text().replace("[[figure: gaussian_collapse]]", "[[figure: gausian_collapse]]")
    )
    proc = _build(site)
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


def test_math_becomes_mathml_and_currency_stays_text(built):
    page = (built / "index.html").read_text()
    assert page.count("<math ") == 2
    assert '<div class="kb-math" tabindex="0"' in page
    assert '<annotation encoding="application/x-tex" data-search-exclude="">t</annotation>' in page
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
