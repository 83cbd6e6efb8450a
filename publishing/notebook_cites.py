"""Citations in notebook Markdown cells, processed like an essay's, as a plain function.

A notebook is rendered outside Python-Markdown (mkdocs-jupyter under MkDocs, nbconvert
under Zensical), so the page steps never see it. The site step that prepares the
executed copy calls ``cite_notebook`` on it instead: each Markdown cell's ``[@key]``
becomes the same inline HTML as on an essay, a References section is appended as a last
Markdown cell, and an unknown key fails naming the line of the ``.ipynb`` file (and the
cell) where the author wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibliography import Bibliography, CitationError, CiteIds, Problem, scan_keys

__all__ = ["CitedNotebook", "cite_notebook", "cited_keys", "notebook_title", "source_lines"]

_SOURCE_KEY = re.compile(r'^(\s*)"source":\s*(\[)?')
_CELL_START = re.compile(r'^\s*"cell_type":')
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class CitedNotebook:
    """A notebook after citation processing.

    Attributes:
        notebook: The notebook (nbformat 4 as a dict), Markdown cells expanded.
        keys: Keys cited, in order of first citation, without repeats.
    """

    notebook: dict
    keys: tuple[str, ...]


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def source_lines(ipynb_text: str) -> list[tuple[int, bool]]:
    """Where each cell's source starts in the .ipynb file, as nbformat writes it.

    Returns:
        Per cell, ``(line of its "source" key, one_line_per_element)``. With a list
        source (nbformat's form), element ``j`` (0-based) is on file line
        ``line + 1 + j``; with a single string, all of it is on ``line``.
    """
    found: list[tuple[int, bool]] = []
    in_cell = False
    for number, line in enumerate(ipynb_text.split("\n"), start=1):
        if _CELL_START.match(line):
            in_cell = True
        match = _SOURCE_KEY.match(line)
        if match and in_cell:
            found.append((number, bool(match.group(2)) and line.rstrip().endswith("[")))
            in_cell = False
    return found


def _file_line(where: tuple[int, bool] | None, line_in_cell: int) -> int:
    if where is None:
        return 1
    start, per_element = where
    return start + line_in_cell if per_element else start


def cited_keys(notebook: dict) -> list[str]:
    """Keys the notebook's Markdown cells cite, in order, without repeats."""
    keys = [
        key
        for cell in notebook.get("cells", [])
        if cell.get("cell_type") == "markdown"
        for key, _line in scan_keys(_text(cell))
    ]
    return list(dict.fromkeys(keys))


def notebook_title(notebook: dict, fallback: str) -> str:
    """The first level-1 heading of the notebook's Markdown cells (the page title)."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown" and (m := _H1.search(_text(cell))):
            return m.group(1)
    return fallback


def cite_notebook(
    notebook: dict,
    *,
    bib: Bibliography,
    shown: str,
    source_text: str,
    bibliography_url: str = "../../bibliography/",
) -> CitedNotebook:
    """Expand the citations of every Markdown cell and append a References cell.

    Args:
        notebook: The notebook to process (not changed; a processed copy is returned).
            Its cells must be those of ``source_text``, in the same order (an executed
            copy of it is).
        bib: The bibliography.
        shown: The notebook's path in messages, e.g. ``docs/notebooks/x.ipynb``.
        source_text: The stored .ipynb file's text, to name its lines in messages.
        bibliography_url: The bibliography page, relative to the notebook's page.

    Raises:
        CitationError: every unknown key and malformed citation, as
            ``docs/notebooks/x.ipynb:LINE`` (the line of the .ipynb file) and the cell.
    """
    where = source_lines(source_text)
    cells = []
    keys: dict[str, None] = {}
    ids = CiteIds()  # one set of ids for the whole page, across its cells
    problems: list[Problem] = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "markdown" or "@" not in _text(cell):
            cells.append(cell)
            continue
        try:
            expanded = bib.expand(_text(cell), page=shown, ids=ids)
        except CitationError as exc:
            at = where[index] if index < len(where) else None
            problems += [
                Problem(
                    p.path,
                    _file_line(at, p.line or 1),
                    f"{p.message} (Markdown cell {index + 1})",
                    p.fix,
                )
                for p in exc.problems
            ]
            cells.append(cell)
            continue
        keys.update(dict.fromkeys(expanded.keys))
        if expanded.markdown == _text(cell):
            cells.append(cell)  # an e-mail address or an escaped @: nothing to change
        else:
            # One element per line, as nbformat stores sources.
            cells.append({**cell, "source": expanded.markdown.splitlines(keepends=True)})
    if problems:
        raise CitationError(problems)
    section = bib.references_section(keys, bibliography_url, uses=ids.uses) if keys else ""
    if section:
        cells.append(
            {
                "cell_type": "markdown",
                "id": "references",
                "metadata": {},
                "source": section.splitlines(keepends=True),
            }
        )
    return CitedNotebook({**notebook, "cells": cells}, tuple(keys))
