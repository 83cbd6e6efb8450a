"""Errors that a contributor can hit, each saying what is wrong, where, and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, reported as ``path:line: message — fix``.

    Attributes:
        path: The file the problem is in, as the contributor knows it.
        line: 1-based line number (None when no line applies).
        message: What is wrong.
        fix: How to fix it.
    """

    path: str
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message} — {self.fix}"


class _ProblemsError(Exception):
    """An error that carries every problem found, not only the first."""

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


class BibliographyError(_ProblemsError):
    """The .bib file has problems: every one of them is listed in the message."""

    what = "bibliography problem"


class CitationError(_ProblemsError):
    """A page cites something that cannot be resolved (unknown key, malformed citation)."""

    what = "citation problem"
