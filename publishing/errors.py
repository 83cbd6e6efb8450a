"""Errors a contributor can hit, each naming the file and line and saying how to fix it.

Both are :class:`bibliography.errors.ProblemsError` (the project's one error family) and
carry :class:`~bibliography.errors.Problem` values, so a caller can catch
``ProblemsError`` and read ``.problems`` whatever raised it.
"""

from __future__ import annotations

from collections.abc import Iterable

from bibliography.errors import Problem, ProblemsError

__all__ = ["Problem", "ProblemsError", "SourceError", "SourceErrors"]


class SourceError(ProblemsError):
    """One problem in a source file: ``path:line: what is wrong — how to fix it``."""

    def __init__(
        self, path: str, line: int, problem: str, fix: str = "", column: int | None = None
    ) -> None:
        self.path, self.line, self.problem, self.fix = path, line, problem, fix
        super().__init__([Problem(path, line, problem, fix, column)])

    def __str__(self) -> str:
        return str(self.problems[0])


class SourceErrors(ProblemsError):
    """Several problems reported together, so one build shows every one of them."""

    def __init__(self, errors: Iterable[SourceError | Problem]) -> None:
        self.errors = [
            e
            if isinstance(e, SourceError)
            else SourceError(e.path, e.line or 1, e.message, e.fix, e.column)
            for e in errors
        ]
        super().__init__(p for e in self.errors for p in e.problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
