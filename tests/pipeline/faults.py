"""Helpers for the fault tests: add a fault fixture to a toy project, inspect processes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, ToyProject

FAULTS = FIXTURES / "faults"


def add_fault(project: ToyProject, name: str) -> Path:
    """Copy the fault fixture ``name`` into the toy project's simulations/."""
    target = project.module(name)
    shutil.copy(FAULTS / f"{name}.py", target)
    return target


def index(project: ToyProject) -> dict:
    return json.loads((project.cache / "index.json").read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def process_gone(pid: int) -> bool:
    """True if ``pid`` no longer runs (absent, or a zombie waiting to be reaped)."""
    status = Path(f"/proc/{pid}/status")
    try:
        text = status.read_text(encoding="ascii")
    except OSError:
        return True
    return "\nState:\tZ" in text
