"""Shared fixtures: a throwaway project with toy figures, driven through the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "pipeline" / "fixtures"


@dataclass
class ToyProject:
    """A copy of the figure runner with toy figure modules, in a temporary folder."""

    root: Path

    @property
    def cache(self) -> Path:
        return self.root / ".cache" / "figures"

    def module(self, name: str) -> Path:
        return self.root / "simulations" / f"{name}.py"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONDONTWRITEBYTECODE": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "simulations", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"runner failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def ran(self, proc: subprocess.CompletedProcess) -> set[str]:
        return {
            line.split()[1] for line in proc.stdout.splitlines() if line.strip().startswith("ran ")
        }


def make_toy_project(where: Path) -> ToyProject:
    sim = where / "simulations"
    sim.mkdir(parents=True)
    for src in (ROOT / "simulations").glob("_*.py"):
        shutil.copy(src, sim / src.name)
    shutil.copytree(
        ROOT / "simulations" / "engine",
        sim / "engine",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for src in FIXTURES.glob("*.py"):
        shutil.copy(src, sim / src.name)
    return ToyProject(where)


@pytest.fixture
def toy_project(tmp_path: Path) -> ToyProject:
    return make_toy_project(tmp_path / "project")
