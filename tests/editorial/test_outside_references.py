"""The editorial check refuses references to files outside the repository.

Pages and module docstrings must not point at a file a reader of the project cannot open:
an absolute path on someone's machine, a relative path that climbs out of the repository,
or the bare name of a source file that the repository does not hold.
"""

from __future__ import annotations

from pathlib import Path

from tools import editorial


def _messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_the_real_project_refers_to_no_outside_file():
    problems = editorial.check_outside_references(editorial.ROOT)
    assert problems == [], "\n" + "\n".join(_messages(problems))


def test_a_missing_file_name_in_a_module_docstring_is_refused(project: Path):
    module = project / "simulations" / "toy_curve.py"
    text = module.read_text()
    module.write_text(
        '"""A toy figure.\n\nClosed forms: notes.md C1 (derived elsewhere).\n"""\n'
        + text.split('"""', 2)[2]
    )
    (message,) = _messages(editorial.check_outside_references(project))
    assert message.startswith(
        "simulations/toy_curve.py:3: 'notes.md' names a file that is not in the repository"
    )
    assert "docs/derivations/<page>.md#<anchor>" in message


def test_a_path_leaving_the_repository_is_refused(project: Path):
    page = project / "docs" / "about.md"
    page.write_text("# About\n\nThe numbers come from ../../../elsewhere/notes/table.md here.\n")
    (message,) = _messages(editorial.check_outside_references(project))
    assert message.startswith(
        "docs/about.md:3: '../../../elsewhere/notes/table.md' points outside the repository"
    )


def test_an_absolute_path_is_refused(project: Path):
    page = project / "docs" / "about.md"
    page.write_text("# About\n\nSee /home/ada/work/draft.txt for the table.\n")
    (message,) = _messages(editorial.check_outside_references(project))
    assert message.startswith("docs/about.md:3: '/home/ada/work/draft.txt' is an absolute path")
    assert "path from the project root" in message


def test_inside_references_web_addresses_and_code_are_accepted(project: Path):
    page = project / "docs" / "about.md"
    page.write_text(
        "# About\n\n"
        "See [the essay](essays/good.md), [the glossary](../docs/about.md) and "
        "https://example.org/home/notes.md for more.\n\n"
        "An essay links with `[term](../glossary.md#term)`.\n\n"
        "```sh\ncat /home/ada/missing.md ../../../x.md\n```\n"
    )
    assert editorial.check_outside_references(project) == []


def test_check_all_reports_outside_references(project: Path):
    (project / "docs" / "about.md").write_text("# About\n\nFrom desk-notes.md.\n")
    messages = _messages(editorial.check_all(project))
    assert any(m.startswith("docs/about.md:3: 'desk-notes.md' names a file") for m in messages)
