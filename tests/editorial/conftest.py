"""Fixtures: a fresh copy of the synthetic project (see synthetic.py) for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import editorial

from .synthetic import make_project


@pytest.fixture(scope="session")
def _template_project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("editorial") / "project")
    editorial.load_bibliography(root)  # warm the rendered-references cache once
    return root


@pytest.fixture
def project(_template_project: Path, tmp_path: Path) -> Path:
    """A fresh copy of the synthetic project, safe to edit."""
    return Path(shutil.copytree(_template_project, tmp_path / "project"))
