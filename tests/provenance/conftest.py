"""Fixtures: a small site (plain and sealed) and a throwaway git checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.manifest import seal_site
from tests.provenance.trees import COMMIT, EPOCH, SMALL_SITE, git, write_tree


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small, unsealed site folder."""
    return write_tree(tmp_path / "site", SMALL_SITE)


@pytest.fixture
def sealed(site: Path) -> Path:
    """The small site, sealed."""
    seal_site(site, commit=COMMIT, source_date_epoch=EPOCH)
    return site


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A throwaway git repository with one commit (and one untracked file)."""
    root = write_tree(
        tmp_path / "repo",
        {
            "README.md": b"# Toy project\n",
            "requirements.lock": b"numpy==2.0.0\n",
            "docs/index.md": b"Hello\n",
            "src/mod.py": b"X = 1\n",
            "odd name (1).txt": b"spaces and brackets\n",
        },
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "toy")
    (root / "untracked.txt").write_text("not in git\n")
    return root
