"""One rule, one checker: the build and `python -m tools.editorial` give the same problems."""

from __future__ import annotations

import dataclasses

import pytest

from publishing.errors import SourceErrors
from publishing.figure_embed import SCAFFOLD_MARK, figure_problems, unknown_figure
from publishing.site_steps import SiteBuild, check_figures, check_pages
from tests.editorial import synthetic
from tools import editorial

ESSAY = "docs/essays/good.md"


# -- the rules on plain values -------------------------------------------------------------


def test_unknown_figure_names_the_line_and_suggests_the_near_name():
    error = unknown_figure("toy_curv", ["toy_curve", "other"], ESSAY, 12)
    assert str(error).startswith(
        f"{ESSAY}:12: unknown figure 'toy_curv': there is no simulations/toy_curv.py — "
        "did you mean toy_curve?"
    )
    assert "make simulation NAME=toy_curv" in str(error)


def test_a_finished_figure_has_no_problem():
    meta = {"title": "T", "caption": "C.", "alt": synthetic.GOOD_ALT, "essay": "essays/x.md"}
    assert figure_problems("toy", meta, "A toy figure.", ESSAY, 3) == []


def test_scaffold_prompts_in_docstring_and_meta_are_refused():
    meta = {
        "title": "T",
        "caption": f"{SCAFFOLD_MARK} say what it shows.",
        "alt": synthetic.GOOD_ALT,
        "essay": "essays/x.md",
    }
    problems = figure_problems("toy", meta, f"Doc.\n\n{SCAFFOLD_MARK} which question?", ESSAY, 3)
    messages = [p.problem for p in problems]
    assert messages == [
        f"figure 'toy': the docstring of simulations/toy.py still holds the scaffold's "
        f"'{SCAFFOLD_MARK}' paragraph",
        f"figure 'toy': META.caption in simulations/toy.py still holds the scaffold's "
        f"'{SCAFFOLD_MARK}' prompt",
    ]
    assert all(p.line == 3 and p.path == ESSAY for p in problems)


def test_alt_text_that_does_not_describe_the_figure_is_refused():
    (problem,) = figure_problems("toy", {"alt": "toy.svg"}, "", ESSAY, 5)
    assert problem.problem == "figure 'toy' has alt text that does not describe it ('toy.svg')"


# -- the build and the editorial check on one broken miniature essay --------------------


@pytest.fixture
def broken(tmp_path):
    root = synthetic.make_project(tmp_path / "project")
    (root / "mkdocs.yml").write_text("site_name: Miniature\n")
    figure = root / "simulations" / "toy_curve.py"
    figure.write_text(
        figure.read_text()
        .replace('"""A toy figure', f'"""{SCAFFOLD_MARK} say which question it answers.\n\nA toy')
        .replace('caption="A toy caption."', f'caption="{SCAFFOLD_MARK} the caption."')
    )
    essay = root / ESSAY
    essay.write_text(synthetic.essay(figures=("toy_curve", "toy_curv")))
    return root


def _key(problem) -> tuple:
    return (problem.path, problem.line, problem.message, problem.fix)


def test_build_and_editorial_check_report_the_same_figure_problems(broken):
    from_editorial = editorial.check_figures(broken / ESSAY, broken)

    site = SiteBuild(broken / "mkdocs.yml", root=broken)
    check_pages(site)
    # What the runner records for a built figure: its META, as update_figures loads it.
    meta = editorial.load_figure_module(broken, "toy_curve").META
    site.figures = {"toy_curve": {"meta": dataclasses.asdict(meta)}}
    with pytest.raises(SourceErrors) as info:
        check_figures(site)
    from_build = info.value.problems

    assert len(from_build) == 3  # scaffold docstring, scaffold caption, unknown toy_curv
    assert sorted(map(_key, from_build)) == sorted(
        _key(p) for e in from_editorial for p in e.problems
    )
    lines = (broken / ESSAY).read_text().split("\n")
    for problem in from_build:
        assert "[[figure:" in lines[problem.line - 1]  # the line of the figure itself


def test_build_and_editorial_check_report_the_same_link_and_nav_problems(broken):
    from publishing.site_steps import check_links

    (broken / "mkdocs.yml").write_text(
        "site_name: Miniature\nnav:\n  - index.md\n  - Essays:\n      - essays/index.md\n"
    )
    essay = broken / ESSAY
    essay.write_text(
        synthetic.essay(extra="Compare [the index](index.md#no-such-part) and [x](missing.md).")
    )
    from_editorial = editorial.check_links(essay, broken) + editorial.check_nav(essay, broken)
    assert from_editorial, "the one-essay check must catch them"
    # The whole one-essay run reports them too, with file:line and a fix.
    whole = [str(p) for p in editorial.check_essay(essay, broken)]
    assert any(line.startswith(f"{ESSAY}:") and "'missing.md'" in line for line in whole)
    assert any("is not in the nav of mkdocs.yml" in line for line in whole)

    site = SiteBuild(broken / "mkdocs.yml", root=broken)
    check_pages(site)
    with pytest.raises(SourceErrors) as info:
        check_links(site)
    from_build = info.value.problems

    assert len(from_build) == 3  # a missing anchor, a missing page, the essay not in nav
    assert sorted(map(_key, from_build)) == sorted(
        _key(p) for e in from_editorial for p in e.problems
    )
    lines = essay.read_text().split("\n")
    for problem in from_build:
        if problem.line != 1:
            assert "](" in lines[problem.line - 1]


def test_build_and_editorial_check_report_the_same_unknown_citation(broken):
    essay = broken / ESSAY
    essay.write_text(synthetic.essay(extra="A claim [@alpha202]."))
    bib = editorial.load_bibliography(broken)
    from_editorial = [p for e in editorial.check_citations(essay, broken, bib) for p in e.problems]

    site = SiteBuild(broken / "mkdocs.yml", root=broken)
    check_pages(site)
    source = site.sources["essays/good.md"]
    offset = len(source.text.split("\n")) - len(source.body.split("\n"))
    from publishing.errors import ProblemsError

    with pytest.raises(ProblemsError) as info:  # what the citations page step raises
        bib.expand(source.body, page=ESSAY, line_offset=offset)
    from_build = info.value.problems

    assert [_key(p) for p in from_build] == [_key(p) for p in from_editorial]
    (problem,) = from_build
    assert "[@alpha202]" in essay.read_text().split("\n")[problem.line - 1]
    assert problem.fix.startswith("did you mean @alpha2020")
