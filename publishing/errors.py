"""Errors a contributor can hit, each naming the file and line and saying how to fix it."""

from __future__ import annotations


class SourceError(ValueError):
    """A problem in a source file: ``path:line: what is wrong — how to fix it``."""

    def __init__(self, path: str, line: int, problem: str, fix: str = "") -> None:
        self.path, self.line, self.problem, self.fix = path, line, problem, fix
        super().__init__(f"{path}:{line}: {problem}" + (f" — {fix}" if fix else ""))


class SourceErrors(ValueError):
    """Several SourceErrors reported together, so one build shows every problem."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
