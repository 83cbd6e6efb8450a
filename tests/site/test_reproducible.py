"""Byte-reproducible builds: two clean clones in different folders give identical sites.

Each clone builds from nothing (no figure, notebook or bibliography cache), with
SOURCE_DATE_EPOCH left unset so that the default (the last commit's time) is exercised.
This is the slowest test in the suite (two cold builds); it tests the committed HEAD.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.site


def _run(args: list[str], cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, (
        f"{' '.join(args)} failed in {cwd}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )


def _tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_clean_clones_build_identical_sites(tmp_path):
    sites = []
    for where in (tmp_path / "a" / "kb", tmp_path / "b" / "elsewhere" / "kb"):
        _run(["git", "clone", "--quiet", str(ROOT), str(where)], cwd=tmp_path)
        _run([sys.executable, "-m", "simulations"], cwd=where)
        _run([sys.executable, "-m", "publishing.build", "--out", "site"], cwd=where)
        sites.append(_tree(where / "site"))
    first, second = sites
    assert first.keys() == second.keys(), (
        f"only in one build: {sorted(first.keys() ^ second.keys())[:20]}"
    )
    differing = sorted(path for path in first if first[path] != second[path])
    assert not differing, f"{len(differing)} files differ between the two builds: {differing[:20]}"
    assert "manifest-sha256.txt" in first and "figures/gaussian_collapse.svg" in first
