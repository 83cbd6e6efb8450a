"""The project's one problem type, and the one error family that carries problems.

Every check in the project (the .bib validator, citations, front matter, figures, the
editorial rules, the build's page checks) reports :class:`Problem` values: a path, a line
(and column where known), what is wrong and how to fix it, printed as
``path:line[:column]: message — fix``. An error raised for bad input is a
:class:`ProblemsError` carrying every problem found, not only the first; the subclasses
here and in :mod:`publishing.errors` only say which kind of input it was. It lives in
this package because it is the lowest layer: ``publishing`` and ``tools`` build on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["BibliographyError", "CitationError", "Problem", "ProblemsError"]


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, reported as ``path:line: message — fix``.

    Attributes:
        path: The file the problem is in, as the contributor knows it.
        line: 1-based line number (None when no line applies).
        message: What is wrong.
        fix: How to fix it.
        column: 1-based column, where it is known.
    """

    path: str
    line: int | None
    message: str
    fix: str
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return f"{where}: {self.message}" + (f" — {self.fix}" if self.fix else "")


class ProblemsError(ValueError):
    """Bad input: carries every problem found (``.problems``), each with file:line and fix."""

    what = "problem"

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        noun = self.what if count == 1 else f"{self.what}s"
        lines = [f"{count} {noun}:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


class BibliographyError(ProblemsError):
    """The .bib file has problems: every one of them is listed in the message."""

    what = "bibliography problem"


class CitationError(ProblemsError):
    """A page cites something that cannot be resolved (unknown key, malformed citation)."""

    what = "citation problem"
