"""Citations in notebook Markdown cells: expanded, listed, and errors at the .ipynb line."""

from __future__ import annotations

import json

import pytest

from bibliography import Bibliography, CitationError
from publishing.notebook_cites import cite_notebook, cited_keys, notebook_title, source_lines
from tests.publishing.sites import BIB


def _cell(kind: str, text: str) -> dict:
    cell = {
        "cell_type": kind,
        "id": f"c{abs(hash(text)) % 1000}",
        "metadata": {},
        "source": text.splitlines(keepends=True),
    }
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _notebook(*cells: dict) -> tuple[dict, str]:
    nb = {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    # nbformat's own layout: one-space indent, sorted keys, one source line per element.
    return nb, json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def bib():
    return Bibliography.from_string(BIB, path="bibliography/references.bib")


def test_markdown_cells_are_expanded_and_references_appended(bib):
    nb, text = _notebook(
        _cell("markdown", "# A lab notebook\n\nBags [@kunze2018bagit]: a manifest."),
        _cell("code", "x = '[@kunze2018bagit]'"),
    )
    out = cite_notebook(nb, bib=bib, shown="docs/notebooks/n.ipynb", source_text=text)
    first = "".join(out.notebook["cells"][0]["source"])
    assert "[@" not in first and "ref-kunze2018bagit" in first
    assert out.notebook["cells"][1]["source"] == ["x = '[@kunze2018bagit]'"]  # code untouched
    last = out.notebook["cells"][-1]
    references = "".join(last["source"])
    assert last["cell_type"] == "markdown" and "References" in references
    assert "../../bibliography/" in references
    assert out.keys == ("kunze2018bagit",)
    assert nb["cells"][0]["source"][2] == "Bags [@kunze2018bagit]: a manifest."  # input kept


def test_unknown_key_names_the_line_of_the_ipynb_file_and_the_cell(bib):
    nb, text = _notebook(
        _cell("markdown", "# Title"),
        _cell("code", "print(1)"),
        _cell("markdown", "First line.\n\nA claim [@nosuch2099]."),
    )
    line = next(i for i, t in enumerate(text.split("\n"), start=1) if "[@nosuch2099]" in t)
    with pytest.raises(CitationError) as err:
        cite_notebook(nb, bib=bib, shown="docs/notebooks/n.ipynb", source_text=text)
    message = str(err.value)
    assert (
        f"docs/notebooks/n.ipynb:{line}: unknown citation key @nosuch2099 (Markdown cell 3)"
        in message
    )


def test_source_lines_follow_nbformat_layout():
    _nb, text = _notebook(_cell("markdown", "a\nb"), _cell("code", "c"))
    lines = text.split("\n")
    (first, per1), (second, per2) = source_lines(text)
    assert per1 and per2
    assert lines[first].strip() == '"a\\n",' and lines[first + 1].strip() == '"b"'
    assert lines[second].strip() == '"c"'


def test_keys_and_title_for_the_site_context():
    nb, _ = _notebook(
        _cell("markdown", "# Lab: tails\n\n[@b; @a] then @a"), _cell("markdown", "# Second")
    )
    assert cited_keys(nb) == ["b", "a"]
    assert notebook_title(nb, "fallback") == "Lab: tails"
    assert notebook_title({"cells": []}, "fallback") == "fallback"


def test_a_notebook_citing_nothing_is_returned_unchanged(bib):
    nb, text = _notebook(_cell("markdown", "# Title\n\nNo citations, an e-mail a@b.org."))
    out = cite_notebook(nb, bib=bib, shown="docs/notebooks/n.ipynb", source_text=text)
    assert out.notebook == nb and out.keys == ()
