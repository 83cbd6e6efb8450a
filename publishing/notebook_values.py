"""``[[value: module.name | fmt]]`` in notebooks' Markdown cells, bound once for both generators.

Notebook pages are not rendered by the page steps (mkdocs-jupyter converts them under
MkDocs, ``publishing.notebook_pages`` under Zensical), so the site step that prepares
the processed copy of each notebook (``prepare_notebooks``) binds their values here,
before either generator reads it: one place, the same marker as in essays.
"""

from __future__ import annotations

from publishing.errors import SourceError, SourceErrors
from publishing.notebook_cites import source_lines
from publishing.values import bind_values, value_refs_in

__all__ = ["bind_notebook_values", "notebook_value_refs"]


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def notebook_value_refs(notebook: dict) -> list[str]:
    """Qualified value names the Markdown cells quote, in order, once each."""
    refs: dict[str, None] = {}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            refs.update(dict.fromkeys(ref for ref, _ in value_refs_in(_text(cell))))
    return list(refs)


def bind_notebook_values(
    notebook: dict, values: dict[str, dict], *, shown: str, source_text: str, base: str
) -> dict:
    """A copy of ``notebook`` with every value token of its Markdown cells bound.

    Args:
        notebook: The (executed) notebook; its cells are those of ``source_text``.
        values: ``publishing.values.value_table`` of the build.
        shown: The notebook's path in messages (``docs/notebooks/x.ipynb``).
        source_text: The stored .ipynb text, so that messages name its lines.
        base: Relative URL from the notebook's page to the site root.

    Raises:
        SourceErrors: every unknown name or bad format, at the .ipynb file's line,
            with the Markdown cell's number.
    """
    where = source_lines(source_text)
    cells, errors = [], []
    for index, cell in enumerate(notebook.get("cells", [])):
        text = _text(cell)
        if cell.get("cell_type") != "markdown" or "[[value:" not in text:
            cells.append(cell)
            continue
        try:
            bound = bind_values(text, values, page=shown, line_offset=0, stash=str, base=base)
        except SourceErrors as exc:
            start, per_element = where[index] if index < len(where) else (1, False)
            errors += [
                SourceError(
                    e.path,
                    start + e.line if per_element else start,
                    f"{e.problem} (Markdown cell {index + 1})",
                    e.fix,
                )
                for e in exc.errors
            ]
            cells.append(cell)
            continue
        cells.append({**cell, "source": bound.splitlines(keepends=True)})
    if errors:
        raise SourceErrors(errors)
    return {**notebook, "cells": cells}
