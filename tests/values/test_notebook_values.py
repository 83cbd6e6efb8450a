"""Values in notebooks' Markdown cells: bound in the prepared copy, errors at .ipynb lines."""

from __future__ import annotations

import json

import pytest

from publishing.errors import SourceErrors
from publishing.notebook_values import bind_notebook_values, notebook_value_refs
from publishing.values import value_table
from tests.values.test_bind import REGISTRY

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Title\n", "Intro."]},
        {
            "cell_type": "code",
            "id": "b",
            "metadata": {},
            "source": ["x = '[[value: toy.ratio]]'"],
            "outputs": [],
            "execution_count": None,
        },
        {
            "cell_type": "markdown",
            "id": "c",
            "metadata": {},
            "source": ["The ratio is\n", "[[value: toy.ratio]] here."],
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _bind(notebook):
    text = json.dumps(notebook, indent=1)
    return bind_notebook_values(
        notebook,
        value_table(REGISTRY, ["derivations/toy.md"]),
        shown="docs/notebooks/n.ipynb",
        source_text=text,
        base="../../",
    )


def test_markdown_cells_are_bound_and_code_is_left_alone():
    out = _bind(NOTEBOOK)
    assert notebook_value_refs(NOTEBOOK) == ["toy.ratio"]
    assert out["cells"][1] == NOTEBOOK["cells"][1]
    text = "".join(out["cells"][2]["source"])
    assert text.startswith('The ratio is\n<span class="kb-value"')
    assert ">0.599</span> here." in text and "[[value:" not in text
    assert NOTEBOOK["cells"][2]["source"][1].startswith("[[value:")  # input not changed


def test_unknown_value_names_the_ipynb_line_and_the_cell():
    bad = json.loads(json.dumps(NOTEBOOK))
    bad["cells"][2]["source"][1] = "[[value: toy.ratoi]] here."
    text = json.dumps(bad, indent=1)
    line = next(i for i, x in enumerate(text.split("\n"), 1) if "toy.ratoi" in x)
    with pytest.raises(SourceErrors) as err:
        bind_notebook_values(
            bad, value_table(REGISTRY), shown="docs/notebooks/n.ipynb", source_text=text, base=""
        )
    message = str(err.value)
    assert f"docs/notebooks/n.ipynb:{line}: unknown value 'toy.ratoi' (Markdown cell 3)" in message
    assert "toy.ratio" in message
