"""Editions built twice from one built site: once in this process, once in another.

The site is ``site/`` (or ``$KB_SITE_DIR``), as ``make site`` left it; a missing site is
a failure that says to run ``make site``. It is copied twice into a temporary folder
(without any editions an earlier run added), and the editions are built in each copy:
run A here, run B in a separate process with another hash seed, at the same time. Every
edition test reads run A; the determinism tests compare A with B.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from provenance import source_commit
from publishing.editions import Project, Result, build_editions, load_project
from simulations.engine import source_date_epoch

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("KB_SITE_DIR", ROOT / "site")).resolve()
_TIMES: list[str] = []


@dataclass(frozen=True)
class Editions:
    """Two editions runs over copies of the same built site."""

    a: Path
    b: Path
    result: Result
    project: Project
    epoch: int


def _copy_site(dest: Path) -> Path:
    def ignore(folder, names):
        top = Path(folder).resolve() == SITE_DIR
        return [n for n in names if top and n in ("editions", "feed.xml")]

    shutil.copytree(SITE_DIR, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> Editions:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(
            f"no built site at {SITE_DIR}: run `make site` first (or set KB_SITE_DIR)",
            pytrace=False,
        )
    base = tmp_path_factory.mktemp("editions")
    a, b = _copy_site(base / "a"), _copy_site(base / "b")
    epoch = source_date_epoch(ROOT)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(epoch),
        "PYTHONHASHSEED": "12345",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    started = time.perf_counter()
    other = subprocess.Popen(
        [sys.executable, "-m", "publishing.editions", "--site", str(b), "--root", str(ROOT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        result = build_editions(
            a, ROOT, epoch=epoch, commit=source_commit(ROOT), report=lambda line: None
        )
    finally:
        output, _ = other.communicate()
    if other.returncode != 0:
        pytest.fail(f"the second editions run failed:\n{output}", pytrace=False)
    _TIMES.append(
        f"two editions runs (in parallel): {time.perf_counter() - started:.1f} s; run A: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
    )
    return Editions(a, b, result, load_project(ROOT), epoch)


def pytest_terminal_summary(terminalreporter):
    if _TIMES:
        terminalreporter.section("editions", sep="-")
        for line in _TIMES:
            terminalreporter.write_line(line)
