"""Each editorial check's failure message names file:line and says how to fix the problem.

The essays here are synthetic (tests/editorial/conftest.py builds a small project in a
temporary folder), so each test breaks exactly one rule and reads the message it gets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publishing.reading import word_count
from tools import editorial
from tools.scaffold import DESCRIPTION_PLACEHOLDER, TAGS_PLACEHOLDER

from .synthetic import FIGURE, GOOD_ALT, KEYS, essay

ESSAY = "docs/essays/good.md"


def _write(project: Path, text: str, name: str = "good.md") -> Path:
    path = project / "docs" / "essays" / name
    path.write_text(text)
    return path


def _messages(problems) -> list[str]:
    return [str(p) for p in problems]


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().split("\n"), 1) if needle in line)


def test_the_synthetic_essay_passes_every_check(project):
    bib = editorial.load_bibliography(project)
    path = project / ESSAY
    assert editorial.check_essay(path, project, bib) == []
    assert editorial.check_unused_references(project, bib) == []
    assert editorial.essay_paths(project) == [path]  # index.md is not an essay


# -- front matter -----------------------------------------------------------------------


def test_front_matter_problem_names_line_and_fix(project):
    text = essay().replace("description: One sentence that says what the reader will learn.\n", "")
    path = _write(project, text.replace("tags: [provenance]", "tags: [provenance]\nauthor: Ada"))
    messages = _messages(editorial.check_front_matter(path, project))
    assert any(m.startswith(f"{ESSAY}:1: front matter is missing 'description'") for m in messages)
    unknown = next(m for m in messages if "unknown front-matter key 'author'" in m)
    assert unknown.startswith(f"{ESSAY}:7: ") and "check the spelling" in unknown


def test_essay_without_front_matter(project):
    path = _write(project, "Just prose.\n")
    (message,) = _messages(editorial.check_front_matter(path, project))
    assert message.startswith(f"{ESSAY}:1: the essay has no front matter — start the file with")


# -- length -----------------------------------------------------------------------------


def test_short_essay_says_how_many_words_to_add(project):
    path = _write(project, essay(words=1_000))
    words = word_count(path.read_text().split("---\n", 2)[2])
    (message,) = _messages(editorial.check_length(path, project))
    assert message == (
        f"{ESSAY}:10: the essay has {words:,} words; essays have 1,500–3,000 — write about "
        f"{1_500 - words:,} more words (code, figure lines and link targets are not counted), "
        "or make it a section of a related essay"
    )


def test_long_essay_says_how_many_words_to_cut(project):
    path = _write(project, essay(words=3_300))
    (message,) = _messages(editorial.check_length(path, project))
    assert message.startswith(f"{ESSAY}:10: the essay has 3,")
    assert "— cut about" in message and "split it into two essays" in message


# -- figures ----------------------------------------------------------------------------


def test_essay_without_a_figure(project):
    path = _write(project, essay(figures=()))
    (message,) = _messages(editorial.check_figures(path, project))
    assert message.startswith(f"{ESSAY}:10: the essay embeds no figure")
    assert "[[figure: gaussian_collapse]]" in message and "make simulation NAME=" in message


def test_figure_line_inside_code_does_not_count(project):
    path = _write(project, essay(figures=(), extra="```\n[[figure: toy_curve]]\n```"))
    (message,) = _messages(editorial.check_figures(path, project))
    assert "embeds no figure" in message


def test_unknown_figure_names_its_line_and_the_nearest_module(project):
    path = _write(project, essay(figures=("toy_curv",)))
    (message,) = _messages(editorial.check_figures(path, project))
    line = _line_of(path, "[[figure: toy_curv]]")
    assert message.startswith(
        f"{ESSAY}:{line}: unknown figure 'toy_curv': there is no simulations/toy_curv.py — "
        "did you mean toy_curve?"
    )
    assert "_style" not in message  # infrastructure modules are not figures


@pytest.mark.parametrize(
    ("alt", "problem"),
    [
        ("", "has no alt text"),
        ("toy_curve.svg", "has alt text that does not describe it ('toy_curve.svg')"),
        ("toy_curve", "has alt text that does not describe it ('toy_curve')"),
    ],
)
def test_figure_alt_text_must_describe_the_figure(project, alt, problem):
    (project / "simulations" / "toy_curve.py").write_text(FIGURE.format(alt=alt))
    path = project / ESSAY
    (message,) = _messages(editorial.check_figures(path, project))
    line = _line_of(path, "[[figure: toy_curve]]")
    assert message == (
        f"{ESSAY}:{line}: figure 'toy_curve' {problem} — set META.alt in "
        "simulations/toy_curve.py to a sentence describing what the figure shows (the trend, "
        "the scale, where curves cross), not a file name"
    )


def test_figure_metadata_with_a_scaffold_prompt(project):
    source = FIGURE.format(alt=GOOD_ALT).replace(
        'essay="essays/good.md"', 'essay="WRITE: essays/<slug>.md"'
    )
    (project / "simulations" / "toy_curve.py").write_text(source)
    (message,) = _messages(editorial.check_figures(project / ESSAY, project))
    assert "META.essay in simulations/toy_curve.py still holds the scaffold's 'WRITE:'" in message


def test_figure_module_with_the_scaffold_docstring(project):
    source = FIGURE.format(alt=GOOD_ALT).replace(
        '"""A toy figure for the editorial tests."""',
        '"""A question.\n\nWRITE: this module was made by make simulation.\n"""',
    )
    (project / "simulations" / "toy_curve.py").write_text(source)
    (message,) = _messages(editorial.check_figures(project / ESSAY, project))
    assert message.startswith(
        f"{ESSAY}:{_line_of(project / ESSAY, '[[figure: toy_curve]]')}: figure 'toy_curve': "
        "the docstring of simulations/toy_curve.py still holds the scaffold's 'WRITE:' paragraph"
    )


def test_figure_module_that_cannot_be_imported(project):
    (project / "simulations" / "toy_curve.py").write_text("import no_such_module_here\n")
    (message,) = _messages(editorial.check_figures(project / ESSAY, project))
    assert "figure 'toy_curve': simulations/toy_curve.py cannot be imported" in message
    assert "ModuleNotFoundError" in message
    assert "python -m simulations toy_curve --force" in message


# -- citations --------------------------------------------------------------------------


def test_too_few_distinct_citations_lists_them(project):
    path = _write(project, essay(cites=("alpha2020", "bravo2021", "alpha2020")))
    (message,) = _messages(editorial.check_citations(path, project))
    assert message.startswith(
        f"{ESSAY}:10: the essay cites 2 distinct works (alpha2020, bravo2021); "
        "essays cite at least 5 — "
    )
    assert "[@shumailov2024nature]" in message and "bibliography/references.bib" in message


def test_citations_in_code_do_not_count(project):
    path = _write(project, essay(cites=KEYS[:4], extra="`[@echo2024]`"))
    (message,) = _messages(editorial.check_citations(path, project))
    assert "cites 4 distinct works" in message


def test_unknown_citation_key_suggests_the_nearest(project):
    bib = editorial.load_bibliography(project)
    path = _write(project, essay(cites=(*KEYS, "alpha2002")))
    (message,) = _messages(editorial.check_citations(path, project, bib))
    line = _line_of(path, "[@alpha2002]")
    assert message.startswith(f"{ESSAY}:{line}: unknown citation key @alpha2002 — ")
    assert "did you mean @alpha2020," in message


# -- placeholders -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("We still need a source here. TODO", "placeholder text 'TODO' is left in"),
        ("The share in 2025 is TBD.", "placeholder text 'TBD' is left in"),
        ("FIXME: check this number.", "placeholder text 'FIXME' is left in"),
        ("The value is XXX per year.", "placeholder text 'XXX' is left in"),
        ("Lorem ipsum dolor sit amet.", "placeholder text 'lorem ipsum' is left in"),
        ("A placeholder sentence.", "placeholder text 'placeholder' is left in"),
        ("WRITE: the next section.", "the scaffold's 'WRITE:' prompt is still here"),
    ],
)
def test_placeholder_text_names_its_line(project, text, problem):
    path = _write(project, essay(extra=text))
    (message,) = _messages(editorial.check_placeholders(path, project))
    assert message.startswith(f"{ESSAY}:{_line_of(path, text)}: {problem} — ")


def test_scaffold_description_placeholder_is_refused(project):
    path = _write(project, essay(description=f'"{DESCRIPTION_PLACEHOLDER}"'))
    assert editorial.check_front_matter(path, project) == []  # valid front matter ...
    (message,) = _messages(editorial.check_placeholders(path, project))
    assert message.startswith(  # ... but not a finished essay
        f"{ESSAY}:3: the description is still the scaffold's placeholder — replace it with "
        "one sentence of at most 160 characters"
    )


def test_scaffold_tags_placeholder_is_refused(project):
    text = essay().replace("tags: [provenance]", f'tags: ["{TAGS_PLACEHOLDER}"]')
    path = _write(project, text)
    (message,) = _messages(editorial.check_placeholders(path, project))
    assert message.startswith(
        f"{ESSAY}:7: the tags are still the scaffold's placeholder — list two or three topic words"
    )


def test_problems_of_one_essay_come_in_line_order(project):
    path = _write(project, essay(words=900, cites=KEYS[:2], extra="TBD"))
    lines = [p.line for p in editorial.check_essay(path, project)]
    assert len(lines) == 3 and lines == sorted(lines)


def test_placeholder_words_inside_code_blocks_are_allowed(project):
    path = _write(project, essay(extra="```python\n# TODO: an example of a code comment\n```"))
    assert editorial.check_placeholders(path, project) == []


def test_ordinary_words_are_not_placeholders(project):
    path = _write(project, essay(extra="A todo list, a tbd column and xxx-large sizes."))
    assert editorial.check_placeholders(path, project) == []


# -- the bibliography -------------------------------------------------------------------


def test_unused_reference_names_its_line_in_the_bib(project):
    bib_path = project / "bibliography" / "references.bib"
    bib_path.write_text(
        bib_path.read_text()
        + "\n@misc{foxtrot2025,\n  title = {An uncited report},\n  year = {2025}\n}\n"
    )
    (message,) = _messages(editorial.check_bibliography(project))
    line = _line_of(bib_path, "@misc{foxtrot2025")
    assert message == (
        f"bibliography/references.bib:{line}: record 'foxtrot2025' is not cited on any page — "
        "cite it where it supports a claim, or remove it from the file"
    )


def test_a_citation_on_any_docs_page_counts_as_use(project):
    _write(project, essay(cites=KEYS[:4]))
    assert "echo2024" in str(editorial.check_bibliography(project))
    (project / "docs" / "about.md").write_text("# About\n\nSee [@echo2024].\n")
    assert editorial.check_bibliography(project) == []


def test_broken_bib_file_is_reported_with_its_line(project):
    bib_path = project / "bibliography" / "references.bib"
    bib_path.write_text(bib_path.read_text() + "\n@article{golf2025,\n  title = {No author}\n}\n")
    messages = _messages(editorial.check_bibliography(project))
    line = _line_of(bib_path, "@article{golf2025")
    assert any(
        m.startswith(f"bibliography/references.bib:{line}: record 'golf2025' (@article) has no")
        for m in messages
    ), messages


# -- the command line -------------------------------------------------------------------


def test_command_line_prints_every_problem_and_fails(project, capsys):
    _write(project, essay(words=900, extra="TODO"))
    assert editorial.main(["--root", str(project)]) == 1
    out, err = capsys.readouterr()
    assert f"{ESSAY}:10: the essay has" in out
    assert "placeholder text 'TODO'" in out
    assert "2 editorial problems in 1 essay and bibliography/references.bib" in err


def test_command_line_passes_a_good_project(project, capsys):
    assert editorial.main(["--root", str(project)]) == 0
    assert "editorial checks passed: 1 essay and bibliography/references.bib" in (
        capsys.readouterr().out
    )


def test_command_line_checks_only_the_essays_named(project, capsys):
    _write(project, essay(words=900), name="other.md")
    assert editorial.main(["--root", str(project), str(project / ESSAY)]) == 0
    assert editorial.main(["--root", str(project), str(project / "docs/essays/other.md")]) == 1


def test_command_line_bibliography_mode(project, capsys):
    _write(project, essay(words=900))  # essays are not checked in this mode
    assert editorial.main(["--root", str(project), "--bibliography"]) == 0
    assert "editorial checks passed: bibliography/references.bib" in capsys.readouterr().out
