"""One problem type and one error family for the whole project."""

from __future__ import annotations

import pytest

from bibliography import BibliographyError, CitationError, Problem, ProblemsError
from publishing.errors import SourceError, SourceErrors


def test_problem_prints_path_line_column_message_and_fix():
    assert str(Problem("a.md", 3, "bad", "fix it")) == "a.md:3: bad — fix it"
    assert str(Problem("a.md", 3, "bad", "fix it", column=7)) == "a.md:3:7: bad — fix it"
    assert str(Problem("a.bib", None, "bad", "fix it")) == "a.bib: bad — fix it"
    assert str(Problem("a.md", 1, "bad", "")) == "a.md:1: bad"


@pytest.mark.parametrize(
    "error",
    [
        SourceError("docs/x.md", 4, "unknown figure 'f'", "check the name", column=3),
        SourceErrors([SourceError("docs/x.md", 4, "unknown figure 'f'", "check", column=3)]),
        CitationError([Problem("docs/x.md", 4, "unknown figure 'f'", "check", column=3)]),
        BibliographyError([Problem("docs/x.md", 4, "unknown figure 'f'", "check", column=3)]),
    ],
)
def test_every_error_is_one_family_carrying_problems(error):
    assert isinstance(error, ProblemsError)
    (problem,) = error.problems
    assert (problem.path, problem.line, problem.column) == ("docs/x.md", 4, 3)
    assert problem.message == "unknown figure 'f'"
    assert "docs/x.md:4:3: unknown figure 'f'" in str(error)


def test_source_errors_accept_problems_and_keep_the_old_attributes():
    errors = SourceErrors([Problem("a.md", 2, "one", "fix one"), SourceError("b.md", 5, "two")])
    assert [(e.path, e.line, e.problem) for e in errors.errors] == [
        ("a.md", 2, "one"),
        ("b.md", 5, "two"),
    ]
    assert str(errors) == "a.md:2: one — fix one\nb.md:5: two"
