"""The published derivations: every page names tests and figures that exist, and every
link to a derivation (above all from a "Derived on this site" note) finds its anchor."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import editorial

ROOT = editorial.ROOT
PAGES = sorted((ROOT / editorial.DERIVATIONS).glob("*.md"))
ESSAYS = editorial.essay_paths(ROOT)

GOOD_PAGE = """\
# Toy

## A result {#a-result}

**Result.** $x = 1$.

**Checked by** `tests/test_toy.py::test_one` and `test_two`. **Figure** `toy_curve`.
"""


def _report(problems) -> str:
    return "\n" + "\n".join(str(p) for p in problems)


def test_there_is_a_derivation_page_per_simulation_family():
    assert len(PAGES) >= 10
    assert (ROOT / editorial.DERIVATIONS / "index.md") in PAGES


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_names_tests_and_figures_that_exist(page):
    problems = editorial.check_derivation_page(page, ROOT)
    if problems:
        pytest.fail(_report(problems), pytrace=False)


def test_every_figure_with_a_closed_form_has_a_derivation():
    named: set[str] = set()
    for page in PAGES:
        named |= set(editorial._FIGURE.findall(page.read_text()))
    # The ones not derived are none: every simulation draws a closed form.
    assert set(editorial.figure_modules(ROOT)) <= named


@pytest.mark.parametrize("essay", ESSAYS, ids=[p.stem for p in ESSAYS])
def test_derivation_links_in_essays_resolve(essay):
    problems = editorial.check_derivation_links(essay, ROOT)
    if problems:
        pytest.fail(_report(problems), pytrace=False)


def test_every_derived_note_links_to_an_existing_anchor():
    anchors = editorial.derivation_anchors(ROOT)
    notes = 0
    for essay in ESSAYS:
        lines = essay.read_text().split("\n")
        for i, line in enumerate(lines):
            if line.strip() == '!!! note "Derived on this site"':
                notes += 1
                body = lines[i + 1]
                links = editorial._DERIVATION_LINK.findall(body)
                anchored = [(page, anchor) for page, anchor in links if anchor]
                assert anchored, f"{essay.name}:{i + 2}: the note links to no derivation anchor"
                for page, anchor in anchored:
                    assert anchor in anchors[page], f"{essay.name}: {page}#{anchor}"
    assert notes >= 4


def _derivation_project(project: Path, page: str = GOOD_PAGE) -> Path:
    (project / "docs" / "derivations").mkdir()
    (project / "docs" / "derivations" / "toy.md").write_text(page)
    (project / "tests").mkdir()
    (project / "tests" / "test_toy.py").write_text(
        "def test_one():\n    pass\n\n\ndef test_two():\n    pass\n"
    )
    return project / "docs" / "derivations" / "toy.md"


def test_a_good_page_passes(project: Path):
    page = _derivation_project(project)
    assert editorial.check_derivation_page(page, project) == []


def test_a_missing_test_is_named_with_its_line(project: Path):
    page = _derivation_project(project, GOOD_PAGE.replace("test_two", "test_three"))
    (message,) = [str(p) for p in editorial.check_derivation_page(page, project)]
    assert message.startswith(
        "docs/derivations/toy.md:7: tests/test_toy.py has no test named test_three"
    )


def test_a_missing_test_file_and_figure_are_refused(project: Path):
    text = GOOD_PAGE.replace("tests/test_toy.py", "tests/test_gone.py").replace(
        "`toy_curve`", "`no_such_figure`"
    )
    page = _derivation_project(project, text)
    messages = [str(p) for p in editorial.check_derivation_page(page, project)]
    assert any("test file tests/test_gone.py does not exist" in m for m in messages)
    assert any("unknown figure 'no_such_figure'" in m for m in messages)


def test_a_page_without_checks_is_refused(project: Path):
    page = _derivation_project(project, "# Toy\n\n## A result {#a-result}\n\nProse only.\n")
    (message,) = [str(p) for p in editorial.check_derivation_page(page, project)]
    assert "names no test or no figure" in message


def test_a_derived_note_needs_a_link_with_an_existing_anchor(project: Path):
    _derivation_project(project)
    essay = project / "docs" / "essays" / "good.md"
    text = essay.read_text()
    essay.write_text(
        text
        + '\n!!! note "Derived on this site"\n    Our own algebra, checked by simulation.\n'
        + "\nSee [the result](../derivations/toy.md#a-reslt).\n"
    )
    messages = [str(p) for p in editorial.check_derivation_links(essay, project)]
    assert any("links to no derivation" in m for m in messages)
    wrong = next(m for m in messages if "no anchor" in m)
    assert "toy.md has no anchor #a-reslt" in wrong and "did you mean #a-result?" in wrong
