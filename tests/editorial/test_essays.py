"""The editorial checks on the real essays: one test per essay, plus the bibliography.

A failure lists every problem as ``file:line: what is wrong — how to fix it``;
``python -m tools.editorial`` prints the same list without pytest.
"""

from __future__ import annotations

import pytest

from publishing import SourceErrors
from tools import editorial

ROOT = editorial.ROOT
ESSAYS = editorial.essay_paths(ROOT)


def _report(problems) -> str:
    return "\n" + "\n".join(str(p) for p in problems)


@pytest.fixture(scope="module")
def bib():
    """The site's bibliography, or None when it has problems (reported by its own test)."""
    try:
        return editorial.load_bibliography(ROOT)
    except SourceErrors:
        return None


def test_there_are_essays_to_check():
    assert ESSAYS, f"no essays found in {editorial.ESSAYS}"


@pytest.mark.parametrize("essay", ESSAYS, ids=[p.stem for p in ESSAYS])
def test_essay_meets_the_house_rules(essay, bib):
    problems = editorial.check_essay(essay, ROOT, bib)
    if problems:
        pytest.fail(_report(problems), pytrace=False)


def test_bibliography_is_valid():
    try:
        editorial.load_bibliography(ROOT)
    except SourceErrors as exc:
        pytest.fail(_report(exc.errors))


def test_every_reference_is_cited_somewhere(bib):
    if bib is None:
        pytest.skip("the bibliography has problems: see test_bibliography_is_valid")
    problems = editorial.check_unused_references(ROOT, bib)
    if problems:
        pytest.fail(_report(problems), pytrace=False)
