"""Find the project's own modules a figure module depends on, without importing it.

The cache key must change when any local code that shapes a figure changes, and must
not be declared by hand (declarations go stale). So we read the module's imports from
its syntax tree and follow them, transitively, to every file inside the project.
Importing a submodule also runs its packages' ``__init__.py``; those count too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path

#: The project root (this file is ``simulations/engine/dependencies.py``).
ROOT = Path(__file__).resolve().parents[2]


class SourceFileError(ValueError):
    """A project source file cannot be read as Python: ``path:line: problem — fix``."""

    def __init__(self, path: str, line: int, problem: str, fix: str) -> None:
        self.path, self.line, self.problem, self.fix = path, line, problem, fix
        super().__init__(f"{path}:{line}: {problem} — {fix}")


def _shown(path: Path, root: Path) -> str:
    path = path.resolve()
    return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root) else str(path)


def read_source(path: Path, root: Path = ROOT) -> str:
    """The text of a project source file, with universal newlines.

    Raises:
        SourceFileError: the file is not UTF-8 (naming the line of the first bad byte).
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceFileError(
            _shown(path, root),
            line,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column})",
            "save it as UTF-8 (in most editors: Save with Encoding → UTF-8)",
        ) from None
    # Universal newlines: a checkout with CRLF line ends reads (and hashes) like one with LF.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _module_file(dotted: str, root: Path) -> Path | None:
    """The project file for a dotted module name, or None if it is not ours."""
    base = root.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_inits(dotted: str, root: Path) -> list[Path]:
    """``__init__.py`` of every package on the way to a module (they run on import)."""
    parts = dotted.split(".")
    inits = []
    for i in range(1, len(parts)):
        init = root.joinpath(*parts[:i], "__init__.py")
        if init.is_file():
            inits.append(init)
    return inits


def _dotted_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(path: Path, root: Path) -> set[str]:
    """Every dotted name a file imports, with relative imports resolved."""
    try:
        tree = ast.parse(read_source(path, root), filename=str(path))
    except SyntaxError as exc:
        raise SourceFileError(
            _shown(path, root),
            exc.lineno or 1,
            f"Python syntax error: {exc.msg}",
            "correct the line (python -m py_compile shows the same error)",
        ) from None
    own = _dotted_name(path, root)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                base = node.module or ""
            names.add(base)
            # `from pkg import mod` may name a submodule rather than an attribute.
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return {n for n in names if n}


@cache
def _direct_deps(path: Path, root: Path) -> frozenset[Path]:
    deps: set[Path] = set()
    for name in _imported_names(path, root):
        found = _module_file(name, root)
        if found is not None:
            deps.add(found)
            deps.update(_package_inits(name, root))
    deps.discard(path)
    return frozenset(deps)


def local_dependencies(path: Path, root: Path = ROOT) -> list[Path]:
    """All project files ``path`` depends on through imports, transitively, sorted.

    Args:
        path: a Python source file inside ``root``.
        root: the project root; only files below it count as local.

    Returns:
        The dependency files (not including ``path`` itself), sorted by their path.
    """
    path, root = path.resolve(), root.resolve()
    seen: set[Path] = set()
    todo = [path, *_package_inits(_dotted_name(path, root), root)]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(_direct_deps(current, root))
    seen.discard(path)
    return sorted(seen)


def files_of_imports(names: Iterable[str], root: Path = ROOT) -> list[Path]:
    """The project files that importing ``names`` (dotted module names) runs, transitively.

    For code that is not a project file (a notebook cell, say): each name that is one of
    ours brings its file, the ``__init__.py`` of its packages and everything they import.

    Args:
        names: dotted names as written in ``import`` statements; foreign ones are ignored.
        root: the project root.

    Returns:
        The files, sorted by path.
    """
    files: set[Path] = set()
    for name in names:
        found = _module_file(name, root)
        if found is not None:
            files.add(found)
            files.update(_package_inits(name, root))
            files.update(local_dependencies(found, root))
    return sorted(files)


def clear_cache() -> None:
    """Forget parsed imports (for long-lived processes such as `mkdocs serve`)."""
    _direct_deps.cache_clear()
