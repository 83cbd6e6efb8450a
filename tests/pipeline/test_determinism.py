"""The determinism check: same seed, same bytes, for the toy fault and every real figure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from simulations.engine.dependencies import ROOT
from tests.pipeline.faults import add_fault, index

pytestmark = pytest.mark.site


def test_unseeded_randomness_fails_the_check_naming_module_and_output(toy_project):
    add_fault(toy_project, "noisy")
    proc = toy_project.run("--check", check=False)
    assert proc.returncode == 1
    assert "simulation 'noisy' (simulations/noisy.py) is not deterministic" in proc.stderr
    assert "gave different svg (" in proc.stderr and "csv (" in proc.stderr
    assert "rng passed to simulate()" in proc.stderr
    assert "noisy" not in index(toy_project)  # nothing recorded
    assert {"toy_line", "toy_band"} <= set(index(toy_project))


def test_check_against_a_current_cache_reruns_once_and_keeps_it(toy_project):
    toy_project.run()
    before = {p.name: p.read_bytes() for p in toy_project.cache.iterdir()}
    proc = toy_project.run("--check")
    assert "checked toy_line  (same bytes as the verified cache)" in proc.stdout
    assert "2 checked" in proc.stdout
    assert {p.name: p.read_bytes() for p in toy_project.cache.iterdir()} == before


def test_every_real_simulation_is_deterministic(tmp_path):
    """One fresh run per figure against the project's verified cache (two runs without one)."""
    for package in ("simulations", "provenance"):  # merkle_proofs imports provenance
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    if (ROOT / ".cache" / "figures").is_dir():
        shutil.copytree(ROOT / ".cache" / "figures", tmp_path / ".cache" / "figures")
    proc = subprocess.run(
        [sys.executable, "-m", "simulations", "--check"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert ", 0 failed" in proc.stdout
