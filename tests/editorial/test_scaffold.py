"""`make essay` and `make simulation`: what they write, and what they refuse to do."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publishing import validate_essay
from publishing.figure_embed import check_alt
from simulations.engine.contract import check_module
from tools import editorial, scaffold

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of mkdocs.yml and docs/ (the essay scaffold's whole world)."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


# -- essays -----------------------------------------------------------------------------


def test_new_essay_has_valid_front_matter_and_is_in_the_nav(site):
    before = (site / "mkdocs.yml").read_text()
    written = scaffold.new_essay(site, "what-archives-know", "What archives: know", TODAY)
    essay = site / "docs" / "essays" / "what-archives-know.md"
    assert written == [essay, site / "mkdocs.yml"]
    meta = validate_essay("docs/essays/what-archives-know.md", essay.read_text())
    assert meta["title"] == "What archives: know"  # quoted because of the ': '
    assert meta["authors"] == ["Collapse & Provenance editors"]
    assert meta["date"] == meta["updated"] == TODAY
    assert "\n# " not in essay.read_text()  # the title comes from front matter

    after = (site / "mkdocs.yml").read_text()
    old, new = before.splitlines(), after.splitlines()
    last = max(i for i, line in enumerate(old) if line.strip().startswith("- essays/"))
    # Exactly one line added, right after the last essay, every other line (comments
    # included) untouched.
    assert new == [*old[: last + 1], "      - essays/what-archives-know.md", *old[last + 1 :]]


def test_new_essay_is_refused_by_the_editorial_checks_until_written(site):
    scaffold.new_essay(site, "draft", "A draft", TODAY)
    essay = site / "docs" / "essays" / "draft.md"
    problems = [str(p) for p in editorial.check_placeholders(essay, site)]
    assert problems[0].startswith("docs/essays/draft.md:3: the description is still")
    assert problems[1].startswith("docs/essays/draft.md:7: the tags are still the scaffold's")
    assert any("'WRITE:' prompt is still here" in p for p in problems)
    assert editorial.check_length(essay, site) and editorial.check_figures(essay, site)
    assert editorial.check_citations(essay, site)


def test_second_run_refuses_and_changes_nothing(site):
    scaffold.new_essay(site, "draft", "A draft", TODAY)
    essay = site / "docs" / "essays" / "draft.md"
    essay.write_text(essay.read_text() + "\nMy own words.\n")
    config = (site / "mkdocs.yml").read_text()
    with pytest.raises(
        scaffold.ScaffoldError, match=re.escape("docs/essays/draft.md already exists")
    ):
        scaffold.new_essay(site, "draft", "Another title", TODAY)
    assert essay.read_text().endswith("My own words.\n")
    assert (site / "mkdocs.yml").read_text() == config


def test_slug_already_in_the_nav_is_refused(site):
    config = site / "mkdocs.yml"
    (site / "docs" / "essays" / "copy-of-a-copy.md").unlink()
    with pytest.raises(scaffold.ScaffoldError, match=re.escape("already in mkdocs.yml's nav")):
        scaffold.new_essay(site, "copy-of-a-copy", "A title", TODAY)
    assert not (site / "docs" / "essays" / "copy-of-a-copy.md").exists()
    assert config.read_text() == (ROOT / "mkdocs.yml").read_text()


@pytest.mark.parametrize(
    ("slug", "hint"),
    [
        ("My Essay", "(e.g. my-essay)"),
        ("under_score", "(e.g. under-score)"),
        ("-leading", "(e.g. leading)"),
        ("double--hyphen", "(e.g. double-hyphen)"),
        ("../escape", "(e.g. escape)"),
        ("ünïcode", ""),
    ],
)
def test_bad_slugs_are_refused_with_a_suggestion(site, slug, hint):
    with pytest.raises(scaffold.ScaffoldError, match="is not a valid slug") as info:
        scaffold.new_essay(site, slug, "A title", TODAY)
    assert hint in str(info.value)
    assert sorted(p.name for p in (site / "docs" / "essays").iterdir()) == sorted(
        p.name for p in (ROOT / "docs" / "essays").iterdir()
    )


def test_missing_or_long_title_is_refused(site):
    with pytest.raises(
        scaffold.ScaffoldError, match=re.escape('TITLE="The title readers will see"')
    ):
        scaffold.new_essay(site, "draft", "  ", TODAY)
    with pytest.raises(scaffold.ScaffoldError, match="the title is 71 characters; keep it to 70"):
        scaffold.new_essay(site, "draft", "x" * 71, TODAY)


def test_command_line_essay(site):
    proc = _cli(
        "essay", "cli-draft", "--title", "From the command line", "--date", "2026-12-02", root=site
    )
    assert proc.returncode == 0, proc.stderr
    assert "created docs/essays/cli-draft.md" in proc.stdout
    assert "updated mkdocs.yml" in proc.stdout
    assert "date: 2026-12-02" in (site / "docs" / "essays" / "cli-draft.md").read_text()
    again = _cli("essay", "cli-draft", "--title", "Again", root=site)
    assert again.returncode == 2
    assert again.stderr.startswith("error: docs/essays/cli-draft.md already exists")
    empty = _cli("essay", "--title", "No slug", root=site)
    assert empty.returncode == 2 and "make essay SLUG=" in empty.stderr


# -- simulations ------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project holding the simulations package's infrastructure."""
    sim = tmp_path / "simulations"
    sim.mkdir()
    for src in (ROOT / "simulations").glob("_*.py"):
        shutil.copy(src, sim / src.name)
    shutil.copytree(ROOT / "simulations" / "engine", sim / "engine")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_new_simulation_follows_the_contract_and_its_test_passes(project):
    written = scaffold.new_simulation(project, "mean_error", essay="copy-of-a-copy")
    module_path = project / "simulations" / "mean_error.py"
    test_path = project / "tests" / "simulations" / "test_mean_error.py"
    assert written == [module_path, test_path]

    module = editorial.load_figure_module(project, "mean_error")
    check_module(module)
    assert module.META.essay == "essays/copy-of-a-copy.md"
    assert check_alt(module.META.alt, "mean_error") is None
    # Runnable as it stands, but not embeddable until its docstring is rewritten.
    assert "WRITE:" in module.__doc__

    # `make test` runs ruff on the whole repository: the scaffold's files must pass as written.
    ruff = Path(sys.executable).parent / "ruff"
    for args in (["check"], ["format", "--check"]):
        proc = subprocess.run(
            [str(ruff), *args, str(module_path), str(test_path)],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_path)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "5 passed" in proc.stdout

    # The figure runner renders it: SVG, CSV and provenance record.
    proc = subprocess.run(
        [sys.executable, "-m", "simulations", "mean_error"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cache = project / ".cache" / "figures"
    for ext in ("svg", "csv", "prov.json"):
        assert (cache / f"mean_error.{ext}").is_file()


def test_new_simulation_without_an_essay_leaves_a_prompt(project):
    scaffold.new_simulation(project, "draft_figure")
    module = editorial.load_figure_module(project, "draft_figure")
    check_module(module)  # a valid module ...
    assert module.META.essay.startswith("WRITE:")  # ... that says what is missing


def test_new_simulation_refuses_to_overwrite(project):
    scaffold.new_simulation(project, "mean_error")
    module = project / "simulations" / "mean_error.py"
    module.write_text("# my work\n")
    with pytest.raises(
        scaffold.ScaffoldError, match=re.escape("simulations/mean_error.py already exists")
    ):
        scaffold.new_simulation(project, "mean_error")
    assert module.read_text() == "# my work\n"

    (project / "tests" / "simulations" / "test_other.py").write_text("# mine\n")
    with pytest.raises(scaffold.ScaffoldError, match=re.escape("test_other.py already exists")):
        scaffold.new_simulation(project, "other")
    assert not (project / "simulations" / "other.py").exists()  # all or nothing


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "no name given"),
        ("_private", "starts with '_', which marks infrastructure"),
        ("2fast", "is not a valid figure name"),
        ("with-hyphen", "(e.g. with_hyphen)"),
        ("CamelCase", "(e.g. camelcase)"),
        ("class", "is not a valid figure name"),
        ("a.b", "(e.g. a_b)"),
    ],
)
def test_bad_names_are_refused(project, name, message):
    with pytest.raises(scaffold.ScaffoldError) as info:
        scaffold.new_simulation(project, name)
    assert message in str(info.value)
    assert sorted(p.name for p in (project / "simulations").iterdir()) == sorted(
        [*(p.name for p in (ROOT / "simulations").glob("_*.py")), "engine"]
    )


def test_command_line_simulation(project):
    proc = _cli("simulation", "cli_figure", root=project)
    assert proc.returncode == 0, proc.stderr
    assert "created simulations/cli_figure.py" in proc.stdout
    assert "created tests/simulations/test_cli_figure.py" in proc.stdout
    bad = _cli("simulation", "Bad-Name", root=project)
    assert bad.returncode == 2 and bad.stderr.startswith("error: 'Bad-Name' is not a valid")


def _cli(*args: str, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.scaffold", "--root", str(root), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
