"""The build's log reads in the order things happen, without dependencies' INFO noise."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from publishing import site_steps

ROOT = Path(__file__).resolve().parents[2]


def test_progress_lines_are_not_held_behind_the_generators_stderr():
    # stdout and stderr into one pipe, as `make site | tee log` does: a block-buffered
    # progress line would come out after the stderr line written after it.
    code = (
        "import sys\n"
        "from publishing.build import _print_now\n"
        "_print_now('site: checked pages')\n"
        "print('WARNING - from the generator', file=sys.stderr)\n"
        "_print_now('site: sealed')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=True,
    )
    assert proc.stdout.splitlines() == [
        "site: checked pages",
        "WARNING - from the generator",
        "site: sealed",
    ]


def test_warnings_come_before_the_seal_and_the_seal_after_the_generator():
    names = [step.__name__ for step in site_steps.AFTER]
    assert names.index("print_warnings") < names.index("seal") < names.index("guard")
    assert "seal" not in [step.__name__ for step in site_steps.BEFORE]  # serve never seals


def test_the_notebook_converter_logger_is_quiet(monkeypatch):
    from mkdocs_jupyter import nbconvert2, plugin

    import publishing.mkdocs_notebook_pages  # noqa: F401  (sets the levels)

    # MkDocs sets its own logger to INFO; the quieted children must not inherit that.
    monkeypatch.setattr(logging.getLogger("mkdocs"), "level", logging.INFO)
    logging.getLogger("mkdocs").manager._clear_cache()

    # nbconvert2's logger is the one that writes "Converting notebook" on a cold build.
    assert not nbconvert2.logger.isEnabledFor(logging.INFO)
    assert not plugin.logger.isEnabledFor(logging.INFO)
    assert nbconvert2.logger.isEnabledFor(logging.WARNING)
