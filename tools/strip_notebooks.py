"""Store lab notebooks clean: no outputs, no execution counts, no editor metadata.

The site executes every notebook itself (``publishing/notebooks.py``), so the copies in
``docs/notebooks/`` hold only what a person wrote. Clean notebooks keep diffs readable,
keep the repository small and make sure a page never shows outputs the current code did
not produce.

Usage (from the repository root)::

    python tools/strip_notebooks.py            # clean docs/notebooks/*.ipynb in place
    python tools/strip_notebooks.py --check    # list notebooks that need cleaning; exit 1 if any
    python tools/strip_notebooks.py a.ipynb    # clean the named notebooks only

The normal form: every code cell has ``outputs == []`` and ``execution_count == null``;
cells keep only their ``tags`` metadata; cell ids are ``cell-0``, ``cell-1``, ...; the
notebook's metadata is exactly the Python 3 kernelspec and ``language_info.name``; the JSON
is what ``nbformat`` writes (one-space indent, a final newline).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "docs" / "notebooks"

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def normalise(text: str) -> str:
    """The clean form of a notebook given as JSON text (idempotent)."""
    import nbformat

    nb = nbformat.reads(text, as_version=4)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        tags = cell.get("metadata", {}).get("tags")
        cell["metadata"] = {"tags": tags} if tags else {}
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        if not cell.get("attachments"):
            cell.pop("attachments", None)
    nb.metadata = nbformat.from_dict(
        {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    )
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: docs/notebooks)")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("*.ipynb"))
    dirty = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        clean = normalise(text)
        if clean == text:
            continue
        dirty.append(path)
        if not args.check:
            path.write_text(clean, encoding="utf-8")
    verb = "needs cleaning" if args.check else "cleaned"
    for path in dirty:
        print(f"{verb}: {_relative(path)}")
    if args.check and dirty:
        print("run: make strip-notebooks  (or: python tools/strip_notebooks.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
